using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Community.Spaces;

/// <summary>
/// Who may find and read a space: open (every colleague reads, members post), closed (everyone sees its name and
/// description and may ask to join; only members read) and secret (invite only: to anyone else it does not exist).
/// </summary>
public enum SpaceKind { Open, Closed, Secret }

/// <summary>The reactions a space may offer; a space stores which of them it does (a set of flags).</summary>
[Flags]
public enum SpaceReactions { None = 0, Thanks = 1, Helpful = 2, Insightful = 4, All = Thanks | Helpful | Insightful }

/// <summary>A community of practice, a network of innovators, the cohort of a course: people with a shared subject.</summary>
public sealed class Space
{
    public Guid Id { get; set; }
    /// <summary>The space's address, /community/{slug}: lower-case letters, digits and hyphens.</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public SpaceKind Kind { get; set; }
    public SpaceReactions Reactions { get; set; } = SpaceReactions.All;
    /// <summary>Questions may be posted without the author's name (only the space's moderators can reveal it, audited).</summary>
    public bool AllowAnonymousQuestions { get; set; }
    /// <summary>A network of innovators: the space has an idea board (idea → tried → adopted).</summary>
    public bool IsInnovatorsNetwork { get; set; }
    /// <summary>A member's first contribution here (thread or reply) waits for a moderator before anyone else sees it.</summary>
    public bool HoldFirstPosts { get; set; }
    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<SpaceComponent> Components { get; set; } = [];
}

/// <summary>A component of the know-how map the space is about.</summary>
public sealed class SpaceComponent
{
    public Guid SpaceId { get; set; }
    public Guid ComponentId { get; set; }
}

/// <summary>Where someone stands in a space: asked to join (closed spaces), a member, or their request was declined.</summary>
public enum MembershipStatus { Requested, Member, Declined }

/// <summary>
/// A person's membership of a space, or their request for one. Space moderators are members with the moderator flag:
/// they approve requests, invite people to secret spaces and, later, facilitate (the acknowledgement queue).
/// </summary>
public sealed class SpaceMember
{
    public Guid SpaceId { get; set; }
    public Guid PersonId { get; set; }
    public MembershipStatus Status { get; set; }
    public bool IsModerator { get; set; }
    /// <summary>What the person wrote when asking to join a closed space.</summary>
    public string? RequestMessage { get; set; }
    /// <summary>What the moderator wrote when deciding (shown to the person, e.g. why a request was declined).</summary>
    public string? DecisionMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? JoinedAt { get; set; }
}

/// <summary>Someone follows a whole space: every new thread and reply notifies them (once each).</summary>
public sealed class SpaceFollower
{
    public Guid SpaceId { get; set; }
    public Guid PersonId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class SpaceConfiguration : IEntityTypeConfiguration<Space>
{
    public void Configure(EntityTypeBuilder<Space> builder)
    {
        builder.ToTable("community_spaces");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Slug).HasMaxLength(60);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(120);
        builder.Property(s => s.Description).HasMaxLength(2000);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(s => s.Reactions).HasConversion<int>();
        builder.HasOne<Person>().WithMany().HasForeignKey(s => s.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Components).WithOne().HasForeignKey(c => c.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpaceComponentConfiguration : IEntityTypeConfiguration<SpaceComponent>
{
    public void Configure(EntityTypeBuilder<SpaceComponent> builder)
    {
        builder.ToTable("community_space_components");
        builder.HasKey(c => new { c.SpaceId, c.ComponentId });
        builder.HasIndex(c => c.ComponentId);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpaceMemberConfiguration : IEntityTypeConfiguration<SpaceMember>
{
    public void Configure(EntityTypeBuilder<SpaceMember> builder)
    {
        builder.ToTable("community_space_members");
        builder.HasKey(m => new { m.SpaceId, m.PersonId });
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.RequestMessage).HasMaxLength(500);
        builder.Property(m => m.DecisionMessage).HasMaxLength(500);
        // "My spaces" (the list puts them first, every rule check asks for the caller's row).
        builder.HasIndex(m => new { m.PersonId, m.Status });
        builder.HasOne<Space>().WithMany().HasForeignKey(m => m.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpaceFollowerConfiguration : IEntityTypeConfiguration<SpaceFollower>
{
    public void Configure(EntityTypeBuilder<SpaceFollower> builder)
    {
        builder.ToTable("community_space_followers");
        builder.HasKey(f => new { f.SpaceId, f.PersonId });
        builder.HasIndex(f => f.PersonId);
        builder.HasOne<Space>().WithMany().HasForeignKey(f => f.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(f => f.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
