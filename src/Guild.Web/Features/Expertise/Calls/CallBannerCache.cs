using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>
/// The calls waiting for a person's answer, for the banner on every page. Every page pays for it, so a person's list is
/// kept on the node for <see cref="CacheFor"/>: answering, dismissing, sending or closing here drops it at once (a change
/// made on another node shows within that time). One indexed query (recipients unanswered and not dismissed, by person)
/// when it is not cached.
/// </summary>
public sealed class CallBannerCache(IDbContextFactory<GuildDb> contexts, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private long _generation;

    public async Task<IReadOnlyList<OpenCallNotice>> GetAsync(Guid personId, CancellationToken cancellationToken)
    {
        var key = ("calls.banner", personId, Interlocked.Read(ref _generation));
        if (cache.TryGetValue(key, out IReadOnlyList<OpenCallNotice>? cached) && cached is not null)
        {
            return cached.Where(c => c.ClosesAt > clock.GetUtcNow()).ToList();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        IReadOnlyList<OpenCallNotice> open = await (from recipient in read.Set<CallRecipient>().AsNoTracking()
                                                    join call in read.Set<ChampionCall>() on recipient.CallId equals call.Id
                                                    where recipient.PersonId == personId && recipient.AnsweredAt == null && recipient.DismissedAt == null
                                                          && call.ClosedAt == null && call.ClosesAt > now
                                                    orderby call.ClosesAt
                                                    select new OpenCallNotice(call.Id, call.Title, call.ClosesAt)).ToListAsync(cancellationToken);
        cache.Set(key, open, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return open;
    }

    /// <summary>Something changed for everyone (a call sent or closed): every cached list on this node is stale.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);

    /// <summary>Something changed for one person (they answered or dismissed).</summary>
    public void Changed(Guid personId) => cache.Remove(("calls.banner", personId, Interlocked.Read(ref _generation)));
}
