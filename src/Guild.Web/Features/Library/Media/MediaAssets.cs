using System.Text;
using System.Text.RegularExpressions;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Features.Library.Studio;
using Guild.Web.Platform.Storage;
using Guild.Web.Platform.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Library.Media;

/// <summary>A media asset as its owner and viewers see it, with texts in the reader's language.</summary>
/// <param name="Id">The asset's id.</param>
/// <param name="State">Pending, Processing, Ready or Failed.</param>
/// <param name="StateText">The state in the reader's language.</param>
/// <param name="ProgressPercent">0 to 100 while processing; 100 once ready.</param>
/// <param name="FailureReason">Why it failed, as a code (Unreadable, NoVideo, TranscodeFailed, SourceMissing, FfmpegMissing, GaveUp).</param>
/// <param name="FailureText">Why it failed, in the reader's language.</param>
/// <param name="FailureDetail">What ffmpeg said (owners only).</param>
/// <param name="DurationSeconds">Length of the video, once ready.</param>
/// <param name="Width">Width of the MP4 in pixels.</param>
/// <param name="Height">Height of the MP4 in pixels.</param>
/// <param name="VideoUrl">The MP4 (answers range requests), once ready.</param>
/// <param name="PosterUrl">The poster frame (JPEG), once ready.</param>
/// <param name="Captions">Caption files, one per language.</param>
/// <param name="JobId">The background job that processes it (GET /api/v1/jobs/{id} for its owner).</param>
/// <param name="CanRetry">Whether the caller may try a failed transcode again now.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record MediaAssetView(Guid Id, MediaState State, string StateText, int ProgressPercent, string? FailureReason, string? FailureText,
    string? FailureDetail, double? DurationSeconds, int? Width, int? Height, string? VideoUrl, string? PosterUrl, IReadOnlyList<MediaCaptionView> Captions,
    Guid? JobId, bool CanRetry, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Whether the video can be played.</summary>
    public bool IsReady => State == MediaState.Ready;
}

/// <summary>A caption file of an asset.</summary>
/// <param name="Language">BCP 47 language tag (nl, en).</param>
/// <param name="Url">The WebVTT file.</param>
public sealed record MediaCaptionView(string Language, string Url);

/// <summary>The body of <c>POST /api/v1/media</c>.</summary>
/// <param name="UploadId">The caller's finished upload (tus, <c>/api/v1/uploads</c>, purpose video or recording). It is used up: one video per upload.</param>
/// <param name="TrimStartSeconds">Optional: where the video should start, in seconds of the upload (what comes before is cut).</param>
/// <param name="TrimEndSeconds">Optional: where the video should end, in seconds of the upload (what comes after is cut).</param>
public sealed record CreateMediaRequest(Guid? UploadId, double? TrimStartSeconds = null, double? TrimEndSeconds = null);

/// <summary>A file playback streams: where it is and what it is.</summary>
public sealed record MediaFile(string Key, string ContentType, string ETag);

