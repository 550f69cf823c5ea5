using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>
/// Unused partner places flow back to the general pool <see cref="Festival.QuotaReturnDays"/> days before each workshop. Runs at the
/// moment a workshop's quota is due (queued when the workshop is added) and every night as a safety net; it returns every pool that is
/// due, so running it again, or twice at once, changes nothing more: a pool is marked returned in the same UPDATE that claims it.
/// </summary>
internal sealed class QuotaReturnJob(GuildDb db, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "festivals.quota-return";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var festivals = await db.Set<Festival>().AsNoTracking().Where(f => f.LastDay >= DateOnly.FromDateTime(now.UtcDateTime.AddDays(-1)))
            .Select(f => new { f.Id, f.QuotaReturnDays }).ToListAsync(cancellationToken);
        foreach (var festival in festivals)
        {
            var dueBefore = now + TimeSpan.FromDays(festival.QuotaReturnDays);
            var due = await (from p in db.Set<FestivalPlacePool>()
                             join e in db.Set<GuildEvent>() on p.EventId equals e.Id
                             where e.FestivalId == festival.Id && e.StartsAt <= dueBefore && p.PartnerId != FestivalPlacePool.GeneralPool && p.ReturnedAt == null
                             select new { p.EventId, p.PartnerId }).AsNoTracking().ToListAsync(cancellationToken);
            foreach (var pool in due)
            {
                await ReturnAsync(pool.EventId, pool.PartnerId, now, cancellationToken);
            }
        }
    }

    /// <summary>Returns one partner pool's unused places to the general pool, once.</summary>
    private async Task ReturnAsync(Guid eventId, Guid partnerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Claim first: the row is then locked (PostgreSQL) and no registration takes from it any more (they ask for ReturnedAt == null).
        var claimed = await db.Set<FestivalPlacePool>().Where(p => p.EventId == eventId && p.PartnerId == partnerId && p.ReturnedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ReturnedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return;
        }
        var pool = await db.Set<FestivalPlacePool>().AsNoTracking().Where(p => p.EventId == eventId && p.PartnerId == partnerId)
            .Select(p => new { p.Quota, p.Taken }).FirstAsync(cancellationToken);
        var unused = Math.Max(0, pool.Quota - pool.Taken);
        await db.Set<FestivalPlacePool>().Where(p => p.EventId == eventId && p.PartnerId == partnerId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Quota, p => p.Quota - unused), cancellationToken);
        await db.Set<FestivalPlacePool>().Where(p => p.EventId == eventId && p.PartnerId == FestivalPlacePool.GeneralPool)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Quota, p => p.Quota + unused), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>The payload of a quota return queued for a workshop's due moment (the job returns everything due then).</summary>
/// <param name="FestivalId">The festival.</param>
public sealed record QuotaReturnDue(Guid FestivalId);
