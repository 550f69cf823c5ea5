using Guild.Web.Features.Expertise.Map;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>How well a volunteer (or a champion) knows a component: the answer to "how well do you know it?".</summary>
public enum ExpertiseLevel { UsesIt = 1, CanExplainIt = 2, CanTeachIt = 3 }

/// <summary>What a volunteer likes to make or do; several at once.</summary>
[Flags]
public enum ContributionFormats
{
    None = 0,
    Video = 1,
    ScreenRecording = 2,
    Article = 4,
    LiveSession = 8,
    AnsweringQuestions = 16,
}

public enum CallAudience { WholeOrganisation, OrgUnits }

/// <summary>
/// The call for Knowledge Champions: an L&amp;D admin asks (part of) the organisation who would share what they know of
/// a capability's components, by a closing date. A draft until sent; sending fixes who received it
/// (<see cref="CallRecipient"/>), so a department that changes later does not change who was asked.
/// </summary>
public sealed class ChampionCall
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    /// <summary>The message (Markdown), as people read it in mail and in Guild.</summary>
    public required string Message { get; set; }
    public Guid CapabilityId { get; set; }
    public CallAudience Audience { get; set; }
    /// <summary>The last moment answers are taken (end of the closing day in the organisation's time zone).</summary>
    public DateTimeOffset ClosesAt { get; set; }
    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Null while a draft.</summary>
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>Closed early by an admin (otherwise it closes at <see cref="ClosesAt"/>).</summary>
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>A component the call asks about.</summary>
public sealed class CallComponent
{
    public Guid CallId { get; set; }
    public Guid ComponentId { get; set; }
}

/// <summary>A department or location the call goes to (when its audience is <see cref="CallAudience.OrgUnits"/>).</summary>
public sealed class CallOrgUnit
{
    public Guid CallId { get; set; }
    public Guid OrgUnitId { get; set; }
}

