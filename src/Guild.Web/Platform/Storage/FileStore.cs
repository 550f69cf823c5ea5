namespace Guild.Web.Platform.Storage;

/// <summary>
/// Where uploaded files live: local disk by default; an S3-compatible store in production.
/// Keys are opaque paths chosen by the store; writes stream, never buffer a whole file.
/// </summary>
public interface IFileStore
{
    Task<string> SaveAsync(Stream content, string folder, string extension, CancellationToken cancellationToken);
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);
    Task DeleteAsync(string key, CancellationToken cancellationToken);
    /// <summary>For the readiness check: can the store take a write right now?</summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);
}

public sealed class StorageOptions
{
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
        if (folder.Contains("..", StringComparison.Ordinal) || extension.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("Folder and extension must be simple names.");
        }
        var key = $"{folder}/{DateTime.UtcNow:yyyy/MM}/{Guid.NewGuid():N}{extension}";
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

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
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

public static class GuildStorage
{
    public static IHostApplicationBuilder AddGuildStorage(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var root = Path.IsPathRooted(options.LocalRoot) ? options.LocalRoot : Path.Combine(builder.Environment.ContentRootPath, options.LocalRoot);
        builder.Services.AddSingleton<IFileStore>(new LocalFileStore(root));
        return builder;
    }
}
