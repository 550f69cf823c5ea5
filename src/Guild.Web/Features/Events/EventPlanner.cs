using System.Security.Cryptography;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Events;

/// <summary>
/// Creating, changing and cancelling events, and reading them as the caller may see them. Every check goes through
/// <see cref="EventRule"/>. A change calendars must follow raises the event's SEQUENCE and tells the people concerned
/// (<see cref="EventMails"/>); a new time reschedules the reminders. Reads take a pooled context (pages render them).
/// </summary>
public sealed class EventPlanner(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, OrganisationProfile organisation,
    EventMails mails, WaitingList waitingList, IStringLocalizer<EventsText> text)
{
    /// <summary>The upcoming events (and those of the last day), soonest first, with the caller's registration.</summary>
    public async Task<IReadOnlyList<EventView>> UpcomingAsync(CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(EventStanding.New, EventOperations.View))
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var myId = me.IdOrNull ?? Guid.Empty;
        return await ReadAsync(read, read.Set<GuildEvent>().Where(e => e.EndsAt > now).Where(SpaceCalendar.VisibleTo(read, myId))
            .OrderBy(e => e.StartsAt).Take(200), cancellationToken);
    }

    /// <summary>A community space's events that have not ended, soonest first (at most <paramref name="take"/>), as the caller may see them.</summary>
    public async Task<IReadOnlyList<EventView>> InSpaceAsync(Guid spaceId, int take, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(EventStanding.New, EventOperations.View))
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var myId = me.IdOrNull ?? Guid.Empty;
        return await ReadAsync(read, read.Set<GuildEvent>().Where(e => e.SpaceId == spaceId && e.EndsAt > now && e.Status == EventStatus.Scheduled)
            .Where(SpaceCalendar.VisibleTo(read, myId)).OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Take(take), cancellationToken);
    }

    /// <summary>The caller's registrations (and events they organise): upcoming first, then the latest past ones.</summary>
    public async Task<IReadOnlyList<EventView>> MineAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId || !await me.CanAsync(EventStanding.New, EventOperations.View))
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var mine = read.Set<GuildEvent>().Where(e => read.Set<EventRegistration>().Any(r => r.EventId == e.Id && r.PersonId == myId)
            || e.Organisers.Any(o => o.PersonId == myId)).Where(SpaceCalendar.VisibleTo(read, myId));
        var now = clock.GetUtcNow();
        var events = await ReadAsync(read, mine.OrderByDescending(e => e.StartsAt).Take(200), cancellationToken);
        return events.OrderBy(e => e.EndsAt < now).ThenBy(e => e.EndsAt < now ? -e.StartsAt.UtcTicks : e.StartsAt.UtcTicks).ToList();
    }

    /// <summary>One event, or not found (also for people who may not see events).</summary>
    public async Task<Result<EventView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await ReadAsync(read, read.Set<GuildEvent>().Where(e => e.Id == id), cancellationToken);
        return found.Count == 0 ? Result<EventView>.NotFound() : Result<EventView>.Ok(found[0]);
    }

    /// <summary>Creates an event with the caller as its (first) organiser, and schedules its reminders.</summary>
    public async Task<Result<EventView>> CreateAsync(EventInput input, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(EventStanding.New, EventOperations.Create))
        {
            return Result<EventView>.Forbidden();
        }
        var (checkedInput, errors) = await CheckAsync(input, null, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<EventView>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        var planned = checkedInput!;
        var created = new GuildEvent
        {
            Id = Guid.CreateVersion7(), Title = planned.Title, Description = planned.Description, StartsAt = planned.StartsAt, EndsAt = planned.EndsAt,
            TimeZone = planned.TimeZone, Online = planned.Online, MeetingLink = planned.MeetingLink, Room = planned.Room, Capacity = planned.Capacity,
            MaxGuests = planned.MaxGuests, Status = EventStatus.Scheduled, Sequence = 0, TicketKey = RandomNumberGenerator.GetBytes(32),
            CreatedById = me.Id, CreatedAt = now, UpdatedAt = now, SpaceId = planned.SpaceId,
        };
        created.Organisers.AddRange(planned.OrganiserIds.Prepend(me.Id).Distinct().Select(p => new EventOrganiser { PersonId = p }));
        created.Components.AddRange(planned.ComponentIds.Select(c => new EventComponent { ComponentId = c }));
        db.Add(created);
        mails.ScheduleReminders(created);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(created.Id, cancellationToken);
    }

    /// <summary>
    /// Changes an event (its organisers and L&amp;D admins, never once it is over). A change calendars follow raises SEQUENCE and tells
    /// everyone with a place whose calendar may not have seen it; more places go to the waiting list at once.
    /// </summary>
    public async Task<Result<EventView>> UpdateAsync(Guid id, EventInput input, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await db.Set<GuildEvent>().Include(e => e.Organisers).Include(e => e.Components).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (found is null || !await me.CanAsync(await StandingOfAsync(found, false, cancellationToken), EventOperations.View))
        {
            return Result<EventView>.NotFound();
        }
        if (!await me.CanAsync(await StandingOfAsync(found, false, cancellationToken), EventOperations.Edit))
        {
            return Result<EventView>.Forbidden(found.Status == EventStatus.Cancelled ? text["CancelledReadOnly"].Value : Past(found) ? text["PastReadOnly"].Value : null);
        }
        var (checkedInput, errors) = await CheckAsync(input, found, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<EventView>.Invalid(errors);
        }
        var planned = checkedInput!;
        if (planned.Capacity is { } capacity && capacity < found.Taken)
        {
            return Result<EventView>.Invalid("capacity", text["CapacityBelowTaken", found.Taken]);
        }
        var calendarChange = found.Title != planned.Title || found.Description != planned.Description || found.StartsAt != planned.StartsAt
            || found.EndsAt != planned.EndsAt || found.TimeZone != planned.TimeZone || found.Online != planned.Online
            || found.MeetingLink != planned.MeetingLink || found.Room != planned.Room;
        var timeChanged = found.StartsAt != planned.StartsAt;
        var morePlaces = planned.Capacity is null ? found.Capacity is not null : found.Capacity is { } old && planned.Capacity > old;
        (found.Title, found.Description, found.StartsAt, found.EndsAt, found.TimeZone) =
            (planned.Title, planned.Description, planned.StartsAt, planned.EndsAt, planned.TimeZone);
        (found.Online, found.MeetingLink, found.Room, found.Capacity, found.MaxGuests) =
            (planned.Online, planned.MeetingLink, planned.Room, planned.Capacity, planned.MaxGuests);
        found.SpaceId = planned.SpaceId;
        found.Organisers.RemoveAll(o => !planned.OrganiserIds.Contains(o.PersonId) && o.PersonId != found.CreatedById);
        found.Organisers.AddRange(planned.OrganiserIds.Where(p => found.Organisers.All(o => o.PersonId != p)).Select(p => new EventOrganiser { PersonId = p }));
        found.Components.RemoveAll(c => !planned.ComponentIds.Contains(c.ComponentId));
        found.Components.AddRange(planned.ComponentIds.Where(c => found.Components.All(k => k.ComponentId != c)).Select(c => new EventComponent { ComponentId = c }));
        found.UpdatedAt = clock.GetUtcNow();
        if (calendarChange)
        {
            found.Sequence++;
            await mails.QueueChangedAsync(found, cancellationToken);
        }
        if (timeChanged)
        {
            mails.ScheduleReminders(found);
        }
        // Capacity is checked against the counter in the same statement that sets it, so a registration committing meanwhile cannot overbook.
        if (planned.Capacity is { } newCapacity
            && await db.Set<GuildEvent>().Where(e => e.Id == id && e.Taken <= newCapacity).ExecuteUpdateAsync(s => s.SetProperty(e => e.Capacity, newCapacity), cancellationToken) == 0)
        {
            return Result<EventView>.Invalid("capacity", text["CapacityBelowTaken", found.Taken]);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (morePlaces)
        {
            await waitingList.OfferFreedPlacesAsync(id, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Calls an event off: it stays (cancelled) in feeds for a grace period; everyone with a place or waiting gets a METHOD:CANCEL mail.</summary>
    public async Task<Result<EventView>> CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await db.Set<GuildEvent>().Include(e => e.Organisers).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (found is null || !await me.CanAsync(await StandingOfAsync(found, false, cancellationToken), EventOperations.View))
        {
            return Result<EventView>.NotFound();
        }
        if (!await me.CanAsync(await StandingOfAsync(found, false, cancellationToken), EventOperations.Edit))
        {
            return Result<EventView>.Forbidden(found.Status == EventStatus.Cancelled ? text["CancelledReadOnly"].Value : Past(found) ? text["PastReadOnly"].Value : null);
        }
        var now = clock.GetUtcNow();
        found.Status = EventStatus.Cancelled;
        found.CancelledAt = now;
        found.UpdatedAt = now;
        found.Sequence++;
        await mails.QueueCancelledAsync(found, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>The standing of a loaded event for the rule, with where the caller stands in its space.</summary>
    internal async Task<EventStanding> StandingOfAsync(GuildEvent found, bool holdsPlace, CancellationToken cancellationToken) =>
        new(found.Organisers.Select(o => o.PersonId).ToList(), holdsPlace, Past(found), found.Status == EventStatus.Cancelled,
            found.SpaceId is { } spaceId ? await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken) : null);

    private bool Past(GuildEvent found) => found.EndsAt <= clock.GetUtcNow();

    /// <summary>Reads events with their organisers, components, counts and the caller's registration in one query.</summary>
    private async Task<IReadOnlyList<EventView>> ReadAsync(GuildDb read, IQueryable<GuildEvent> events, CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        var rows = await events.Select(e => new
        {
            Event = e,
            Organisers = e.Organisers.Join(read.Set<Person>(), o => o.PersonId, p => p.Id, (o, p) => new EventPersonView(p.Id, p.GivenName + " " + p.FamilyName)).ToList(),
            Components = e.Components.Join(read.Set<KnowHowComponent>(), c => c.ComponentId, k => k.Id, (c, k) => new EventComponentView(k.Id, k.Name)).ToList(),
            Waiting = read.Set<EventRegistration>().Count(r => r.EventId == e.Id && r.Status == RegistrationStatus.Waiting),
            Mine = read.Set<EventRegistration>().Where(r => r.EventId == e.Id && r.PersonId == myId)
                .Select(r => new { r.Id, r.Status, r.Guests, r.WaitingSince, r.OfferExpiresAt, r.CheckedInAt }).FirstOrDefault(),
            Space = read.Set<Space>().Where(s => s.Id == e.SpaceId).Select(s => new { s.Id, s.Name, s.Slug, s.Kind }).FirstOrDefault(),
            InSpace = read.Set<SpaceMember>().Where(m => m.SpaceId == e.SpaceId && m.PersonId == myId).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
        }).AsNoTracking().AsSingleQuery().ToListAsync(cancellationToken);
        // Waiting positions only for the caller's own waiting registrations (one more query, only then).
        var waitingIds = rows.Where(r => r.Mine?.Status == RegistrationStatus.Waiting).Select(r => r.Event.Id).ToList();
        var positions = waitingIds.Count == 0 ? [] : await read.Set<EventRegistration>()
            .Where(r => waitingIds.Contains(r.EventId) && r.Status == RegistrationStatus.Waiting)
            .Select(r => new { r.EventId, r.PersonId, r.WaitingSince, r.Id }).AsNoTracking().ToListAsync(cancellationToken);
        var views = new List<EventView>(rows.Count);
        foreach (var row in rows)
        {
            var e = row.Event;
            var holdsPlace = row.Mine is { Status: RegistrationStatus.Registered or RegistrationStatus.Offered };
            var space = row.Space is { } s ? new SpaceStanding(s.Id, s.Kind, row.InSpace?.Status, row.InSpace?.IsModerator ?? false) : null;
            var standing = new EventStanding(row.Organisers.Select(o => o.Id).ToList(), holdsPlace, Past(e), e.Status == EventStatus.Cancelled, space);
            if (!await me.CanAsync(standing, EventOperations.View))
            {
                continue;
            }
            MyRegistrationView? mine = null;
            if (row.Mine is { } m)
            {
                int? position = m.Status == RegistrationStatus.Waiting
                    ? positions.Where(p => p.EventId == e.Id).OrderBy(p => p.WaitingSince).ThenBy(p => p.Id).Select((p, i) => (p.PersonId, i)).First(p => p.PersonId == myId).i + 1
                    : null;
                mine = new MyRegistrationView(m.Id, m.Status, m.Guests, position, m.OfferExpiresAt, m.CheckedInAt);
            }
            var link = e.Online && await me.CanAsync(standing, EventOperations.SeeMeetingLink) ? e.MeetingLink : null;
            views.Add(new EventView(e.Id, e.Title, e.Description, e.StartsAt, e.EndsAt, e.TimeZone, e.Online, link, e.Room, e.Capacity, e.Taken, row.Waiting,
                e.MaxGuests, e.Status, e.Sequence, row.Organisers, row.Components, mine, await me.CanAsync(standing, EventOperations.Edit),
                await me.CanAsync(standing, EventOperations.Organise), Past(e), e.UpdatedAt,
                row.Space is { } named && await me.CanAsync(standing, EventOperations.SeeSpace) ? new EventSpaceView(named.Id, named.Name, named.Slug) : null));
        }
        return views;
    }

    private sealed record CheckedEvent(string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, bool Online,
        string? MeetingLink, string? Room, int? Capacity, int MaxGuests, IReadOnlyList<Guid> ComponentIds, IReadOnlyList<Guid> OrganiserIds, Guid? SpaceId);

    /// <summary>Checks every field of an event; each problem is named by its field in the caller's language.</summary>
    private async Task<(CheckedEvent? Checked, Dictionary<string, string[]> Errors)> CheckAsync(EventInput input, GuildEvent? existing, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors["title"] = [text["TitleRequired"]];
        }
        else if (title.Length > GuildEvent.TitleMax)
        {
            errors["title"] = [text["TitleTooLong", GuildEvent.TitleMax]];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length > GuildEvent.DescriptionMax)
        {
            errors["description"] = [text["DescriptionTooLong", GuildEvent.DescriptionMax]];
        }
        var zoneId = string.IsNullOrWhiteSpace(input.TimeZone) ? IanaOf((await organisation.GetAsync(cancellationToken)).TimeZone) : input.TimeZone.Trim();
        TimeZoneInfo? zone = null;
        if (zoneId is null || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone) || !zone.HasIanaId)
        {
            errors["timeZone"] = [text["TimeZoneUnknown"]];
            zone = null;
        }
        DateTimeOffset startsAt = default, endsAt = default;
        if (input.StartsAt is not { } start)
        {
            errors["startsAt"] = [text["StartRequired"]];
        }
        else if (zone is not null)
        {
            startsAt = ToInstant(start, zone);
            // An event may keep its start while it is edited; a new start must lie ahead.
            if (startsAt <= clock.GetUtcNow() && (existing is null || existing.StartsAt != startsAt))
            {
                errors["startsAt"] = [text["StartPast"]];
            }
        }
        if (input.EndsAt is not { } end)
        {
            errors["endsAt"] = [text["EndRequired"]];
        }
        else if (zone is not null && input.StartsAt is not null)
        {
            endsAt = ToInstant(end, zone);
            if (endsAt <= startsAt)
            {
                errors["endsAt"] = [text["EndBeforeStart"]];
            }
            else if (endsAt - startsAt > TimeSpan.FromDays(14))
            {
                errors["endsAt"] = [text["TooLong"]];
            }
        }
        string? link = null, room = null;
        if (input.Online)
        {
            link = input.MeetingLink?.Trim();
            if (string.IsNullOrEmpty(link))
            {
                errors["meetingLink"] = [text["LinkRequired"]];
            }
            else if (link.Length > GuildEvent.LinkMax || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                errors["meetingLink"] = [text["LinkInvalid"]];
            }
        }
        else
        {
            room = input.Room?.Trim();
            if (string.IsNullOrEmpty(room))
            {
                errors["room"] = [text["RoomRequired"]];
            }
            else if (room.Length > GuildEvent.RoomMax)
            {
                errors["room"] = [text["RoomTooLong", GuildEvent.RoomMax]];
            }
            if (input.Capacity is null)
            {
                errors["capacity"] = [text["CapacityRequired"]];
            }
        }
        if (input.Capacity is { } capacity and (< 1 or > GuildEvent.MaxCapacity))
        {
            errors["capacity"] = [text["CapacityRange", GuildEvent.MaxCapacity]];
        }
        var maxGuests = input.MaxGuests ?? 0;
        if (maxGuests is < 0 or > GuildEvent.MaxGuestsLimit)
        {
            errors["maxGuests"] = [text["MaxGuestsRange", GuildEvent.MaxGuestsLimit]];
        }
        var componentIds = (input.ComponentIds ?? []).Distinct().ToList();
        if (componentIds.Count > 20)
        {
            errors["componentIds"] = [text["TooManyComponents"]];
        }
        else if (componentIds.Count > 0
                 && await db.Set<KnowHowComponent>().CountAsync(k => componentIds.Contains(k.Id), cancellationToken) != componentIds.Count)
        {
            errors["componentIds"] = [text["ComponentUnknown"]];
        }
        var organiserIds = (input.OrganiserIds ?? []).Distinct().ToList();
        if (organiserIds.Count > 20)
        {
            errors["organiserIds"] = [text["TooManyOrganisers"]];
        }
        else if (organiserIds.Count > 0
                 && await db.Set<Person>().CountAsync(p => organiserIds.Contains(p.Id) && p.Account.DeactivatedAt == null, cancellationToken) != organiserIds.Count)
        {
            errors["organiserIds"] = [text["OrganiserUnknown"]];
        }
        if (await CheckSpaceAsync(input.SpaceId, existing, cancellationToken) is { } spaceError)
        {
            errors["spaceId"] = [spaceError];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new CheckedEvent(title, description, startsAt, endsAt, zone!.Id, input.Online, link, room, input.Capacity, maxGuests, componentIds, organiserIds,
            input.SpaceId), errors);
    }

    /// <summary>
    /// Whether the caller may put the event in the space (or keep it there): a new space needs <see cref="EventOperations.PlaceInSpace"/> on
    /// it, and taking an event out of its space needs the same on the space it leaves (else a member could make a secret space's event
    /// public). A space the caller may not see reads the same as one that does not exist. Series occurrences and festival workshops belong
    /// to their series or festival.
    /// </summary>
    private async Task<string?> CheckSpaceAsync(Guid? spaceId, GuildEvent? existing, CancellationToken cancellationToken)
    {
        if (spaceId == existing?.SpaceId)
        {
            return null;
        }
        if (existing is { SeriesId: not null } or { FestivalId: not null })
        {
            return text["SpaceNotForSeries"];
        }
        foreach (var (id, message) in new[] { (existing?.SpaceId, "SpaceMayNotLeave"), (spaceId, "SpaceNotAllowed") })
        {
            if (id is not { } checkedId)
            {
                continue;
            }
            var space = await CommunitySpaces.StandingAsync(db, checkedId, me.IdOrNull, cancellationToken);
            if (space is null || !await me.CanAsync(EventStanding.New with { Space = space }, EventOperations.PlaceInSpace))
            {
                return text[message];
            }
        }
        return null;
    }

    /// <summary>A wall-clock time in a zone as a UTC instant (a time skipped by a clock change moves forward by the gap).</summary>
    public static DateTimeOffset ToInstant(DateTime wallClock, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The IANA id of a zone, when it has one.</summary>
    public static string? IanaOf(TimeZoneInfo zone) =>
        zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : null;
}
