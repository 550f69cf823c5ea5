namespace Guild.Web.Features.Events;

/// <summary>An event to create or change. Start and end are wall-clock times in <see cref="TimeZone"/>.</summary>
/// <param name="Title">What the event is called.</param>
/// <param name="Description">What it is about, in Markdown.</param>
/// <param name="StartsAt">When it starts, as the clock on the wall shows it in the event's time zone (e.g. 2026-12-10T16:00).</param>
/// <param name="EndsAt">When it ends, in the same time zone.</param>
/// <param name="TimeZone">The IANA time zone it is planned in, e.g. Europe/Amsterdam (the organisation's when left out).</param>
/// <param name="Online">True for an online event with a meeting link; false for a room.</param>
/// <param name="MeetingLink">The meeting link of an online event (https); only people with a place see it.</param>
/// <param name="Room">Where a room event takes place.</param>
/// <param name="Capacity">Places, guests included (required for a room; optional online).</param>
/// <param name="MaxGuests">How many guests one person may bring (0 to 20).</param>
/// <param name="ComponentIds">Components of the know-how map the event is about.</param>
/// <param name="OrganiserIds">Other organisers besides the creator.</param>
/// <param name="SpaceId">The community space the event belongs to (a space the caller moderates; L&amp;D admins: any space they see); null: none.
/// Changing it, or leaving it out on an event that has one, needs the same right on the space it leaves.</param>
public sealed record EventInput(string? Title, string? Description, DateTime? StartsAt, DateTime? EndsAt, string? TimeZone, bool Online,
    string? MeetingLink, string? Room, int? Capacity, int? MaxGuests, IReadOnlyList<Guid>? ComponentIds, IReadOnlyList<Guid>? OrganiserIds,
    Guid? SpaceId = null);

/// <summary>The community space an event belongs to, for someone who may see the space.</summary>
/// <param name="Id">The space's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Slug">Its address: /community/{slug}.</param>
public sealed record EventSpaceView(Guid Id, string Name, string Slug);

/// <summary>A person named on an event.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="Name">Their name.</param>
public sealed record EventPersonView(Guid Id, string Name);

/// <summary>A component an event is about.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="Name">Its name.</param>
public sealed record EventComponentView(Guid Id, string Name);

/// <summary>The caller's own registration for an event.</summary>
/// <param name="Id">The registration's id.</param>
/// <param name="Status">Registered, Waiting, Offered, Cancelled, Declined or Expired.</param>
/// <param name="Guests">Guests coming along.</param>
/// <param name="WaitingPosition">Place in the waiting list (1 = next), while waiting.</param>
/// <param name="OfferExpiresAt">Until when an offered place is kept.</param>
/// <param name="CheckedInAt">When they were checked in.</param>
public sealed record MyRegistrationView(Guid Id, RegistrationStatus Status, int Guests, int? WaitingPosition, DateTimeOffset? OfferExpiresAt,
    DateTimeOffset? CheckedInAt);

/// <summary>An event as the caller may see it.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">Its description (Markdown).</param>
/// <param name="StartsAt">Start (UTC).</param>
/// <param name="EndsAt">End (UTC).</param>
/// <param name="TimeZone">The IANA time zone it was planned in.</param>
/// <param name="Online">Online (true) or in a room.</param>
/// <param name="MeetingLink">The meeting link: only for people with a place and organisers, otherwise null.</param>
/// <param name="Room">The room.</param>
/// <param name="Capacity">Places, guests included (null: no limit).</param>
/// <param name="Taken">Places taken (registered and offered, guests included).</param>
/// <param name="Waiting">People on the waiting list.</param>
/// <param name="MaxGuests">Guests one person may bring.</param>
/// <param name="Status">Scheduled or Cancelled.</param>
/// <param name="Sequence">Its iCalendar SEQUENCE: raised on every change calendars must follow.</param>
/// <param name="Organisers">Who runs it.</param>
/// <param name="Components">What it is about.</param>
/// <param name="Mine">The caller's registration, if any.</param>
/// <param name="CanEdit">Whether the caller may change it.</param>
/// <param name="CanOrganise">Whether the caller sees attendees and checks people in.</param>
/// <param name="Past">Whether it has ended (read-only then).</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Space">The community space it belongs to: only for callers who may see that space, otherwise null.</param>
public sealed record EventView(Guid Id, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone, bool Online,
    string? MeetingLink, string? Room, int? Capacity, int Taken, int Waiting, int MaxGuests, EventStatus Status, int Sequence,
    IReadOnlyList<EventPersonView> Organisers, IReadOnlyList<EventComponentView> Components, MyRegistrationView? Mine, bool CanEdit, bool CanOrganise,
    bool Past, DateTimeOffset UpdatedAt, EventSpaceView? Space = null)
{
    /// <summary>Whether every place is taken.</summary>
    public bool Full => Capacity is { } capacity && Taken >= capacity;
}

/// <summary>A registration to create.</summary>
/// <param name="Guests">Guests coming along (0 up to the event's limit).</param>
/// <param name="JoinWaitingList">When the event is full, join its waiting list (otherwise a full event answers 409).</param>
public sealed record RegistrationInput(int? Guests, bool JoinWaitingList = false);

/// <summary>A code presented at the door.</summary>
/// <param name="Code">The ticket's code, from its QR code or typed from the ticket.</param>
public sealed record CheckInInput(string? Code);

/// <summary>What checking a code in did.</summary>
/// <param name="RegistrationId">The registration.</param>
/// <param name="PersonName">Who it is.</param>
/// <param name="Guests">Guests they bring.</param>
/// <param name="CheckedInAt">When they were checked in (the first time).</param>
/// <param name="AlreadyCheckedIn">True when the code had been checked in before: nothing changed.</param>
public sealed record CheckInView(Guid RegistrationId, string PersonName, int Guests, DateTimeOffset CheckedInAt, bool AlreadyCheckedIn);

/// <summary>A person on an event's attendance list (organisers only).</summary>
/// <param name="RegistrationId">The registration.</param>
/// <param name="PersonId">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="Status">Their registration's status.</param>
/// <param name="Guests">Guests they bring.</param>
/// <param name="WaitingSince">Since when they wait.</param>
/// <param name="CheckedInAt">When they were checked in.</param>
public sealed record AttendeeView(Guid RegistrationId, Guid PersonId, string Name, RegistrationStatus Status, int Guests, DateTimeOffset? WaitingSince,
    DateTimeOffset? CheckedInAt);
