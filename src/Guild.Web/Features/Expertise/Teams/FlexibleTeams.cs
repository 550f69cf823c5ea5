using Guild.Web.Features.Expertise.Map;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Expertise.Teams;

/// <summary>
/// A flexible team for a business problem: someone describes the problem and the components it needs, Guild
/// proposes people who cover them, the proposer adjusts and invites, and the team works until its end date.
/// </summary>
public sealed class FlexibleTeam
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The business problem, as the proposer described it (Markdown).</summary>
    public required string Purpose { get; set; }
    public Guid ProposerId { get; set; }
    public DateOnly? EndsOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the invitations went out; null while the proposer is still shaping the team.</summary>
    public DateTimeOffset? InvitedAt { get; set; }
}

/// <summary>A component the team's problem needs.</summary>
public sealed class TeamComponent
{
    public Guid TeamId { get; set; }
    public Guid ComponentId { get; set; }
}

public enum TeamMemberStatus { Proposed, Invited, Accepted, Declined }

/// <summary>Someone on (or proposed for) a team, with why Guild chose them.</summary>
public sealed class TeamMember
{
    public Guid TeamId { get; set; }
    public Guid PersonId { get; set; }
    public TeamMemberStatus Status { get; set; }
    /// <summary>Why they were proposed, as JSON (the components they cover, availability, department, load), for the proposer.</summary>
    public string? Reason { get; set; }
    public DateTimeOffset? InvitedAt { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
}

internal sealed class FlexibleTeamConfiguration : IEntityTypeConfiguration<FlexibleTeam>
{
    public void Configure(EntityTypeBuilder<FlexibleTeam> builder)
    {
        builder.ToTable("teams");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Name).HasMaxLength(150);
        builder.Property(t => t.Purpose).HasMaxLength(10_000);
        builder.HasIndex(t => t.ProposerId);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(t => t.ProposerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TeamComponentConfiguration : IEntityTypeConfiguration<TeamComponent>
{
    public void Configure(EntityTypeBuilder<TeamComponent> builder)
    {
        builder.ToTable("team_components");
        builder.HasKey(c => new { c.TeamId, c.ComponentId });
        builder.HasOne<FlexibleTeam>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.ToTable("team_members");
        builder.HasKey(m => new { m.TeamId, m.PersonId });
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Reason).HasMaxLength(4000).IsJsonDocument();
        // A person's teams (their profile, their invitations).
        builder.HasIndex(m => new { m.PersonId, m.Status });
        builder.HasOne<FlexibleTeam>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
