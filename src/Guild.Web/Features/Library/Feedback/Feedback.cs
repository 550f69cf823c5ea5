using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Library.Feedback;

/// <summary>
/// A person's answer to "did this help you do your job?" about one resource: one row per person and resource, replaced
/// by a later answer (the history is in the learning records, not here).
/// </summary>
public sealed class ResourceHelpfulness
{
    public const int WhatForMax = 500;

    public Guid ResourceId { get; set; }
    public Guid PersonId { get; set; }
    public bool Helpful { get; set; }
    /// <summary>What it helped with (or did not), in the person's words; optional.</summary>
    public string? WhatFor { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The day of <see cref="At"/> in the organisation's time zone: the reach chart counts answers per week from it, like views.</summary>
    public DateOnly Day { get; set; }
}

/// <summary>What a flag says about a resource.</summary>
public enum FlagKind { Outdated, Question }

/// <summary>A reader's "this is outdated" or "I have a question" about a resource, for its authors to handle.</summary>
public sealed class ResourceFlag
{
    public const int TextMax = 1000;

    public Guid Id { get; set; }
    public Guid ResourceId { get; set; }
    public Guid PersonId { get; set; }
    public FlagKind Kind { get; set; }
    public string? Text { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>When an author (or an L&amp;D admin) marked it handled; null while it waits.</summary>
    public DateTimeOffset? HandledAt { get; set; }
    public Guid? HandledById { get; set; }
}

internal sealed class ResourceHelpfulnessConfiguration : IEntityTypeConfiguration<ResourceHelpfulness>
{
    public void Configure(EntityTypeBuilder<ResourceHelpfulness> builder)
    {
        builder.ToTable("resource_helpfulness");
        builder.HasKey(h => new { h.ResourceId, h.PersonId });
        builder.Property(h => h.WhatFor).HasMaxLength(ResourceHelpfulness.WhatForMax);
        // The reach chart: a resource's answers by day.
        builder.HasIndex(h => new { h.ResourceId, h.Day });
        builder.HasOne<Resource>().WithMany().HasForeignKey(h => h.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(h => h.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResourceFlagConfiguration : IEntityTypeConfiguration<ResourceFlag>
{
    public void Configure(EntityTypeBuilder<ResourceFlag> builder)
    {
        builder.ToTable("resource_flags");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Text).HasMaxLength(ResourceFlag.TextMax);
        // What waits for a resource's authors.
        builder.HasIndex(f => new { f.ResourceId, f.At }).HasFilter("handled_at IS NULL");
        builder.HasOne<Resource>().WithMany().HasForeignKey(f => f.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(f => f.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(f => f.HandledById).OnDelete(DeleteBehavior.Restrict);
    }
}
