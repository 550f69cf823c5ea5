using System.Globalization;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Uploads;

/// <summary>A refusal in tus terms: the status and the words for the caller (already in their language).</summary>
public sealed record UploadRefusal(int Status, string Message);

/// <summary>What a creation or PATCH achieved: the upload as it is now, or why not.</summary>
public sealed record UploadOutcome(Upload? Upload, UploadRefusal? Refusal);

/// <summary>
/// The tus server's work, apart from HTTP: creating uploads, storing each PATCH's bytes and advancing the offset only
/// after they are durable, completing (content check, one file), ending, and finding an upload for its owner only.
/// Each PATCH's bytes become one object in the file store (an <see cref="UploadPart"/>); the offset is a compare-and-set
/// in the database, so any node may take the next PATCH and two racing ones cannot both count.
/// </summary>
public sealed class UploadReceiver(
    GuildDb db,
    IFileStore files,
    CurrentPerson me,
    TimeProvider clock,
    IOptions<UploadOptions> options,
    IStringLocalizer<UploadsText> text,
    ILogger<UploadReceiver> logger)
{
    /// <summary>Where parts and whole files live in the store.</summary>
    public const string Folder = "uploads";

    private UploadOptions Options => options.Value;

    /// <summary>The upload, when it exists and the caller may <paramref name="operation"/> it; null otherwise (answer 404).</summary>
    public async Task<Upload?> FindAsync(Guid id, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation, CancellationToken cancellationToken)
    {
        var upload = await db.Set<Upload>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return upload is not null && await me.CanAsync(upload, operation) ? upload : null;
    }

    /// <summary>Failed, or unfinished past its expiry: tus answers 410 and the client starts again.</summary>
    public bool IsGone(Upload upload) =>
        upload.State == UploadState.Failed || (upload.State == UploadState.Receiving && upload.ExpiresAt <= clock.GetUtcNow());

    public async Task<UploadOutcome> CreateAsync(long length, IReadOnlyDictionary<string, string?> metadata, CancellationToken cancellationToken)
    {
        metadata.TryGetValue("purpose", out var purpose);
        if (!UploadPurposes.IsKnown(purpose))
        {
            return new(null, new(StatusCodes.Status400BadRequest, text["Problem.Purpose", string.Join(", ", UploadPurposes.All)]));
        }
        metadata.TryGetValue("filename", out var fileName);
        fileName = CleanFileName(fileName);
        if (fileName is null)
        {
            return new(null, new(StatusCodes.Status400BadRequest, text["Problem.FileName"]));
        }
        var max = Options.MaxBytesOf(purpose!);
        if (length > max)
        {
            return new(null, new(StatusCodes.Status413RequestEntityTooLarge, TooLarge(purpose!, max, length)));
        }
        metadata.TryGetValue("filetype", out var fileType);
        var now = clock.GetUtcNow();
        var upload = new Upload
        {
            Id = Guid.CreateVersion7(now),
            OwnerId = me.Id,
            Purpose = purpose!,
            FileName = fileName,
            DeclaredType = string.IsNullOrWhiteSpace(fileType) || fileType.Length > 255 || fileType.Any(char.IsControl) ? null : fileType,
            Length = length,
            State = UploadState.Receiving,
            ExpiresAt = now + Options.ExpireAfter,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(upload);
        await db.SaveChangesAsync(cancellationToken);
        return new(upload, null);
    }

    /// <summary>Words for "too large" in the caller's language: the purpose, its limit and the size asked for.</summary>
    public string TooLarge(string purpose, long max, long length) =>
        text["Problem.TooLarge", text[$"Purpose.{purpose}"], Size(max), Size(length)];

    /// <summary>
    /// Stores the bytes of one PATCH that starts at <paramref name="offset"/>, in parts of at most
    /// <see cref="UploadOptions.CheckpointBytes"/>: each part is saved, then counted (the offset advances by it in one
    /// compare-and-set), so a PATCH that breaks off — a cut connection, a node that is killed — keeps every part before it.
    /// What arrived before a cut is kept too (tus's promise). A body longer than what the upload lacks is refused (413),
    /// its last part dropped.
    /// </summary>
    public async Task<UploadOutcome> AppendAsync(Upload upload, long offset, Stream body)
    {
        if (offset != upload.Offset)
        {
            return new(null, new(StatusCodes.Status409Conflict, text["Problem.OffsetMismatch", upload.Offset]));
        }
        // Not the request's token: a client that goes away mid-body must still leave its bytes saved and counted.
        var cancellationToken = CancellationToken.None;
        var extension = ExtensionOf(upload.FileName);
        while (true)
        {
            var remaining = upload.Length - upload.Offset;
            // At least 64 KB a part: a setting of 0 would never move on.
            var received = new ReceivedBytes(body, remaining, Math.Max(Options.CheckpointBytes, 64 * 1024));
            var key = await files.SaveAsync(received, Folder, extension, cancellationToken);
            if (received.TooMany)
            {
                await files.DeleteAsync(key, cancellationToken);
                return new(null, new(StatusCodes.Status413RequestEntityTooLarge, text["Problem.TooLargeBody", remaining]));
            }
            if (received.Count == 0)
            {
                await files.DeleteAsync(key, cancellationToken);
                break;
            }
            if (!await CountAsync(upload, key, received.Count, cancellationToken))
            {
                await files.DeleteAsync(key, cancellationToken);
                var current = await db.Set<Upload>().AsNoTracking().FirstAsync(u => u.Id == upload.Id, cancellationToken);
                return new(null, new(StatusCodes.Status409Conflict, text["Problem.OffsetMismatch", current.Offset]));
            }
            if (received.Interrupted)
            {
                logger.LogInformation("Upload {Upload}: the connection broke; {Offset} bytes are kept", upload.Id, upload.Offset);
            }
            if (received.Ended)
            {
                break;
            }
        }
        return upload.Offset == upload.Length ? await CompleteAsync(upload, cancellationToken) : new(upload, null);
    }

    /// <summary>Counts a saved part: the offset moves from where this PATCH found it, or not at all (another node moved it).</summary>
    private async Task<bool> CountAsync(Upload upload, string key, long length, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var from = upload.Offset;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.Set<Upload>()
            .Where(u => u.Id == upload.Id && u.Offset == from && u.State == UploadState.Receiving)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.Offset, from + length).SetProperty(u => u.UpdatedAt, now), cancellationToken);
        if (updated != 1)
        {
            return false;
        }
        db.Add(new UploadPart { UploadId = upload.Id, Offset = from, Length = length, FileKey = key });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        upload.Offset = from + length;
        upload.UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Completes an upload whose bytes are all in: checks its first bytes against its purpose, then makes the parts one
    /// file (a single part already is one). A mismatch ends it <see cref="UploadState.Failed"/> with its reason and removes
    /// its bytes. Safe to run again (a node that stopped between the last PATCH and this): HEAD and status reads call it.
    /// </summary>
    public async Task<UploadOutcome> CompleteAsync(Upload upload, CancellationToken cancellationToken)
    {
        var parts = await db.Set<UploadPart>().AsNoTracking().Where(p => p.UploadId == upload.Id).OrderBy(p => p.Offset).ToListAsync(cancellationToken);
        var head = new byte[ContentSniffer.HeadLength];
        int headLength;
        await using (var start = new PartsStream(files, parts))
        {
            headLength = await start.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }
        var contentType = ContentSniffer.Sniff(upload.Purpose, head.AsSpan(0, headLength), upload.FileName);
        var now = clock.GetUtcNow();
        if (contentType is null)
        {
            var reason = upload.Purpose is UploadPurposes.Recording ? "Refused.Video" : $"Refused.{char.ToUpperInvariant(upload.Purpose[0])}{upload.Purpose[1..]}";
            await db.Set<Upload>().Where(u => u.Id == upload.Id && u.State == UploadState.Receiving)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.State, UploadState.Failed).SetProperty(u => u.FailureReason, reason).SetProperty(u => u.UpdatedAt, now), cancellationToken);
            await RemovePartsAsync(upload.Id, parts, cancellationToken);
            upload.State = UploadState.Failed;
            upload.FailureReason = reason;
            logger.LogInformation("Upload {Upload} refused: its content is not what a {Purpose} may be", upload.Id, upload.Purpose);
            return new(upload, new(StatusCodes.Status422UnprocessableEntity, text[reason]));
        }
        string fileKey;
        if (parts.Count == 1)
        {
            fileKey = parts[0].FileKey;
        }
        else
        {
            // Streamed from part to part into one new object: never more than a read buffer (or an S3 part) in memory.
            await using var whole = new PartsStream(files, parts);
            fileKey = await files.SaveAsync(whole, Folder, ExtensionOf(upload.FileName), cancellationToken);
        }
        var completed = await db.Set<Upload>().Where(u => u.Id == upload.Id && u.State == UploadState.Receiving)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.State, UploadState.Completed)
                .SetProperty(u => u.FileKey, fileKey)
                .SetProperty(u => u.ContentType, contentType)
                .SetProperty(u => u.ExpiresAt, now + Options.KeepCompletedFor)
                .SetProperty(u => u.UpdatedAt, now), cancellationToken);
        if (completed == 0)
        {
            // Another node completed it first; its file stands.
            if (parts.Count > 1)
            {
                await files.DeleteAsync(fileKey, cancellationToken);
            }
            return new(await db.Set<Upload>().AsNoTracking().FirstAsync(u => u.Id == upload.Id, cancellationToken), null);
        }
        await RemovePartsAsync(upload.Id, parts.Count == 1 ? [] : parts, cancellationToken);
        upload.State = UploadState.Completed;
        upload.FileKey = fileKey;
        upload.ContentType = contentType;
        upload.ExpiresAt = now + Options.KeepCompletedFor;
        return new(upload, null);
    }

    /// <summary>tus termination: the upload and every byte of it are gone (a claimed file belongs to what claimed it and stays).</summary>
    public async Task EndAsync(Upload upload, CancellationToken cancellationToken)
    {
        var parts = await db.Set<UploadPart>().AsNoTracking().Where(p => p.UploadId == upload.Id).ToListAsync(cancellationToken);
        await db.Set<Upload>().Where(u => u.Id == upload.Id).ExecuteDeleteAsync(cancellationToken);
        await RemoveBytesAsync(upload, parts, files, cancellationToken);
    }

    /// <summary>Deletes the stored bytes of an upload that is being removed: its parts, and its file unless it was claimed.</summary>
    internal static async Task RemoveBytesAsync(Upload upload, IReadOnlyList<UploadPart> parts, IFileStore files, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            await files.DeleteAsync(part.FileKey, cancellationToken);
        }
        if (upload.FileKey is { } key && upload.State is UploadState.Completed)
        {
            await files.DeleteAsync(key, cancellationToken);
        }
    }

    private async Task RemovePartsAsync(Guid uploadId, IReadOnlyList<UploadPart> parts, CancellationToken cancellationToken)
    {
        await db.Set<UploadPart>().Where(p => p.UploadId == uploadId).ExecuteDeleteAsync(cancellationToken);
        foreach (var part in parts)
        {
            await files.DeleteAsync(part.FileKey, cancellationToken);
        }
    }

    /// <summary>The words for a failed upload's reason in the caller's language.</summary>
    public string? ReasonText(Upload upload) => upload.FailureReason is { } reason ? text[reason].Value : null;

    public string StateText(Upload upload) => text[$"State.{upload.State}"];

    /// <summary>The name's last segment, trimmed; null when nothing usable is left.</summary>
    private static string? CleanFileName(string? name)
    {
        if (name is null)
        {
            return null;
        }
        name = name.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        return name.Length is 0 or > 255 || name.Any(char.IsControl) ? null : name;
    }

    /// <summary>The file name's extension when it is short and plain (so stored objects keep a telling suffix), else .bin.</summary>
    private static string ExtensionOf(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension.Length is > 1 and <= 10 && extension[1..].All(char.IsAsciiLetterOrDigit) ? extension : ".bin";
    }

    private static string Size(long bytes)
    {
        const double Kilo = 1024;
        var culture = CultureInfo.CurrentCulture;
        return bytes switch
        {
            >= 1024L * 1024 * 1024 => (bytes / (Kilo * Kilo * Kilo)).ToString("0.#", culture) + " GB",
            >= 1024L * 1024 => (bytes / (Kilo * Kilo)).ToString("0.#", culture) + " MB",
            >= 1024 => (bytes / Kilo).ToString("0.#", culture) + " KB",
            _ => bytes.ToString(culture) + " B",
        };
    }
}
