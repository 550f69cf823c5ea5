using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Events;

/// <summary>How long an offered place is kept, and how long a cancelled event stays in calendar feeds.</summary>
public sealed class EventOptions
{
    /// <summary>How long the first person on the waiting list has to accept a freed place (<c>Events:OfferValidFor</c>).</summary>
    public TimeSpan OfferValidFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a cancelled event stays in feeds as STATUS:CANCELLED before it drops out.</summary>
    public TimeSpan CancelledKeptInFeedsFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A feed not fetched within this long before a change gets the change by mail too.</summary>
    public TimeSpan FeedStaleAfter { get; set; } = TimeSpan.FromHours(2);
}

/// <summary>
/// The places of an event and its waiting list. Places are held by one counter on the event row, moved only by conditional
/// UPDATEs (<c>taken + n &lt;= capacity</c>): on PostgreSQL the row lock of the first UPDATE makes every other registration wait and
/// re-check, on SQLite writers are serialised; either way no two registrations can both take the last place. A freed place is
/// offered to the first person waiting, for <see cref="EventOptions.OfferValidFor"/>; "no thanks" or the offer running out
/// (<see cref="OfferExpiryJob"/>) passes it on at once.
/// </summary>
public sealed class WaitingList(GuildDb db, TimeProvider clock, JobQueue jobs, EventMails mails, IOptions<EventOptions> options)
{
    /// <summary>Takes <paramref name="places"/> of the event if they are free and nobody is waiting for them first; false when full.</summary>
    public async Task<bool> TryTakeAsync(Guid eventId, int places, CancellationToken cancellationToken) =>
        await db.Set<GuildEvent>()
            .Where(e => e.Id == eventId && (e.Capacity == null || e.Taken + places <= e.Capacity)
                && !db.Set<EventRegistration>().Any(r => r.EventId == eventId && r.Status == RegistrationStatus.Waiting))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Taken, e => e.Taken + places), cancellationToken) == 1;

    /// <summary>Gives places back (inside the caller's transaction), then offers them to whoever waits.</summary>
    public async Task ReleaseAsync(Guid eventId, int places, CancellationToken cancellationToken)
    {
        await db.Set<GuildEvent>().Where(e => e.Id == eventId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Taken, e => e.Taken - places), cancellationToken);
        await OfferFreedPlacesAsync(eventId, cancellationToken);
    }

    /// <summary>
    /// Offers free places to the waiting list in order: the first person waiting gets an offer (their places are held for them) as
    /// long as their party fits; the next waits behind them, so nobody is overtaken by a smaller party. Nothing is offered for an
    /// event that has started or was cancelled. Runs inside the caller's transaction; the caller saves.
    /// </summary>
    public async Task OfferFreedPlacesAsync(Guid eventId, CancellationToken cancellationToken)
    {
        // Whole microseconds: both databases store no finer, and the offer link names the offer by this moment.
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.UtcTicks % 10));
        var open = await db.Set<GuildEvent>().AsNoTracking()
            .AnyAsync(e => e.Id == eventId && e.Status == EventStatus.Scheduled && e.StartsAt > now, cancellationToken);
        if (!open)
        {
            return;
        }
        var waiting = await db.Set<EventRegistration>().Where(r => r.EventId == eventId && r.Status == RegistrationStatus.Waiting)
            .OrderBy(r => r.WaitingSince).ThenBy(r => r.Id).Take(50).ToListAsync(cancellationToken);
        foreach (var next in waiting)
        {
            var taken = await db.Set<GuildEvent>()
                .Where(e => e.Id == eventId && (e.Capacity == null || e.Taken + next.Guests + 1 <= e.Capacity))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Taken, e => e.Taken + next.Guests + 1), cancellationToken) == 1;
            if (!taken)
            {
                return;
            }
            next.Status = RegistrationStatus.Offered;
            next.OfferedAt = now;
            next.OfferExpiresAt = now + options.Value.OfferValidFor;
            next.UpdatedAt = now;
            jobs.Enqueue(OfferExpiryJob.JobKind, new OfferExpiry(next.Id, next.OfferExpiresAt.Value), runAfter: next.OfferExpiresAt);
            await mails.QueueOfferAsync(next, cancellationToken);
        }
    }
}

/// <summary>The payload of <see cref="OfferExpiryJob"/>: the offer it ends, by its expiry (a newer offer has another).</summary>
public sealed record OfferExpiry(Guid RegistrationId, DateTimeOffset ExpiresAt);

/// <summary>
/// Ends an offer nobody answered: the place goes to the next person waiting. Safe to run again: an offer already answered (or a newer
/// offer to the same person) is left alone.
/// </summary>
internal sealed class OfferExpiryJob(GuildDb db, TimeProvider clock, WaitingList waitingList) : IJobHandler
{
    public const string JobKind = "events.offer-expiry";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var expiry = job.PayloadAs<OfferExpiry>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var registration = await db.Set<EventRegistration>().FirstOrDefaultAsync(r => r.Id == expiry.RegistrationId, cancellationToken);
        if (registration is not { Status: RegistrationStatus.Offered } || registration.OfferExpiresAt != expiry.ExpiresAt
            || registration.OfferExpiresAt > clock.GetUtcNow())
        {
            return;
        }
        registration.Status = RegistrationStatus.Expired;
        registration.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await waitingList.ReleaseAsync(registration.EventId, registration.Places, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
