using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Expertise.Profiles;

/// <summary>A skill someone has, at a level they chose (the same three levels a call asks for).</summary>
public sealed class PersonSkill
{
    public Guid PersonId { get; set; }
    public Guid SkillId { get; set; }
    public ExpertiseLevel Level { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An "ask me about" topic: free words, so people can name what no skill list has yet.</summary>
public sealed class AskMeAboutTopic
{
    public Guid PersonId { get; set; }
    /// <summary>Lower-case, accent-free text: a person names a topic once.</summary>
    public required string Key { get; set; }
    public required string Text { get; set; }
    public int Position { get; set; }
}

/// <summary>
/// A colleague vouches for someone's skill: one per endorser, person and skill, removable by the endorser; never
/// of oneself.
/// </summary>
public sealed class Endorsement
{
    public Guid EndorserId { get; set; }
    public Guid PersonId { get; set; }
    public Guid SkillId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>How available someone is to share what they know; one row per person who set anything.</summary>
public sealed class Availability
{
    public Guid PersonId { get; set; }
    /// <summary>Away (holiday, leave) until the end of this day, in the organisation's time zone; null when around.</summary>
    public DateOnly? AwayUntil { get; set; }
    /// <summary>Hours a month they can give to teaching and answering; null when not said.</summary>
    public int? HoursPerMonth { get; set; }
    /// <summary>A short word on availability ("mornings only").</summary>
    public string? Note { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class PersonSkillConfiguration : IEntityTypeConfiguration<PersonSkill>
{
    public void Configure(EntityTypeBuilder<PersonSkill> builder)
    {
        builder.ToTable("person_skills");
        builder.HasKey(s => new { s.PersonId, s.SkillId });
        builder.Property(s => s.Level).HasConversion<string>().HasMaxLength(32);
        // The directory: who has this skill (at what level).
        builder.HasIndex(s => new { s.SkillId, s.Level, s.PersonId });
        builder.HasOne<People.Person>().WithMany().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Skill>().WithMany().HasForeignKey(s => s.SkillId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AskMeAboutTopicConfiguration : IEntityTypeConfiguration<AskMeAboutTopic>
{
    public void Configure(EntityTypeBuilder<AskMeAboutTopic> builder)
    {
        builder.ToTable("ask_me_about");
        builder.HasKey(t => new { t.PersonId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(100);
        builder.Property(t => t.Text).HasMaxLength(100);
        builder.HasIndex(t => t.Key).HasOperators("text_pattern_ops");
        builder.HasOne<People.Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EndorsementConfiguration : IEntityTypeConfiguration<Endorsement>
{
    public void Configure(EntityTypeBuilder<Endorsement> builder)
    {
        builder.ToTable("endorsements");
        builder.HasKey(e => new { e.PersonId, e.SkillId, e.EndorserId });
        // What one person endorsed (their own list, and removing one).
        builder.HasIndex(e => e.EndorserId);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(e => e.EndorserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Skill>().WithMany().HasForeignKey(e => e.SkillId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(table => table.HasCheckConstraint("ck_endorsements_not_self", "endorser_id <> person_id"));
    }
}

internal sealed class AvailabilityConfiguration : IEntityTypeConfiguration<Availability>
{
    public void Configure(EntityTypeBuilder<Availability> builder)
    {
        builder.ToTable("availability");
        builder.HasKey(a => a.PersonId);
        builder.Property(a => a.Note).HasMaxLength(200);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(table => table.HasCheckConstraint("ck_availability_hours", "hours_per_month IS NULL OR hours_per_month BETWEEN 0 AND 160"));
    }
}
