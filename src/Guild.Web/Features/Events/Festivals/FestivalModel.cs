using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>A draft festival is seen by its organisers only; a published one by everyone of the organisation and its partners' guests.</summary>
public enum FestivalStatus { Draft, Published }

/// <summary>
/// A festival: many workshops over a few days in a few rooms, co-hosted with partner organisations. Each workshop is a
/// <see cref="GuildEvent"/> with <see cref="GuildEvent.FestivalId"/> set, so registrations, check-in and feeds are the events' own.
/// </summary>
public sealed class Festival
{
    public const int NameMax = 200;
    public const int DescriptionMax = 20_000;

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public DateOnly FirstDay { get; set; }
    public DateOnly LastDay { get; set; }
    /// <summary>The IANA zone the days and slots are in.</summary>
    public required string TimeZone { get; set; }
    public FestivalStatus Status { get; set; }
    /// <summary>How many days before a workshop starts its unused partner places return to everyone (e.g. 3).</summary>
    public int QuotaReturnDays { get; set; } = 3;
    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public List<FestivalRoom> Rooms { get; set; } = [];
    public List<FestivalPartner> Partners { get; set; } = [];
}

/// <summary>A room of a festival and how many people fit in it (a workshop's places default to it).</summary>
public sealed class FestivalRoom
{
    public const int NameMax = 100;

    public Guid Id { get; set; }
    public Guid FestivalId { get; set; }
    public required string Name { get; set; }
    public int Capacity { get; set; }
    public int Position { get; set; }
}

/// <summary>An organisation the festival is co-hosted with: its people sign in as partner guests and have places of their own in every workshop.</summary>
public sealed class FestivalPartner
{
    public const int NameMax = 200;
    public const int LogoUrlMax = 500;

    public Guid Id { get; set; }
    public Guid FestivalId { get; set; }
    public required string Name { get; set; }
    public string? LogoUrl { get; set; }
    /// <summary>Places of every workshop kept for this organisation's people until the quota returns.</summary>
    public int QuotaPerWorkshop { get; set; }
}

/// <summary>A partner guest's tie to their organisation at a festival (one organisation per person).</summary>
public sealed class FestivalPartnerMember
{
    public Guid PersonId { get; set; }
    public Guid PartnerId { get; set; }
}

/// <summary>
/// A link that lets people of a partner organisation make their account: only the SHA-256 of its secret is stored; it expires and can
/// be revoked.
/// </summary>
public sealed class FestivalInvitation
{
    public Guid Id { get; set; }
    public Guid PartnerId { get; set; }
    public required byte[] TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid CreatedById { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public int AccountsMade { get; set; }
}

/// <summary>Where a workshop is in the programme (its room) and who hosts it.</summary>
public sealed class FestivalWorkshop
{
    public Guid EventId { get; set; }
    public Guid FestivalId { get; set; }
    public Guid RoomId { get; set; }
    /// <summary>The partner organisation that hosts it, when a partner's guest does.</summary>
    public Guid? PartnerId { get; set; }
    public List<FestivalWorkshopHost> Hosts { get; set; } = [];
}

/// <summary>Someone who hosts a workshop (a colleague or a partner guest).</summary>
public sealed class FestivalWorkshopHost
{
    public Guid EventId { get; set; }
    public Guid PersonId { get; set; }
}

/// <summary>
/// A share of a workshop's places: one pool per partner organisation (<see cref="PartnerId"/>) and the general pool
/// (<see cref="GeneralPool"/>) of the host organisation's people. The quotas add up to the workshop's capacity. Places move only by
/// conditional UPDATEs (<c>taken + n &lt;= quota</c>) in the registering transaction, like the event's own counter.
/// </summary>
public sealed class FestivalPlacePool
{
    /// <summary>The pool key of the host organisation's people.</summary>
    public static readonly Guid GeneralPool = Guid.Empty;

