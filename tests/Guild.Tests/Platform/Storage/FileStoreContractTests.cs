using System.Security.Cryptography;
using Guild.Web.Platform.Storage;

namespace Guild.Tests.Platform.Storage;

/// <summary>
/// What every <see cref="IFileStore"/> promises, run against each store: the local disk and an S3-compatible bucket
/// (s3rver). Features see only this contract, so a deployment can move between stores.
/// </summary>
public abstract class FileStoreContractTests : IAsyncLifetime
{
    protected IFileStore Store { get; set; } = default!;

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Bytes that show a misplaced range at once: every position's byte differs from its neighbours'.</summary>
    protected static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        RandomNumberGenerator.Fill(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task A_saved_file_reads_back_byte_for_byte_with_its_size()
    {
        var bytes = Pattern(70_000);
        var key = await Store.SaveAsync(new MemoryStream(bytes), "contract", ".bin", CancellationToken.None);

        Assert.StartsWith("contract/", key, StringComparison.Ordinal);
        Assert.EndsWith(".bin", key, StringComparison.Ordinal);
        Assert.Equal(bytes, await ReadAllAsync((await Store.OpenReadAsync(key, CancellationToken.None))!));
        Assert.Equal(new StoredFileInfo(key, bytes.Length), await Store.GetInfoAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_larger_than_one_part_streams_in_and_reads_back_whole()
    {
        // 11 MB: more than two of the S3 store's 5 MB test parts, sent through a stream that hands over a few KB per read
        // and cannot seek, like a request body.
        var bytes = Pattern(11 * 1024 * 1024 + 123);
        var key = await Store.SaveAsync(new TrickleStream(bytes), "contract", ".bin", CancellationToken.None);

        Assert.Equal(bytes.Length, (await Store.GetInfoAsync(key, CancellationToken.None))!.Length);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await ReadAllAsync((await Store.OpenReadAsync(key, CancellationToken.None))!)));
    }

    [Fact]
    public async Task A_ranged_read_gives_exactly_the_bytes_asked_for()
    {
        var bytes = Pattern(10_000);
        var key = await Store.SaveAsync(new MemoryStream(bytes), "contract", ".bin", CancellationToken.None);

        Assert.Equal(bytes[1000..1100], await ReadAllAsync((await Store.OpenReadAsync(key, 1000, 100, CancellationToken.None))!));
        Assert.Equal(bytes[9000..], await ReadAllAsync((await Store.OpenReadAsync(key, 9000, null, CancellationToken.None))!));
        Assert.Equal(bytes[9990..], await ReadAllAsync((await Store.OpenReadAsync(key, 9990, 500, CancellationToken.None))!));
        Assert.Equal(bytes[..1], await ReadAllAsync((await Store.OpenReadAsync(key, 0, 1, CancellationToken.None))!));
        Assert.Empty(await ReadAllAsync((await Store.OpenReadAsync(key, 10_000, 10, CancellationToken.None))!));
        Assert.Empty(await ReadAllAsync((await Store.OpenReadAsync(key, 20, 0, CancellationToken.None))!));
    }

    [Fact]
    public async Task A_ranged_read_says_how_long_it_is()
    {
        var key = await Store.SaveAsync(new MemoryStream(Pattern(5000)), "contract", ".bin", CancellationToken.None);

        await using var range = (await Store.OpenReadAsync(key, 100, 250, CancellationToken.None))!;
        Assert.Equal(250, range.Length);
    }

    [Fact]
    public async Task A_deleted_file_is_gone_and_deleting_it_again_is_harmless()
    {
        var key = await Store.SaveAsync(new MemoryStream(Pattern(100)), "contract", ".bin", CancellationToken.None);

        await Store.DeleteAsync(key, CancellationToken.None);

        Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
        Assert.Null(await Store.OpenReadAsync(key, CancellationToken.None));
        await Store.DeleteAsync(key, CancellationToken.None);
    }

    [Fact]
    public async Task A_missing_key_reads_as_nothing()
    {
        var key = $"contract/2026/11/{Guid.NewGuid():N}.bin";

        Assert.Null(await Store.OpenReadAsync(key, CancellationToken.None));
        Assert.Null(await Store.OpenReadAsync(key, 10, 10, CancellationToken.None));
        Assert.Null(await Store.OpenReadAsync(key, 0, 0, CancellationToken.None));
        Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_file_is_a_file()
    {
        var key = await Store.SaveAsync(new MemoryStream(), "contract", ".txt", CancellationToken.None);

        Assert.Equal(0, (await Store.GetInfoAsync(key, CancellationToken.None))!.Length);
        Assert.Empty(await ReadAllAsync((await Store.OpenReadAsync(key, CancellationToken.None))!));
    }

    [Fact]
    public async Task The_readiness_check_passes_on_a_writable_store()
    {
        await Store.CheckWritableAsync(CancellationToken.None);
    }

    /// <summary>A non-seekable stream that hands over at most 7 KB per read, as a socket does.</summary>
    private sealed class TrickleStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 7 * 1024), bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class LocalFileStoreContractTests : FileStoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("guild-store-").FullName;

    public override Task InitializeAsync()
    {
        Store = new LocalFileStore(_folder);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class S3FileStoreContractTests : FileStoreContractTests
{
    public override async Task InitializeAsync() => Store = new S3FileStore(await S3TestServer.NewBucketAsync());

    public override Task DisposeAsync()
    {
        ((S3FileStore)Store).Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_missing_bucket_fails_the_readiness_check_as_an_io_error()
    {
        var options = await S3TestServer.NewBucketAsync();
        options.Bucket = "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8];
        using var store = new S3FileStore(options);

        await Assert.ThrowsAsync<IOException>(() => store.CheckWritableAsync(CancellationToken.None));
    }
}
