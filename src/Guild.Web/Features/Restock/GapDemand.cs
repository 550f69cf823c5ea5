using Guild.Web.Features.Expertise.Coverage;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Search;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Restock;

/// <summary>
/// Components people look for (their unanswered searches guessed them) that coverage says have no published resource or no
/// active champion. The gaps are coverage's own reading (<see cref="CoverageReports"/>, cached per capability), not
/// worked out again here; the demand is the number of different people whose searches guessed the component.
/// </summary>
internal sealed class GapDemand(CoverageReports coverage) : IRestockDemandSource
{
    public RestockKind Kind => RestockKind.Gap;

    public string Prefix => "gap:";

    public async Task<IReadOnlyList<RestockDemandItem>> ItemsAsync(GuildDb db, CancellationToken cancellationToken)
    {
        var demand = await (from c in db.Set<UnansweredSearchComponent>()
                            join u in db.Set<UnansweredSearch>() on c.SearchId equals u.SearchId
                            join k in db.Set<KnowHowComponent>().Where(k => k.ArchivedAt == null) on c.ComponentId equals k.Id
                            group u by new { c.ComponentId, k.CapabilityId, k.Name } into searches
                            select new
                            {
                                searches.Key.ComponentId, searches.Key.CapabilityId, searches.Key.Name,
                                People = searches.Select(s => s.PersonId).Distinct().Count(),
                                First = searches.Min(s => s.At), Last = searches.Max(s => s.At),
                            })
            .AsNoTracking().ToListAsync(cancellationToken);
        var items = new List<RestockDemandItem>();
        foreach (var capability in demand.GroupBy(d => d.CapabilityId))
        {
            // Coverage decides who may see it (L&D admins see every capability) and keeps its reading for a while.
            var read = await coverage.GetCoverageAsync(capability.Key, CoverageSort.Tree, cancellationToken);
            if (read.Status != ResultStatus.Ok)
            {
                continue;
            }
            var gaps = read.Value!.Components.ToDictionary(c => c.Id, c => c.Gaps);
            foreach (var component in capability)
            {
                var reasons = gaps.GetValueOrDefault(component.ComponentId, [])
                    .Where(g => g is CoverageGap.NoChampion or CoverageGap.NoResource).Select(g => g.ToString()).ToList();
                if (reasons.Count > 0)
                {
                    items.Add(new RestockDemandItem($"{Prefix}{component.ComponentId}", Kind, component.Name, [component.ComponentId],
                        component.People, component.First, component.Last, [], reasons));
                }
            }
        }
        return items;
    }

    public async Task<IReadOnlyList<Guid>> WaitingAsync(GuildDb db, string key, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(key.AsSpan(Prefix.Length), out var componentId))
        {
            return [];
        }
        return await (from c in db.Set<UnansweredSearchComponent>().Where(c => c.ComponentId == componentId)
                      join u in db.Set<UnansweredSearch>() on c.SearchId equals u.SearchId
                      select u.PersonId).Distinct().ToListAsync(cancellationToken);
    }
}
