using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>Why a reader reports a post.</summary>
public enum ReportReason { Disrespectful, PersonalInformation, Spam, OffTopic, Other }

/// <summary>What a moderator decided about a report: hide the post (the note is the reason its author reads) or keep it.</summary>
public enum ReportOutcome { Hide, Keep }

/// <summary>
/// A reader tells the space's moderators about a post. One open report per person and post; the post's space is found
/// through the post, so a report follows a thread that moves.
/// </summary>
public sealed class PostReport
{
    public Guid Id { get; set; }
    public Guid PostId { get; set; }
    public Guid ReporterId { get; set; }
    public ReportReason Reason { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public Guid? ResolvedById { get; set; }
    public ReportOutcome? Outcome { get; set; }
    public string? ResolutionNote { get; set; }
}

internal sealed class PostReportConfiguration : IEntityTypeConfiguration<PostReport>
{
    public void Configure(EntityTypeBuilder<PostReport> builder)
    {
        builder.ToTable("community_post_reports");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Reason).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(8);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.Property(r => r.ResolutionNote).HasMaxLength(500);
        // One open report per person and post; the database keeps it when two arrive at once.
        builder.HasIndex(r => new { r.PostId, r.ReporterId }).IsUnique().HasFilter("resolved_at IS NULL");
        // The rate limit: a person's reports of the last hour.
        builder.HasIndex(r => new { r.ReporterId, r.CreatedAt });
        builder.HasOne<Post>().WithMany().HasForeignKey(r => r.PostId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
    }
}
