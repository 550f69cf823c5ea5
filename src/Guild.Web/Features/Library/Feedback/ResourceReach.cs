using System.Data.Common;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Feedback;

public sealed partial class ResourceFeedback
{
    /// <summary>How many weeks the reach chart covers, ending with the current one.</summary>
    public const int ReachWeeks = 12;

    /// <summary>
    /// The caller's resources (every one they author that was ever published) and, per week (Monday to Sunday in the
    /// organisation's time zone: people have none of their own, and views and answers are stored by its day) for
    /// the last <see cref="ReachWeeks"/> weeks: views (one per person and day), distinct people reached, and answers to
    /// "did this help?" (yes / no, counted in the week of the person's latest answer) — for one of them, or all together.
    /// Two queries: the resources, then one UNION ALL of views and answers grouped by week.
    /// </summary>
    public async Task<Result<ReachReport>> ReachAsync(Guid? resourceId, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId)
        {
            return Result<ReachReport>.NotFound();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = await read.Set<Resource>().AsNoTracking()
            .Where(r => r.PublishedAt != null && read.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == myId))
            .OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).Select(r => new ReachChoice(r.Id, r.Title)).Take(500).ToListAsync(cancellationToken);
        string? title = null;
        if (resourceId is { } id && mine.FirstOrDefault(r => r.Id == id) is not { } own)
        {
            // Not one of theirs: an L&D admin follows any resource; anyone else cannot tell it from a missing one.
            var standing = await ResourceLibrary.StandingAsync(read, id, cancellationToken);
            if (standing is null || !await me.CanAsync(standing, ResourceOperations.View) || !await me.CanAsync(standing, FeedbackOperations.Follow))
            {
                return Result<ReachReport>.NotFound();
            }
            title = await read.Set<Resource>().Where(r => r.Id == id).Select(r => r.Title).FirstAsync(cancellationToken);
        }
        else if (resourceId is not null)
        {
            title = mine.First(r => r.Id == resourceId).Title;
        }
        var today = DateOnly.FromDateTime((await organisation.GetAsync(cancellationToken)).ToLocal(clock.GetUtcNow()).DateTime);
        var thisMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var start = thisMonday.AddDays(-7 * (ReachWeeks - 1));
        var weeks = Enumerable.Range(0, ReachWeeks).Select(w => new ReachWeek(start.AddDays(7 * w), 0, 0, 0, 0)).ToArray();
        if (resourceId is not null || mine.Count > 0)
        {
            foreach (var row in await WeeklyAsync(read, resourceId, myId, start, cancellationToken))
            {
                if (row.Week is < 0 or >= ReachWeeks)
                {
                    continue;
                }
                var week = weeks[row.Week];
                weeks[row.Week] = row.Part switch
                {
                    0 => week with { Views = row.Count, People = row.People },
                    1 => week with { Helpful = row.Count },
                    _ => week with { NotHelpful = row.Count },
                };
            }
        }
        return Result<ReachReport>.Ok(new ReachReport(resourceId, title, mine, weeks));
    }

    private sealed record WeekRow(int Part, int Week, int Count, int People);

    /// <summary>
    /// Views and answers per week number (0 = the week starting at <paramref name="start"/>) in one statement: the week is
    /// the day's distance from the start in whole weeks (PostgreSQL subtracts dates to days; SQLite through julianday).
    /// </summary>
    private static async Task<List<WeekRow>> WeeklyAsync(GuildDb read, Guid? resourceId, Guid myId, DateOnly start, CancellationToken cancellationToken)
    {
        var sql = ProviderSql.For(read);
        var connection = read.Database.GetDbConnection();
        await read.Database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        ProviderSql.Add(command, "@start", start);
        string Week(string day) => sql.IsPostgres ? $"(({day} - @start) / 7)" : $"CAST((julianday({day}) - julianday(@start)) / 7 AS INTEGER)";
        string which;
        if (resourceId is { } id)
        {
            ProviderSql.Add(command, "@resource", sql.Uuid(id));
            which = "= @resource";
        }
        else
        {
            ProviderSql.Add(command, "@me", sql.Uuid(myId));
            which = "IN (SELECT a.resource_id FROM resource_authors a WHERE a.person_id = @me)";
        }
        command.CommandText = $"""
            SELECT 0, {Week("v.day")}, COUNT(*), COUNT(DISTINCT v.person_id) FROM resource_views v
            WHERE v.resource_id {which} AND v.day >= @start GROUP BY 2
            UNION ALL
            SELECT CASE WHEN h.helpful THEN 1 ELSE 2 END, {Week("h.day")}, COUNT(*), 0 FROM resource_helpfulness h
            WHERE h.resource_id {which} AND h.day >= @start GROUP BY 1, 2
            """;
        var rows = new List<WeekRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new WeekRow(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)));
        }
        return rows;
    }
}

/// <summary>An author's resource to choose on the reach page.</summary>
/// <param name="Id">The resource's id.</param>
/// <param name="Title">Its title.</param>
public sealed record ReachChoice(Guid Id, string Title);

/// <summary>One week of a resource's (or all of an author's resources') reach.</summary>
/// <param name="Monday">The week's first day (in the organisation's time zone).</param>
/// <param name="Views">Views: one per person and day.</param>
/// <param name="People">Distinct people who viewed in that week.</param>
/// <param name="Helpful">People whose latest answer, given that week, was "yes, it helped".</param>
/// <param name="NotHelpful">People whose latest answer, given that week, was "no".</param>
public sealed record ReachWeek(DateOnly Monday, int Views, int People, int Helpful, int NotHelpful);

/// <summary>Reach and helpfulness per week.</summary>
/// <param name="ResourceId">The resource shown, or null for all of the caller's resources together.</param>
/// <param name="ResourceTitle">Its title.</param>
/// <param name="Resources">The caller's resources (that were ever published), to choose from.</param>
/// <param name="Weeks">The last 12 weeks, oldest first.</param>
public sealed record ReachReport(Guid? ResourceId, string? ResourceTitle, IReadOnlyList<ReachChoice> Resources, IReadOnlyList<ReachWeek> Weeks)
{
    /// <summary>Views over all weeks shown.</summary>
    public int TotalViews => Weeks.Sum(w => w.Views);
    /// <summary>"Yes" answers over all weeks shown.</summary>
    public int TotalHelpful => Weeks.Sum(w => w.Helpful);
    /// <summary>"No" answers over all weeks shown.</summary>
    public int TotalNotHelpful => Weeks.Sum(w => w.NotHelpful);
}
