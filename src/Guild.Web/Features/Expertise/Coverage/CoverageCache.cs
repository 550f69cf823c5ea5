using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>
/// The components and active champions of each capability as coverage last read them. Reading them joins every
/// champion of the capability with their person and account (a few hundred rows at a large organisation), which made
/// the coverage page the slowest page of the benchmark, while they change only when someone is approved, leaves, or
/// the map is edited. The measures other features supply (<see cref="ICoverageSignals"/>: resources per component over
/// a library of 50,000) are kept with them, read again when this node saves a change to the entities their source names.
/// So a read is kept until this node saves such a change (<see cref="CoverageChangeInterceptor"/>) or for
/// <see cref="MaxAge"/>, which bounds how long a change saved on another node takes to show here.
/// </summary>
public sealed class CoverageCache(TimeProvider clock)
{
    /// <summary>How long a read serves at most, for changes this node did not see.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private sealed record Entry(long Version, DateTimeOffset ReadAt, CoverageReports.CapabilityReading Reading);

    private readonly ConcurrentDictionary<Guid, Entry> _byCapability = new();
    private long _version;

    /// <summary>The capability's rows, read with <paramref name="read"/> when none are kept or they are outdated.</summary>
    public async Task<CoverageReports.CapabilityReading> GetAsync(Guid capabilityId, Func<Task<CoverageReports.CapabilityReading>> read)
    {
        var version = Interlocked.Read(ref _version);
        var now = clock.GetUtcNow();
        if (_byCapability.TryGetValue(capabilityId, out var kept) && kept.Version == version && now - kept.ReadAt < MaxAge)
        {
            return kept.Reading;
        }
        var reading = await read();
        // Stored under the version seen before reading: a change saved meanwhile makes the next reader read again.
        _byCapability[capabilityId] = new Entry(version, now, reading);
        return reading;
    }

    /// <summary>Something coverage shows changed: every capability is read again.</summary>
    public void Changed() => Interlocked.Increment(ref _version);
}

/// <summary>
/// Tells <see cref="CoverageCache"/> when a unit of work saved a change to what coverage shows: components and
/// capabilities, championships, people and accounts (a name, a deactivation), and what the registered measures count
/// (<see cref="CoverageSignalSource"/>). Inside a transaction it waits for the commit, so nobody reads (and keeps) the
/// rows before the change is visible.
/// </summary>
internal sealed class CoverageChangeInterceptor(CoverageCache cache, IEnumerable<CoverageSignalSource> measured) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly HashSet<Type> _shown = [typeof(KnowHowComponent), typeof(Capability), typeof(ComponentChampion), typeof(Person), typeof(GuildUser),
        .. measured.SelectMany(m => m.ChangedBy)];

    /// <summary>Contexts that saved a shown change in a transaction not yet committed.</summary>
    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        context.ChangeTracker.DetectChanges();
        if (context.ChangeTracker.Entries().Any(entry => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && _shown.Contains(entry.Metadata.ClrType)))
        {
            _pending.AddOrUpdate(context, this);
        }
    }

    private void Saved(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null && _pending.Remove(context))
        {
            cache.Changed();
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _pending.Remove(context))
        {
            cache.Changed();
        }
    }
}
