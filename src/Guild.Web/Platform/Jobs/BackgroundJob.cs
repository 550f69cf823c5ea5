using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Jobs;

public enum JobStatus { Queued, Running, Succeeded, Failed }

/// <summary>
/// Durable background work. A row is claimed by one node at a time with a lease; when a node dies
/// the lease runs out and another node (or the restarted one) takes the job again.
/// </summary>
public sealed class BackgroundJob
{
    public Guid Id { get; set; }
    /// <summary>The handler's name, see <see cref="IJobHandler.Kind"/>.</summary>
    public required string Kind { get; set; }
    public required string Payload { get; set; }
    public JobStatus Status { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 8;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset RunAfter { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>The person who started the job; they can watch its progress.</summary>
    public Guid? StartedById { get; set; }
    /// <summary>Guards against enqueueing the same logical job twice (a digest for one day, say).</summary>
    public string? DedupeKey { get; set; }
    public int ProgressDone { get; set; }
    public int ProgressTotal { get; set; }
    public string? ProgressMessage { get; set; }
    /// <summary>JSON the handler leaves for the page that shows the outcome.</summary>
    public string? Result { get; set; }
    public string? LastError { get; set; }
}

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> builder)
    {
        builder.ToTable("background_jobs");
        builder.Property(job => job.Kind).HasMaxLength(100);
        builder.Property(job => job.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(job => job.ClaimedBy).HasMaxLength(100);
        builder.Property(job => job.DedupeKey).HasMaxLength(200);
        builder.Property(job => job.ProgressMessage).HasMaxLength(500);
        builder.HasIndex(job => new { job.Status, job.RunAfter });
        builder.HasIndex(job => job.DedupeKey).IsUnique();
        builder.HasIndex(job => job.StartedById);
        // The admin overview lists newest first; housekeeping removes by age.
        builder.HasIndex(job => job.CreatedAt);
        builder.HasIndex(job => job.FinishedAt);
    }
}
