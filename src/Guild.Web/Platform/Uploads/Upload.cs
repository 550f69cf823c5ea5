using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Uploads;

public enum UploadState
{
    /// <summary>Bytes are arriving (tus PATCH); <see cref="Upload.Offset"/> says how many are durable.</summary>
    Receiving,

    /// <summary>Every byte is in, its content matched its purpose, and <see cref="Upload.FileKey"/> holds it: ready to claim.</summary>
    Completed,

    /// <summary>Handed to what it was uploaded for (<see cref="CompletedUploads.ClaimAsync"/>); the file is no longer the upload's.</summary>
    Claimed,

    /// <summary>Refused on completion (<see cref="Upload.FailureReason"/>); its bytes are removed, nothing was handed on.</summary>
    Failed,
}

/// <summary>
/// A resumable upload (tus 1.0). The offset lives here, not in a node's memory, so any node may take the next PATCH; the
/// bytes live in the file store as one object per PATCH (<see cref="UploadPart"/>) until the last one arrives.
/// </summary>
public sealed class Upload
{
    public Guid Id { get; set; }

    /// <summary>Who created it: the only person who may see, continue or end it.</summary>
    public Guid OwnerId { get; set; }

    /// <summary>What it is for (<see cref="UploadPurposes"/>): decides its largest size and which content it may have.</summary>
    public required string Purpose { get; set; }

    /// <summary>The name the client gave (Upload-Metadata <c>filename</c>), for people to recognise it.</summary>
    public required string FileName { get; set; }

    /// <summary>The content type the client declared (Upload-Metadata <c>filetype</c>); not trusted: see <see cref="ContentType"/>.</summary>
    public string? DeclaredType { get; set; }

    /// <summary>The content type Guild found in the first bytes, once completed.</summary>
    public string? ContentType { get; set; }

    public long Length { get; set; }

    /// <summary>How many bytes are durable in the store; advances only after a PATCH's bytes are saved.</summary>
    public long Offset { get; set; }

    public UploadState State { get; set; }

    /// <summary>Until when it may be continued (unfinished) or claimed (completed); the cleanup job removes it after.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The whole file, once completed.</summary>
    public string? FileKey { get; set; }

    /// <summary>Why it was refused: a key of <c>UploadsText</c> (shown in each reader's language).</summary>
    public string? FailureReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<UploadPart> Parts { get; set; } = [];
}

/// <summary>The bytes of one PATCH: <see cref="Length"/> bytes from <see cref="Offset"/> on, stored under <see cref="FileKey"/>.</summary>
public sealed class UploadPart
{
    public Guid UploadId { get; set; }

    public long Offset { get; set; }

    public long Length { get; set; }

    public required string FileKey { get; set; }
}

internal sealed class UploadConfiguration : IEntityTypeConfiguration<Upload>
{
    public void Configure(EntityTypeBuilder<Upload> builder)
    {
        builder.ToTable("uploads");
        builder.Property(upload => upload.Purpose).HasMaxLength(20);
        builder.Property(upload => upload.FileName).HasMaxLength(255);
        builder.Property(upload => upload.DeclaredType).HasMaxLength(255);
        builder.Property(upload => upload.ContentType).HasMaxLength(100);
        // The state is the concurrency token: a claim (Completed → Claimed) commits once, whoever else tries at the same time.
        builder.Property(upload => upload.State).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        builder.Property(upload => upload.FileKey).HasMaxLength(300);
        builder.Property(upload => upload.FailureReason).HasMaxLength(100);
        // The cleanup job's question: what has expired?
        builder.HasIndex(upload => upload.ExpiresAt);
        builder.HasIndex(upload => upload.OwnerId);
        builder.HasMany(upload => upload.Parts).WithOne().HasForeignKey(part => part.UploadId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UploadPartConfiguration : IEntityTypeConfiguration<UploadPart>
{
    public void Configure(EntityTypeBuilder<UploadPart> builder)
    {
        builder.ToTable("upload_parts");
        // One part per offset: two nodes taking the same PATCH at once cannot both add theirs.
        builder.HasKey(part => new { part.UploadId, part.Offset });
        builder.Property(part => part.FileKey).HasMaxLength(300);
    }
}