    public Guid EventId { get; set; }
    public Guid PartnerId { get; set; }
    public int Quota { get; set; }
    public int Taken { get; set; }
    /// <summary>When the unused partner places went back to the general pool (null: not yet; the general pool never returns).</summary>
    public DateTimeOffset? ReturnedAt { get; set; }
}

/// <summary>
/// A workshop in a person's festival schedule, with its time copied so the database can refuse an overlapping one: a PostgreSQL
/// exclusion constraint over <c>tstzrange(starts_at, ends_at)</c>, a trigger on SQLite.
/// </summary>
public sealed class FestivalScheduleEntry
{
    public Guid PersonId { get; set; }
    public Guid EventId { get; set; }
    public Guid FestivalId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>The place pool the place came from (a partner's id, or <see cref="FestivalPlacePool.GeneralPool"/>): cancelling gives it back there.</summary>
    public Guid PoolId { get; set; }
}

internal sealed class FestivalConfiguration : IEntityTypeConfiguration<Festival>
{
    public void Configure(EntityTypeBuilder<Festival> builder)
    {
        builder.ToTable("festivals");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Name).HasMaxLength(Festival.NameMax);
        builder.Property(f => f.Description).HasMaxLength(Festival.DescriptionMax);
        builder.Property(f => f.TimeZone).HasMaxLength(64);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasMany(f => f.Rooms).WithOne().HasForeignKey(r => r.FestivalId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(f => f.Partners).WithOne().HasForeignKey(p => p.FestivalId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(f => f.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FestivalRoomConfiguration : IEntityTypeConfiguration<FestivalRoom>
{
    public void Configure(EntityTypeBuilder<FestivalRoom> builder)
    {
        builder.ToTable("festival_rooms");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(FestivalRoom.NameMax);
        builder.HasIndex(r => new { r.FestivalId, r.Name }).IsUnique();
    }
}

internal sealed class FestivalPartnerConfiguration : IEntityTypeConfiguration<FestivalPartner>
{
    public void Configure(EntityTypeBuilder<FestivalPartner> builder)
    {
        builder.ToTable("festival_partners");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(FestivalPartner.NameMax);
        builder.Property(p => p.LogoUrl).HasMaxLength(FestivalPartner.LogoUrlMax);
        builder.HasIndex(p => new { p.FestivalId, p.Name }).IsUnique();
    }
}

internal sealed class FestivalPartnerMemberConfiguration : IEntityTypeConfiguration<FestivalPartnerMember>
{
    public void Configure(EntityTypeBuilder<FestivalPartnerMember> builder)
    {
        builder.ToTable("festival_partner_members");
        builder.HasKey(m => m.PersonId);
        builder.HasIndex(m => m.PartnerId);
        builder.HasOne<Person>().WithOne().HasForeignKey<FestivalPartnerMember>(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FestivalPartner>().WithMany().HasForeignKey(m => m.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FestivalInvitationConfiguration : IEntityTypeConfiguration<FestivalInvitation>
{
    public void Configure(EntityTypeBuilder<FestivalInvitation> builder)
    {
        builder.ToTable("festival_invitations");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.TokenHash).HasMaxLength(32);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.PartnerId);
        builder.HasOne<FestivalPartner>().WithMany().HasForeignKey(i => i.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FestivalWorkshopConfiguration : IEntityTypeConfiguration<FestivalWorkshop>
{
    public void Configure(EntityTypeBuilder<FestivalWorkshop> builder)
    {
        builder.ToTable("festival_workshops");
        builder.HasKey(w => w.EventId);
        builder.HasIndex(w => w.FestivalId);
        builder.HasOne<GuildEvent>().WithOne().HasForeignKey<FestivalWorkshop>(w => w.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Festival>().WithMany().HasForeignKey(w => w.FestivalId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FestivalRoom>().WithMany().HasForeignKey(w => w.RoomId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(w => w.Hosts).WithOne().HasForeignKey(h => h.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FestivalWorkshopHostConfiguration : IEntityTypeConfiguration<FestivalWorkshopHost>
{
    public void Configure(EntityTypeBuilder<FestivalWorkshopHost> builder)
    {
        builder.ToTable("festival_workshop_hosts");
        builder.HasKey(h => new { h.EventId, h.PersonId });
        builder.HasIndex(h => h.PersonId);
        builder.HasOne<Person>().WithMany().HasForeignKey(h => h.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FestivalPlacePoolConfiguration : IEntityTypeConfiguration<FestivalPlacePool>
{
    public void Configure(EntityTypeBuilder<FestivalPlacePool> builder)
    {
        builder.ToTable("festival_place_pools");
        builder.HasKey(p => new { p.EventId, p.PartnerId });
        builder.HasOne<GuildEvent>().WithMany().HasForeignKey(p => p.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FestivalScheduleEntryConfiguration : IEntityTypeConfiguration<FestivalScheduleEntry>
{
    public void Configure(EntityTypeBuilder<FestivalScheduleEntry> builder)
    {
        builder.ToTable("festival_schedule");
        builder.HasKey(s => new { s.PersonId, s.EventId });
        builder.HasIndex(s => new { s.FestivalId, s.PersonId });
        builder.HasIndex(s => s.EventId);
        builder.HasOne<Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GuildEvent>().WithMany().HasForeignKey(s => s.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Festival>().WithMany().HasForeignKey(s => s.FestivalId).OnDelete(DeleteBehavior.Cascade);
    }
}
