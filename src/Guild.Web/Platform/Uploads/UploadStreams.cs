namespace Guild.Web.Platform.Uploads;

/// <summary>
/// One part of a PATCH body as the store reads it: passes on at most <c>partLimit</c> bytes (then <see cref="Full"/>: the
/// next part takes over), notes whether the sender tried to send more than the upload lacks (<see cref="TooMany"/>), and
/// turns a broken connection into the end of the stream (<see cref="Interrupted"/>), so the bytes that did arrive are
/// saved whole and can be counted. Never throws for the client's failures.
/// </summary>
internal sealed class ReceivedBytes(Stream body, long remaining, long partLimit) : Stream
{
    private bool _ended;

    /// <summary>Bytes passed on so far.</summary>
    public long Count { get; private set; }

    /// <summary>The part is as large as a part may be; the body may go on.</summary>
    public bool Full { get; private set; }

    /// <summary>The body ended, or broke: no more parts come from it.</summary>
    public bool Ended => _ended && !Full;

    /// <summary>The body went on past what the upload lacks: the caller refuses this part.</summary>
    public bool TooMany { get; private set; }

    /// <summary>The connection broke (or timed out) before the body's end.</summary>
    public bool Interrupted { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended || buffer.Length == 0)
        {
            return 0;
        }
        try
        {
            if (Count == remaining)
            {
                // All the upload lacks is here; one more byte from the sender means it sends too much.
                var probe = new byte[1];
                TooMany = await body.ReadAsync(probe, cancellationToken) > 0;
                _ended = true;
                return 0;
            }
            if (Count == partLimit)
            {
                Full = true;
                _ended = true;
                return 0;
            }
            var read = await body.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Math.Min(remaining, partLimit) - Count)], cancellationToken);
            if (read == 0)
            {
                _ended = true;
            }
            Count += read;
            return read;
        }
        catch (Exception exception) when (exception is IOException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A reset, a cut or Kestrel's "unexpected end of request content" (BadHttpRequestException is an IOException);
            // a connection Kestrel gives up on (ConnectionAbortedException, an OperationCanceledException) is a cut too.
            Interrupted = true;
            _ended = true;
            return 0;
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>An upload's parts read one after another as one stream, each opened only when the one before it ends.</summary>
internal sealed class PartsStream(Storage.IFileStore files, IReadOnlyList<UploadPart> parts) : Stream
{
    private int _next;
    private Stream? _current;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => parts.Sum(p => p.Length);
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next == parts.Count)
                {
                    return 0;
                }
                var part = parts[_next++];
                _current = await files.OpenReadAsync(part.FileKey, cancellationToken)
                    ?? throw new IOException($"The upload part {part.FileKey} is missing from the store.");
            }
            var read = await _current.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                _position += read;
                return read;
            }
            await _current.DisposeAsync();
            _current = null;
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}
