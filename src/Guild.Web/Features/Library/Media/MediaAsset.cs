using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Library.Media;

/// <summary>Where a video is on its way from upload to playable MP4.</summary>
public enum MediaState { Pending, Processing, Ready, Failed }

/// <summary>
/// An uploaded video and what the pipeline made of it: an H.264/AAC MP4 that starts playing before it is fully loaded,
/// a poster frame, the duration and size. The source file stays, so a failed transcode can be tried again.
/// </summary>
public sealed class MediaAsset
{
    public Guid Id { get; set; }
    /// <summary>The person who uploaded it; they always see it and manage its captions.</summary>
    public Guid OwnerId { get; set; }
    /// <summary>The uploaded file in <c>IFileStore</c>.</summary>
    public required string SourceKey { get; set; }
    public MediaState State { get; set; }
    /// <summary>0 to 100 while processing; 100 once ready.</summary>
    public int ProgressPercent { get; set; }
    /// <summary>Why it failed, as a code with a text in <c>MediaText</c> (<c>Failure.{code}</c>): <see cref="MediaFailures"/>.</summary>
    public string? FailureReason { get; set; }
    /// <summary>What ffmpeg said, for the person who looks into it (not translated: it is ffmpeg's).</summary>
    public string? FailureDetail { get; set; }
    /// <summary>The job that processes it now (or did last).</summary>
    public Guid? JobId { get; set; }
    public string? Mp4Key { get; set; }
    public long? Mp4Length { get; set; }
    public string? PosterKey { get; set; }
    public double? DurationSeconds { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    /// <summary>Where the playable video starts in the source (a recording's author cut its start), in seconds.</summary>
    public double? TrimStartSeconds { get; set; }
    /// <summary>Where the playable video ends in the source (a recording's author cut its end), in seconds.</summary>
    public double? TrimEndSeconds { get; set; }
    /// <summary>
    /// The longest the playable video may be (browser recordings: <c>Library:Recording:MaxMinutes</c> when it was made);
    /// the transcode cuts there and fails a longer one as <see cref="MediaFailures.TooLong"/>.
    /// </summary>
    public double? MaxSeconds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A WebVTT caption file of an asset, one per language.</summary>
public sealed class MediaCaption
{
    public Guid AssetId { get; set; }
    /// <summary>BCP 47 language tag, lower case (<c>nl</c>, <c>en</c>, <c>pt-br</c>).</summary>
    public required string Language { get; set; }
    public required string FileKey { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Codes of <see cref="MediaAsset.FailureReason"/>; each has <c>Failure.{code}</c> in <c>MediaText</c>.</summary>
public static class MediaFailures
{
    /// <summary>ffprobe could not read the file: not a video, or a damaged one.</summary>
    public const string Unreadable = "Unreadable";
    /// <summary>The file has no video stream (audio only, an image…).</summary>
    public const string NoVideo = "NoVideo";
    /// <summary>ffmpeg stopped with an error while transcoding.</summary>
    public const string TranscodeFailed = "TranscodeFailed";
    /// <summary>The uploaded file is no longer in the store.</summary>
    public const string SourceMissing = "SourceMissing";
    /// <summary>ffmpeg is not installed on the node (or <c>Media:FfmpegPath</c> is wrong).</summary>
    public const string FfmpegMissing = "FfmpegMissing";
    /// <summary>The job gave up after its attempts (the node running it stopped every time, say).</summary>
    public const string GaveUp = "GaveUp";
    /// <summary>A recording longer than the longest allowed (<see cref="MediaAsset.MaxSeconds"/>), after its trim.</summary>
    public const string TooLong = "TooLong";
    /// <summary>The trim leaves nothing: it starts after the end of the video.</summary>
    public const string TrimmedAway = "TrimmedAway";
}

internal sealed class MediaAssetConfiguration : IEntityTypeConfiguration<MediaAsset>
{
    public void Configure(EntityTypeBuilder<MediaAsset> builder)
    {
        builder.ToTable("media_assets");
        builder.Property(asset => asset.SourceKey).HasMaxLength(400);
        builder.Property(asset => asset.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(asset => asset.FailureReason).HasMaxLength(40);
        builder.Property(asset => asset.FailureDetail).HasMaxLength(1000);
        builder.Property(asset => asset.Mp4Key).HasMaxLength(400);
        builder.Property(asset => asset.PosterKey).HasMaxLength(400);
        builder.HasOne<Person>().WithMany().HasForeignKey(asset => asset.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(asset => asset.OwnerId);
        builder.HasIndex(asset => asset.SourceKey).IsUnique();
    }
}

internal sealed class MediaCaptionConfiguration : IEntityTypeConfiguration<MediaCaption>
{
    public void Configure(EntityTypeBuilder<MediaCaption> builder)
    {
        builder.ToTable("media_captions");
        builder.HasKey(caption => new { caption.AssetId, caption.Language });
        builder.Property(caption => caption.Language).HasMaxLength(16);
        builder.Property(caption => caption.FileKey).HasMaxLength(400);
        builder.HasOne<MediaAsset>().WithMany().HasForeignKey(caption => caption.AssetId).OnDelete(DeleteBehavior.Cascade);
    }
}
