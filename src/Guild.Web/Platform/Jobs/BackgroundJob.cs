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
    /// <summary>
    /// The message as text, from before messages were stored as keys; kept so that those rows stay
    /// readable. New messages are <see cref="ProgressMessageKey"/> with <see cref="ProgressMessageArguments"/>.
    /// </summary>
    public string? ProgressMessage { get; set; }
    /// <summary>Resource key of the progress message (or, once the job has finished, of its final message), see <see cref="JobMessage"/>.</summary>
    public string? ProgressMessageKey { get; set; }
    /// <summary>The message's arguments as a JSON array.</summary>
    public string? ProgressMessageArguments { get; set; }
    /// <summary>How it went for what the job worked on, once it succeeded; null when the handler did not say.</summary>
    public JobOutcome? Outcome { get; set; }
    /// <summary>Resource key of the outcome's label ("Import rejected"); null for the general one.</summary>
    public string? OutcomeKey { get; set; }
    /// <summary>What the job works on (<c>PeopleImport</c>), so its page can link there and back.</summary>
    public string? SubjectType { get; set; }
    public string? SubjectId { get; set; }
    /// <summary>JSON the handler leaves for the page that shows the outcome.</summary>
    public string? Result { get; set; }
    public string? LastError { get; set; }

    /// <summary>Names the object this job works on; call it before the job is committed.</summary>
    public BackgroundJob WorksOn(string subjectType, string subjectId)
    {
        SubjectType = subjectType;
        SubjectId = subjectId;
        return this;
    }
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
        builder.Property(job => job.ProgressMessageKey).HasMaxLength(100);
        builder.Property(job => job.ProgressMessageArguments).HasMaxLength(2000);
        builder.Property(job => job.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(job => job.OutcomeKey).HasMaxLength(100);
        builder.Property(job => job.SubjectType).HasMaxLength(100);
        builder.Property(job => job.SubjectId).HasMaxLength(100);
        builder.HasIndex(job => new { job.Status, job.RunAfter });
        builder.HasIndex(job => job.DedupeKey).IsUnique();
        builder.HasIndex(job => job.StartedById);
        // The admin overview lists newest first; housekeeping removes by age.
        builder.HasIndex(job => job.CreatedAt);
        builder.HasIndex(job => job.FinishedAt);
    }
}
