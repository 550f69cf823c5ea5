using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Library.Browse;

/// <summary>
/// How far someone got in a resource: where they stopped (seconds into a video) and the share they watched or read.
/// One row per person and resource, overwritten as they go; "continue where I stopped" and a collection's progress read it.
/// </summary>
public sealed class ResourceProgress
{
    public Guid PersonId { get; set; }
    public Guid ResourceId { get; set; }
    /// <summary>Where they stopped, in seconds from the start (0 for something read).</summary>
    public double PositionSeconds { get; set; }
    /// <summary>The share watched or read, 0..1 (the furthest they got: rewinding does not lower it).</summary>
    public double Share { get; set; }
    /// <summary>The highest milestone (25, 50, 75, 100 %) already recorded as a learning act, so each is recorded once.</summary>
    public int Milestone { get; set; }
    /// <summary>When they got to 95 %: finished, off the "continue" shelf.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ResourceProgressConfiguration : IEntityTypeConfiguration<ResourceProgress>
{
    public void Configure(EntityTypeBuilder<ResourceProgress> builder)
    {
        builder.ToTable("resource_progress");
        builder.HasKey(p => new { p.PersonId, p.ResourceId });
        // The "continue" shelf: my unfinished ones, most recent first.
        builder.HasIndex(p => new { p.PersonId, p.UpdatedAt });
        builder.HasIndex(p => p.ResourceId);
        builder.HasOne<Resource>().WithMany().HasForeignKey(p => p.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
