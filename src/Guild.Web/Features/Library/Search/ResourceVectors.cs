using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// Every resource's embedding in this node's memory (384 floats each: 1.5 KB, so 50,000 resources are about 75 MB), compared
/// with a question's in one pass. PostgreSQL without pgvector and SQLite both take this path. The node reads only what was
/// embedded since its last look (<see cref="ResourceSearchEntry.EmbeddedAt"/>), at most once per <see cref="RefreshEvery"/>,
/// so another node's new vectors show within that time.
/// </summary>
public sealed class ResourceVectors(IDbContextFactory<GuildDb> factory, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile Snapshot _snapshot = new([], [], DateTimeOffset.MinValue, DateTimeOffset.MinValue);
    /// <summary>Where each resource's vector is in the snapshot; read and replaced only by the one refreshing.</summary>
    private Dictionary<Guid, int> _index = [];

    private sealed record Snapshot(Guid[] Ids, float[][] Vectors, DateTimeOffset Through, DateTimeOffset LoadedAt);

    /// <summary>The nearest resources to a vector: (resource id, cosine), best first, at most <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<(Guid ResourceId, float Similarity)>> NearestAsync(float[] query, int count, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        var best = new PriorityQueue<int, float>(count + 1);
        for (var i = 0; i < snapshot.Vectors.Length; i++)
        {
            var similarity = SentenceEmbedder.Similarity(query, snapshot.Vectors[i]);
            if (best.Count < count)
            {
                best.Enqueue(i, similarity);
            }
            else if (best.TryPeek(out _, out var lowest) && similarity > lowest)
            {
                best.EnqueueDequeue(i, similarity);
            }
        }
        var found = new List<(Guid, float)>(best.Count);
        while (best.TryDequeue(out var index, out var similarity))
        {
            found.Add((snapshot.Ids[index], similarity));
        }
        found.Reverse();
        return found;
    }

    public void Dispose() => _refreshing.Dispose();

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (clock.GetUtcNow() - snapshot.LoadedAt < RefreshEvery && snapshot.LoadedAt <= clock.GetUtcNow())
        {
            return snapshot;
        }
        // One request reads what is new; the others compare with the vectors they have rather than wait for it.
        if (snapshot.Ids.Length > 0 && !await _refreshing.WaitAsync(0, cancellationToken))
        {
            return snapshot;
        }
        if (snapshot.Ids.Length == 0)
        {
            await _refreshing.WaitAsync(cancellationToken);
        }
        try
        {
            snapshot = _snapshot;
            var now = clock.GetUtcNow();
            if (now - snapshot.LoadedAt < RefreshEvery && snapshot.LoadedAt <= now)
            {
                return snapshot;
            }
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var since = snapshot.Through;
            var rows = await db.Set<ResourceSearchEntry>().AsNoTracking().Where(e => e.EmbeddedAt != null && e.EmbeddedAt >= since)
                .Select(e => new { e.ResourceId, e.Embedding, e.EmbeddedAt }).ToListAsync(cancellationToken);
            var index = _index;
            // ">=" reads the newest rows of the last look again: those are known already and change nothing.
            rows.RemoveAll(r => r.EmbeddedAt == since && index.ContainsKey(r.ResourceId));
            if (rows.Count == 0)
            {
                return _snapshot = snapshot with { LoadedAt = now };
            }
            index = new Dictionary<Guid, int>(index);
            var ids = new List<Guid>(snapshot.Ids);
            var vectors = new List<float[]>(snapshot.Vectors);
            foreach (var row in rows.Where(r => r.Embedding is not null))
            {
                var vector = SentenceEmbedder.FromBytes(row.Embedding!);
                if (index.TryGetValue(row.ResourceId, out var at))
                {
                    vectors[at] = vector;
                }
                else
                {
                    index[row.ResourceId] = ids.Count;
                    ids.Add(row.ResourceId);
                    vectors.Add(vector);
                }
            }
            // ">=" reads the newest instant again next time (rows of the same microsecond committed later are not missed).
            var through = rows.Max(r => r.EmbeddedAt!.Value);
            _index = index;
            return _snapshot = new Snapshot(ids.ToArray(), vectors.ToArray(), through, now);
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
