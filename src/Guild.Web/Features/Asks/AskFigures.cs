using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Asks;

/// <summary>Figures of one group of asks (a component, a department, or all).</summary>
/// <param name="Key">The component's or department's id (null: none given / all).</param>
/// <param name="Name">Its name (null: none given / all).</param>
/// <param name="Asked">Asks posted in the period (merged ones left out).</param>
/// <param name="Solved">Of those, confirmed solved.</param>
/// <param name="SolvedSameDay">Solved on the asker's working day they were asked.</param>
/// <param name="SameDayRate">SolvedSameDay / Asked, 0-1 (null without asks).</param>
/// <param name="MedianFirstResponseMinutes">Median working minutes of the asker to the first response (null: none yet).</param>
/// <param name="MedianSolutionMinutes">Median working minutes of the asker to "solved" (null: none yet).</param>
public sealed record AskFigureRow(Guid? Key, string? Name, int Asked, int Solved, int SolvedSameDay, double? SameDayRate,
    double? MedianFirstResponseMinutes, double? MedianSolutionMinutes);

/// <summary>Ask figures of a period.</summary>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive).</param>
/// <param name="Total">All asks together.</param>
/// <param name="SolvedByLibrary">Questions a suggestion solved before they were posted.</param>
/// <param name="PerComponent">Per component (asks without one under a null key).</param>
/// <param name="PerDepartment">Per department of the asker when asking.</param>
public sealed record AskFigures(DateTimeOffset From, DateTimeOffset To, AskFigureRow Total, int SolvedByLibrary,
    IReadOnlyList<AskFigureRow> PerComponent, IReadOnlyList<AskFigureRow> PerDepartment);

/// <summary>
/// Same-day solved rate and medians of time to first response and to solution, in each asker's working time (stored on
/// the ask when it happens, <see cref="Platform.Organisation.WorkingSchedule"/>), per component and department. For L&amp;D admins.
/// </summary>
public sealed class AskFigureReport(IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock)
{
    public const int MaxDays = 366;

    public async Task<Result<AskFigures>> ComputeAsync(int days, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<AskFigures>.Forbidden();
        }
        if (days is < 1 or > MaxDays)
        {
            return Result<AskFigures>.Invalid("days", $"1-{MaxDays}");
        }
        var to = clock.GetUtcNow();
        var from = to.AddDays(-days);
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await read.Set<Ask>().AsNoTracking()
            .Where(a => a.CreatedAt >= from && a.CreatedAt < to && a.Status != AskStatus.Merged)
            .Select(a => new Row(a.ComponentId, a.DepartmentId, a.Status == AskStatus.Solved, a.SolvedSameDay == true, a.FirstResponseMinutes, a.SolutionMinutes))
            .ToListAsync(cancellationToken);
        var byLibrary = await read.Set<AskSolvedByLibrary>().CountAsync(s => s.At >= from && s.At < to, cancellationToken);
        var componentIds = rows.Where(r => r.ComponentId != null).Select(r => r.ComponentId!.Value).Distinct().ToList();
        var departmentIds = rows.Where(r => r.DepartmentId != null).Select(r => r.DepartmentId!.Value).Distinct().ToList();
        var components = await read.Set<KnowHowComponent>().AsNoTracking().Where(c => componentIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var departments = await read.Set<OrgUnit>().AsNoTracking().Where(u => departmentIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        return Result<AskFigures>.Ok(new AskFigures(from, to, Figure(null, null, rows), byLibrary,
            rows.GroupBy(r => r.ComponentId).Select(g => Figure(g.Key, g.Key is { } id ? components.GetValueOrDefault(id) : null, g.ToList()))
                .OrderByDescending(f => f.Asked).ToList(),
            rows.GroupBy(r => r.DepartmentId).Select(g => Figure(g.Key, g.Key is { } id ? departments.GetValueOrDefault(id) : null, g.ToList()))
                .OrderByDescending(f => f.Asked).ToList()));
    }

    private sealed record Row(Guid? ComponentId, Guid? DepartmentId, bool Solved, bool SameDay, int? FirstResponse, int? Solution);

    private static AskFigureRow Figure(Guid? key, string? name, IReadOnlyList<Row> rows)
    {
        var sameDay = rows.Count(r => r.SameDay);
        return new AskFigureRow(key, name, rows.Count, rows.Count(r => r.Solved), sameDay, rows.Count == 0 ? null : (double)sameDay / rows.Count,
            Median(rows.Where(r => r.FirstResponse != null).Select(r => r.FirstResponse!.Value)),
            Median(rows.Where(r => r.Solution != null).Select(r => r.Solution!.Value)));
    }

    internal static double? Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
