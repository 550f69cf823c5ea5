using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>
/// A priority capability the business names ("New Media know-how"), broken into <see cref="KnowHowComponent"/>s.
/// Archived, never deleted: calls, champions and resources keep pointing at it.
/// </summary>
public sealed class Capability
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Lower-case, accent-free name: unique among capabilities that are not archived.</summary>
    public required string NameKey { get; set; }
    public string? Description { get; set; }
    /// <summary>The person who looks after it (an L&amp;D admin or someone from the business).</summary>
    public Guid? OwnerId { get; set; }
    /// <summary>Order on the map (ascending).</summary>
    public int Position { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
}

/// <summary>
/// A part of a capability that people need ("Short video", "Search engine optimisation"), nested up to
/// <see cref="MaxDepth"/> levels: depth 1 hangs on the capability, depth 2 and 3 on a component. Merging one
/// into another moves what hangs on it (champions, skills, calls, endorsements of its skills stay) and archives it
/// with <see cref="MergedIntoId"/>, so old links resolve to the survivor.
/// </summary>
public sealed class KnowHowComponent
{
    public const int MaxDepth = 3;

    public Guid Id { get; set; }
    public Guid CapabilityId { get; set; }
    public Guid? ParentId { get; set; }
    /// <summary>1 under the capability, up to <see cref="MaxDepth"/>.</summary>
    public int Depth { get; set; } = 1;
    public required string Name { get; set; }
    /// <summary>Lower-case, accent-free name: unique among the live siblings.</summary>
    public required string NameKey { get; set; }
    public string? Description { get; set; }
    public Guid? OwnerId { get; set; }
    /// <summary>Order among its siblings (ascending).</summary>
    public int Position { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    /// <summary>Set when it was merged into another component (it is archived then).</summary>
    public Guid? MergedIntoId { get; set; }
}

/// <summary>A skill people can have and components cover ("Video editing"); one vocabulary for the whole organisation.</summary>
public sealed class Skill
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Lower-case, accent-free name, unique: "Video editing" and "video Editing" are one skill.</summary>
    public required string NameKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A skill a component covers.</summary>
public sealed class ComponentSkill
{
    public Guid ComponentId { get; set; }
    public Guid SkillId { get; set; }
}

internal sealed class CapabilityConfiguration : IEntityTypeConfiguration<Capability>
{
    public void Configure(EntityTypeBuilder<Capability> builder)
    {
        builder.ToTable("capabilities");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(150);
        builder.Property(c => c.NameKey).HasMaxLength(150);
        builder.Property(c => c.Description).HasMaxLength(4000);
        builder.HasIndex(c => c.NameKey).IsUnique().HasFilter("archived_at IS NULL");
        builder.HasIndex(c => c.Position);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class KnowHowComponentConfiguration : IEntityTypeConfiguration<KnowHowComponent>
{
    public void Configure(EntityTypeBuilder<KnowHowComponent> builder)
    {
        builder.ToTable("components");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(150);
        builder.Property(c => c.NameKey).HasMaxLength(150);
        builder.Property(c => c.Description).HasMaxLength(4000);
        builder.HasOne<Capability>().WithMany().HasForeignKey(c => c.CapabilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(c => c.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
        // The map is read per capability, in tree order.
        builder.HasIndex(c => new { c.CapabilityId, c.ParentId, c.Position });
        builder.HasIndex(c => c.ParentId);
        // Siblings have distinct names; a component directly under the capability has no parent, so two indexes.
        builder.HasIndex(c => new { c.ParentId, c.NameKey }, "ix_components_parent_name").IsUnique()
            .HasFilter("archived_at IS NULL AND parent_id IS NOT NULL");
        builder.HasIndex(c => new { c.CapabilityId, c.NameKey }, "ix_components_top_name").IsUnique()
            .HasFilter("archived_at IS NULL AND parent_id IS NULL");
        builder.ToTable(table => table.HasCheckConstraint("ck_components_depth", "depth BETWEEN 1 AND 3"));
    }
}

internal sealed class SkillConfiguration : IEntityTypeConfiguration<Skill>
{
    public void Configure(EntityTypeBuilder<Skill> builder)
    {
        builder.ToTable("skills");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.NameKey).HasMaxLength(100);
        builder.HasIndex(s => s.NameKey).IsUnique();
        // Prefix search while typing a skill.
        builder.HasIndex(s => s.NameKey, "ix_skills_name_key_pattern").HasOperators("text_pattern_ops");
    }
}

internal sealed class ComponentSkillConfiguration : IEntityTypeConfiguration<ComponentSkill>
{
    public void Configure(EntityTypeBuilder<ComponentSkill> builder)
    {
        builder.ToTable("component_skills");
        builder.HasKey(cs => new { cs.ComponentId, cs.SkillId });
        builder.HasIndex(cs => cs.SkillId);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(cs => cs.ComponentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Skill>().WithMany().HasForeignKey(cs => cs.SkillId).OnDelete(DeleteBehavior.Cascade);
    }
}
