using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Events.Series;

/// <summary>
/// A lecture series: a recurring slot (an RFC 5545 rule from <see cref="FirstDate"/>, a wall-clock start time in an IANA zone and a
/// duration), where it happens, exceptions, what a public holiday does to it, and who organises it. Each occurrence is a
/// <see cref="GuildEvent"/> with <see cref="GuildEvent.SeriesId"/>, made ahead by <see cref="SeriesMaterialiser"/>, with one
/// <see cref="SeriesTalk"/> beside it for its speaker. A "this and following" change ends a series (UNTIL) and starts a new one
/// (<see cref="PreviousSeriesId"/>).
/// </summary>
public sealed class LectureSeries
{
    public const int TitleMax = GuildEvent.TitleMax;
    public const int DescriptionMax = 5_000;

    public Guid Id { get; set; }
    public required string Title { get; set; }
    /// <summary>Markdown, copied to each occurrence.</summary>
    public string Description { get; set; } = "";
    /// <summary>The normalised RRULE (without the <c>RRULE:</c> prefix).</summary>
    public required string RecurrenceRule { get; set; }
    /// <summary>DTSTART's date: the rule counts from here.</summary>
    public DateOnly FirstDate { get; set; }
    public TimeOnly StartTime { get; set; }
    public int DurationMinutes { get; set; }
    /// <summary>IANA zone of the wall-clock time, such as Europe/Amsterdam.</summary>
    public required string TimeZone { get; set; }
    public bool Online { get; set; }
    public string? MeetingLink { get; set; }
    public string? Room { get; set; }
    public int? Capacity { get; set; }
    public HolidayPolicy HolidayPolicy { get; set; }
    /// <summary>An occurrence this many days ahead without a confirmed speaker tells the organisers (once).</summary>
    public int SpeakerDeadlineDays { get; set; } = 7;
    /// <summary>The series this one continues after a "this and following" change.</summary>
    public Guid? PreviousSeriesId { get; set; }
    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<SeriesOrganiser> Organisers { get; set; } = [];
    public List<SeriesComponent> Components { get; set; } = [];
    public List<SeriesException> Exceptions { get; set; } = [];
}

/// <summary>Someone who runs a series: edits it, proposes speakers, hears when a date has nobody.</summary>
public sealed class SeriesOrganiser
{
    public Guid SeriesId { get; set; }
    public Guid PersonId { get; set; }
}

/// <summary>A component of the know-how map the series wants talks about (its champions are suggested first).</summary>
public sealed class SeriesComponent
{
    public Guid SeriesId { get; set; }
    public Guid ComponentId { get; set; }
}

/// <summary>An EXDATE: a date of the rule on which the series does not take place.</summary>
public sealed class SeriesException
{
    public Guid SeriesId { get; set; }
    public DateOnly Date { get; set; }
}

/// <summary>Where an occurrence's speaker stands: nobody yet, proposed by an organiser (waiting for an answer), or confirmed.</summary>
public enum TalkStatus { Open, Proposed, Confirmed }

/// <summary>
/// The speaker slot of one occurrence (one row per occurrence, made with it). Its (series, rule date) is unique, so making occurrences
/// twice — a rerun, or two nodes at once — can never make a date twice, and an occurrence moved by "only this one" keeps its place.
/// </summary>
public sealed class SeriesTalk
{
    public const int TopicMax = 200;

    /// <summary>The occurrence (the event row) this slot belongs to.</summary>
    public Guid EventId { get; set; }
    public Guid SeriesId { get; set; }
    /// <summary>The date the rule gave (the occurrence's recurrence id), even when a holiday or an edit moved the event.</summary>
    public DateOnly RuleDate { get; set; }
    public TalkStatus Status { get; set; }
    public Guid? SpeakerId { get; set; }
    public string? Topic { get; set; }
    public Guid? ProposedById { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
    /// <summary>The confirmed speaker asked the speaker of that occurrence to swap dates; cleared when answered.</summary>
    public Guid? SwapWithEventId { get; set; }
    /// <summary>When the organisers were told nobody had confirmed (so they are told once).</summary>
    public DateTimeOffset? OrganisersToldAt { get; set; }
    /// <summary>When "spoke" was recorded for the speaker.</summary>
    public DateTimeOffset? SpokeRecordedAt { get; set; }
    /// <summary>The talk's recording, once published in the library.</summary>
    public Guid? RecordingResourceId { get; set; }
}

internal sealed class LectureSeriesConfiguration : IEntityTypeConfiguration<LectureSeries>
{
    public void Configure(EntityTypeBuilder<LectureSeries> builder)
    {
        builder.ToTable("lecture_series");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Title).HasMaxLength(LectureSeries.TitleMax);
        builder.Property(s => s.Description).HasMaxLength(LectureSeries.DescriptionMax);
        builder.Property(s => s.RecurrenceRule).HasMaxLength(RecurrenceRule.MaxLength);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.MeetingLink).HasMaxLength(GuildEvent.LinkMax);
        builder.Property(s => s.Room).HasMaxLength(GuildEvent.RoomMax);
        builder.Property(s => s.HolidayPolicy).HasConversion<string>().HasMaxLength(16);
        builder.HasMany(s => s.Organisers).WithOne().HasForeignKey(o => o.SeriesId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Components).WithOne().HasForeignKey(c => c.SeriesId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Exceptions).WithOne().HasForeignKey(x => x.SeriesId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(s => s.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LectureSeries>().WithMany().HasForeignKey(s => s.PreviousSeriesId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SeriesOrganiserConfiguration : IEntityTypeConfiguration<SeriesOrganiser>
{
    public void Configure(EntityTypeBuilder<SeriesOrganiser> builder)
    {
        builder.ToTable("series_organisers");
        builder.HasKey(o => new { o.SeriesId, o.PersonId });
        builder.HasIndex(o => o.PersonId);
        builder.HasOne<Person>().WithMany().HasForeignKey(o => o.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SeriesComponentConfiguration : IEntityTypeConfiguration<SeriesComponent>
{
    public void Configure(EntityTypeBuilder<SeriesComponent> builder)
    {
        builder.ToTable("series_components");
        builder.HasKey(c => new { c.SeriesId, c.ComponentId });
        builder.HasIndex(c => c.ComponentId);
        builder.HasOne<Expertise.Map.KnowHowComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SeriesExceptionConfiguration : IEntityTypeConfiguration<SeriesException>
{
    public void Configure(EntityTypeBuilder<SeriesException> builder)
    {
        builder.ToTable("series_exceptions");
        builder.HasKey(x => new { x.SeriesId, x.Date });
    }
}

internal sealed class SeriesTalkConfiguration : IEntityTypeConfiguration<SeriesTalk>
{
    public void Configure(EntityTypeBuilder<SeriesTalk> builder)
    {
        builder.ToTable("series_talks");
        builder.HasKey(t => t.EventId);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Topic).HasMaxLength(SeriesTalk.TopicMax);
        // The materialiser's guarantee: one occurrence per rule date, whichever node or rerun makes it.
        builder.HasIndex(t => new { t.SeriesId, t.RuleDate }).IsUnique();
        // "Who spoke in this series" (suggestions) and "my talks".
        builder.HasIndex(t => t.SpeakerId);
        // The resource page's "recording of" link.
        builder.HasIndex(t => t.RecordingResourceId);
        builder.HasOne<GuildEvent>().WithOne().HasForeignKey<SeriesTalk>(t => t.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LectureSeries>().WithMany().HasForeignKey(t => t.SeriesId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(t => t.SpeakerId).OnDelete(DeleteBehavior.SetNull);
    }
}
