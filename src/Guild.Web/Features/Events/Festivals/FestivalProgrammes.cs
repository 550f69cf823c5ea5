using System.Security.Cryptography;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>
/// Festivals and their programmes: creating a festival with rooms and partner organisations, adding workshops (each a
/// <see cref="GuildEvent"/> whose places are split into a pool per partner and the general pool), changing a partner's quota, and
/// reading the programme as the caller may see it (in two queries). Every check goes through <see cref="FestivalRule"/>.
/// </summary>
public sealed class FestivalProgrammes(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, OrganisationProfile organisation, EventMails mails,
    Platform.Jobs.JobQueue jobs, AuditLog audit, EventPlanner planner, Microsoft.AspNetCore.Identity.ILookupNormalizer normalizer, IStringLocalizer<FestivalsText> text)
{
    /// <summary>The festivals the caller may see: published ones (drafts too for organisers), a partner guest only their own.</summary>
    public async Task<IReadOnlyList<FestivalSummaryView>> ListAsync(CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        var organiser = await me.CanAsync(FestivalStanding.New, FestivalOperations.Organise);
        var member = me.IsInRole(Roles.Employee);
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await read.Set<Festival>().AsNoTracking()
            .Where(f => organiser || (f.Status == FestivalStatus.Published
                && (member || read.Set<FestivalPartnerMember>().Any(m => m.PersonId == myId && f.Partners.Any(p => p.Id == m.PartnerId)))))
            .OrderByDescending(f => f.FirstDay).Take(100)
            .Select(f => new FestivalSummaryView(f.Id, f.Name, f.FirstDay, f.LastDay, f.Status, read.Set<GuildEvent>().Count(e => e.FestivalId == f.Id)))
            .ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>The standing of a festival for the caller, or null when there is no such festival.</summary>
    public async Task<(Festival Festival, FestivalStanding Standing, Guid? MyPartnerId)?> FindAsync(GuildDb context, Guid festivalId, CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        var row = await context.Set<Festival>().AsNoTracking().Where(f => f.Id == festivalId)
            .Select(f => new
            {
                Festival = f,
                MyPartnerId = context.Set<FestivalPartnerMember>().Where(m => m.PersonId == myId && f.Partners.Any(p => p.Id == m.PartnerId))
                    .Select(m => (Guid?)m.PartnerId).FirstOrDefault(),
            }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Festival, new FestivalStanding(row.Festival.Status == FestivalStatus.Published, row.MyPartnerId is not null), row.MyPartnerId);
    }

    /// <summary>A festival's programme: rooms, partners and every workshop with its places, hosts and the caller's part in it.</summary>
    public async Task<Result<ProgrammeView>> ProgrammeAsync(Guid festivalId, CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        // First query: the festival with its rooms, partners and the caller's partner organisation.
        var head = await read.Set<Festival>().AsNoTracking().Where(f => f.Id == festivalId)
            .Select(f => new
            {
                Festival = f,
                Rooms = f.Rooms.OrderBy(r => r.Position).ThenBy(r => r.Name).Select(r => new FestivalRoomView(r.Id, r.Name, r.Capacity)).ToList(),
                Partners = f.Partners.OrderBy(p => p.Name).Select(p => new FestivalPartnerView(p.Id, p.Name, p.LogoUrl, p.QuotaPerWorkshop)).ToList(),
                MyPartnerId = read.Set<FestivalPartnerMember>().Where(m => m.PersonId == myId && f.Partners.Any(p => p.Id == m.PartnerId))
                    .Select(m => (Guid?)m.PartnerId).FirstOrDefault(),
            }).AsSingleQuery().FirstOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return Result<ProgrammeView>.NotFound();
        }
        var standing = new FestivalStanding(head.Festival.Status == FestivalStatus.Published, head.MyPartnerId is not null);
        if (!await me.CanAsync(standing, FestivalOperations.View))
        {
            return Result<ProgrammeView>.NotFound();
        }
        var canOrganise = await me.CanAsync(standing, FestivalOperations.Organise);
        var canRegister = await me.CanAsync(standing, FestivalOperations.Register);
        // Second query: every workshop with its room, hosts, components, pools and whether it is in the caller's schedule.
        var rows = await (from e in read.Set<GuildEvent>().AsNoTracking()
                          join w in read.Set<FestivalWorkshop>() on e.Id equals w.EventId
                          join r in read.Set<FestivalRoom>() on w.RoomId equals r.Id
                          where e.FestivalId == festivalId
                          orderby e.StartsAt, r.Position, r.Name
                          select new
                          {
                              e.Id, e.Title, e.StartsAt, e.EndsAt, w.RoomId, Room = r.Name, e.Capacity, e.Taken, w.PartnerId, e.Status,
                              Hosts = w.Hosts.Join(read.Set<Person>(), h => h.PersonId, p => p.Id, (h, p) => new EventPersonView(p.Id, p.GivenName + " " + p.FamilyName)).ToList(),
                              Components = e.Components.Join(read.Set<KnowHowComponent>(), c => c.ComponentId, k => k.Id, (c, k) => new EventComponentView(k.Id, k.Name)).ToList(),
                              Pools = read.Set<FestivalPlacePool>().Where(p => p.EventId == e.Id).Select(p => new { p.PartnerId, p.Quota, p.Taken, p.ReturnedAt }).ToList(),
                              Mine = read.Set<FestivalScheduleEntry>().Any(s => s.EventId == e.Id && s.PersonId == myId),
                          }).AsSingleQuery().ToListAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(head.Festival.TimeZone);
        var workshops = rows.Select(row =>
        {
            var pools = row.Pools.Select(p => new PlacePoolView(p.PartnerId == FestivalPlacePool.GeneralPool ? null : p.PartnerId, p.Quota, p.Taken, p.ReturnedAt is not null)).ToList();
            return new WorkshopView(row.Id, row.Title, row.StartsAt, row.EndsAt, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(row.StartsAt, zone).DateTime), row.RoomId,
                row.Room, row.Capacity ?? 0, row.Taken, FestivalPlaces.PlacesFor(pools, head.MyPartnerId), row.Hosts, row.PartnerId, row.Components, row.Mine,
                row.Status == EventStatus.Cancelled, canOrganise ? pools : []);
        }).ToList();
        var f = head.Festival;
        return Result<ProgrammeView>.Ok(new ProgrammeView(f.Id, f.Name, f.Description, f.FirstDay, f.LastDay, f.TimeZone, f.Status, f.QuotaReturnDays, head.Rooms,
            head.Partners, workshops, head.MyPartnerId, canOrganise, canRegister));
    }

    /// <summary>Creates a festival with its rooms and partner organisations (L&amp;D admins).</summary>
    public async Task<Result<ProgrammeView>> CreateAsync(FestivalInput input, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(FestivalStanding.New, FestivalOperations.Organise))
        {
            return Result<ProgrammeView>.Forbidden();
        }
        var errors = new Dictionary<string, string[]>();
        var zoneId = string.IsNullOrWhiteSpace(input.TimeZone) ? EventPlanner.IanaOf((await organisation.GetAsync(cancellationToken)).TimeZone) : input.TimeZone.Trim();
        var (name, description, rooms) = CheckFestival(input.Name, input.Description, input.FirstDay, input.LastDay, zoneId, input.QuotaReturnDays, input.Rooms, errors);
        var partners = input.Partners ?? [];
        if (partners.Count > 20 || partners.Any(p => p is null || string.IsNullOrWhiteSpace(p.Name) || p.Name.Trim().Length > FestivalPartner.NameMax
                || p.QuotaPerWorkshop is not (>= 0 and <= 10_000) || (p.LogoUrl is { Length: > 0 } logo && !IsHttps(logo)))
            || partners.Select(p => p.Name!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != partners.Count)
        {
            errors["partners"] = [text["PartnersInvalid"]];
        }
        if (errors.Count > 0)
        {
            return Result<ProgrammeView>.Invalid(errors);
        }
        var festival = new Festival
        {
            Id = Guid.CreateVersion7(), Name = name, Description = description, FirstDay = input.FirstDay!.Value, LastDay = input.LastDay!.Value, TimeZone = zoneId!,
            Status = input.Published ? FestivalStatus.Published : FestivalStatus.Draft, QuotaReturnDays = input.QuotaReturnDays ?? 3, CreatedById = me.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        festival.Rooms.AddRange(rooms.Select((r, i) => new FestivalRoom { Id = Guid.CreateVersion7(), Name = r.Name!.Trim(), Capacity = r.Capacity!.Value, Position = i }));
        festival.Partners.AddRange(partners.Select(p => new FestivalPartner
        {
            Id = Guid.CreateVersion7(), Name = p.Name!.Trim(), LogoUrl = string.IsNullOrWhiteSpace(p.LogoUrl) ? null : p.LogoUrl.Trim(), QuotaPerWorkshop = p.QuotaPerWorkshop!.Value,
        }));
        db.Add(festival);
        await db.SaveChangesAsync(cancellationToken);
        return await ProgrammeAsync(festival.Id, cancellationToken);
    }

    /// <summary>Checks a festival's own fields (creating and changing it alike); what is wrong goes into <paramref name="errors"/>.</summary>
    private (string Name, string Description, IReadOnlyList<FestivalRoomInput> Rooms) CheckFestival(string? nameInput, string? descriptionInput, DateOnly? firstDay,
        DateOnly? lastDay, string? zoneId, int? quotaReturnDays, IReadOnlyList<FestivalRoomInput>? roomInput, Dictionary<string, string[]> errors)
    {
        var name = nameInput?.Trim() ?? "";
        if (name.Length is 0 or > Festival.NameMax)
        {
            errors["name"] = [text["NameRequired", Festival.NameMax]];
        }
        var description = descriptionInput?.Trim() ?? "";
        if (description.Length > Festival.DescriptionMax)
        {
            errors["description"] = [text["DescriptionTooLong", Festival.DescriptionMax]];
        }
        if (firstDay is not { } first || lastDay is not { } last || last < first || last.DayNumber - first.DayNumber > 14)
        {
            errors["lastDay"] = [text["DaysInvalid"]];
        }
        if (zoneId is null || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) || !zone.HasIanaId)
        {
            errors["timeZone"] = [text["TimeZoneUnknown"]];
        }
        if (quotaReturnDays is < 0 or > 60)
        {
            errors["quotaReturnDays"] = [text["QuotaReturnDaysRange"]];
        }
        var rooms = roomInput ?? [];
        if (rooms.Count is 0 or > 50 || rooms.Any(r => r is null || string.IsNullOrWhiteSpace(r.Name) || r.Name.Trim().Length > FestivalRoom.NameMax || r.Capacity is not (>= 1 and <= 10_000))
            || rooms.Select(r => r.Name!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != rooms.Count)
        {
            errors["rooms"] = [text["RoomsInvalid"]];
        }
        return (name, description, rooms);
    }

    /// <summary>
    /// Changes a festival's own fields and rooms (L&amp;D admins). Its workshops stay valid: the days must still hold them, the zone is fixed once
    /// there are workshops (their wall-clock times would move), and a room with workshops can neither go nor become smaller than they are.
    /// </summary>
    public async Task<Result<ProgrammeView>> UpdateAsync(Guid festivalId, FestivalChangeInput input, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<ProgrammeView>.NotFound();
        }
        if (!await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<ProgrammeView>.Forbidden();
        }
        var errors = new Dictionary<string, string[]>();
        var zoneId = string.IsNullOrWhiteSpace(input.TimeZone) ? found.Festival.TimeZone : input.TimeZone.Trim();
        var (name, description, rooms) = CheckFestival(input.Name, input.Description, input.FirstDay, input.LastDay, zoneId, input.QuotaReturnDays, input.Rooms, errors);
        var festival = await db.Set<Festival>().Include(f => f.Rooms).FirstAsync(f => f.Id == festivalId, cancellationToken);
        var workshops = await (from w in db.Set<FestivalWorkshop>()
                               join e in db.Set<GuildEvent>() on w.EventId equals e.Id
                               where w.FestivalId == festivalId
                               select new { w.RoomId, e.StartsAt, e.Capacity }).AsNoTracking().ToListAsync(cancellationToken);
        if (workshops.Count > 0 && zoneId != festival.TimeZone && !errors.ContainsKey("timeZone"))
        {
            errors["timeZone"] = [text["TimeZoneFixed"]];
        }
        if (!errors.ContainsKey("lastDay") && workshops.Count > 0)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(festival.TimeZone);
            var days = workshops.Select(w => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(w.StartsAt, zone).DateTime)).ToList();
            if (days.Min() < input.FirstDay || days.Max() > input.LastDay)
            {
                errors["lastDay"] = [text["WorkshopsOutsideDays"]];
            }
        }
        if (!errors.ContainsKey("rooms"))
        {
            foreach (var room in festival.Rooms)
            {
                var used = workshops.Where(w => w.RoomId == room.Id).Select(w => w.Capacity ?? 0).DefaultIfEmpty(-1).Max();
                var kept = rooms.FirstOrDefault(r => string.Equals(r.Name!.Trim(), room.Name, StringComparison.OrdinalIgnoreCase));
                if (used >= 0 && (kept is null || kept.Capacity < used))
                {
                    errors["rooms"] = [text["RoomInUse", room.Name, used]];
                    break;
                }
            }
        }
        if (errors.Count > 0)
        {
            return Result<ProgrammeView>.Invalid(errors);
        }
        (festival.Name, festival.Description, festival.FirstDay, festival.LastDay, festival.TimeZone, festival.QuotaReturnDays) =
            (name, description, input.FirstDay!.Value, input.LastDay!.Value, zoneId!, input.QuotaReturnDays ?? festival.QuotaReturnDays);
        var position = 0;
        foreach (var wanted in rooms)
        {
            var roomName = wanted.Name!.Trim();
            var room = festival.Rooms.FirstOrDefault(r => string.Equals(r.Name, roomName, StringComparison.OrdinalIgnoreCase));
            if (room is null)
            {
                festival.Rooms.Add(new FestivalRoom { Id = Guid.CreateVersion7(), Name = roomName, Capacity = wanted.Capacity!.Value, Position = position });
            }
            else
            {
                (room.Name, room.Capacity, room.Position) = (roomName, wanted.Capacity!.Value, position);
            }
            position++;
        }
        var gone = festival.Rooms.Where(r => !rooms.Any(w => string.Equals(w.Name!.Trim(), r.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        db.RemoveRange(gone);
        await db.SaveChangesAsync(cancellationToken);
        return await ProgrammeAsync(festivalId, cancellationToken);
    }

    /// <summary>Publishes a draft festival (its programme opens to everyone and its partners' guests).</summary>
    public async Task<Result<ProgrammeView>> PublishAsync(Guid festivalId, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<ProgrammeView>.NotFound();
        }
        if (!await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<ProgrammeView>.Forbidden();
        }
        await db.Set<Festival>().Where(f => f.Id == festivalId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FestivalStatus.Published), cancellationToken);
        return await ProgrammeAsync(festivalId, cancellationToken);
    }

    /// <summary>
    /// Adds a workshop in a room and time slot of the festival: an event with the festival's zone, the room's name as its place, the caller as
    /// its organiser, and its places split into a pool per partner (their quota, as far as places go) and the general pool (the rest).
    /// A slot taken in that room is refused.
    /// </summary>
    public async Task<Result<WorkshopView>> AddWorkshopAsync(Guid festivalId, WorkshopInput input, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<WorkshopView>.NotFound();
        }
        if (!await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<WorkshopView>.Forbidden();
        }
        var (slot, partners, errors) = await CheckWorkshopAsync(found.Festival, input, null, cancellationToken);
        if (slot is null)
        {
            return Result<WorkshopView>.Invalid(errors);
        }
        var (festival, room, title, description, startsAt, endsAt, capacity, hostIds, componentIds) =
            (found.Festival, slot.Room, slot.Title, slot.Description, slot.StartsAt, slot.EndsAt, slot.Capacity, slot.HostIds, slot.ComponentIds);
        var now = clock.GetUtcNow();
        var workshop = new GuildEvent
        {
            Id = Guid.CreateVersion7(), Title = title, Description = description, StartsAt = startsAt, EndsAt = endsAt, TimeZone = festival.TimeZone, Online = false,
            Room = room!.Name, Capacity = capacity, MaxGuests = 0, Status = EventStatus.Scheduled, TicketKey = RandomNumberGenerator.GetBytes(32), CreatedById = me.Id,
            CreatedAt = now, UpdatedAt = now, FestivalId = festivalId,
        };
        workshop.Organisers.Add(new EventOrganiser { PersonId = me.Id });
        workshop.Components.AddRange(componentIds.Select(c => new EventComponent { ComponentId = c }));
        db.Add(workshop);
        db.Add(new FestivalWorkshop
        {
            EventId = workshop.Id, FestivalId = festivalId, RoomId = room.Id, PartnerId = slot.PartnerId,
            Hosts = [.. hostIds.Select(h => new FestivalWorkshopHost { EventId = workshop.Id, PersonId = h })],
        });
        db.AddRange(FestivalPlaces.SplitPlaces(workshop.Id, capacity, partners));
        mails.ScheduleReminders(workshop);
        if (partners.Count > 0)
        {
            jobs.Enqueue(QuotaReturnJob.JobKind, new QuotaReturnDue(festivalId), runAfter: startsAt - TimeSpan.FromDays(festival.QuotaReturnDays));
        }
        await db.SaveChangesAsync(cancellationToken);
        var programme = await ProgrammeAsync(festivalId, cancellationToken);
        return Result<WorkshopView>.Ok(programme.Value!.Workshops.First(w => w.Id == workshop.Id));
    }

    /// <summary>A workshop as its form shows it (organisers), or not found when it is not this festival's.</summary>
    public async Task<Result<WorkshopDraftView>> WorkshopDraftAsync(Guid festivalId, Guid workshopId, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<WorkshopDraftView>.NotFound();
        }
        var row = await (from e in db.Set<GuildEvent>().AsNoTracking()
                         join w in db.Set<FestivalWorkshop>() on e.Id equals w.EventId
                         where e.Id == workshopId && w.FestivalId == festivalId
                         select new
                         {
                             e.Id, e.Title, e.Description, e.StartsAt, e.EndsAt, w.RoomId, e.Capacity, e.Status,
                             Hosts = w.Hosts.Join(db.Set<Person>(), h => h.PersonId, p => p.Id, (h, p) => new HostView(p.Id, p.GivenName + " " + p.FamilyName, p.Account.Email!)).ToList(),
                             Components = e.Components.Select(c => c.ComponentId).ToList(),
                         }).AsSingleQuery().FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Result<WorkshopDraftView>.NotFound();
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(found.Festival.TimeZone);
        var (starts, ends) = (TimeZoneInfo.ConvertTime(row.StartsAt, zone).DateTime, TimeZoneInfo.ConvertTime(row.EndsAt, zone).DateTime);
        return Result<WorkshopDraftView>.Ok(new WorkshopDraftView(row.Id, row.Title, row.Description, DateOnly.FromDateTime(starts), TimeOnly.FromDateTime(starts),
            TimeOnly.FromDateTime(ends), row.RoomId, row.Capacity ?? 0, row.Hosts, row.Components, row.Status == EventStatus.Cancelled));
    }

    /// <summary>
    /// The people behind mail addresses, for a form that names hosts by address: an unknown address maps to no one (the caller passes an empty id,
    /// which the workshop check refuses with its own message).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Guid>> PeopleByEmailAsync(IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        var normalised = emails.Select(e => normalizer.NormalizeEmail(e.Trim())).Distinct().Take(20).ToList();
        var rows = await db.Set<Person>().AsNoTracking().Where(p => normalised.Contains(p.Account.NormalizedEmail!))
            .Select(p => new { p.Id, p.Account.NormalizedEmail }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.NormalizedEmail!, r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>The key <see cref="PeopleByEmailAsync"/> answers an address under.</summary>
    public string EmailKey(string email) => normalizer.NormalizeEmail(email.Trim());

    /// <summary>
    /// Changes a workshop (organisers, not once it is over or called off) with the checks of adding one. A change calendars follow raises SEQUENCE
    /// and mails everyone with a place; a new time moves the reminders and the workshop in every schedule (refused if that would overlap
    /// someone's other workshop); more or fewer places go to or come from the general pool, never below the places taken.
    /// </summary>
    public async Task<Result<WorkshopView>> UpdateWorkshopAsync(Guid festivalId, Guid workshopId, WorkshopInput input, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<WorkshopView>.NotFound();
        }
        if (!await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<WorkshopView>.Forbidden();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var workshop = await db.Set<GuildEvent>().Include(e => e.Components).FirstOrDefaultAsync(e => e.Id == workshopId && e.FestivalId == festivalId, cancellationToken);
        var placement = await db.Set<FestivalWorkshop>().Include(w => w.Hosts).FirstOrDefaultAsync(w => w.EventId == workshopId, cancellationToken);
        if (workshop is null || placement is null)
        {
            return Result<WorkshopView>.NotFound();
        }
        if (workshop.Status == EventStatus.Cancelled)
        {
            return Result<WorkshopView>.Conflict(text["WorkshopCancelled"]);
        }
        if (workshop.EndsAt <= clock.GetUtcNow())
        {
            return Result<WorkshopView>.Conflict(text["WorkshopOver"]);
        }
        var (slot, _, errors) = await CheckWorkshopAsync(found.Festival, input, workshopId, cancellationToken);
        if (slot is null)
        {
            return Result<WorkshopView>.Invalid(errors);
        }
        var general = await db.Set<FestivalPlacePool>().FirstAsync(p => p.EventId == workshopId && p.PartnerId == FestivalPlacePool.GeneralPool, cancellationToken);
        var change = slot.Capacity - (workshop.Capacity ?? 0);
        if (general.Quota + change < general.Taken || slot.Capacity < workshop.Taken)
        {
            return Result<WorkshopView>.Invalid("capacity", text["CapacityBelowTaken", workshop.Taken]);
        }
        var timeChanged = workshop.StartsAt != slot.StartsAt || workshop.EndsAt != slot.EndsAt;
        var calendarChange = timeChanged || workshop.Title != slot.Title || workshop.Description != slot.Description || workshop.Room != slot.Room.Name;
        (workshop.Title, workshop.Description, workshop.StartsAt, workshop.EndsAt, workshop.Room, workshop.Capacity) =
            (slot.Title, slot.Description, slot.StartsAt, slot.EndsAt, slot.Room.Name, slot.Capacity);
        workshop.Components.RemoveAll(c => !slot.ComponentIds.Contains(c.ComponentId));
        workshop.Components.AddRange(slot.ComponentIds.Where(c => workshop.Components.All(k => k.ComponentId != c)).Select(c => new EventComponent { ComponentId = c }));
        workshop.UpdatedAt = clock.GetUtcNow();
        placement.RoomId = slot.Room.Id;
        placement.PartnerId = slot.PartnerId;
        placement.Hosts.RemoveAll(h => !slot.HostIds.Contains(h.PersonId));
        placement.Hosts.AddRange(slot.HostIds.Where(h => placement.Hosts.All(x => x.PersonId != h)).Select(h => new FestivalWorkshopHost { EventId = workshopId, PersonId = h }));
        general.Quota += change;
        if (calendarChange)
        {
            workshop.Sequence++;
            await mails.QueueChangedAsync(workshop, cancellationToken);
        }
        if (timeChanged)
        {
            mails.ScheduleReminders(workshop);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (timeChanged)
            {
                // The schedule keeps its own copy of the time, so the database can refuse a move that makes someone's workshops overlap.
                await db.Set<FestivalScheduleEntry>().Where(s => s.EventId == workshopId)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsAt, slot.StartsAt).SetProperty(x => x.EndsAt, slot.EndsAt), cancellationToken);
            }
        }
        catch (Exception exception) when (FestivalPlaces.IsOverlap(exception))
        {
            db.ChangeTracker.Clear();
            return Result<WorkshopView>.Invalid("starts", text["MoveOverlaps"]);
        }
        await transaction.CommitAsync(cancellationToken);
        var programme = await ProgrammeAsync(festivalId, cancellationToken);
        return Result<WorkshopView>.Ok(programme.Value!.Workshops.First(w => w.Id == workshopId));
    }

    /// <summary>
    /// Calls a workshop off (organisers) through the events' own cancellation (STATUS:CANCELLED in feeds, a METHOD:CANCEL mail to everyone with a
    /// place), and takes it out of every schedule so its slot is free for something else. Calling it off again changes nothing.
    /// </summary>
    public async Task<Result<WorkshopView>> CancelWorkshopAsync(Guid festivalId, Guid workshopId, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<WorkshopView>.NotFound();
        }
        if (!await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<WorkshopView>.Forbidden();
        }
        var workshop = await db.Set<GuildEvent>().AsNoTracking().Where(e => e.Id == workshopId && e.FestivalId == festivalId)
            .Select(e => new { e.Status }).FirstOrDefaultAsync(cancellationToken);
        if (workshop is null)
        {
            return Result<WorkshopView>.NotFound();
        }
        if (workshop.Status != EventStatus.Cancelled)
        {
            var cancelled = await planner.CancelAsync(workshopId, cancellationToken);
            if (!cancelled.IsOk)
            {
                return cancelled.Status == ResultStatus.NotFound ? Result<WorkshopView>.NotFound() : Result<WorkshopView>.Conflict(cancelled.Message ?? text["WorkshopOver"]);
            }
            await db.Set<FestivalScheduleEntry>().Where(s => s.EventId == workshopId).ExecuteDeleteAsync(cancellationToken);
        }
        var programme = await ProgrammeAsync(festivalId, cancellationToken);
        return Result<WorkshopView>.Ok(programme.Value!.Workshops.First(w => w.Id == workshopId));
    }

    /// <summary>A festival's partner organisations with the guests who joined through their links (organisers).</summary>
    public async Task<Result<IReadOnlyList<PartnerRosterView>>> PartnerRostersAsync(Guid festivalId, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<IReadOnlyList<PartnerRosterView>>.NotFound();
        }
        var partners = await db.Set<FestivalPartner>().AsNoTracking().Where(p => p.FestivalId == festivalId).OrderBy(p => p.Name)
            .Select(p => new FestivalPartnerView(p.Id, p.Name, p.LogoUrl, p.QuotaPerWorkshop)).ToListAsync(cancellationToken);
        var partnerIds = partners.Select(p => p.Id).ToList();
        var guests = await (from m in db.Set<FestivalPartnerMember>().AsNoTracking()
                            join p in db.Set<Person>() on m.PersonId equals p.Id
                            where partnerIds.Contains(m.PartnerId)
                            orderby p.GivenName, p.FamilyName
                            select new { m.PartnerId, Guest = new HostView(p.Id, p.GivenName + " " + p.FamilyName, p.Account.Email!) }).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<PartnerRosterView>>.Ok(partners.Select(p => new PartnerRosterView(p, guests.Where(g => g.PartnerId == p.Id).Select(g => g.Guest).ToList())).ToList());
    }

    /// <summary>A workshop's fields as checked (the same for adding, changing and accepting a proposal).</summary>
    private sealed record CheckedWorkshop(string Title, string Description, FestivalRoom Room, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity,
        List<Guid> HostIds, Guid? PartnerId, List<Guid> ComponentIds);

    /// <summary>
    /// Checks a workshop against its festival: title, a room of the festival, a slot on one of its days and not past, places that fit the room,
    /// hosts who are colleagues or guests of its partners, known components, and a room not taken then by another workshop (<paramref name="workshopId"/>
    /// is the workshop being changed, which does not clash with itself).
    /// </summary>
    private async Task<(CheckedWorkshop? Checked, List<FestivalPartner> Partners, Dictionary<string, string[]> Errors)> CheckWorkshopAsync(Festival festival,
        WorkshopInput input, Guid? workshopId, CancellationToken cancellationToken)
    {
        var rooms = await db.Set<FestivalRoom>().AsNoTracking().Where(r => r.FestivalId == festival.Id).ToListAsync(cancellationToken);
        var partners = await db.Set<FestivalPartner>().AsNoTracking().Where(p => p.FestivalId == festival.Id).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > GuildEvent.TitleMax)
        {
            errors["title"] = [text["TitleRequired", GuildEvent.TitleMax]];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length > GuildEvent.DescriptionMax)
        {
            errors["description"] = [text["DescriptionTooLong", GuildEvent.DescriptionMax]];
        }
        var room = rooms.FirstOrDefault(r => r.Id == input.RoomId);
        if (room is null)
        {
            errors["roomId"] = [text["RoomUnknown"]];
        }
        if (input.Day is not { } day || day < festival.FirstDay || day > festival.LastDay)
        {
            errors["day"] = [text["DayOutside"]];
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(festival.TimeZone);
        DateTimeOffset startsAt = default, endsAt = default;
        if (input.Starts is not { } starts || input.Ends is not { } ends || ends <= starts)
        {
            errors["ends"] = [text["SlotInvalid"]];
        }
        else if (input.Day is { } slotDay)
        {
            startsAt = EventPlanner.ToInstant(slotDay.ToDateTime(starts), zone);
            endsAt = EventPlanner.ToInstant(slotDay.ToDateTime(ends), zone);
            if (startsAt <= clock.GetUtcNow())
            {
                errors["starts"] = [text["SlotPast"]];
            }
        }
        var capacity = input.Capacity ?? room?.Capacity ?? 0;
        if (room is not null && (capacity < 1 || capacity > room.Capacity))
        {
            errors["capacity"] = [text["CapacityRange", room.Capacity]];
        }
        var hostIds = (input.HostIds ?? []).Distinct().ToList();
        var hosts = hostIds.Count is 0 or > 10 ? [] : await (from p in db.Set<Person>()
                                                              where hostIds.Contains(p.Id) && p.Account.DeactivatedAt == null
                                                              select new
                                                              {
                                                                  p.Id,
                                                                  PartnerId = db.Set<FestivalPartnerMember>().Where(m => m.PersonId == p.Id).Select(m => (Guid?)m.PartnerId).FirstOrDefault(),
                                                                  Guest = p.PartnerOrganisation != null,
                                                              }).ToListAsync(cancellationToken);
        // A host is a colleague, or a guest of one of this festival's partners.
        if (hostIds.Count is 0 or > 10 || hosts.Count != hostIds.Count || hosts.Any(h => h.Guest && !partners.Any(p => p.Id == h.PartnerId)))
        {
            errors["hostIds"] = [text["HostsInvalid"]];
        }
        var componentIds = (input.ComponentIds ?? []).Distinct().ToList();
        if (componentIds.Count > 20 || (componentIds.Count > 0 && await db.Set<KnowHowComponent>().CountAsync(k => componentIds.Contains(k.Id), cancellationToken) != componentIds.Count))
        {
            errors["componentIds"] = [text["ComponentUnknown"]];
        }
        if (errors.Count == 0 && await db.Set<FestivalWorkshop>().AnyAsync(w => w.RoomId == room!.Id
                && db.Set<GuildEvent>().Any(e => e.Id == w.EventId && e.Id != workshopId && e.Status == EventStatus.Scheduled && e.StartsAt < endsAt && startsAt < e.EndsAt), cancellationToken))
        {
            errors["starts"] = [text["RoomTaken", room!.Name]];
        }
        if (errors.Count > 0)
        {
            return (null, partners, errors);
        }
        return (new CheckedWorkshop(title, description, room!, startsAt, endsAt, capacity, hostIds, hosts.Select(h => h.PartnerId).FirstOrDefault(p => p is not null), componentIds),
            partners, errors);
    }

    /// <summary>
    /// Changes a partner's places per workshop (audited). Workshops that have not started and whose partner places have not returned
    /// follow, as far as places taken allow: a pool never drops below its places taken, nor the general pool below its own.
    /// </summary>
    public async Task<Result<FestivalPartnerView>> SetPartnerQuotaAsync(Guid festivalId, Guid partnerId, PartnerQuotaInput input, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<FestivalPartnerView>.NotFound();
        }
        if (!await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<FestivalPartnerView>.Forbidden();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var partner = await db.Set<FestivalPartner>().FirstOrDefaultAsync(p => p.Id == partnerId && p.FestivalId == festivalId, cancellationToken);
        if (partner is null)
        {
            return Result<FestivalPartnerView>.NotFound();
        }
        if (input.QuotaPerWorkshop is not (>= 0 and <= 10_000) || input.QuotaPerWorkshop is not { } quota)
        {
            return Result<FestivalPartnerView>.Invalid("quotaPerWorkshop", text["QuotaRange"]);
        }
        var before = partner.QuotaPerWorkshop;
        partner.QuotaPerWorkshop = quota;
        var now = clock.GetUtcNow();
        var pools = await (from p in db.Set<FestivalPlacePool>()
                           join e in db.Set<GuildEvent>() on p.EventId equals e.Id
                           where e.FestivalId == festivalId && e.StartsAt > now && (p.PartnerId == partnerId || p.PartnerId == FestivalPlacePool.GeneralPool)
                           select p).ToListAsync(cancellationToken);
        foreach (var workshop in pools.GroupBy(p => p.EventId))
        {
            var own = workshop.FirstOrDefault(p => p.PartnerId == partnerId);
            var general = workshop.FirstOrDefault(p => p.PartnerId == FestivalPlacePool.GeneralPool);
            if (own is null || general is null || own.ReturnedAt is not null)
            {
                continue;
            }
            var wanted = quota - own.Quota;
            var change = Math.Clamp(wanted, own.Taken - own.Quota, general.Quota - general.Taken);
            own.Quota += change;
            general.Quota -= change;
        }
        audit.Record(AuditActions.FestivalQuotaChanged, AuditObjectTypes.Festival, festivalId.ToString(), found.Festival.Name,
            new { PartnerOrganisation = partner.Name, Before = before, After = quota });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<FestivalPartnerView>.Ok(new FestivalPartnerView(partner.Id, partner.Name, partner.LogoUrl, partner.QuotaPerWorkshop));
    }

    /// <summary>
    /// Adds a partner organisation to a festival after it was made (organisers; audited). Its places per workshop come out of the general
    /// pool of every workshop that has not started, as far as free general places allow; a workshop whose partner places have already
    /// returned gives it none (its pool starts returned). Its people then join through an invitation link, as the other partners' do.
    /// </summary>
    public async Task<Result<FestivalPartnerView>> AddPartnerAsync(Guid festivalId, FestivalPartnerInput input, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<FestivalPartnerView>.NotFound();
        }
        if (!await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<FestivalPartnerView>.Forbidden();
        }
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        var existing = await db.Set<FestivalPartner>().Where(p => p.FestivalId == festivalId).Select(p => p.Name).ToListAsync(cancellationToken);
        if (name.Length is 0 or > FestivalPartner.NameMax)
        {
            errors["name"] = [text["PartnerNameRequired", FestivalPartner.NameMax]];
        }
        else if (existing.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            errors["name"] = [text["PartnerNameTaken", name]];
        }
        else if (existing.Count >= 20)
        {
            errors["name"] = [text["TooManyPartners"]];
        }
        if (input.QuotaPerWorkshop is not { } quota || quota is < 0 or > 10_000)
        {
            errors["quotaPerWorkshop"] = [text["QuotaRange"]];
            quota = 0;
        }
        if (input.LogoUrl is { Length: > 0 } logo && !IsHttps(logo))
        {
            errors["logoUrl"] = [text["LogoInvalid"]];
        }
        if (errors.Count > 0)
        {
            return Result<FestivalPartnerView>.Invalid(errors);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var partner = new FestivalPartner
        {
            Id = Guid.CreateVersion7(), FestivalId = festivalId, Name = name, LogoUrl = string.IsNullOrWhiteSpace(input.LogoUrl) ? null : input.LogoUrl.Trim(),
            QuotaPerWorkshop = quota,
        };
        db.Add(partner);
        var now = clock.GetUtcNow();
        var workshops = await (from p in db.Set<FestivalPlacePool>()
                               join e in db.Set<GuildEvent>() on p.EventId equals e.Id
                               where e.FestivalId == festivalId && e.StartsAt > now && e.Status == EventStatus.Scheduled
                               select new { Pool = p, e.StartsAt }).ToListAsync(cancellationToken);
        foreach (var workshop in workshops.GroupBy(w => w.Pool.EventId))
        {
            var general = workshop.Select(w => w.Pool).FirstOrDefault(p => p.PartnerId == FestivalPlacePool.GeneralPool);
            var partnerPools = workshop.Select(w => w.Pool).Where(p => p.PartnerId != FestivalPlacePool.GeneralPool).ToList();
            var startsAt = workshop.First().StartsAt;
            var returned = partnerPools.Any(p => p.ReturnedAt is not null) || startsAt - TimeSpan.FromDays(found.Festival.QuotaReturnDays) <= now;
            var places = general is null || returned ? 0 : Math.Clamp(quota, 0, general.Quota - general.Taken);
            if (general is not null)
            {
                general.Quota -= places;
            }
            db.Add(new FestivalPlacePool { EventId = workshop.Key, PartnerId = partner.Id, Quota = places, ReturnedAt = returned ? now : null });
            if (!returned && partnerPools.Count == 0)
            {
                // The workshop had no partner places to return until now.
                jobs.Enqueue(QuotaReturnJob.JobKind, new QuotaReturnDue(festivalId), runAfter: startsAt - TimeSpan.FromDays(found.Festival.QuotaReturnDays));
            }
        }
        audit.Record(AuditActions.FestivalPartnerAdded, AuditObjectTypes.Festival, festivalId.ToString(), found.Festival.Name,
            new { PartnerOrganisation = partner.Name, After = quota });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<FestivalPartnerView>.Ok(new FestivalPartnerView(partner.Id, partner.Name, partner.LogoUrl, partner.QuotaPerWorkshop));
    }

    private static bool IsHttps(string url) => url.Length <= FestivalPartner.LogoUrlMax && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
