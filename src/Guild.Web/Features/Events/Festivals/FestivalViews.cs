namespace Guild.Web.Features.Events.Festivals;

/// <summary>A room to add to a festival.</summary>
/// <param name="Name">What the room is called.</param>
/// <param name="Capacity">How many people fit in it (1 to 10,000).</param>
public sealed record FestivalRoomInput(string? Name, int? Capacity);

/// <summary>A partner organisation to add to a festival.</summary>
/// <param name="Name">The organisation's name.</param>
/// <param name="LogoUrl">An https link to its logo (optional).</param>
/// <param name="QuotaPerWorkshop">Places of every workshop kept for its people until the quota returns.</param>
public sealed record FestivalPartnerInput(string? Name, string? LogoUrl, int? QuotaPerWorkshop);

/// <summary>A festival to create.</summary>
/// <param name="Name">What the festival is called.</param>
/// <param name="Description">What it is about (Markdown).</param>
/// <param name="FirstDay">Its first day.</param>
/// <param name="LastDay">Its last day (at most 14 days after the first).</param>
/// <param name="TimeZone">The IANA time zone its days are in (the organisation's when left out).</param>
/// <param name="QuotaReturnDays">How many days before a workshop its unused partner places return to everyone (0 to 60; 3 when left out).</param>
/// <param name="Rooms">Its rooms.</param>
/// <param name="Partners">Its partner organisations.</param>
/// <param name="Published">Publish at once (otherwise a draft only organisers see).</param>
public sealed record FestivalInput(string? Name, string? Description, DateOnly? FirstDay, DateOnly? LastDay, string? TimeZone, int? QuotaReturnDays,
    IReadOnlyList<FestivalRoomInput>? Rooms, IReadOnlyList<FestivalPartnerInput>? Partners, bool Published);

/// <summary>A workshop to add to a festival's programme.</summary>
/// <param name="Title">What the workshop is called.</param>
/// <param name="Description">What it is about (Markdown).</param>
/// <param name="Day">The festival day it is on.</param>
/// <param name="Starts">When it starts, wall-clock time in the festival's zone (e.g. 10:00).</param>
/// <param name="Ends">When it ends.</param>
/// <param name="RoomId">The festival room it is in.</param>
/// <param name="Capacity">Its places (the room's capacity when left out; never more).</param>
/// <param name="HostIds">Who hosts it: colleagues or guests of the festival's partners.</param>
/// <param name="ComponentIds">Components of the know-how map it is about.</param>
public sealed record WorkshopInput(string? Title, string? Description, DateOnly? Day, TimeOnly? Starts, TimeOnly? Ends, Guid? RoomId, int? Capacity,
    IReadOnlyList<Guid>? HostIds, IReadOnlyList<Guid>? ComponentIds);

/// <summary>A partner's places per workshop, changed.</summary>
/// <param name="QuotaPerWorkshop">Places of every workshop kept for the partner's people (0 to 10,000).</param>
public sealed record PartnerQuotaInput(int? QuotaPerWorkshop);

/// <summary>A festival in the list.</summary>
/// <param name="Id">The festival's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="FirstDay">Its first day.</param>
/// <param name="LastDay">Its last day.</param>
/// <param name="Status">Draft or Published.</param>
/// <param name="Workshops">How many workshops it has.</param>
public sealed record FestivalSummaryView(Guid Id, string Name, DateOnly FirstDay, DateOnly LastDay, FestivalStatus Status, int Workshops);

/// <summary>A room of a festival.</summary>
/// <param name="Id">The room's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Capacity">How many fit in it.</param>
public sealed record FestivalRoomView(Guid Id, string Name, int Capacity);

/// <summary>A partner organisation of a festival.</summary>
/// <param name="Id">The partner's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="LogoUrl">Its logo, if any.</param>
/// <param name="QuotaPerWorkshop">Places per workshop kept for its people.</param>
public sealed record FestivalPartnerView(Guid Id, string Name, string? LogoUrl, int QuotaPerWorkshop);

/// <summary>One pool of a workshop's places.</summary>
/// <param name="PartnerId">The partner organisation, or null for the general pool (the host organisation's people).</param>
/// <param name="Quota">Places in the pool.</param>
/// <param name="Taken">Places taken from it.</param>
/// <param name="Returned">Whether the partner's unused places went back to the general pool.</param>
public sealed record PlacePoolView(Guid? PartnerId, int Quota, int Taken, bool Returned);

/// <summary>A workshop in a festival's programme.</summary>
/// <param name="Id">The workshop's event id (register at <c>/api/v1/events/{id}/registration</c> too).</param>
/// <param name="Title">Its title.</param>
/// <param name="StartsAt">Start (UTC).</param>
/// <param name="EndsAt">End (UTC).</param>
/// <param name="Day">The festival day it is on, in the festival's zone.</param>
/// <param name="RoomId">Its room.</param>
/// <param name="Room">The room's name.</param>
/// <param name="Capacity">Its places.</param>
/// <param name="Taken">Places taken ("19 of 50").</param>
/// <param name="PlacesForMe">Places the caller could still take (their partner's pool, or the general pool).</param>
/// <param name="Hosts">Who hosts it.</param>
/// <param name="PartnerId">The partner organisation that hosts it, if one does.</param>
/// <param name="Components">What it is about.</param>
/// <param name="InMySchedule">Whether it is in the caller's schedule.</param>
/// <param name="Cancelled">Whether it was called off.</param>
/// <param name="Pools">Its place pools (organisers only; empty otherwise).</param>
public sealed record WorkshopView(Guid Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateOnly Day, Guid RoomId, string Room, int Capacity,
    int Taken, int PlacesForMe, IReadOnlyList<EventPersonView> Hosts, Guid? PartnerId, IReadOnlyList<EventComponentView> Components, bool InMySchedule,
    bool Cancelled, IReadOnlyList<PlacePoolView> Pools);

