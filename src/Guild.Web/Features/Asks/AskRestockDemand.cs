using Guild.Web.Features.Restock;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Asks;

/// <summary>
/// The restock board's asks: every open question nobody has answered yet is something the library lacks. One item per
/// ask (key <c>ask:{id}</c>), its demand the asker and everyone who said "me too", its title the question (never the
/// asker's name: an anonymous ask stays anonymous on the board). Everyone waiting (asker, "me too", followers) hears when
/// the resource made for it is published.
/// </summary>
internal sealed class AskRestockDemand : IRestockDemandSource
{
    public RestockKind Kind => RestockKind.Ask;

    public string Prefix => "ask:";

    public async Task<IReadOnlyList<RestockDemandItem>> ItemsAsync(GuildDb db, CancellationToken cancellationToken)
    {
        var rows = await (from a in db.Set<Ask>().Where(a => a.Status == AskStatus.Open || a.Status == AskStatus.Claimed)
                          join s in db.Set<AskSupporter>().Where(s => s.MeToo) on a.Id equals s.AskId into meToos
                          from s in meToos.DefaultIfEmpty()
                          select new { a.Id, a.Title, a.ComponentId, a.CreatedAt, a.AuthorId, MeToo = (Guid?)s.PersonId, MeTooAt = (DateTimeOffset?)s.CreatedAt })
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Id).Select(ask =>
        {
            var first = ask.First();
            var people = ask.Where(r => r.MeToo is not null).Select(r => r.MeToo!.Value).Prepend(first.AuthorId).Distinct().Count();
            var last = ask.Max(r => r.MeTooAt) is { } latest && latest > first.CreatedAt ? latest : first.CreatedAt;
            return new RestockDemandItem($"{Prefix}{ask.Key}", Kind, first.Title, first.ComponentId is { } component ? [component] : [],
                people, first.CreatedAt, last, [], []);
        }).ToList();
    }

    public async Task<IReadOnlyList<Guid>> WaitingAsync(GuildDb db, string key, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(key.AsSpan(Prefix.Length), out var askId))
        {
            return [];
        }
        var author = await db.Set<Ask>().Where(a => a.Id == askId).Select(a => (Guid?)a.AuthorId).FirstOrDefaultAsync(cancellationToken);
        if (author is null)
        {
            return [];
        }
        var supporters = await db.Set<AskSupporter>().Where(s => s.AskId == askId).Select(s => s.PersonId).ToListAsync(cancellationToken);
        return supporters.Prepend(author.Value).Distinct().ToList();
    }
}
