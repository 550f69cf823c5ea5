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
        signal.Nudge();
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

/// <summary>Wakes this node's runner when work was just queued, instead of waiting for the next poll.</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Nudge()
    {
        if (_signal.CurrentCount < 4)
        {
            _signal.Release();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
