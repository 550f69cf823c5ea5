using Guild.Web.Features.Library.Feedback;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Restock;

/// <summary>
/// Published resources that readers flagged "outdated" and nobody has handled yet (the library's <see cref="ResourceFlag"/>):
/// one item per resource, demand the people who flagged it, the title the resource's, the components its own.
/// </summary>
internal sealed class OutdatedDemand : IRestockDemandSource
{
    public RestockKind Kind => RestockKind.Outdated;

    public string Prefix => "flag:";

    public async Task<IReadOnlyList<RestockDemandItem>> ItemsAsync(GuildDb db, CancellationToken cancellationToken)
    {
        var rows = await (from f in db.Set<ResourceFlag>().Where(f => f.Kind == FlagKind.Outdated && f.HandledAt == null)
                          join r in db.Set<Resource>().Where(r => r.Status == ResourceStatus.Published) on f.ResourceId equals r.Id
                          select new { f.ResourceId, r.Title, f.PersonId, f.At, f.Text })
            .AsNoTracking().ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }
        var ids = rows.Select(r => r.ResourceId).Distinct().ToList();
        var components = (await db.Set<ResourceComponent>().AsNoTracking().Where(c => ids.Contains(c.ResourceId))
            .Select(c => new { c.ResourceId, c.ComponentId }).ToListAsync(cancellationToken)).ToLookup(c => c.ResourceId, c => c.ComponentId);
        return rows.GroupBy(r => r.ResourceId).Select(flags => new RestockDemandItem($"{Prefix}{flags.Key}", Kind, flags.First().Title,
            components[flags.Key].Order().ToList(), flags.Select(f => f.PersonId).Distinct().Count(), flags.Min(f => f.At), flags.Max(f => f.At),
            flags.OrderByDescending(f => f.At).Select(f => f.Text).OfType<string>().Where(t => t.Length > 0).Distinct().Take(3).ToList(), [])).ToList();
    }

    /// <summary>The flags were about this resource; the restocked version answers them, as if its author had marked each handled.</summary>
    public async Task SettleAsync(GuildDb db, string key, Guid championId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(key.AsSpan(Prefix.Length), out var resourceId))
        {
            return;
        }
        foreach (var flag in await db.Set<ResourceFlag>().Where(f => f.ResourceId == resourceId && f.Kind == FlagKind.Outdated && f.HandledAt == null)
                     .ToListAsync(cancellationToken))
        {
            flag.HandledAt = at;
            flag.HandledById = championId;
        }
    }

    public async Task<IReadOnlyList<Guid>> WaitingAsync(GuildDb db, string key, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(key.AsSpan(Prefix.Length), out var resourceId))
        {
            return [];
        }
        return await db.Set<ResourceFlag>().Where(f => f.ResourceId == resourceId && f.Kind == FlagKind.Outdated && f.HandledAt == null)
            .Select(f => f.PersonId).Distinct().ToListAsync(cancellationToken);
    }
}
