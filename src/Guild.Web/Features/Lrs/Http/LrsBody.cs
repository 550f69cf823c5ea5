using System.Buffers;

namespace Guild.Web.Features.Lrs.Http;

public enum LrsBodyStatus { Read, TooLarge, Truncated }

/// <summary>
/// A request body read in steps, in buffers that grow as bytes arrive; never one sized from the
/// Content-Length a client announces. A body announced at up to <see cref="DirectBytes"/> (every single
/// statement and a batch of 100) is read straight into an array of its exact size, which becomes the
/// body with no copy: the hot path is the same as reading into <c>new byte[length]</c>. Anything larger,
/// or without Content-Length, goes into pooled segments (64 KB, doubling up to 1 MB each) and is copied
/// once into an exact array when complete; so a client announcing 32 MB and sending 10 bytes costs one
/// 64 KB pooled segment, and memory only follows the bytes that actually came.
/// </summary>
public sealed class LrsBody : IDisposable
{
    /// <summary>Bodies announced at most this large are read into one array of their exact size.</summary>
    public const int DirectBytes = 64 * 1024;
    /// <summary>The first segment of a body without Content-Length; at least any prefix the gate inspects.</summary>
    private const int FirstUnannouncedSegment = 16 * 1024;
    private const int LargestSegment = 1024 * 1024;

    private readonly Stream _stream;
    private readonly long? _announced;
    private readonly long _max;
    private readonly List<byte[]> _segments = [];
    private readonly bool _direct;
    private int _lastFilled;
    private bool _ended;

    /// <param name="directUpTo">
    /// The largest announced length read into one exact array (<see cref="DirectBytes"/>); smaller when the
    /// caller will read only a prefix before it knows who is asking.
    /// </param>
    public LrsBody(Stream stream, long? announced, long max, long directUpTo = DirectBytes)
    {
        _stream = stream;
        _announced = announced;
        _max = max;
        if (announced is { } length && length <= Math.Min(directUpTo, DirectBytes))
        {
            _direct = true;
            _segments.Add(length == 0 ? [] : new byte[length]);
            _ended = length == 0;
        }
    }

    /// <summary>True when the body goes into one exact array (nothing pooled to give back).</summary>
    public bool IsDirect => _direct;

    /// <summary>The bytes read so far.</summary>
    public long Length { get; private set; }

    /// <summary>True once the whole body has been read.</summary>
    public bool IsComplete => _ended;

    /// <summary>
    /// The start of the body as read so far, contiguous: all of it up to the first segment's size
    /// (at least 16 KB, or the whole body when it is smaller).
    /// </summary>
    public ReadOnlySpan<byte> Start => _segments.Count == 0 ? [] : _segments[0].AsSpan(0, (int)Math.Min(Length, _segments[0].Length));

    /// <summary>Reads until at least <paramref name="bytes"/> bytes have arrived or the body has ended.</summary>
    public async ValueTask<LrsBodyStatus> FillAsync(long bytes, CancellationToken cancellationToken)
    {
        try
        {
            while (!_ended && Length < bytes)
            {
                var (segment, offset, space) = NextSpace();
                if (space == 0)
                {
                    // Everything announced has arrived (Kestrel ends the body there).
                    _ended = true;
                    break;
                }
                // Never more than asked for: a prefix read before authentication stays a prefix.
                var count = (int)Math.Min(space, bytes - Length);
                var read = await _stream.ReadAsync(segment.AsMemory(offset, count), cancellationToken);
                if (read == 0)
                {
                    _ended = true;
                    break;
                }
                _lastFilled = offset + read;
                Length += read;
                _ended = Length == _announced;
                if (Length > _max)
                {
                    return LrsBodyStatus.TooLarge;
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return LrsBodyStatus.TooLarge;
        }
        catch (BadHttpRequestException)
        {
            // The client closed the connection before sending everything it announced.
            return LrsBodyStatus.Truncated;
        }
        return _ended && _announced is { } announced && Length < announced ? LrsBodyStatus.Truncated : LrsBodyStatus.Read;
    }

    /// <summary>Reads the rest of the body (up to the limit).</summary>
    public ValueTask<LrsBodyStatus> ReadToEndAsync(CancellationToken cancellationToken) => FillAsync(long.MaxValue, cancellationToken);

    /// <summary>
    /// The complete body in an array of its exact length: the direct array itself, or one copy of the
    /// segments (which then go back to the pool).
    /// </summary>
    public byte[] ToArray()
    {
        if (_direct)
        {
            return _segments[0];
        }
        var body = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var position = 0;
        for (var i = 0; i < _segments.Count; i++)
        {
            var filled = i == _segments.Count - 1 ? _lastFilled : _segments[i].Length;
            _segments[i].AsSpan(0, filled).CopyTo(body.AsSpan(position));
            position += filled;
        }
        Dispose();
        return body;
    }

    /// <summary>Where the next read goes: the rest of the current segment, or a new, larger one.</summary>
    private (byte[] Segment, int Offset, int Count) NextSpace()
    {
        // Never ask for more than is still announced, nor more than one byte past the limit (to see it crossed).
        var wanted = Math.Min((_announced ?? long.MaxValue) - Length, _max + 1 - Length);
        if (wanted <= 0)
        {
            return ([], 0, 0);
        }
        if (_segments.Count > 0)
        {
            var current = _segments[^1];
            if (_lastFilled < current.Length)
            {
                return (current, _lastFilled, (int)Math.Min(current.Length - _lastFilled, wanted));
            }
        }
        var size = _segments.Count == 0
            ? (_announced is null ? FirstUnannouncedSegment : DirectBytes)
            : Math.Min(_segments[^1].Length * 2, LargestSegment);
        var segment = ArrayPool<byte>.Shared.Rent(size);
        _segments.Add(segment);
        _lastFilled = 0;
        return (segment, 0, (int)Math.Min(segment.Length, wanted));
    }

    public void Dispose()
    {
        if (_direct)
        {
            return;
        }
        foreach (var segment in _segments)
        {
            ArrayPool<byte>.Shared.Return(segment);
        }
        _segments.Clear();
        _lastFilled = 0;
    }
}
