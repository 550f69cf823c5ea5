using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Events;

/// <summary>Whether an event takes place; a cancelled one stays (feeds show it cancelled for a while, registrations keep their history).</summary>
public enum EventStatus { Scheduled, Cancelled }

/// <summary>
/// One gathering at one moment: a lecture, a workshop. Each occurrence of a later series or festival workshop is its own row, so
/// registrations, speakers and check-ins always hang on an <see cref="GuildEvent"/>. Instants are UTC; <see cref="TimeZone"/> is the IANA
/// zone it was planned in (calendars show it in that zone's wall-clock time, with its VTIMEZONE).
/// </summary>
public sealed class GuildEvent
{
    public const int TitleMax = 200;
    public const int DescriptionMax = 20_000;
    public const int LinkMax = 500;
    public const int RoomMax = 200;
    public const int MaxCapacity = 100_000;
    public const int MaxGuestsLimit = 20;

    public Guid Id { get; set; }
    public required string Title { get; set; }
    /// <summary>Markdown, rendered like the library's articles.</summary>
    public string Description { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>The IANA time zone the event was planned in, such as <c>Europe/Amsterdam</c>.</summary>
    public required string TimeZone { get; set; }
    public bool Online { get; set; }
    /// <summary>The meeting link of an online event: shown only to people with a place (and organisers).</summary>
    public string? MeetingLink { get; set; }
    public string? Room { get; set; }
    /// <summary>Places, guests included; null: no limit (online events may have none).</summary>
    public int? Capacity { get; set; }
    /// <summary>
    /// Places held now (registered and offered, guests included). Kept by conditional UPDATEs inside the registering transaction
    /// (<c>taken + n &lt;= capacity</c>), so concurrent registrations never overbook on either database.
    /// </summary>
    public int Taken { get; set; }
    /// <summary>Guests one registration may bring (0: none).</summary>
    public int MaxGuests { get; set; }
    public EventStatus Status { get; set; }
    /// <summary>RFC 5545 SEQUENCE: raised on every change that matters to calendars (time, place, status, title).</summary>
    public int Sequence { get; set; }
    /// <summary>Key of the HMAC that signs this event's ticket codes (a code of one event says nothing at another).</summary>
    public required byte[] TicketKey { get; set; }
    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    /// <summary>The lecture series this is an occurrence of (Features/Events/Series), if any.</summary>
    public Guid? SeriesId { get; set; }
    /// <summary>The festival this event is a workshop of (its room, hosts and place pools are the festival's); null for other events.</summary>
    public Guid? FestivalId { get; set; }
    /// <summary>
    /// The community space the event belongs to, if any (put there by a moderator of the space or an L&amp;D admin). An event of a secret
    /// space exists only for those who may see the space (<see cref="EventRule"/>); others see it as events are seen, its space's name
    /// only if they may see the space.
    /// </summary>
    public Guid? SpaceId { get; set; }

    public List<EventOrganiser> Organisers { get; set; } = [];
    public List<EventComponent> Components { get; set; } = [];
}

/// <summary>Someone who runs an event: edits it, sees who comes, checks people in.</summary>
public sealed class EventOrganiser
{
    public Guid EventId { get; set; }
    public Guid PersonId { get; set; }
}

/// <summary>A component of the know-how map the event is about.</summary>
public sealed class EventComponent
{
    public Guid EventId { get; set; }
    public Guid ComponentId { get; set; }
}

/// <summary>
/// Where a registration stands. Registered and Offered hold places; Waiting waits in order of <see cref="EventRegistration.WaitingSince"/>;
/// Cancelled (by the attendee), Declined ("no thanks") and Expired (the offer ran out) hold nothing.
/// </summary>
public enum RegistrationStatus { Registered, Waiting, Offered, Cancelled, Declined, Expired }

/// <summary>One person's registration for an event, with their guests; one row per person and event, reused when they come back.</summary>
public sealed class EventRegistration
{
    public const int TicketCodeLength = 16;

