using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Uploads;

/// <summary>A completed upload's file, handed to what it was uploaded for.</summary>
/// <param name="FileKey">The file in the <see cref="Storage.IFileStore"/>; from now on the claimer's to keep and delete.</param>
/// <param name="FileName">The name the uploader's file had.</param>
/// <param name="ContentType">What the content was found to be (not what the client declared).</param>
/// <param name="Length">Bytes.</param>
public sealed record ClaimedUpload(Guid UploadId, string FileKey, string FileName, string ContentType, long Length);

/// <summary>
/// How a feature takes a finished upload (a video for a resource, a recording for a media asset): exactly once, by the
/// person who uploaded it, for the purpose it was uploaded for. The claim is a change in the caller's unit of work
/// (the request's <see cref="GuildDb"/>): it commits with the caller's own rows in their <c>SaveChangesAsync</c>, and if
/// another claim of the same upload committed first, that save throws <see cref="DbUpdateConcurrencyException"/> (the
/// upload's state is its concurrency token), so the file is never handed on twice.
/// </summary>
public sealed class CompletedUploads(GuildDb db, CurrentPerson me, TimeProvider clock, IStringLocalizer<UploadsText> text)
{
    /// <summary>
    /// Claims the caller's completed upload <paramref name="uploadId"/> made for <paramref name="purpose"/>. Not found when
    /// it does not exist, is not the caller's, or has expired; Conflict when it is unfinished, refused or already used;
    /// Invalid when it was made for another purpose.
    /// </summary>
    public async Task<Result<ClaimedUpload>> ClaimAsync(Guid uploadId, string purpose, CancellationToken cancellationToken)
    {
        var upload = await db.Set<Upload>().FirstOrDefaultAsync(u => u.Id == uploadId, cancellationToken);
        if (upload is null || !await me.CanAsync(upload, UploadOperations.Claim) || upload.ExpiresAt <= clock.GetUtcNow())
        {
            return Result<ClaimedUpload>.NotFound();
        }
        if (upload.Purpose != purpose)
        {
            return Result<ClaimedUpload>.Invalid("upload", text["Problem.WrongPurpose", text[$"Purpose.{upload.Purpose}"]]);
        }
        if (upload.State != UploadState.Completed)
        {
            return Result<ClaimedUpload>.Conflict(upload.State switch
            {
                UploadState.Claimed => text["Problem.AlreadyClaimed"],
                // A refused upload says why (a renamed text file is no video), not merely that it is unfinished.
                UploadState.Failed when upload.FailureReason is { } reason => text[reason],
                _ => text["Problem.NotCompleted"],
            });
        }
        upload.State = UploadState.Claimed;
        upload.UpdatedAt = clock.GetUtcNow();
        return Result<ClaimedUpload>.Ok(new ClaimedUpload(upload.Id, upload.FileKey!, upload.FileName, upload.ContentType!, upload.Length));
    }
}
