using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Asks;

/// <summary>An open, unanswered ask and everyone waiting for its answer.</summary>
/// <param name="AskId">The ask.</param>
/// <param name="Title">Its question.</param>
/// <param name="CreatedAt">When it was asked.</param>
/// <param name="MeTooCount">Colleagues who have the same question.</param>
/// <param name="Waiting">Everyone waiting: the asker, "me too"s and followers (each once).</param>
public sealed record OpenAskDemand(Guid AskId, string Title, DateTimeOffset CreatedAt, int MeTooCount, IReadOnlyList<Guid> Waiting);

/// <summary>Demand per component: open unanswered asks and their "me too"s.</summary>
/// <param name="ComponentId">The component.</param>
/// <param name="OpenAsks">Open unanswered asks.</param>
/// <param name="MeToos">Their "me too"s together.</param>
public sealed record ComponentAskDemand(Guid ComponentId, int OpenAsks, int MeToos);

/// <summary>
/// What people are waiting for, for the restock board (a plain read service: it checks no permissions, its caller does).
/// Open = not answered, solved, closed or merged.
/// </summary>
public sealed class AskDemand(IDbContextFactory<GuildDb> contexts)
{
    /// <summary>The open unanswered asks of a component, most demanded first, with the people waiting.</summary>
    public async Task<IReadOnlyList<OpenAskDemand>> OpenForComponentAsync(Guid componentId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var asks = await read.Set<Ask>().AsNoTracking()
            .Where(a => a.ComponentId == componentId && (a.Status == AskStatus.Open || a.Status == AskStatus.Claimed))
            .Select(a => new { a.Id, a.Title, a.CreatedAt, a.AuthorId }).ToListAsync(cancellationToken);
        var ids = asks.Select(a => a.Id).ToList();
        var supporters = ids.Count == 0 ? [] : await read.Set<AskSupporter>().AsNoTracking().Where(s => ids.Contains(s.AskId))
            .Select(s => new { s.AskId, s.PersonId, s.MeToo }).ToListAsync(cancellationToken);
        var byAsk = supporters.ToLookup(s => s.AskId);
        return asks
            .Select(a => new OpenAskDemand(a.Id, a.Title, a.CreatedAt, byAsk[a.Id].Count(s => s.MeToo),
                byAsk[a.Id].Select(s => s.PersonId).Prepend(a.AuthorId).Distinct().ToList()))
            .OrderByDescending(d => d.MeTooCount).ThenBy(d => d.CreatedAt).ToList();
    }

    /// <summary>Per component with open unanswered asks: how many, and their "me too"s (two grouped queries).</summary>
    public async Task<IReadOnlyList<ComponentAskDemand>> PerComponentAsync(CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var open = read.Set<Ask>().AsNoTracking().Where(a => a.ComponentId != null && (a.Status == AskStatus.Open || a.Status == AskStatus.Claimed));
        var asks = await open.GroupBy(a => a.ComponentId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var meToos = await (from a in open
                            join s in read.Set<AskSupporter>() on a.Id equals s.AskId
                            where s.MeToo
                            group s by a.ComponentId!.Value into g
                            select new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return asks.Select(a => new ComponentAskDemand(a.Key, a.Count, meToos.GetValueOrDefault(a.Key))).ToList();
    }
}
