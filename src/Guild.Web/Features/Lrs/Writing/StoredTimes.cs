using Guild.Web.Platform.Data;
namespace Guild.Web.Features.Lrs.Writing;

/// <summary>
/// The stored times this node hands out, and X-Experience-API-Consistent-Through: batches get strictly
/// increasing times to the microsecond, and a batch still committing holds Consistent-Through back to
/// just before its first time, so a client that reads up to that instant never misses a statement.
/// </summary>
internal sealed class StoredTimes(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly List<long> _inFlight = [];
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>Every statement stored before this instant is readable: now, or just before the earliest batch still committing.</summary>
    public DateTimeOffset ConsistentThrough
    {
        get
        {
            var now = ProviderSql.Truncate(clock.GetUtcNow());
            lock (_lock)
            {
                return _inFlight.Count == 0 ? now : Min(now, new DateTimeOffset(_inFlight.Min() - 10, TimeSpan.Zero));
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Stored times for a batch: ascending within it and after every earlier batch of this node. <see cref="Release"/> it after the transaction.</summary>
    public DateTimeOffset Reserve(int count)
    {
        lock (_lock)
        {
            var start = ProviderSql.Truncate(clock.GetUtcNow());
            if (start <= _last)
            {
                start = _last.AddTicks(10);
            }
            _last = start.AddTicks(10L * (count - 1));
            _inFlight.Add(start.UtcTicks);
            return start;
        }
    }

    /// <summary>The batch that started at <paramref name="start"/> committed or rolled back.</summary>
    public void Release(DateTimeOffset start)
    {
        lock (_lock)
        {
            _inFlight.Remove(start.UtcTicks);
        }
    }
}
