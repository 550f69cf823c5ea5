using System.Text.Json;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Jobs;

/// <summary>
/// Puts work on the durable queue. <see cref="Enqueue"/> adds the job to the caller's unit of work,
/// so the job exists exactly when the change that needs it is committed (no lost or phantom jobs).
/// </summary>
public sealed class JobQueue(GuildDb db, TimeProvider clock, JobSignal signal)
{
    public BackgroundJob Enqueue(string kind, object payload, Guid? startedById = null,
        DateTimeOffset? runAfter = null, string? dedupeKey = null, int maxAttempts = 8)
    {
        var now = clock.GetUtcNow();
        var job = new BackgroundJob
        {
            Id = Guid.CreateVersion7(),
            Kind = kind,
            Payload = payload as string ?? JsonSerializer.Serialize(payload, JsonSerializerOptions.Web),
            Status = JobStatus.Queued,
            CreatedAt = now,
            RunAfter = runAfter ?? now,
            StartedById = startedById,
            DedupeKey = dedupeKey,
            MaxAttempts = maxAttempts,
        };
        db.Add(job);
        signal.NudgeQueueOf(kind);
        return job;
    }

    /// <summary>Enqueues and commits; when the dedupe key is already taken, returns the existing job.</summary>
    public async Task<BackgroundJob> EnqueueNowAsync(string kind, object payload, Guid? startedById = null,
        DateTimeOffset? runAfter = null, string? dedupeKey = null, int maxAttempts = 8, CancellationToken cancellationToken = default)
    {
        if (dedupeKey is not null)
        {
            var existing = await db.Set<BackgroundJob>().AsNoTracking()
                .FirstOrDefaultAsync(job => job.DedupeKey == dedupeKey, cancellationToken);
            if (existing is not null)
            {
                return existing;
            }
        }
        var created = Enqueue(kind, payload, startedById, runAfter, dedupeKey, maxAttempts);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return created;
        }
        catch (DbUpdateException) when (dedupeKey is not null)
        {
            // Another node enqueued the same logical job between our check and our insert.
            db.Entry(created).State = EntityState.Detached;
            return await db.Set<BackgroundJob>().AsNoTracking().FirstAsync(job => job.DedupeKey == dedupeKey, cancellationToken);
        }
    }

    public Task<BackgroundJob?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<BackgroundJob>().AsNoTracking().FirstOrDefaultAsync(job => job.Id == id, cancellationToken);
}

/// <summary>
/// Wakes this node's workers of a queue when work for it was just queued, instead of waiting for the next poll; each queue
/// has its own signal, so a nudge for mail never wakes (and is never swallowed by) a media worker.
/// </summary>
public sealed class JobSignal(JobQueues queues) : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    /// <summary>Wakes the workers of every queue (after a retry, or when the kind is not known here).</summary>
    public void Nudge()
    {
        foreach (var queue in queues.Names)
        {
            Nudge(Of(queue));
        }
    }

    /// <summary>Wakes the workers of the queue that runs <paramref name="kind"/>.</summary>
    public void NudgeQueueOf(string kind) => Nudge(Of(queues.QueueOf(kind)));

    public Task<bool> WaitAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) => Of(queue).WaitAsync(timeout, cancellationToken);

    private SemaphoreSlim Of(string queue) => _signals.GetOrAdd(queue, _ => new SemaphoreSlim(0, int.MaxValue));

    private static void Nudge(SemaphoreSlim signal)
    {
        if (signal.CurrentCount < 4)
        {
            signal.Release();
        }
    }

    public void Dispose()
    {
        foreach (var signal in _signals.Values)
        {
            signal.Dispose();
        }
    }
}
