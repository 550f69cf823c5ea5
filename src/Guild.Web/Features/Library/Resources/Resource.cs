using Guild.Web.Features.Expertise.Map;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Library.Resources;

/// <summary>What a resource is: it decides which fields it carries and how its page shows it.</summary>
public enum ResourceKind { Video, ScreenRecording, Article, Link, File }

/// <summary>Where a resource is on its way to readers: only <see cref="Published"/> is seen by everyone.</summary>
public enum ResourceStatus { Draft, InReview, Published, Archived }

/// <summary>
/// A short resource made by Knowledge Champions about components of the know-how map. Articles keep their Markdown and
/// the HTML rendered from it once on save (pages never render Markdown); media kinds point at the media pipeline's asset;
/// files at a stored file; links at an http(s) address.
/// </summary>
public sealed class Resource
{
    public const int TitleMax = 200;
    public const int SummaryMax = 1000;
    public const int MarkdownMax = 100_000;
    public const int UrlMax = 2000;

    public Guid Id { get; set; }
    public ResourceKind Kind { get; set; }
    public ResourceStatus Status { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    /// <summary>"en" or "nl".</summary>
    public required string Language { get; set; }

    /// <summary>Article: the source as the author wrote it.</summary>
    public string? Markdown { get; set; }
    /// <summary>Article: sanitised HTML rendered from <see cref="Markdown"/> on save.</summary>
    public string? Html { get; set; }
    /// <summary>Article: minutes to read, from its words.</summary>
    public int? ReadingMinutes { get; set; }

    /// <summary>Video and screen recording: the media pipeline's asset.</summary>
    public Guid? MediaAssetId { get; set; }
    /// <summary>Video and screen recording: length in seconds, once the pipeline knows it.</summary>
    public int? DurationSeconds { get; set; }

    /// <summary>Link: where it points (http or https).</summary>
    public string? Url { get; set; }

    /// <summary>File: the key in the file store.</summary>
    public string? FileKey { get; set; }
    public string? FileName { get; set; }
    public long? FileSize { get; set; }

    public Guid CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>The champion asked to review (kept after their answer, so they can look again).</summary>
    public Guid? ReviewerId { get; set; }
    /// <summary>When the review was asked for: the queue's "waiting since".</summary>
    public DateTimeOffset? ReviewRequestedAt { get; set; }
    /// <summary>The reviewer's last request for changes, kept until the next review is asked for.</summary>
    public string? ReviewMessage { get; set; }
}

/// <summary>A component of the know-how map that a resource is about.</summary>
public sealed class ResourceComponent
{
    public Guid ResourceId { get; set; }
    public Guid ComponentId { get; set; }
}

/// <summary>A champion who made the resource (at least one per resource).</summary>
public sealed class ResourceAuthor
{
    public Guid ResourceId { get; set; }
    public Guid PersonId { get; set; }
}

/// <summary>A published version of a resource: the first publication and every edit after it.</summary>
public sealed class ResourceRevision
{
    public Guid Id { get; set; }
    public Guid ResourceId { get; set; }
    /// <summary>1 for the first publication, then counting up.</summary>
    public int Number { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public string? Markdown { get; set; }
    public string? Url { get; set; }
    public Guid ById { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// That someone viewed a resource on a day (the organisation's day, in its time zone): at most one "viewed" learning
/// record per person, resource and day.
/// </summary>
public sealed class ResourceView
{
    public Guid ResourceId { get; set; }
    public Guid PersonId { get; set; }
    public DateOnly Day { get; set; }
}

internal sealed class ResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> builder)
    {
        builder.ToTable("resources");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Title).HasMaxLength(Resource.TitleMax);
        builder.Property(r => r.Summary).HasMaxLength(Resource.SummaryMax);
        builder.Property(r => r.Language).HasMaxLength(2);
        builder.Property(r => r.Markdown).HasMaxLength(Resource.MarkdownMax);
        builder.Property(r => r.Url).HasMaxLength(Resource.UrlMax);
        builder.Property(r => r.FileKey).HasMaxLength(300);
        builder.Property(r => r.FileName).HasMaxLength(255);
        builder.Property(r => r.ReviewMessage).HasMaxLength(2000);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.Restrict);
        // Restrict, not SetNull: removing a video that a resource shows must be a decision about that resource, never a
        // published resource silently left without its video (SetNull would also bypass the publishing check).
        builder.HasOne<Media.MediaAsset>().WithMany().HasForeignKey(r => r.MediaAssetId).OnDelete(DeleteBehavior.Restrict);
        // Browse and the API list published resources newest first.
        builder.HasIndex(r => new { r.Status, r.PublishedAt });
        // The review queue: what waits, oldest first.
        builder.HasIndex(r => new { r.ReviewerId, r.ReviewRequestedAt }).HasFilter("status = 'InReview'");
    }
}

internal sealed class ResourceComponentConfiguration : IEntityTypeConfiguration<ResourceComponent>
{
    public void Configure(EntityTypeBuilder<ResourceComponent> builder)
    {
        builder.ToTable("resource_components");
        builder.HasKey(c => new { c.ResourceId, c.ComponentId });
        // A component's resources (browse, coverage).
        builder.HasIndex(c => new { c.ComponentId, c.ResourceId });
        builder.HasOne<Resource>().WithMany().HasForeignKey(c => c.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<KnowHowComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResourceAuthorConfiguration : IEntityTypeConfiguration<ResourceAuthor>
{
    public void Configure(EntityTypeBuilder<ResourceAuthor> builder)
    {
        builder.ToTable("resource_authors");
        builder.HasKey(a => new { a.ResourceId, a.PersonId });
        // "My resources".
        builder.HasIndex(a => new { a.PersonId, a.ResourceId });
        builder.HasOne<Resource>().WithMany().HasForeignKey(a => a.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResourceRevisionConfiguration : IEntityTypeConfiguration<ResourceRevision>
{
    public void Configure(EntityTypeBuilder<ResourceRevision> builder)
    {
        builder.ToTable("resource_revisions");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Title).HasMaxLength(Resource.TitleMax);
        builder.Property(r => r.Summary).HasMaxLength(Resource.SummaryMax);
        builder.Property(r => r.Markdown).HasMaxLength(Resource.MarkdownMax);
        builder.Property(r => r.Url).HasMaxLength(Resource.UrlMax);
        builder.HasIndex(r => new { r.ResourceId, r.Number }).IsUnique();
        builder.HasOne<Resource>().WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(r => r.ById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResourceViewConfiguration : IEntityTypeConfiguration<ResourceView>
{
    public void Configure(EntityTypeBuilder<ResourceView> builder)
    {
        builder.ToTable("resource_views");
        builder.HasKey(v => new { v.ResourceId, v.PersonId, v.Day });
        builder.HasOne<Resource>().WithMany().HasForeignKey(v => v.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