/// <summary>
/// Someone the call was sent to: the banner and notification stay until they answer or dismiss it; reminders go
/// to those who have done neither, at most twice.
/// </summary>
public sealed class CallRecipient
{
    public Guid CallId { get; set; }
    public Guid PersonId { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? DismissedAt { get; set; }
    public int Reminders { get; set; }
    public DateTimeOffset? LastRemindedAt { get; set; }
}

/// <summary>A person's answer to a call: one per person and call; answering again updates it.</summary>
public sealed class Volunteering
{
    public Guid Id { get; set; }
    public Guid CallId { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>Hours a month they can give.</summary>
    public int HoursPerMonth { get; set; }
    public ContributionFormats Formats { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum VolunteerDecision { Pending, Approved, Declined }

/// <summary>One component a volunteer offered, at a level, and the admin's decision about it.</summary>
public sealed class VolunteeredComponent
{
    public Guid VolunteeringId { get; set; }
    public Guid ComponentId { get; set; }
    public ExpertiseLevel Level { get; set; }
    public VolunteerDecision Decision { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedById { get; set; }
    /// <summary>The message sent with the decision.</summary>
    public string? DecisionMessage { get; set; }
}

/// <summary>
/// A Knowledge Champion of a component: approved from a call (or appointed by an admin). Ended, never deleted; a
/// deactivated person's row stays (history) but no longer counts on the coverage view.
/// </summary>
public sealed class ComponentChampion
{
    public Guid PersonId { get; set; }
    public Guid ComponentId { get; set; }
    public ExpertiseLevel Level { get; set; }
    public DateTimeOffset Since { get; set; }
    public Guid? ApprovedById { get; set; }
    /// <summary>The call they answered, if they came through one.</summary>
    public Guid? CallId { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

public enum OnboardingStep { CompleteProfile, PublishFirstResource, AnswerFirstQuestion }

/// <summary>
/// A step of a new champion's onboarding that happened. Features record their step when it happens
/// (<c>ChampionOnboarding.RecordAsync</c>): the library when a champion publishes, asks when one answers.
/// </summary>
public sealed class OnboardingMilestone
{
    public Guid PersonId { get; set; }
    public OnboardingStep Step { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class ChampionCallConfiguration : IEntityTypeConfiguration<ChampionCall>
{
    public void Configure(EntityTypeBuilder<ChampionCall> builder)
    {
        builder.ToTable("champion_calls");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Message).HasMaxLength(20_000);
        builder.Property(c => c.Audience).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<Capability>().WithMany().HasForeignKey(c => c.CapabilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.SentAt, c.ClosesAt });
        builder.HasIndex(c => c.CapabilityId);
    }
}

internal sealed class CallComponentConfiguration : IEntityTypeConfiguration<CallComponent>
{
    public void Configure(EntityTypeBuilder<CallComponent> builder)
    {
        builder.ToTable("champion_call_components");
        builder.HasKey(c => new { c.CallId, c.ComponentId });
        builder.HasIndex(c => c.ComponentId);
        builder.HasOne<ChampionCall>().WithMany().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CallOrgUnitConfiguration : IEntityTypeConfiguration<CallOrgUnit>
{
    public void Configure(EntityTypeBuilder<CallOrgUnit> builder)
    {
        builder.ToTable("champion_call_org_units");
        builder.HasKey(c => new { c.CallId, c.OrgUnitId });
        builder.HasOne<ChampionCall>().WithMany().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.OrgUnit>().WithMany().HasForeignKey(c => c.OrgUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CallRecipientConfiguration : IEntityTypeConfiguration<CallRecipient>
{
    public void Configure(EntityTypeBuilder<CallRecipient> builder)
    {
        builder.ToTable("champion_call_recipients");
        builder.HasKey(r => new { r.CallId, r.PersonId });
        // A person's open calls (the banner on every page): by person, unanswered and not dismissed.
        builder.HasIndex(r => r.PersonId).HasFilter("answered_at IS NULL AND dismissed_at IS NULL");
        builder.HasOne<ChampionCall>().WithMany().HasForeignKey(r => r.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VolunteeringConfiguration : IEntityTypeConfiguration<Volunteering>
{
    public void Configure(EntityTypeBuilder<Volunteering> builder)
    {
        builder.ToTable("volunteerings");
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Formats).HasConversion<int>();
        builder.Property(v => v.Note).HasMaxLength(2000);
        builder.HasIndex(v => new { v.CallId, v.PersonId }).IsUnique();
        builder.HasIndex(v => v.PersonId);
        builder.HasOne<ChampionCall>().WithMany().HasForeignKey(v => v.CallId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(v => v.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(table => table.HasCheckConstraint("ck_volunteerings_hours", "hours_per_month BETWEEN 0 AND 160"));
    }
}

internal sealed class VolunteeredComponentConfiguration : IEntityTypeConfiguration<VolunteeredComponent>
{
    public void Configure(EntityTypeBuilder<VolunteeredComponent> builder)
    {
        builder.ToTable("volunteered_components");
        builder.HasKey(v => new { v.VolunteeringId, v.ComponentId });
        builder.Property(v => v.Level).HasConversion<string>().HasMaxLength(32);
        builder.Property(v => v.Decision).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.DecisionMessage).HasMaxLength(2000);
        // The review queue: what waits, oldest first.
        builder.HasIndex(v => new { v.Decision, v.ComponentId });
        builder.HasIndex(v => v.ComponentId);
        builder.HasOne<Volunteering>().WithMany().HasForeignKey(v => v.VolunteeringId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(v => v.ComponentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ComponentChampionConfiguration : IEntityTypeConfiguration<ComponentChampion>
{
    public void Configure(EntityTypeBuilder<ComponentChampion> builder)
    {
        builder.ToTable("component_champions");
        builder.HasKey(c => new { c.PersonId, c.ComponentId });
        builder.Property(c => c.Level).HasConversion<string>().HasMaxLength(32);
        // Coverage counts champions per component; badges list a person's components.
        builder.HasIndex(c => new { c.ComponentId, c.PersonId }).HasFilter("ended_at IS NULL");
        builder.HasOne<People.Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ChampionCall>().WithMany().HasForeignKey(c => c.CallId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class OnboardingMilestoneConfiguration : IEntityTypeConfiguration<OnboardingMilestone>
{
    public void Configure(EntityTypeBuilder<OnboardingMilestone> builder)
    {
        builder.ToTable("champion_onboarding");
        builder.HasKey(m => new { m.PersonId, m.Step });
        builder.Property(m => m.Step).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
