using System.Buffers;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Guild.Web.Platform.Storage;

/// <summary>The S3-compatible store's settings (<c>Storage:S3:*</c>); see docs/operations.md.</summary>
public sealed class S3StorageOptions
{
    /// <summary>The endpoint of an S3-compatible service (MinIO, Ceph, a local s3rver); empty for AWS itself (then <see cref="Region"/>).</summary>
    public string? ServiceUrl { get; set; }

    public string Bucket { get; set; } = "";

    /// <summary>With <see cref="SecretKey"/>; both empty means the SDK's own chain (environment, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>The region to sign for (AWS: where the bucket is; most compatible services accept us-east-1).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Bucket in the path (<c>host/bucket/key</c>) rather than the host name; what most compatible services want.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>
    /// How much of a file is held in memory while it is written: a file up to this size is one PUT, a larger one a
    /// multipart upload of parts this size (S3 wants at least 5 MB per part). One buffer per write in progress.
    /// </summary>
    public int PartSizeMegabytes { get; set; } = 8;
}

/// <summary>
/// Files in an S3-compatible bucket. Keys look like the local store's (<c>folder/yyyy/MM/guid.ext</c>), so moving
/// from disk to a bucket is a copy of the folder tree. Writes stream: a file is sent in parts of
/// <see cref="S3StorageOptions.PartSizeMegabytes"/>, never held whole; reads are ranged GETs; sizes come from a HEAD.
/// </summary>
public sealed class S3FileStore : IFileStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly int _partSize;

    public S3FileStore(S3StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            throw new InvalidOperationException("Storage:S3:Bucket is required when Storage:Provider is S3.");
        }
        if (options.PartSizeMegabytes is < 5 or > 512)
        {
            throw new InvalidOperationException("Storage:S3:PartSizeMegabytes must be between 5 and 512 (S3's smallest part is 5 MB).");
        }
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where S3 demands them: compatible servers do not all understand the trailing checksums
            // the SDK would add by default, and every part is already signed with its SHA-256.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        _client = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
        _bucket = options.Bucket;
        _partSize = options.PartSizeMegabytes * 1024 * 1024;
        Description = $"S3: {options.Bucket} @ {(string.IsNullOrWhiteSpace(options.ServiceUrl) ? options.Region : options.ServiceUrl)}";
    }

    /// <summary>Bucket and endpoint, for /admin/system; never the keys.</summary>
    public string Description { get; }

    public async Task<string> SaveAsync(Stream content, string folder, string extension, CancellationToken cancellationToken)
    {
        var key = LocalFileStore.NewKey(folder, extension);
        var buffer = ArrayPool<byte>.Shared.Rent(_partSize);
        try
        {
            var filled = await FillAsync(content, buffer, cancellationToken);
            if (filled < _partSize)
            {
                // Small enough for one PUT with a known length: nothing is visible under the key until it is whole.
                using var body = new MemoryStream(buffer, 0, filled, writable: false);
                await _client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = _bucket, Key = key, InputStream = body, AutoCloseStream = false, UseChunkEncoding = false,
                }, cancellationToken);
                return key;
            }
            await SaveInPartsAsync(key, content, buffer, filled, cancellationToken);
            return key;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A multipart upload, one part in memory at a time; aborted on any failure so no half object stays behind.</summary>
    private async Task SaveInPartsAsync(string key, Stream content, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        var started = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            while (filled > 0)
            {
                using var body = new MemoryStream(buffer, 0, filled, writable: false);
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket, Key = key, UploadId = started.UploadId, PartNumber = parts.Count + 1,
                    InputStream = body, PartSize = filled, UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                filled = await FillAsync(content, buffer, cancellationToken);
            }
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket, Key = key, UploadId = started.UploadId, PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            // Not the caller's token: a cancelled write must still free the parts it stored.
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = started.UploadId }, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Reads until the part is full or the stream ends: a network stream hands over a few KB per read.</summary>
    private async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < _partSize)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, _partSize - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return filled;
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => OpenReadAsync(key, 0, null, cancellationToken);

    public async Task<Stream?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } wanted)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        }
        var request = new GetObjectRequest { BucketName = _bucket, Key = key };
        if (offset > 0 || length is not null)
        {
            if (length == 0)
            {
                return await GetInfoAsync(key, cancellationToken) is null ? null : new MemoryStream([], writable: false);
            }
            // Without a length, "bytes=offset-" reads to the end, whatever the size.
            request.ByteRange = length is { } count ? new ByteRange(offset, offset + count - 1) : new ByteRange($"bytes={offset}-");
        }
        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken);
            // Some compatible servers send more than asked (s3rver reads "bytes=0-0" as "from 0 on"): never pass that on.
            return length is { } count && response.ContentLength > count
                ? new ByteRangeStream(new S3ObjectStream(response), count)
                : new S3ObjectStream(response);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Past the end: nothing to read, as on the local disk (which answers an empty stream there).
            return await GetInfoAsync(key, cancellationToken) is null ? null : new MemoryStream([], writable: false);
        }
    }

    public async Task<StoredFileInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return new StoredFileInfo(key, head.ContentLength);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        // S3 answers 204 for a key that is not there, as File.Delete does nothing for a missing file.
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
    }

    public async Task CheckWritableAsync(CancellationToken cancellationToken)
    {
        var probe = $".probe/{Guid.NewGuid():N}";
        try
        {
            using var body = new MemoryStream("ok"u8.ToArray(), writable: false);
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket, Key = probe, InputStream = body, AutoCloseStream = false, UseChunkEncoding = false,
            }, cancellationToken);
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = probe }, cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            // The readiness check knows I/O failures; the SDK's own exceptions say which (bucket missing, denied, unreachable).
            throw new IOException($"The S3 bucket {_bucket} does not accept writes: {exception.Message}", exception);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The body of a GET, with its length known (playback sets Content-Length from it), owning the response.</summary>
    private sealed class S3ObjectStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = _inner.Read(buffer);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await _inner.ReadAsync(buffer, cancellationToken);
            _position += read;
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
                _inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
