namespace Guild.Web.Platform.Uploads;

/// <summary>The kinds of upload (the <c>purpose</c> in Upload-Metadata); each has its largest size and its allowed content.</summary>
public static class UploadPurposes
{
    /// <summary>A video file: MP4, MOV, WebM or Matroska.</summary>
    public const string Video = "video";

    /// <summary>A screen recording made in the browser: WebM (Chromium, Firefox) or MP4 (Safari).</summary>
    public const string Recording = "recording";

    /// <summary>A document to download: PDF, or Office's own (docx, pptx, xlsx).</summary>
    public const string File = "file";

    /// <summary>A picture: PNG, JPEG or WebP.</summary>
    public const string Image = "image";

    /// <summary>WebVTT captions.</summary>
    public const string Captions = "captions";

    public static readonly IReadOnlyList<string> All = [Video, Recording, File, Image, Captions];

    public static bool IsKnown(string? purpose) => purpose is not null && All.Contains(purpose, StringComparer.Ordinal);
}

/// <summary><c>Uploads:*</c> settings; see docs/operations.md.</summary>
public sealed class UploadOptions
{
    private const long Megabyte = 1024 * 1024;

    public long VideoMaxBytes { get; set; } = 2048 * Megabyte;

    public long RecordingMaxBytes { get; set; } = 2048 * Megabyte;

    public long FileMaxBytes { get; set; } = 100 * Megabyte;

    public long ImageMaxBytes { get; set; } = 10 * Megabyte;

    public long CaptionsMaxBytes { get; set; } = 1 * Megabyte;

    /// <summary>
    /// How many bytes of a PATCH are stored as one part and counted before the next: a PATCH that breaks off keeps every
    /// whole part it sent. Larger parts mean fewer objects; smaller ones less to send again after a crash.
    /// </summary>
    public long CheckpointBytes { get; set; } = 64 * Megabyte;

    /// <summary>How long an unfinished upload may be continued; the cleanup job removes it and its bytes after.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a completed upload waits to be claimed (and a claimed one's record is kept) before the cleanup job removes it.</summary>
    public TimeSpan KeepCompletedFor { get; set; } = TimeSpan.FromDays(7);

    public long MaxBytesOf(string purpose) => purpose switch
    {
        UploadPurposes.Video => VideoMaxBytes,
        UploadPurposes.Recording => RecordingMaxBytes,
        UploadPurposes.File => FileMaxBytes,
        UploadPurposes.Image => ImageMaxBytes,
        UploadPurposes.Captions => CaptionsMaxBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Not an upload purpose."),
    };

    /// <summary>The largest upload of any purpose: tus's Tus-Max-Size.</summary>
    public long LargestMaxBytes => UploadPurposes.All.Max(MaxBytesOf);
}