/// <summary>A festival's programme as the caller may see it.</summary>
/// <param name="Id">The festival's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it is about (Markdown).</param>
/// <param name="FirstDay">Its first day.</param>
/// <param name="LastDay">Its last day.</param>
/// <param name="TimeZone">The zone its times are in.</param>
/// <param name="Status">Draft or Published.</param>
/// <param name="QuotaReturnDays">Days before a workshop its unused partner places return to everyone.</param>
/// <param name="Rooms">Its rooms, in order.</param>
/// <param name="Partners">Its partner organisations.</param>
/// <param name="Workshops">Its workshops, by start and room.</param>
/// <param name="MyPartnerId">The caller's partner organisation at this festival, for a partner guest.</param>
/// <param name="CanOrganise">Whether the caller organises festivals.</param>
/// <param name="CanRegister">Whether the caller may put workshops in their schedule.</param>
public sealed record ProgrammeView(Guid Id, string Name, string Description, DateOnly FirstDay, DateOnly LastDay, string TimeZone, FestivalStatus Status,
    int QuotaReturnDays, IReadOnlyList<FestivalRoomView> Rooms, IReadOnlyList<FestivalPartnerView> Partners, IReadOnlyList<WorkshopView> Workshops,
    Guid? MyPartnerId, bool CanOrganise, bool CanRegister)
{
    /// <summary>The festival's days, first to last.</summary>
    public IReadOnlyList<DateOnly> Days => Enumerable.Range(0, LastDay.DayNumber - FirstDay.DayNumber + 1).Select(FirstDay.AddDays).ToList();
}

/// <summary>A workshop in the caller's schedule.</summary>
/// <param name="EventId">The workshop's event id.</param>
/// <param name="Title">Its title.</param>
/// <param name="StartsAt">Start (UTC).</param>
/// <param name="EndsAt">End (UTC).</param>
/// <param name="Room">Its room.</param>
public sealed record ScheduleItemView(Guid EventId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Room);

/// <summary>The caller's schedule at a festival, and workshops that would fill its gaps.</summary>
/// <param name="FestivalId">The festival.</param>
/// <param name="TimeZone">The zone its times are in.</param>
/// <param name="Items">The workshops in the caller's schedule, by start.</param>
/// <param name="Suggestions">Workshops in free slots with places left for the caller, those about the caller's skills first.</param>
public sealed record ScheduleView(Guid FestivalId, string TimeZone, IReadOnlyList<ScheduleItemView> Items, IReadOnlyList<ScheduleItemView> Suggestions);

/// <summary>A festival's own fields, changed (its partners are changed one by one: their quota, their invitation links).</summary>
/// <param name="Name">What the festival is called.</param>
/// <param name="Description">What it is about (Markdown).</param>
/// <param name="FirstDay">Its first day (every workshop must stay on its days).</param>
/// <param name="LastDay">Its last day (at most 14 days after the first).</param>
/// <param name="TimeZone">The IANA time zone its days are in (fixed once it has workshops).</param>
/// <param name="QuotaReturnDays">How many days before a workshop its unused partner places return to everyone (0 to 60).</param>
/// <param name="Rooms">All its rooms, by name: a known name keeps its room; a room with workshops cannot go nor shrink below them.</param>
public sealed record FestivalChangeInput(string? Name, string? Description, DateOnly? FirstDay, DateOnly? LastDay, string? TimeZone, int? QuotaReturnDays,
    IReadOnlyList<FestivalRoomInput>? Rooms);

/// <summary>A workshop as its form shows it, to change it.</summary>
/// <param name="Id">The workshop's event id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">What it is about.</param>
/// <param name="Day">Its festival day.</param>
/// <param name="Starts">Its start, wall-clock time in the festival's zone.</param>
/// <param name="Ends">Its end.</param>
/// <param name="RoomId">Its room.</param>
/// <param name="Capacity">Its places.</param>
/// <param name="Hosts">Who hosts it, with their mail addresses.</param>
/// <param name="ComponentIds">What it is about, on the know-how map.</param>
/// <param name="Cancelled">Whether it was called off (then it cannot change).</param>
public sealed record WorkshopDraftView(Guid Id, string Title, string Description, DateOnly Day, TimeOnly Starts, TimeOnly Ends, Guid RoomId, int Capacity,
    IReadOnlyList<HostView> Hosts, IReadOnlyList<Guid> ComponentIds, bool Cancelled);

/// <summary>Someone who hosts, or could host, a workshop.</summary>
/// <param name="PersonId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their mail address (how the organiser names them on the form).</param>
public sealed record HostView(Guid PersonId, string Name, string Email);

/// <summary>A partner organisation as its organisers manage it: quota, the guests who joined, its invitation links.</summary>
/// <param name="Partner">The partner organisation.</param>
/// <param name="Guests">Its people who made their account with a link, by name.</param>
public sealed record PartnerRosterView(FestivalPartnerView Partner, IReadOnlyList<HostView> Guests);