/// <summary>
/// Media assets: made from a stored upload (the transcode job is queued in the same commit), watched, retried, captioned.
/// Every check of who may is <see cref="MediaAssetRule"/>'s; what a caller may not watch answers NotFound, like a missing id.
/// </summary>
public sealed partial class MediaAssets(GuildDb db, IDbContextFactory<GuildDb> contexts, JobQueue jobs, IFileStore store, CurrentPerson me, TimeProvider clock,
    CompletedUploads uploads, IOptions<RecordingOptions> recording, IStringLocalizer<MediaText> text, IStringLocalizer<UploadsText> uploadsText)
{
    public const string StoreFolder = "media";

    [GeneratedRegex("^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();

    /// <summary>
    /// Makes an asset of the caller's finished upload (<c>POST /api/v1/media</c>) and queues its transcode, in one commit. The
    /// upload is claimed (<see cref="CompletedUploads"/>): only its uploader, only once, only when complete, only video or sound.
    /// </summary>
    public async Task<Result<MediaAssetView>> CreateFromUploadAsync(Guid? uploadId, double? trimStartSeconds, double? trimEndSeconds,
        CancellationToken cancellationToken)
    {
        var added = await AddFromUploadAsync(uploadId, trimStartSeconds, trimEndSeconds, cancellationToken);
        if (!added.IsOk)
        {
            return added.Status switch
            {
                ResultStatus.NotFound => Result<MediaAssetView>.NotFound(),
                ResultStatus.Conflict => Result<MediaAssetView>.Conflict(added.Message ?? text["Create.AlreadyUsed"]),
                _ => Result<MediaAssetView>.Invalid(added.Errors),
            };
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request claimed the same upload first: it has the video, this one changes nothing.
            return Result<MediaAssetView>.Conflict(uploadsText["Problem.AlreadyClaimed"]);
        }
        return Result<MediaAssetView>.Ok(View(added.Value!, null, [], isOwner: true));
    }

    /// <summary>
    /// Claims the caller's finished video or recording upload and adds its asset and transcode job to the unit of work
    /// without saving: the caller (a resource being saved, say) commits them with its own change, or not at all. A
    /// recording gets the longest length allowed now (<c>Library:Recording:MaxMinutes</c>), which the transcode enforces.
    /// </summary>
    public async Task<Result<MediaAsset>> AddFromUploadAsync(Guid? uploadId, double? trimStartSeconds, double? trimEndSeconds,
        CancellationToken cancellationToken)
    {
        if (uploadId is not { } id || id == Guid.Empty)
        {
            return Result<MediaAsset>.Invalid("uploadId", text["Create.NoUpload"]);
        }
        if (trimStartSeconds is < 0 or > MaxTrimSeconds || trimEndSeconds is <= 0 or > MaxTrimSeconds
            || (trimStartSeconds is { } from && trimEndSeconds is { } to && to <= from)
            || trimStartSeconds is double.NaN || trimEndSeconds is double.NaN)
        {
            return Result<MediaAsset>.Invalid("trim", text["Create.BadTrim"]);
        }
        // What it was uploaded as decides the purpose to claim it for (a recording or a video); anything else is the
        // wrong kind of upload, which the claim says in words.
        var purpose = await db.Set<Upload>().Where(u => u.Id == id).Select(u => u.Purpose).FirstOrDefaultAsync(cancellationToken);
        var claim = await uploads.ClaimAsync(id, purpose == UploadPurposes.Recording ? UploadPurposes.Recording : UploadPurposes.Video, cancellationToken);
        if (!claim.IsOk)
        {
            return claim.Status switch
            {
                ResultStatus.NotFound => Result<MediaAsset>.NotFound(),
                ResultStatus.Conflict => Result<MediaAsset>.Conflict(claim.Message ?? text["Create.AlreadyUsed"]),
                _ => Result<MediaAsset>.Invalid("uploadId", claim.Errors.Values.SelectMany(e => e).FirstOrDefault() ?? text["Create.NotMedia"]),
            };
        }
        var file = claim.Value!;
        if (!file.ContentType.StartsWith("video/", StringComparison.Ordinal) && !file.ContentType.StartsWith("audio/", StringComparison.Ordinal))
        {
            return Result<MediaAsset>.Invalid("uploadId", text["Create.NotMedia"]);
        }
        var now = clock.GetUtcNow();
        var asset = new MediaAsset
        {
            Id = Guid.CreateVersion7(), OwnerId = me.Id, SourceKey = file.FileKey, State = MediaState.Pending, CreatedAt = now, UpdatedAt = now,
            TrimStartSeconds = trimStartSeconds is > 0 ? trimStartSeconds : null, TrimEndSeconds = trimEndSeconds,
            MaxSeconds = purpose == UploadPurposes.Recording ? recording.Value.MaxMinutes * 60.0 : null,
        };
        asset.JobId = QueueTranscode(asset).Id;
        db.Add(asset);
        return Result<MediaAsset>.Ok(asset);
    }

    /// <summary>The largest trim point accepted: a day (nothing in the library is longer).</summary>
    public const double MaxTrimSeconds = 86_400;

    /// <summary>
    /// The asset for whoever may watch it; NotFound for anyone else. Pages call it while rendering, so it reads through a
    /// context of its own (see docs/architecture.md, "Two ways to reach the database").
    /// </summary>
    public async Task<Result<MediaAssetView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var reader = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await LoadAsync(reader, id, cancellationToken);
        if (found is null || !await me.CanAsync(Subject(found.Asset), MediaOperations.Watch))
        {
            return Result<MediaAssetView>.NotFound();
        }
        var captions = await reader.Set<MediaCaption>().AsNoTracking().Where(caption => caption.AssetId == id).OrderBy(caption => caption.Language)
            .Select(caption => caption.Language).ToListAsync(cancellationToken);
        return Result<MediaAssetView>.Ok(View(found.Asset, found.Job, captions, found.Asset.OwnerId == me.IdOrNull));
    }

    /// <summary>Tries a failed transcode again (after the source was fixed, or ffmpeg installed): a new job on the media queue.</summary>
    public async Task<Result<MediaAssetView>> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await LoadAsync(db, id, cancellationToken);
        if (found is null || !await me.CanAsync(Subject(found.Asset), MediaOperations.Manage))
        {
            return Result<MediaAssetView>.NotFound();
        }
        var (state, _, _) = Effective(found.Asset, found.Job);
        if (state != MediaState.Failed)
        {
            return Result<MediaAssetView>.Conflict(text["Retry.NotFailed"]);
        }
        var asset = found.Asset;
        var job = QueueTranscode(asset);
        // Compare-and-set on the job we saw, so two clicks queue one transcode.
        var changed = await db.Set<MediaAsset>().Where(a => a.Id == id && a.JobId == asset.JobId && a.State == asset.State)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.State, MediaState.Pending)
                .SetProperty(a => a.ProgressPercent, 0)
                .SetProperty(a => a.FailureReason, (string?)null)
                .SetProperty(a => a.FailureDetail, (string?)null)
                .SetProperty(a => a.JobId, job.Id)
                .SetProperty(a => a.UpdatedAt, clock.GetUtcNow()), cancellationToken);
        if (changed == 0)
        {
            db.Entry(job).State = EntityState.Detached;
            return Result<MediaAssetView>.Conflict(text["Retry.NotFailed"]);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Stores (or replaces) the captions of one language after checking the file (<see cref="WebVtt"/>).</summary>
    public async Task<Result<MediaCaptionView>> PutCaptionsAsync(Guid id, string language, Stream content, CancellationToken cancellationToken)
    {
        var found = await LoadAsync(db, id, cancellationToken);
        if (found is null || !await me.CanAsync(Subject(found.Asset), MediaOperations.Manage))
        {
            return Result<MediaCaptionView>.NotFound();
        }
        if (NormalLanguage(language) is not { } tag)
        {
            return Result<MediaCaptionView>.Invalid("language", text["Captions.BadLanguage"]);
        }
        var (vtt, problem) = await WebVtt.ReadAsync(content, cancellationToken);
        if (problem is not null)
        {
            return Result<MediaCaptionView>.Invalid("file", text[problem.Key, problem.Arguments]);
        }
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(vtt!));
        var key = await store.SaveAsync(stream, StoreFolder, ".vtt", cancellationToken);
        var existing = await db.Set<MediaCaption>().FirstOrDefaultAsync(c => c.AssetId == id && c.Language == tag, cancellationToken);
        var replaced = existing?.FileKey;
        if (existing is null)
        {
            db.Add(new MediaCaption { AssetId = id, Language = tag, FileKey = key, UpdatedAt = clock.GetUtcNow() });
        }
        else
        {
            existing.FileKey = key;
            existing.UpdatedAt = clock.GetUtcNow();
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same language was added meanwhile: keep theirs, drop our file.
            await store.DeleteAsync(key, CancellationToken.None);
            return Result<MediaCaptionView>.Conflict(text["Captions.ChangedMeanwhile"]);
        }
        if (replaced is not null)
        {
            await store.DeleteAsync(replaced, CancellationToken.None);
        }
        return Result<MediaCaptionView>.Ok(new MediaCaptionView(tag, CaptionUrl(id, tag)));
    }

    public async Task<Result<bool>> DeleteCaptionsAsync(Guid id, string language, CancellationToken cancellationToken)
    {
        var found = await LoadAsync(db, id, cancellationToken);
        if (found is null || !await me.CanAsync(Subject(found.Asset), MediaOperations.Manage))
        {
            return Result<bool>.NotFound();
        }
        var tag = NormalLanguage(language);
        var caption = tag is null ? null : await db.Set<MediaCaption>().FirstOrDefaultAsync(c => c.AssetId == id && c.Language == tag, cancellationToken);
        if (caption is null)
        {
            return Result<bool>.NotFound();
        }
        db.Remove(caption);
        await db.SaveChangesAsync(cancellationToken);
        await store.DeleteAsync(caption.FileKey, CancellationToken.None);
        return Result<bool>.Ok(true);
    }

    /// <summary>The MP4, poster or captions of an asset for playback, when the caller may watch it and it exists.</summary>
    public async Task<MediaFile?> FindFileAsync(Guid id, MediaFileKind kind, string? language, CancellationToken cancellationToken)
    {
        var asset = await db.Set<MediaAsset>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (asset is null || !await me.CanAsync(Subject(asset), MediaOperations.Watch))
        {
            return null;
        }
        switch (kind)
        {
            case MediaFileKind.Video when asset is { State: MediaState.Ready, Mp4Key: { } mp4 }:
                return new MediaFile(mp4, "video/mp4", ETagOf(mp4));
            case MediaFileKind.Poster when asset is { State: MediaState.Ready, PosterKey: { } poster }:
                return new MediaFile(poster, "image/jpeg", ETagOf(poster));
            case MediaFileKind.Captions when NormalLanguage(language) is { } tag:
                var key = await db.Set<MediaCaption>().Where(c => c.AssetId == id && c.Language == tag).Select(c => c.FileKey).FirstOrDefaultAsync(cancellationToken);
                return key is null ? null : new MediaFile(key, "text/vtt; charset=utf-8", ETagOf(key));
            default:
                return null;
        }
    }

    public static string VideoUrl(Guid id) => $"/media/{id}/video";
    public static string PosterUrl(Guid id) => $"/media/{id}/poster";
    public static string CaptionUrl(Guid id, string language) => $"/media/{id}/captions/{language}.vtt";

    /// <summary>Lower case, and only a well-formed tag (<c>nl</c>, <c>en-gb</c>); null otherwise.</summary>
    public static string? NormalLanguage(string? language)
    {
        var tag = language?.Trim().ToLowerInvariant();
        return tag is { Length: <= 16 } && LanguageTag().IsMatch(tag) ? tag : null;
    }

    private BackgroundJob QueueTranscode(MediaAsset asset) =>
        jobs.Enqueue(MediaTranscodeJob.JobKind, new MediaTranscodeJob.Payload(asset.Id), startedById: asset.OwnerId, maxAttempts: 3)
            .WorksOn(nameof(MediaAsset), asset.Id.ToString());

    private sealed record Loaded(MediaAsset Asset, BackgroundJob? Job);

    /// <summary>The asset with the state of its job (one query): a job that gave up leaves an asset that never finished.</summary>
    private static async Task<Loaded?> LoadAsync(GuildDb db, Guid id, CancellationToken cancellationToken)
    {
        var row = await (from asset in db.Set<MediaAsset>().AsNoTracking()
                         where asset.Id == id
                         join job in db.Set<BackgroundJob>().AsNoTracking() on asset.JobId equals job.Id into jobsOf
                         from job in jobsOf.DefaultIfEmpty()
                         select new { asset, Job = job == null ? null : new BackgroundJob { Id = job.Id, Kind = job.Kind, Payload = "", Status = job.Status, LastError = job.LastError } })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new Loaded(row.asset, row.Job);
    }

    private static MediaAssetSubject Subject(MediaAsset asset) => new(asset.Id, asset.OwnerId);

    /// <summary>The asset's state, or Failed (GaveUp) when its job failed for good before the asset could say so.</summary>
    internal static (MediaState State, string? Reason, string? Detail) Effective(MediaAsset asset, BackgroundJob? job) =>
        asset.State is MediaState.Pending or MediaState.Processing && job is { Status: JobStatus.Failed }
            ? (MediaState.Failed, MediaFailures.GaveUp, job.LastError)
            : (asset.State, asset.FailureReason, asset.FailureDetail);

    private MediaAssetView View(MediaAsset asset, BackgroundJob? job, IReadOnlyList<string> captions, bool isOwner)
    {
        var (state, reason, detail) = Effective(asset, job);
        var ready = state == MediaState.Ready;
        return new MediaAssetView(asset.Id, state, text[$"State.{state}"], ready ? 100 : asset.ProgressPercent, reason,
            reason is null ? null : text[$"Failure.{reason}"].Value, isOwner ? detail : null, asset.DurationSeconds, asset.Width, asset.Height,
            ready ? VideoUrl(asset.Id) : null, ready ? PosterUrl(asset.Id) : null,
            [.. captions.Select(language => new MediaCaptionView(language, CaptionUrl(asset.Id, language)))],
            isOwner ? asset.JobId : null, isOwner && state == MediaState.Failed, asset.CreatedAt, asset.UpdatedAt);
    }

    private static string ETagOf(string key) => $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20]}\"";
}

public enum MediaFileKind { Video, Poster, Captions }