    public Guid Id { get; set; }
    public Guid EventId { get; set; }
    public Guid PersonId { get; set; }
    public int Guests { get; set; }
    public RegistrationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Place in the waiting list (first come, first offered).</summary>
    public DateTimeOffset? WaitingSince { get; set; }
    public DateTimeOffset? OfferedAt { get; set; }
    public DateTimeOffset? OfferExpiresAt { get; set; }
    /// <summary>The ticket's code: an HMAC of the registration under the event's key, shown as a QR code and typed as a fallback.</summary>
    public required string TicketCode { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    public Guid? CheckedInById { get; set; }
    public DateTimeOffset? DayReminderSentAt { get; set; }
    public DateTimeOffset? HourReminderSentAt { get; set; }

    public int Places => 1 + Guests;
    public bool HoldsPlace => Status is RegistrationStatus.Registered or RegistrationStatus.Offered;
}

/// <summary>
/// A person's calendar feed: the SHA-256 of its secret (the URL holds the secret; resetting replaces the hash, so the old URL
/// answers 404), and its health: when a calendar last fetched it and which client did.
/// </summary>
public sealed class CalendarFeed
{
    public const int UserAgentMax = 300;
    public const int ProtectedSecretMax = 500;

    public Guid PersonId { get; set; }
    public required byte[] TokenHash { get; set; }
    /// <summary>The secret under data protection, so the person's pages can show their link again; null on rows made before it was kept.</summary>
    public string? ProtectedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastFetchedAt { get; set; }
    public string? LastUserAgent { get; set; }
}

internal sealed class EventConfiguration : IEntityTypeConfiguration<GuildEvent>
{
    public void Configure(EntityTypeBuilder<GuildEvent> builder)
    {
        builder.ToTable("events");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Title).HasMaxLength(GuildEvent.TitleMax);
        builder.Property(e => e.Description).HasMaxLength(GuildEvent.DescriptionMax);
        builder.Property(e => e.TimeZone).HasMaxLength(64);
        builder.Property(e => e.MeetingLink).HasMaxLength(GuildEvent.LinkMax);
        builder.Property(e => e.Room).HasMaxLength(GuildEvent.RoomMax);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.TicketKey).HasMaxLength(32);
        // The upcoming list and the feeds read by start.
        builder.HasIndex(e => e.StartsAt);
        // A series' occurrences (its page and feed).
        builder.HasIndex(e => e.SeriesId);
        // A festival's programme reads its workshops.
        builder.HasIndex(e => e.FestivalId);
        // A space's upcoming events (its home) and its feed.
        builder.HasIndex(e => new { e.SpaceId, e.StartsAt });
        // Spaces are never deleted; if that ever comes, it must decide what happens to their events (a secret space's must not go public).
        builder.HasOne<Community.Spaces.Space>().WithMany().HasForeignKey(e => e.SpaceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Organisers).WithOne().HasForeignKey(o => o.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Components).WithOne().HasForeignKey(c => c.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(e => e.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EventOrganiserConfiguration : IEntityTypeConfiguration<EventOrganiser>
{
    public void Configure(EntityTypeBuilder<EventOrganiser> builder)
    {
        builder.ToTable("event_organisers");
        builder.HasKey(o => new { o.EventId, o.PersonId });
        // "Events I organise" (the feed, the list).
        builder.HasIndex(o => o.PersonId);
        builder.HasOne<Person>().WithMany().HasForeignKey(o => o.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EventComponentConfiguration : IEntityTypeConfiguration<EventComponent>
{
    public void Configure(EntityTypeBuilder<EventComponent> builder)
    {
        builder.ToTable("event_components");
        builder.HasKey(c => new { c.EventId, c.ComponentId });
        builder.HasIndex(c => c.ComponentId);
        builder.HasOne<Expertise.Map.KnowHowComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EventRegistrationConfiguration : IEntityTypeConfiguration<EventRegistration>
{
    public void Configure(EntityTypeBuilder<EventRegistration> builder)
    {
        builder.ToTable("event_registrations");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.TicketCode).HasMaxLength(EventRegistration.TicketCodeLength);
        builder.Ignore(r => r.Places);
        builder.Ignore(r => r.HoldsPlace);
        // One registration per person and event (a second click is the same registration, never a second place).
        builder.HasIndex(r => new { r.EventId, r.PersonId }).IsUnique();
        builder.HasIndex(r => new { r.EventId, r.TicketCode }).IsUnique();
        // "My registrations" and the feed.
        builder.HasIndex(r => new { r.PersonId, r.Status });
        builder.HasOne<GuildEvent>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.ToTable("calendar_feeds");
        builder.HasKey(f => f.PersonId);
        builder.Property(f => f.TokenHash).HasMaxLength(32);
        builder.Property(f => f.LastUserAgent).HasMaxLength(CalendarFeed.UserAgentMax);
        builder.Property(f => f.ProtectedSecret).HasMaxLength(CalendarFeed.ProtectedSecretMax);
        builder.HasIndex(f => f.TokenHash).IsUnique();
        builder.HasOne<Person>().WithOne().HasForeignKey<CalendarFeed>(f => f.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
