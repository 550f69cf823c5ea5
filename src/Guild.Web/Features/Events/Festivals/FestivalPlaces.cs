using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>
/// Registering for a festival workshop: the place comes from the registrant's pool (their partner organisation's while its quota has not
/// returned, otherwise the general pool) and from the event's own counter, both by conditional UPDATEs inside the registering transaction,
/// so concurrent registrations never overbook either; the workshop goes into the person's schedule, where the database itself refuses an
/// overlap. <see cref="Registrations"/> hands festival workshops here, so the event page and the events API follow the same rules.
/// </summary>
public sealed class FestivalPlaces(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, EventMails mails, LearningRecorder recorder,
    IStringLocalizer<FestivalsText> text)
{
    /// <summary>The name SQLite's trigger raises (PostgreSQL answers the exclusion constraint's SQLSTATE 23P01).</summary>
    public const string OverlapSignal = "festival_schedule_overlap";

    /// <summary>A workshop's pools: each partner its quota as far as places go, the general pool the rest.</summary>
    public static IEnumerable<FestivalPlacePool> SplitPlaces(Guid eventId, int capacity, IEnumerable<FestivalPartner> partners)
    {
        var left = capacity;
        foreach (var partner in partners)
        {
            var quota = Math.Min(partner.QuotaPerWorkshop, left);
            left -= quota;
            yield return new FestivalPlacePool { EventId = eventId, PartnerId = partner.Id, Quota = quota };
        }
        yield return new FestivalPlacePool { EventId = eventId, PartnerId = FestivalPlacePool.GeneralPool, Quota = left };
    }

    /// <summary>Places someone could still take: a partner guest from their organisation's pool until it returns, then (and everyone else) the general pool.</summary>
    public static int PlacesFor(IReadOnlyList<PlacePoolView> pools, Guid? partnerId)
    {
        var own = partnerId is null ? null : pools.FirstOrDefault(p => p.PartnerId == partnerId && !p.Returned);
        var pool = own ?? pools.FirstOrDefault(p => p.PartnerId is null);
        return pool is null ? 0 : Math.Max(0, pool.Quota - pool.Taken);
    }

    /// <summary>
    /// Registers the caller for a festival workshop, in the caller's transaction when there is one (<see cref="Registrations.RegisterAsync"/>
    /// hands festival workshops here), else in its own. On a refusal nothing is kept: the transaction is never committed.
    /// </summary>
    public async Task<Result<bool>> RegisterAsync(Guid eventId, RegistrationInput input, Guid? festivalId, CancellationToken cancellationToken)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var found = await db.Set<GuildEvent>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId && e.FestivalId != null && (festivalId == null || e.FestivalId == festivalId), cancellationToken);
            if (found is null)
            {
                return Result<bool>.NotFound();
            }
            var existing = await db.Set<EventRegistration>().FirstOrDefaultAsync(r => r.EventId == eventId && r.PersonId == me.Id, cancellationToken);
            var placed = await PlaceAsync(found, existing, input, cancellationToken);
            if (placed.IsOk && own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            return placed;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>The caller leaves a festival workshop, in the caller's transaction when there is one, else in its own.</summary>
    public async Task<Result<bool>> LeaveAsync(Guid eventId, Guid? festivalId, CancellationToken cancellationToken)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var found = await db.Set<GuildEvent>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId && e.FestivalId != null && (festivalId == null || e.FestivalId == festivalId), cancellationToken);
            if (found is null || await StandingAsync(found.FestivalId!.Value, cancellationToken) is not { } standing || !await me.CanAsync(standing, FestivalOperations.View))
            {
                return Result<bool>.NotFound();
            }
            var registration = await db.Set<EventRegistration>().FirstOrDefaultAsync(r => r.EventId == eventId && r.PersonId == me.Id, cancellationToken);
            if (registration is not { Status: RegistrationStatus.Registered })
            {
                return Result<bool>.Conflict(text["NotInSchedule"]);
            }
            if (found.EndsAt <= clock.GetUtcNow())
            {
                return Result<bool>.Conflict(text["WorkshopOver"]);
            }
            await CancelAsync(found, registration, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            return Result<bool>.Ok(true);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>A refusal of places as another result type (the events API answers with its own view).</summary>
    public static Result<T> Refusal<T>(Result<bool> refused) => refused.Status switch
    {
        ResultStatus.NotFound => Result<T>.NotFound(),
        ResultStatus.Forbidden => Result<T>.Forbidden(refused.Message),
        ResultStatus.Invalid => Result<T>.Invalid(refused.Errors),
        _ => Result<T>.Conflict(refused.Message ?? ""),
    };

    private async Task<FestivalStanding?> StandingAsync(Guid festivalId, CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        var row = await db.Set<Festival>().AsNoTracking().Where(f => f.Id == festivalId)
            .Select(f => new
            {
                f.Status,
                Partner = db.Set<FestivalPartnerMember>().Any(m => m.PersonId == myId && f.Partners.Any(p => p.Id == m.PartnerId)),
            }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new FestivalStanding(row.Status == FestivalStatus.Published, row.Partner);
    }

    private async Task<Result<bool>> PlaceAsync(GuildEvent found, EventRegistration? existing, RegistrationInput input, CancellationToken cancellationToken)
    {
        var festival = await db.Set<Festival>().AsNoTracking().FirstAsync(f => f.Id == found.FestivalId, cancellationToken);
        var partnerId = await db.Set<FestivalPartnerMember>().Where(m => m.PersonId == me.Id && db.Set<FestivalPartner>().Any(p => p.Id == m.PartnerId && p.FestivalId == festival.Id))
            .Select(m => (Guid?)m.PartnerId).FirstOrDefaultAsync(cancellationToken);
        var standing = new FestivalStanding(festival.Status == FestivalStatus.Published, partnerId is not null);
        if (!await me.CanAsync(standing, FestivalOperations.View))
        {
            return Result<bool>.NotFound();
        }
        if (!await me.CanAsync(standing, FestivalOperations.Register))
        {
            return Result<bool>.Conflict(text["RegisterDraft"]);
        }
        if (found.Status == EventStatus.Cancelled)
        {
            return Result<bool>.Conflict(text["WorkshopCancelled"]);
        }
        if (found.StartsAt <= clock.GetUtcNow())
        {
            return Result<bool>.Conflict(text["WorkshopStarted"]);
        }
        if ((input.Guests ?? 0) != 0)
        {
            return Result<bool>.Invalid("guests", text["NoGuests"]);
        }
        if (existing is { Status: RegistrationStatus.Registered or RegistrationStatus.Waiting or RegistrationStatus.Offered })
        {
            return Result<bool>.Conflict(text["AlreadyInSchedule"]);
        }
        // The schedule first: the database refuses a workshop that overlaps one already in it.
        var poolId = partnerId ?? FestivalPlacePool.GeneralPool;
        if (partnerId is { } partner && await db.Set<FestivalPlacePool>().AnyAsync(p => p.EventId == found.Id && p.PartnerId == partner && p.ReturnedAt != null, cancellationToken))
        {
            poolId = FestivalPlacePool.GeneralPool;
        }
        var entry = new FestivalScheduleEntry
        {
            PersonId = me.Id, EventId = found.Id, FestivalId = festival.Id, StartsAt = found.StartsAt, EndsAt = found.EndsAt, PoolId = poolId,
        };
        db.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsOverlap(exception))
        {
            db.ChangeTracker.Clear();
            return Result<bool>.Conflict(await OverlapMessageAsync(me.Id, found, festival.TimeZone, cancellationToken));
        }
        // Then the pool, then the event's own counter: each UPDATE re-checks its row under the row lock (PostgreSQL) or the single writer (SQLite).
        var fromPool = await db.Set<FestivalPlacePool>()
            .Where(p => p.EventId == found.Id && p.PartnerId == poolId && p.ReturnedAt == null && p.Taken + 1 <= p.Quota)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Taken, p => p.Taken + 1), cancellationToken) == 1;
        if (!fromPool)
        {
            db.ChangeTracker.Clear();
            return Result<bool>.Conflict(poolId == FestivalPlacePool.GeneralPool ? text["GeneralPoolFull"]
                : text["PartnerQuotaFull", ReturnDay(found, festival)]);
        }
        var fromEvent = await db.Set<GuildEvent>().Where(e => e.Id == found.Id && e.Taken + 1 <= e.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Taken, e => e.Taken + 1), cancellationToken) == 1;
        if (!fromEvent)
        {
            db.ChangeTracker.Clear();
            return Result<bool>.Conflict(text["GeneralPoolFull"]);
        }
        var now = clock.GetUtcNow();
        var registration = existing ?? new EventRegistration { Id = Guid.CreateVersion7(), EventId = found.Id, PersonId = me.Id, CreatedAt = now, TicketCode = "" };
        registration.TicketCode = Registrations.TicketCode(found.TicketKey, registration.Id);
        (registration.Guests, registration.Status, registration.UpdatedAt, registration.WaitingSince) = (0, RegistrationStatus.Registered, now, null);
        (registration.OfferedAt, registration.OfferExpiresAt, registration.CheckedInAt, registration.CheckedInById) = (null, null, null, null);
        if (existing is null)
        {
            db.Add(registration);
        }
        var name = await db.Set<Person>().Where(p => p.Id == me.Id).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
        await recorder.AddAsync(db, new LearningAct(new LearningActor(me.Id, name), LearningVerbs.Registered, Registrations.ActivityOf(found)), cancellationToken);
        await mails.QueueInvitationAsync(found, registration, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }

    /// <summary>
    /// The caller leaves a festival workshop: out of the schedule, the place
    /// back to the pool it came from (or, when that partner's places already returned, to the general pool) and to the event.
    /// </summary>
    private async Task CancelAsync(GuildEvent found, EventRegistration registration, CancellationToken cancellationToken)
    {
        var entry = await db.Set<FestivalScheduleEntry>().FirstOrDefaultAsync(s => s.PersonId == registration.PersonId && s.EventId == found.Id, cancellationToken);
        var poolId = entry?.PoolId ?? FestivalPlacePool.GeneralPool;
        if (entry is not null)
        {
            db.Remove(entry);
        }
        registration.Status = RegistrationStatus.Cancelled;
        registration.UpdatedAt = clock.GetUtcNow();
        if (found.Status == EventStatus.Scheduled)
        {
            await mails.QueueWithdrawnAsync(found, registration, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        var returned = await db.Set<FestivalPlacePool>().AnyAsync(p => p.EventId == found.Id && p.PartnerId == poolId && p.ReturnedAt != null, cancellationToken);
        await db.Set<FestivalPlacePool>().Where(p => p.EventId == found.Id && p.PartnerId == poolId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Taken, p => p.Taken - 1).SetProperty(p => p.Quota, p => returned ? p.Quota - 1 : p.Quota), cancellationToken);
        if (returned)
        {
            await db.Set<FestivalPlacePool>().Where(p => p.EventId == found.Id && p.PartnerId == FestivalPlacePool.GeneralPool)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Quota, p => p.Quota + 1), cancellationToken);
        }
        await db.Set<GuildEvent>().Where(e => e.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Taken, e => e.Taken - 1), cancellationToken);
    }

    /// <summary>The caller's schedule at a festival, and workshops that would fill its gaps (in free slots, with places left for them, about their skills first).</summary>
    public async Task<Result<ScheduleView>> ScheduleAsync(Guid festivalId, CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await read.Set<Festival>().AsNoTracking().Where(f => f.Id == festivalId)
            .Select(f => new
            {
                f.Status, f.TimeZone,
                MyPartnerId = read.Set<FestivalPartnerMember>().Where(m => m.PersonId == myId && f.Partners.Any(p => p.Id == m.PartnerId)).Select(m => (Guid?)m.PartnerId).FirstOrDefault(),
            }).FirstOrDefaultAsync(cancellationToken);
        if (head is null || !await me.CanAsync(new FestivalStanding(head.Status == FestivalStatus.Published, head.MyPartnerId is not null), FestivalOperations.View))
        {
            return Result<ScheduleView>.NotFound();
        }
        var now = clock.GetUtcNow();
        // The components of the caller's skills, to put workshops about them first.
        var mySkills = read.Set<PersonSkill>().Where(s => s.PersonId == myId).Select(s => s.SkillId);
        var myComponents = read.Set<ComponentSkill>().Where(c => mySkills.Contains(c.SkillId)).Select(c => c.ComponentId);
        var rows = await read.Set<GuildEvent>().AsNoTracking()
            .Where(e => e.FestivalId == festivalId && e.Status == EventStatus.Scheduled && e.StartsAt > now)
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Room)
            .Select(e => new
            {
                Item = new ScheduleItemView(e.Id, e.Title, e.StartsAt, e.EndsAt, e.Room),
                Mine = read.Set<FestivalScheduleEntry>().Any(s => s.EventId == e.Id && s.PersonId == myId),
                Matches = e.Components.Count(c => myComponents.Contains(c.ComponentId)),
                Pools = read.Set<FestivalPlacePool>().Where(p => p.EventId == e.Id).Select(p => new { p.PartnerId, p.Quota, p.Taken, p.ReturnedAt }).ToList(),
            }).AsSingleQuery().ToListAsync(cancellationToken);
        var mine = await read.Set<FestivalScheduleEntry>().AsNoTracking().Where(s => s.FestivalId == festivalId && s.PersonId == myId)
            .Join(read.Set<GuildEvent>(), s => s.EventId, e => e.Id, (s, e) => new ScheduleItemView(e.Id, e.Title, e.StartsAt, e.EndsAt, e.Room))
            .ToListAsync(cancellationToken);
        var suggestions = rows
            .Where(r => !r.Mine && !mine.Any(m => m.StartsAt < r.Item.EndsAt && r.Item.StartsAt < m.EndsAt)
                && PlacesFor([.. r.Pools.Select(p => new PlacePoolView(p.PartnerId == FestivalPlacePool.GeneralPool ? null : p.PartnerId, p.Quota, p.Taken, p.ReturnedAt is not null))],
                    head.MyPartnerId) > 0)
            .OrderByDescending(r => r.Matches).ThenBy(r => r.Item.StartsAt).Take(5).Select(r => r.Item).ToList();
        return Result<ScheduleView>.Ok(new ScheduleView(festivalId, head.TimeZone, [.. mine.OrderBy(m => m.StartsAt)], suggestions));
    }

    /// <summary>Whether a save (wrapped in a DbUpdateException) or a bulk update (not wrapped) failed on the schedule's no-overlap guarantee (either database).</summary>
    public static bool IsOverlap(Exception exception) => (exception is PostgresException or SqliteException ? exception : exception.InnerException) switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ExclusionViolation,
        SqliteException sqlite => sqlite.Message.Contains(OverlapSignal, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>"This overlaps 'X' 10:00–11:00" for the workshop already in the schedule at that time.</summary>
    private async Task<string> OverlapMessageAsync(Guid personId, GuildEvent wanted, string timeZone, CancellationToken cancellationToken)
    {
        // A fresh context: after the refused INSERT, PostgreSQL answers nothing more in this transaction.
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var other = await read.Set<FestivalScheduleEntry>().AsNoTracking()
            .Where(s => s.PersonId == personId && s.StartsAt < wanted.EndsAt && wanted.StartsAt < s.EndsAt)
            .Join(read.Set<GuildEvent>(), s => s.EventId, e => e.Id, (s, e) => new { e.Title, e.StartsAt, e.EndsAt }).FirstOrDefaultAsync(cancellationToken);
        if (other is null)
        {
            return text["Overlaps", "?", ""];
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var span = $"{TimeZoneInfo.ConvertTime(other.StartsAt, zone):HH:mm}–{TimeZoneInfo.ConvertTime(other.EndsAt, zone):HH:mm}";
        return text["Overlaps", other.Title, span];
    }

    private static string ReturnDay(GuildEvent found, Festival festival) =>
        (found.StartsAt - TimeSpan.FromDays(festival.QuotaReturnDays)).ToString("d", System.Globalization.CultureInfo.CurrentCulture);
}
