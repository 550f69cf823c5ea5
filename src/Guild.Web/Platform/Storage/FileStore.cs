namespace Guild.Web.Platform.Storage;

/// <summary>
/// Where uploaded files live: local disk by default, or an S3-compatible bucket (<c>Storage:Provider</c>).
/// Keys are opaque paths chosen by the store; writes stream, never buffer a whole file.
/// </summary>
public interface IFileStore
{
    Task<string> SaveAsync(Stream content, string folder, string extension, CancellationToken cancellationToken);
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);
    /// <summary>
    /// The bytes from <paramref name="offset"/> on, at most <paramref name="length"/> of them (all the rest when null):
    /// playback answers HTTP range requests with it, so a store reads only the range, never the whole file.
    /// </summary>
    Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken);
    /// <summary>The stored file's size, or null when no file has the key.</summary>
    Task<StoredFileInfo?> GetInfoAsync(string key, CancellationToken cancellationToken);
    Task DeleteAsync(string key, CancellationToken cancellationToken);
    /// <summary>For the readiness check: can the store take a write right now?</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);
}

public sealed record StoredFileInfo(string Key, long Length);

public enum StorageProvider
{
    /// <summary>Files on this node's disk (<see cref="StorageOptions.LocalRoot"/>): one node, or a shared mount.</summary>
    Local,

    /// <summary>An S3-compatible bucket (<see cref="StorageOptions.S3"/>): any number of nodes.</summary>
    S3,
}

public sealed class StorageOptions
{
    /// <summary><c>Storage:Provider</c>: where files live (Local by default).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    /// <summary><c>Storage:S3:*</c>, read when <see cref="Provider"/> is S3.</summary>
    public S3StorageOptions S3 { get; set; } = new();

    /// <summary>Root folder of the local store; relative paths are under the content root.</summary>
    public string LocalRoot { get; set; } = "App_Data/files";
}

/// <summary>Files on the local disk under <see cref="StorageOptions.LocalRoot"/>.</summary>
public sealed class LocalFileStore : IFileStore
{
    private readonly string _root;

    public LocalFileStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public async Task<string> SaveAsync(Stream content, string folder, string extension, CancellationToken cancellationToken)
    {
        var key = NewKey(folder, extension);
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write to a temporary name and rename: a crash never leaves a half file under a real key.
        var temporary = path + ".partial";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await content.CopyToAsync(file, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path);
        return key;
    }

    /// <summary>A fresh key under <paramref name="folder"/>, the same shape in every store (so a move is a copy of the tree).</summary>
    internal static string NewKey(string folder, string extension)
    {
        if (folder.Contains("..", StringComparison.Ordinal) || extension.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("Folder and extension must be simple names.");
        }
        return $"{folder}/{DateTime.UtcNow:yyyy/MM}/{Guid.NewGuid():N}{extension}";
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    public Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<Stream?>(null);
        }
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        file.Seek(Math.Min(offset, file.Length), SeekOrigin.Begin);
        var available = file.Length - file.Position;
        return Task.FromResult<Stream?>(length is { } wanted && wanted < available ? new ByteRangeStream(file, wanted) : file);
    }

    public Task<StoredFileInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new StoredFileInfo(key, file.Length) : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public async Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(_root, $".probe-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(probe, "ok", cancellationToken);
        File.Delete(probe);
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        return path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException("The key points outside the store.", nameof(key));
    }
}

/// <summary>A read-only window of <c>length</c> bytes over a stream positioned at the window's start.</summary>
internal sealed class ByteRangeStream(Stream inner, long length) : Stream
{
    private readonly long _length = length;
    private long _remaining = length;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;
    public override long Position { get => _length - _remaining; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0)
        {
            return 0;
        }
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0)
        {
            return 0;
        }
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        _remaining -= read;
        return read;
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

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}

public static class GuildStorage
{
    public static IHostApplicationBuilder AddGuildStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        if (options.Provider == StorageProvider.S3)
        {
            // One client for the process: it pools its connections. Disposed with the container.
            builder.Services.AddSingleton<IFileStore>(_ => new S3FileStore(options.S3));
            return builder;
        }
        var root = Path.IsPathRooted(options.LocalRoot) ? options.LocalRoot : Path.Combine(builder.Environment.ContentRootPath, options.LocalRoot);
        builder.Services.AddSingleton<IFileStore>(new LocalFileStore(root));
        return builder;
    }
}
