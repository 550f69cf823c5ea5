using Guild.Web.Features.Library.Search;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Restock;

/// <summary>
/// Searches that found nothing useful (the library's <see cref="UnansweredSearch"/> rows), one item per group of similar
/// searches (<see cref="SearchGrouping"/>): demand is the number of different people in the group, the title its most
/// frequent query, the components those the searches guessed most often. Searches not grouped yet wait for the job.
/// </summary>
internal sealed class SearchDemand : IRestockDemandSource
{
    public RestockKind Kind => RestockKind.Search;

    public string Prefix => "search:";

    public async Task<IReadOnlyList<RestockDemandItem>> ItemsAsync(GuildDb db, CancellationToken cancellationToken)
    {
        var rows = await (from g in db.Set<RestockSearchGroup>()
                          join u in db.Set<UnansweredSearch>() on g.SearchId equals u.SearchId
                          select new { g.GroupId, u.Query, u.PersonId, u.At })
            .AsNoTracking().ToListAsync(cancellationToken);
        var components = await (from g in db.Set<RestockSearchGroup>()
                                join c in db.Set<UnansweredSearchComponent>() on g.SearchId equals c.SearchId
                                group c by new { g.GroupId, c.ComponentId } into byComponent
                                select new { byComponent.Key.GroupId, byComponent.Key.ComponentId, Count = byComponent.Count() })
            .AsNoTracking().ToListAsync(cancellationToken);
        var componentsOf = components.ToLookup(c => c.GroupId);
        return rows.GroupBy(r => r.GroupId).Select(group =>
        {
            // The words most people used, the latest of equals; then other words for the same thing.
            var queries = group.GroupBy(r => SearchGrouping.Normalise(r.Query))
                .Select(q => (Words: q.OrderByDescending(r => r.At).First().Query, Count: q.Select(r => r.PersonId).Distinct().Count(), Latest: q.Max(r => r.At)))
                .OrderByDescending(q => q.Count).ThenByDescending(q => q.Latest).ToList();
            return new RestockDemandItem($"{Prefix}{group.Key}", Kind, queries[0].Words,
                componentsOf[group.Key].OrderByDescending(c => c.Count).ThenBy(c => c.ComponentId).Select(c => c.ComponentId).Take(3).ToList(),
                group.Select(r => r.PersonId).Distinct().Count(), group.Min(r => r.At), group.Max(r => r.At),
                queries.Skip(1).Take(3).Select(q => q.Words).ToList(), []);
        }).ToList();
    }

    public async Task<IReadOnlyList<Guid>> WaitingAsync(GuildDb db, string key, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(key.AsSpan(Prefix.Length), out var groupId))
        {
            return [];
        }
        return await (from g in db.Set<RestockSearchGroup>().Where(g => g.GroupId == groupId)
                      join u in db.Set<UnansweredSearch>() on g.SearchId equals u.SearchId
                      select u.PersonId).Distinct().ToListAsync(cancellationToken);
    }
}
