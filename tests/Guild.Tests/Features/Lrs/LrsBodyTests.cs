using Guild.Web.Features.Lrs.Http;

namespace Guild.Tests.Features.Lrs;

/// <summary>
/// Reading request bodies: memory follows the bytes that arrive, never the Content-Length a client announces.
/// (No database involved: the reader works on a stream.)
/// </summary>
public sealed class LrsBodyTests
{
    private const long ThirtyTwoMegabytes = 32 * 1024 * 1024;

    /// <summary>Gives at most a few bytes per read, as a slow client does.</summary>
    private sealed class TrickleStream(byte[] data, int perRead) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, perRead)], cancellationToken);
    }

    [Fact]
    public async Task A_body_announced_far_larger_than_what_arrives_costs_only_what_arrives()
    {
        using var stream = new MemoryStream(new byte[10]);
        // Reads from a MemoryStream complete synchronously, so everything the reader allocates is on this thread.
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var body = new LrsBody(stream, announced: ThirtyTwoMegabytes, max: ThirtyTwoMegabytes);
        var status = await body.ReadToEndAsync(CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(LrsBodyStatus.Truncated, status);
        Assert.True(allocated < 256 * 1024, $"Reading 10 bytes announced as 32 MB allocated {allocated:N0} bytes.");
    }

    [Theory]
    [InlineData(300_000, null, 1)]          // no Content-Length: grows segment by segment
    [InlineData(300_000, 300_000L, 1)]      // announced above the direct size: grows too
    [InlineData(65_536, 65_536L, 1)]        // announced up to 64 KB: one exact array
    [InlineData(5_000, null, 7)]            // a trickle of 7 bytes per read
    [InlineData(0, 0L, 1)]
    public async Task A_body_arrives_whole_in_an_array_of_its_exact_length(int size, long? announced, int perRead)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        using var stream = new TrickleStream(data, perRead == 1 ? int.MaxValue : perRead);
        using var body = new LrsBody(stream, announced, max: 1_000_000);
        Assert.Equal(LrsBodyStatus.Read, await body.ReadToEndAsync(CancellationToken.None));
        Assert.Equal(data, body.ToArray());
    }

    [Fact]
    public async Task A_body_without_length_stops_one_byte_past_the_limit()
    {
        using var stream = new MemoryStream(new byte[2_000_000]);
        using var body = new LrsBody(stream, announced: null, max: 1_000_000);
        Assert.Equal(LrsBodyStatus.TooLarge, await body.ReadToEndAsync(CancellationToken.None));
        Assert.Equal(1_000_001, body.Length);
    }

    [Fact]
    public async Task A_prefix_read_reads_no_more_than_asked_even_when_more_has_arrived()
    {
        var data = new byte[100_000];
        using var stream = new MemoryStream(data);
        using var body = new LrsBody(stream, announced: data.Length, max: 1_000_000, directUpTo: LrsRequest.UnauthenticatedBytes);
        Assert.Equal(LrsBodyStatus.Read, await body.FillAsync(LrsRequest.UnauthenticatedBytes + 1, CancellationToken.None));
        Assert.Equal(LrsRequest.UnauthenticatedBytes + 1, body.Length);
        Assert.False(body.IsComplete);
        Assert.Equal(LrsRequest.UnauthenticatedBytes + 1, stream.Position);
        Assert.Equal(LrsBodyStatus.Read, await body.ReadToEndAsync(CancellationToken.None));
        Assert.Equal(data, body.ToArray());
    }
}
