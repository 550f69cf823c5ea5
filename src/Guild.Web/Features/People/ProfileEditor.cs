using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.People;

/// <summary>
/// What a person keeps up to date on their own profile: the languages they speak and their photo.
/// Nobody else changes these (a learning admin edits the HR fields, see <see cref="PersonAdministration"/>).
/// </summary>
public sealed class ProfileEditor(GuildDb db, IFileStore files, CurrentPerson me, IStringLocalizer<PeopleText> text, ILogger<ProfileEditor> logger)
{
    public const long MaxPhotoBytes = 5 * 1024 * 1024;

    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public async Task<Result<IReadOnlyList<string>>> SetLanguagesAsync(Guid personId, IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var person = await OwnAsync(personId, cancellationToken);
        if (person is null)
        {
            return personId == me.IdOrNull ? Result<IReadOnlyList<string>>.NotFound() : Result<IReadOnlyList<string>>.Forbidden();
        }
        var languages = SpokenLanguages.Normalize(codes);
        if (languages.FirstOrDefault(code => !SpokenLanguages.IsKnown(code)) is { } unknown)
        {
            return Result<IReadOnlyList<string>>.Invalid("languages", text["LanguageUnknown", unknown]);
        }
        if (languages.Count > Import.PeopleCsvFormat.MaxLanguages)
        {
            return Result<IReadOnlyList<string>>.Invalid("languages", text["LanguagesTooMany", Import.PeopleCsvFormat.MaxLanguages]);
        }
        if (!languages.SequenceEqual(person.Languages))
        {
            person.Languages = [.. languages];
            await db.SaveChangesAsync(cancellationToken);
        }
        return Result<IReadOnlyList<string>>.Ok(languages);
    }

    /// <summary>
    /// Stores a new photo. Only JPEG and PNG are taken, recognised by their first bytes (a file's name
    /// and declared type say nothing), up to <see cref="MaxPhotoBytes"/>; the old photo is removed.
    /// </summary>
    public async Task<Result<string>> SetPhotoAsync(Guid personId, Stream content, long length, CancellationToken cancellationToken)
    {
        var person = await OwnAsync(personId, cancellationToken);
        if (person is null)
        {
            return personId == me.IdOrNull ? Result<string>.NotFound() : Result<string>.Forbidden();
        }
        if (length <= 0)
        {
            return Result<string>.Invalid("photo", text["PhotoRequired"]);
        }
        if (length > MaxPhotoBytes)
        {
            return Result<string>.Invalid("photo", text["PhotoTooLarge", MaxPhotoBytes / 1024 / 1024]);
        }
        var head = new byte[PngMagic.Length];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var extension = head.AsSpan(0, read).StartsWith(JpegMagic) ? ".jpg" : head.AsSpan(0, read).StartsWith(PngMagic) ? ".png" : null;
        if (extension is null)
        {
            return Result<string>.Invalid("photo", text["PhotoNotAnImage"]);
        }
        // The bytes already read go first; the rest streams after them, never more than the limit.
        await using var whole = new LimitedStream(new PrefixedStream(head[..read], content), MaxPhotoBytes);
        string key;
        try
        {
            key = await files.SaveAsync(whole, "photos", extension, cancellationToken);
        }
        catch (LimitedStream.TooLongException)
        {
            return Result<string>.Invalid("photo", text["PhotoTooLarge", MaxPhotoBytes / 1024 / 1024]);
        }
        var previous = person.PhotoKey;
        person.PhotoKey = key;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await DeleteQuietlyAsync(key);
            throw;
        }
        if (previous is not null)
        {
            await DeleteQuietlyAsync(previous);
        }
        return Result<string>.Ok(key);
    }

    public async Task<Result<bool>> RemovePhotoAsync(Guid personId, CancellationToken cancellationToken)
    {
        var person = await OwnAsync(personId, cancellationToken);
        if (person is null)
        {
            return personId == me.IdOrNull ? Result<bool>.NotFound() : Result<bool>.Forbidden();
        }
        if (person.PhotoKey is { } key)
        {
            person.PhotoKey = null;
            await db.SaveChangesAsync(cancellationToken);
            await DeleteQuietlyAsync(key);
        }
        return Result<bool>.Ok(true);
    }

    private async Task<Person?> OwnAsync(Guid personId, CancellationToken cancellationToken) =>
        personId == me.IdOrNull ? await db.Set<Person>().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken) : null;

    /// <summary>The database no longer points at the file; a file left behind only costs space.</summary>
    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await files.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(exception, "Could not remove the replaced photo {Key}", key);
        }
    }
}

/// <summary>Bytes already read from a stream, followed by the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        return rest.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < prefix.Length)
        {
            return Read(buffer.Span);
        }
        return await rest.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Reads through to another stream and fails once more than a limit has come through.</summary>
internal sealed class LimitedStream(Stream inner, long limit) : Stream
{
    private long _total;

    public sealed class TooLongException() : IOException("The content is longer than allowed.");

    public long BytesRead => _total;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _total += read;
        return _total > limit ? throw new TooLongException() : read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
