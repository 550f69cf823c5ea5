using System.Buffers.Binary;
using System.Security.Cryptography;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Events;

/// <summary>
/// Registering for an event (oneself plus guests), the waiting list, cancelling, answering an offer (signed in, or from the mail's
/// signed link), and checking in at the door. Each command is one transaction: the places counter, the registration, its learning
/// record and its mail commit together or not at all.
/// </summary>
public sealed class Registrations(
    GuildDb db, CurrentPerson me, TimeProvider clock, EventPlanner planner, WaitingList waitingList, EventMails mails, LearningRecorder recorder,
    OfferLinks offerLinks, Festivals.FestivalPlaces festivalPlaces, IStringLocalizer<EventsText> text)
{
    /// <summary>
    /// Registers the caller with their guests. A full event answers a conflict saying so, unless the caller asked to join the waiting
    /// list; then they wait in line. Registering twice is refused (one registration per person and event).
    /// </summary>
    public async Task<Result<EventView>> RegisterAsync(Guid eventId, RegistrationInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await db.Set<GuildEvent>().AsNoTracking().Include(e => e.Organisers).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (found is { FestivalId: not null })
        {
            // A festival workshop's place comes from a partner's or the general pool, and goes into the person's schedule.
            var placed = await festivalPlaces.RegisterAsync(eventId, input, null, cancellationToken);
            if (!placed.IsOk)
            {
                return Festivals.FestivalPlaces.Refusal<EventView>(placed);
            }
            await transaction.CommitAsync(cancellationToken);
            return await planner.GetAsync(eventId, cancellationToken);
        }
        if (found is null || !await me.CanAsync(await planner.StandingOfAsync(found, false, cancellationToken), EventOperations.View))
        {
            return Result<EventView>.NotFound();
        }
        if (!await me.CanAsync(await planner.StandingOfAsync(found, false, cancellationToken), EventOperations.Register))
        {
            return Result<EventView>.Conflict(found.Status == EventStatus.Cancelled ? text["RegisterCancelled"] : text["RegisterPast"]);
        }
        if (found.StartsAt <= clock.GetUtcNow())
        {
            return Result<EventView>.Conflict(text["RegisterStarted"]);
        }
        var guests = input.Guests ?? 0;
        if (guests < 0 || guests > found.MaxGuests)
        {
            return Result<EventView>.Invalid("guests", found.MaxGuests == 0 ? text["NoGuests"] : text["GuestsRange", found.MaxGuests]);
        }
        var existing = await db.Set<EventRegistration>().FirstOrDefaultAsync(r => r.EventId == eventId && r.PersonId == me.Id, cancellationToken);
        if (existing is { Status: RegistrationStatus.Registered or RegistrationStatus.Waiting or RegistrationStatus.Offered })
        {
            return Result<EventView>.Conflict(text[$"AlreadyRegistered.{existing.Status}"]);
        }
        var now = clock.GetUtcNow();
        var registration = existing ?? new EventRegistration
        {
            Id = Guid.CreateVersion7(), EventId = eventId, PersonId = me.Id, CreatedAt = now, TicketCode = "",
        };
        registration.TicketCode = TicketCode(found.TicketKey, registration.Id);
        registration.Guests = guests;
        registration.UpdatedAt = now;
        (registration.OfferedAt, registration.OfferExpiresAt, registration.CheckedInAt, registration.CheckedInById) = (null, null, null, null);
        if (await waitingList.TryTakeAsync(eventId, registration.Places, cancellationToken))
        {
            registration.Status = RegistrationStatus.Registered;
            registration.WaitingSince = null;
        }
        else if (input.JoinWaitingList)
        {
            registration.Status = RegistrationStatus.Waiting;
            registration.WaitingSince = now;
        }
        else
        {
            return Result<EventView>.Conflict(text["Full"]);
        }
        if (existing is null)
        {
            db.Add(registration);
        }
        if (registration.Status == RegistrationStatus.Registered)
        {
            await ConfirmAsync(found, registration, cancellationToken);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same person registering twice at once: the unique index keeps one; the other's places are rolled back with it.
            return Result<EventView>.Conflict(text["AlreadyRegistered.Registered"]);
        }
        return await planner.GetAsync(eventId, cancellationToken);
    }

    /// <summary>The caller cancels their registration (or leaves the waiting list); a freed place goes to the next person waiting.</summary>
    public async Task<Result<EventView>> CancelAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await db.Set<GuildEvent>().AsNoTracking().Include(e => e.Organisers).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (found is { FestivalId: not null })
        {
            var left = await festivalPlaces.LeaveAsync(eventId, null, cancellationToken);
            if (!left.IsOk)
            {
                return Festivals.FestivalPlaces.Refusal<EventView>(left);
            }
            await transaction.CommitAsync(cancellationToken);
            return await planner.GetAsync(eventId, cancellationToken);
        }
        if (found is null || !await me.CanAsync(await planner.StandingOfAsync(found, false, cancellationToken), EventOperations.View))
        {
            return Result<EventView>.NotFound();
        }
        var registration = await db.Set<EventRegistration>().FirstOrDefaultAsync(r => r.EventId == eventId && r.PersonId == me.Id, cancellationToken);
        if (registration is not { Status: RegistrationStatus.Registered or RegistrationStatus.Waiting or RegistrationStatus.Offered })
        {
            return Result<EventView>.Conflict(text["NotRegistered"]);
        }
        if (found.EndsAt <= clock.GetUtcNow())
        {
            return Result<EventView>.Conflict(text["PastReadOnly"]);
        }
        var held = registration.HoldsPlace;
        registration.Status = registration.Status == RegistrationStatus.Offered ? RegistrationStatus.Declined : RegistrationStatus.Cancelled;
        registration.UpdatedAt = clock.GetUtcNow();
        registration.WaitingSince = null;
        if (held && found.Status == EventStatus.Scheduled)
        {
            await mails.QueueWithdrawnAsync(found, registration, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (held)
        {
            await waitingList.ReleaseAsync(eventId, registration.Places, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return await planner.GetAsync(eventId, cancellationToken);
    }

    /// <summary>The signed-in person answers their offer: accept takes the place, "no thanks" passes it on at once.</summary>
    public async Task<Result<EventView>> AnswerOfferAsync(Guid eventId, bool accept, CancellationToken cancellationToken)
    {
        var registration = await db.Set<EventRegistration>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.EventId == eventId && r.PersonId == me.Id, cancellationToken);
        var found = await db.Set<GuildEvent>().AsNoTracking().Include(e => e.Organisers).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (found is null || !await me.CanAsync(await planner.StandingOfAsync(found, false, cancellationToken), EventOperations.View))
        {
            return Result<EventView>.NotFound();
        }
        if (registration is null)
        {
            return Result<EventView>.Conflict(text["NoOffer"]);
        }
        var answered = await AnswerAsync(registration.Id, registration.OfferedAt, accept, cancellationToken);
        return answered.IsOk ? await planner.GetAsync(eventId, cancellationToken) : Result<EventView>.Conflict(answered.Message!);
    }

    /// <summary>What an offer link stands for: the event and whether the offer is still open.</summary>
    public async Task<Result<OfferView>> OfferAsync(string? token, CancellationToken cancellationToken)
    {
        if (offerLinks.Read(token) is not { } claim)
        {
            return Result<OfferView>.NotFound();
        }
        var row = await (from r in db.Set<EventRegistration>().AsNoTracking()
                         join e in db.Set<GuildEvent>() on r.EventId equals e.Id
                         where r.Id == claim.RegistrationId
                         select new { r.Status, r.OfferedAt, r.OfferExpiresAt, r.Guests, e.Id, e.Title, e.StartsAt, e.EndsAt, e.TimeZone })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null || row.OfferedAt != claim.OfferedAt)
        {
            return Result<OfferView>.NotFound();
        }
        var open = row.Status == RegistrationStatus.Offered && row.OfferExpiresAt > clock.GetUtcNow();
        return Result<OfferView>.Ok(new OfferView(row.Id, row.Title, row.StartsAt, row.EndsAt, row.TimeZone, row.Guests, row.OfferExpiresAt, open, row.Status));
    }

    /// <summary>Answers an offer from the mail's signed link, with or without being signed in: the link is the permission.</summary>
    public async Task<Result<OfferView>> AnswerOfferByLinkAsync(string? token, bool accept, CancellationToken cancellationToken)
    {
        if (offerLinks.Read(token) is not { } claim)
        {
            return Result<OfferView>.NotFound();
        }
        var answered = await AnswerAsync(claim.RegistrationId, claim.OfferedAt, accept, cancellationToken);
        if (answered.Status == ResultStatus.NotFound)
        {
            return Result<OfferView>.NotFound();
        }
        return answered.IsOk ? await OfferAsync(token, cancellationToken) : Result<OfferView>.Conflict(answered.Message!);
    }

    private async Task<Result<bool>> AnswerAsync(Guid registrationId, DateTimeOffset? offeredAt, bool accept, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var registration = await db.Set<EventRegistration>().FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken);
        if (registration is null || registration.OfferedAt != offeredAt)
        {
            return Result<bool>.NotFound();
        }
        var now = clock.GetUtcNow();
        if (registration.Status != RegistrationStatus.Offered)
        {
            return Result<bool>.Conflict(text[$"OfferAnswered.{registration.Status}"]);
        }
        if (registration.OfferExpiresAt <= now)
        {
            return Result<bool>.Conflict(text["OfferExpired"]);
        }
        registration.UpdatedAt = now;
        if (accept)
        {
            var found = await db.Set<GuildEvent>().AsNoTracking().FirstAsync(e => e.Id == registration.EventId, cancellationToken);
            registration.Status = RegistrationStatus.Registered;
            registration.WaitingSince = null;
            await ConfirmAsync(found, registration, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            registration.Status = RegistrationStatus.Declined;
            registration.WaitingSince = null;
            await db.SaveChangesAsync(cancellationToken);
            await waitingList.ReleaseAsync(registration.EventId, registration.Places, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }

    /// <summary>An organiser checks a ticket's code in. Twice is safe (the first time is kept and said); a forged code or one of another event changes nothing.</summary>
    public async Task<Result<CheckInView>> CheckInAsync(Guid eventId, CheckInInput input, CancellationToken cancellationToken)
    {
        var found = await db.Set<GuildEvent>().AsNoTracking().Include(e => e.Organisers).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (found is null || !await me.CanAsync(await planner.StandingOfAsync(found, false, cancellationToken), EventOperations.View))
        {
            return Result<CheckInView>.NotFound();
        }
        if (!await me.CanAsync(await planner.StandingOfAsync(found, false, cancellationToken), EventOperations.Organise))
        {
            return Result<CheckInView>.Forbidden();
        }
        var code = NormaliseCode(input.Code);
        if (code.Length == 0)
        {
            return Result<CheckInView>.Invalid("code", text["CodeRequired"]);
        }
        var row = code.Length == EventRegistration.TicketCodeLength
            ? await (from r in db.Set<EventRegistration>()
                     join p in db.Set<Person>() on r.PersonId equals p.Id
                     where r.EventId == eventId && r.TicketCode == code
                     select new { Registration = r, Name = p.GivenName + " " + p.FamilyName }).FirstOrDefaultAsync(cancellationToken)
            : null;
        // The stored code is recomputed from the event's key: a row whose code does not match its signature was not made by Guild.
        if (row is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(TicketCode(found.TicketKey, row.Registration.Id)),
                System.Text.Encoding.ASCII.GetBytes(code)))
        {
            return Result<CheckInView>.Invalid("code", text["CodeUnknown"]);
        }
        var registration = row.Registration;
        if (registration.CheckedInAt is { } before)
        {
            return Result<CheckInView>.Ok(new CheckInView(registration.Id, row.Name, registration.Guests, before, AlreadyCheckedIn: true));
        }
        if (registration.Status != RegistrationStatus.Registered)
        {
            return Result<CheckInView>.Invalid("code", text[$"CodeNotRegistered.{registration.Status}"]);
        }
        var now = clock.GetUtcNow();
        var stamped = await db.Set<EventRegistration>().Where(r => r.Id == registration.Id && r.CheckedInAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CheckedInAt, now).SetProperty(r => r.CheckedInById, me.Id), cancellationToken);
        if (stamped == 0)
        {
            // Two phones scanned the same ticket at once: the other one was first.
            var first = await db.Set<EventRegistration>().AsNoTracking().Where(r => r.Id == registration.Id).Select(r => r.CheckedInAt).FirstAsync(cancellationToken);
            return Result<CheckInView>.Ok(new CheckInView(registration.Id, row.Name, registration.Guests, first!.Value, AlreadyCheckedIn: true));
        }
        await recorder.AddAsync(db, new LearningAct(new LearningActor(registration.PersonId, row.Name), LearningVerbs.Attended, ActivityOf(found)) { At = now },
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Result<CheckInView>.Ok(new CheckInView(registration.Id, row.Name, registration.Guests, now, AlreadyCheckedIn: false));
    }

    /// <summary>Who registered, waits and came (organisers and L&amp;D admins only).</summary>
    public async Task<Result<IReadOnlyList<AttendeeView>>> AttendeesAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var found = await db.Set<GuildEvent>().AsNoTracking().Include(e => e.Organisers).FirstOrDefaultAsync(e => e.Id == eventId, cancellationToken);
        if (found is null || !await me.CanAsync(await planner.StandingOfAsync(found, false, cancellationToken), EventOperations.View))
        {
            return Result<IReadOnlyList<AttendeeView>>.NotFound();
        }
        if (!await me.CanAsync(await planner.StandingOfAsync(found, false, cancellationToken), EventOperations.Organise))
        {
            return Result<IReadOnlyList<AttendeeView>>.Forbidden();
        }
        var rows = await (from r in db.Set<EventRegistration>().AsNoTracking()
                          join p in db.Set<Person>() on r.PersonId equals p.Id
                          where r.EventId == eventId
                          orderby p.SortKey
                          select new AttendeeView(r.Id, p.Id, p.GivenName + " " + p.FamilyName, r.Status, r.Guests, r.WaitingSince, r.CheckedInAt))
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<AttendeeView>>.Ok(rows.OrderBy(r => r.Status).ThenBy(r => r.WaitingSince).ToList());
    }

    /// <summary>The caller's ticket for an event: its code, while they have a place.</summary>
    public async Task<Result<TicketView>> TicketAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        var row = await (from r in db.Set<EventRegistration>().AsNoTracking()
                         join e in db.Set<GuildEvent>().Where(SpaceCalendar.VisibleTo(db, myId)) on r.EventId equals e.Id
                         where r.EventId == eventId && r.PersonId == myId && r.Status == RegistrationStatus.Registered
                         select new TicketView(e.Id, e.Title, e.StartsAt, e.TimeZone, e.Room, r.Guests, r.TicketCode, r.CheckedInAt))
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? Result<TicketView>.NotFound() : Result<TicketView>.Ok(row);
    }

    /// <summary>A place taken: the learning record and the invitation (METHOD:REQUEST) join the unit of work.</summary>
    private async Task ConfirmAsync(GuildEvent found, EventRegistration registration, CancellationToken cancellationToken)
    {
        var name = await db.Set<Person>().Where(p => p.Id == registration.PersonId).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
        await recorder.AddAsync(db, new LearningAct(new LearningActor(registration.PersonId, name), LearningVerbs.Registered, ActivityOf(found)),
            cancellationToken);
        await mails.QueueInvitationAsync(found, registration, cancellationToken);
    }

    /// <summary>The learning-record activity of an event (type meeting).</summary>
    public static LearningActivity ActivityOf(GuildEvent found) => new($"events/{found.Id:D}", LearningActivityTypes.Meeting, new(found.Title, found.Title));

    /// <summary>
    /// A ticket's code: the first 10 bytes of an HMAC-SHA256 of the registration's id under the event's key, in Crockford-free base32
    /// (16 letters and digits, easy to type). It reveals no id and cannot be made without the key.
    /// </summary>
    public static string TicketCode(byte[] eventKey, Guid registrationId)
    {
        Span<byte> id = stackalloc byte[16];
        registrationId.TryWriteBytes(id);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(eventKey, id, mac);
        return Base32(mac[..10]);
    }

    /// <summary>A typed or scanned code as stored: upper case, without spaces or dashes (tickets print it in groups of four).</summary>
    public static string NormaliseCode(string? code) =>
        code is null || code.Length > 200 ? "" : new string([.. code.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var output = new char[bytes.Length * 8 / 5];
        var (buffer, bits, index) = (0, 0, 0);
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output[index++] = alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        return new string(output);
    }
}

/// <summary>An offer as its link shows it.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Title">Its title.</param>
/// <param name="StartsAt">Its start.</param>
/// <param name="EndsAt">Its end.</param>
/// <param name="TimeZone">Its time zone.</param>
/// <param name="Guests">Guests the place is for.</param>
/// <param name="ExpiresAt">Until when the offer holds.</param>
/// <param name="Open">Whether it can still be answered.</param>
/// <param name="Status">The registration's status now.</param>
public sealed record OfferView(Guid EventId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, int Guests, DateTimeOffset? ExpiresAt, bool Open,
    RegistrationStatus Status);

/// <summary>A person's ticket.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Title">Its title.</param>
/// <param name="StartsAt">Its start.</param>
/// <param name="TimeZone">Its time zone.</param>
/// <param name="Room">Its room.</param>
/// <param name="Guests">Guests on the ticket.</param>
/// <param name="Code">The code the QR code holds.</param>
/// <param name="CheckedInAt">When it was checked in.</param>
public sealed record TicketView(Guid EventId, string Title, DateTimeOffset StartsAt, string TimeZone, string? Room, int Guests, string Code,
    DateTimeOffset? CheckedInAt)
{
    /// <summary>The code in groups of four, as printed under the QR code.</summary>
    public string Printed => string.Join('-', Enumerable.Range(0, Code.Length / 4).Select(i => Code.Substring(i * 4, 4)));
}

/// <summary>What an offer link says: which registration, and which offer (a newer offer to the same person has another moment).</summary>
public sealed record OfferClaim(Guid RegistrationId, DateTimeOffset OfferedAt);

/// <summary>
/// The signed links of an offer mail: the registration and the moment of the offer, protected by the key ring every node shares under
/// this purpose alone. The link works once (after an answer the offer is no longer open) and only for that offer.
/// </summary>
public sealed class OfferLinks(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Guild.Events.Offer.v1");

    public string Create(Guid registrationId, DateTimeOffset offeredAt)
    {
        var payload = new byte[24];
        registrationId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), offeredAt.UtcTicks);
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload));
    }

    public OfferClaim? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }
        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return payload.Length != 24 ? null
                : new OfferClaim(new Guid(payload.AsSpan(0, 16)), new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16)), TimeSpan.Zero));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
