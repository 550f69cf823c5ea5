using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Library.Studio;

/// <summary>What a resource gets from a claimed upload: its video (a media asset being transcoded) or its file.</summary>
public sealed record ResourceUpload(Guid? MediaAssetId, string? FileKey, string? FileName, long? FileSize);

/// <summary>
/// Where a resource's video or file comes from, and whether it may be published: the resource editor and the API hand a
/// finished upload here, which is claimed (only the uploader's, only once, only finished, only content of the right kind)
/// in the resource's own unit of work, so the resource, the claim, the asset and its transcode job commit together or not
/// at all. A video resource is published only once its video plays; a file resource only with its file.
/// </summary>
public sealed class ResourceMedia(GuildDb db, MediaAssets media, CompletedUploads uploads, IStringLocalizer<StudioText> text)
{
    /// <summary>
    /// Claims the caller's upload for a resource of <paramref name="kind"/>; on refusal adds the reason under <c>upload</c>
    /// to <paramref name="errors"/> and answers null. Adds to the unit of work without saving: the caller saves.
    /// </summary>
    public async Task<ResourceUpload?> ClaimAsync(ResourceKind kind, Guid uploadId, double? trimStartSeconds, double? trimEndSeconds,
        IDictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case ResourceKind.Video or ResourceKind.ScreenRecording:
                var added = await media.AddFromUploadAsync(uploadId, trimStartSeconds, trimEndSeconds, cancellationToken);
                if (added.IsOk)
                {
                    return new ResourceUpload(added.Value!.Id, null, null, null);
                }
                errors[added.Errors.ContainsKey("trim") ? "trim" : "upload"] = [Reason(added.Status, added.Message, added.Errors)];
                return null;
            case ResourceKind.File:
                var claim = await uploads.ClaimAsync(uploadId, UploadPurposes.File, cancellationToken);
                if (claim.IsOk)
                {
                    var file = claim.Value!;
                    return new ResourceUpload(null, file.FileKey, file.FileName, file.Length);
                }
                errors["upload"] = [Reason(claim.Status, claim.Message, claim.Errors)];
                return null;
            default:
                errors["upload"] = [text["Upload.NotForKind"]];
                return null;
        }
    }

    /// <summary>An asset may become a resource's video by its id only when the caller made it (from an upload of theirs).</summary>
    public async Task CheckOwnAssetAsync(Guid assetId, Guid personId, IDictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (!await db.Set<MediaAsset>().AnyAsync(a => a.Id == assetId && a.OwnerId == personId, cancellationToken))
        {
            errors["mediaAssetId"] = [text["Media.NotYours"]];
        }
    }

    /// <summary>
    /// Why the resource cannot be published yet (its video is missing, still processing or failed; its file is missing),
    /// or null when it can: then a video resource takes its video's duration.
    /// </summary>
    public async Task<string?> RefusePublishingAsync(Resource resource, CancellationToken cancellationToken)
    {
        switch (resource.Kind)
        {
            case ResourceKind.Video or ResourceKind.ScreenRecording:
                if (resource.MediaAssetId is not { } assetId)
                {
                    return text["Publish.NoVideo"];
                }
                var asset = await db.Set<MediaAsset>().AsNoTracking().Where(a => a.Id == assetId)
                    .Select(a => new { a.State, a.DurationSeconds }).FirstOrDefaultAsync(cancellationToken);
                if (asset is null)
                {
                    return text["Publish.NoVideo"];
                }
                if (asset.State != MediaState.Ready)
                {
                    return text[asset.State == MediaState.Failed ? "Publish.VideoFailed" : "Publish.VideoNotReady"];
                }
                resource.DurationSeconds = Seconds(asset.DurationSeconds);
                return null;
            case ResourceKind.File when resource.FileKey is null:
                return text["Publish.NoFile"];
            default:
                return null;
        }
    }

    internal static int? Seconds(double? duration) => duration is { } d ? (int)Math.Max(1, Math.Round(d)) : null;

    private string Reason(ResultStatus status, string? message, IReadOnlyDictionary<string, string[]> errors) => status switch
    {
        ResultStatus.NotFound => text["Upload.NotFound"],
        _ => message ?? errors.Values.SelectMany(e => e).FirstOrDefault() ?? text["Upload.NotFound"],
    };
}

/// <summary>Once a video is ready, the resources showing it take its duration (the library lists and filters by length).</summary>
internal sealed class ResourceDurations(GuildDb db) : IMediaReadyListener
{
    public Task MediaReadyAsync(Guid assetId, double durationSeconds, CancellationToken cancellationToken)
    {
        var seconds = ResourceMedia.Seconds(durationSeconds);
        return db.Set<Resource>().Where(r => r.MediaAssetId == assetId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.DurationSeconds, seconds), cancellationToken);
    }
}
