using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Jobs;

public sealed class JobOptions
{
    /// <summary>Jobs of the default queue this node runs at once (the other queues: <see cref="Queues"/>).</summary>
    public int Workers { get; set; } = 2;
    /// <summary>Workers per named queue on this node (<c>Jobs:Queues:media:Concurrency</c>), see <see cref="JobQueues"/>.</summary>
    public Dictionary<string, JobQueueOptions> Queues { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Off for processes that only serve pages (and in tests that drive jobs by hand).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>How often each node makes sure the next run of every recurring job is queued.</summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Finished jobs older than this are removed by the daily housekeeping job.</summary>
    public TimeSpan KeepFinishedFor { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// Claims due jobs with a compare-and-set on the row (status and lease), so exactly one node runs
/// each attempt, on SQLite and PostgreSQL alike. Failed attempts come back with exponential back-off.
/// </summary>
internal sealed class JobRunner(
    IServiceScopeFactory scopes,
    JobSignal signal,
    JobQueues queues,
    TimeProvider clock,
    IOptions<JobOptions> options,
    ILogger<JobRunner> logger) : BackgroundService
{
    private readonly string _node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}" is var node && node.Length > 100 ? node[..100] : node;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        await Task.Yield();
        // Each queue has workers of its own: a queue whose workers are all busy leaves the others' untouched.
        var workers = queues.Names.Where(queues.RunsHere)
            .SelectMany(queue => Enumerable.Range(0, queues.Concurrency(queue)).Select(_ => WorkAsync(queue, stoppingToken)))
            .ToList();
        logger.LogInformation("Job workers on this node: {Queues}",
            string.Join(", ", queues.Names.Select(queue => $"{queue}={(queues.RunsHere(queue) ? queues.Concurrency(queue) : 0)}")));
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(string queue, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunOneAsync(queue, stoppingToken))
                {
                    await signal.WaitAsync(queue, options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unreachable; keep the worker alive.
                logger.LogError(exception, "Job worker loop failed; retrying shortly");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims and runs one due job of any queue (tests drive jobs this way). Returns false when nothing was due.</summary>
    internal Task<bool> RunOneAsync(CancellationToken stoppingToken) => RunOneAsync(null, stoppingToken);

    /// <summary>Claims and runs one due job of <paramref name="queue"/> (null: any). Returns false when nothing was due.</summary>
    internal async Task<bool> RunOneAsync(string? queue, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        var job = await ClaimAsync(db, queue, stoppingToken);
        if (job is null)
        {
            return false;
        }

        if (job.StartedById is { } personId && !await ActOnBehalfOfAsync(scope.ServiceProvider, personId))
        {
            // Work someone started runs with their rights; once they are gone it has no one to run as.
            var reason = scope.ServiceProvider.GetRequiredService<IStringLocalizer<JobsText>>()["StarterDeactivated"].Value;
            logger.LogInformation("Job {JobKind} {JobId} not run: the person who started it, {PersonId}, has been deactivated", job.Kind, job.Id, personId);
            await FinishAsync(job.Id, JobStatus.Failed, null, reason, null, null);
            return true;
        }

        using var leaseRenewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewLeaseAsync(job.Id, leaseRenewal.Token);
        string? result = null;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Everything the handler logs carries the job's id, kind and attempt.
        using var logScope = logger.BeginScope("Job {JobKind} {JobId} attempt {Attempt}", job.Kind, job.Id, job.Attempts);
        logger.LogInformation("Job {JobKind} {JobId} started, attempt {Attempt} of {MaxAttempts}", job.Kind, job.Id, job.Attempts, job.MaxAttempts);
        try
        {
            var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind);
            if (handler is null)
            {
                throw new PermanentJobFailure($"No handler for job kind '{job.Kind}'.");
            }
            var context = new JobContext(job, (done, total, message) => ReportAsync(job.Id, done, total, message), json => result = json);
            await handler.RunAsync(context, stoppingToken);
            await FinishAsync(job.Id, JobStatus.Succeeded, result, null, null, context.Ending);
            logger.LogInformation("Job {JobKind} {JobId} succeeded in {ElapsedMs} ms", job.Kind, job.Id,
                (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: give the job back at once rather than waiting for the lease to run out.
            await ReleaseAsync(job.Id);
            logger.LogInformation("Job {JobKind} {JobId} handed back: this node is stopping", job.Kind, job.Id);
        }
        catch (Exception exception)
        {
            var permanent = exception is PermanentJobFailure || job.Attempts >= job.MaxAttempts;
            var retryAt = permanent ? (DateTimeOffset?)null : clock.GetUtcNow() + Backoff(job.Attempts);
            if (permanent)
            {
                logger.LogError(exception, "Job {JobKind} {JobId} failed for good on attempt {Attempt} of {MaxAttempts}",
                    job.Kind, job.Id, job.Attempts, job.MaxAttempts);
            }
            else
            {
                logger.LogWarning(exception, "Job {JobKind} {JobId} failed on attempt {Attempt} of {MaxAttempts}; next try at {RetryAt}",
                    job.Kind, job.Id, job.Attempts, job.MaxAttempts, retryAt);
            }
            await FinishAsync(job.Id, permanent ? JobStatus.Failed : JobStatus.Queued, result, exception.Message, retryAt, null);
        }
        finally
        {
            await leaseRenewal.CancelAsync();
            await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return true;
    }

    internal static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, attempt - 1)) * (0.8 + Random.Shared.NextDouble() * 0.4));

    private async Task<BackgroundJob?> ClaimAsync(GuildDb db, string? queue, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var jobs = db.Set<BackgroundJob>();
        var due = jobs.AsNoTracking()
            .Where(job => (job.Status == JobStatus.Queued && job.RunAfter <= now)
                       || (job.Status == JobStatus.Running && job.LeaseUntil < now));
        if (queue == JobQueues.Default)
        {
            var elsewhere = queues.KindsOutsideDefault;
            due = due.Where(job => !elsewhere.Contains(job.Kind));
        }
        else if (queue is not null)
        {
            var mine = queues.KindsOf(queue);
            due = due.Where(job => mine.Contains(job.Kind));
        }
        var candidates = await due
            .OrderBy(job => job.RunAfter)
            .Select(job => new { job.Id, job.Kind, job.Status, job.LeaseUntil, job.Attempts, job.MaxAttempts, job.ClaimedBy })
            .Take(8)
            .ToListAsync(cancellationToken);
        foreach (var candidate in candidates.OrderBy(_ => Random.Shared.Next()))
        {
            // Compare-and-set: only one node sees one row changed.
            var same = jobs.Where(job => job.Id == candidate.Id && job.Status == candidate.Status && job.LeaseUntil == candidate.LeaseUntil);
            if (candidate.Attempts >= candidate.MaxAttempts)
            {
                // Attempts count when a job is claimed, so a job that takes its node down with it
                // (out of memory, a native crash) still uses them up, and stops here instead of
                // taking down every node in turn forever.
                var error = $"Gave up after {candidate.Attempts} attempts: the node running it stopped before the job finished.";
                var gaveUp = await same.ExecuteUpdateAsync(set => set
                    .SetProperty(job => job.Status, JobStatus.Failed)
                    .SetProperty(job => job.FinishedAt, now)
                    .SetProperty(job => job.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(job => job.ClaimedBy, (string?)null)
                    .SetProperty(job => job.LastError, error)
                    // Ended: the last progress message is no longer true.
                    .SetProperty(job => job.ProgressMessage, (string?)null)
                    .SetProperty(job => job.ProgressMessageKey, (string?)null)
                    .SetProperty(job => job.ProgressMessageArguments, (string?)null), cancellationToken);
                if (gaveUp == 1)
                {
                    logger.LogError("Job {JobKind} {JobId} failed for good: {Attempts} of {MaxAttempts} attempts used, the last one on {PreviousNode} never finished",
                        candidate.Kind, candidate.Id, candidate.Attempts, candidate.MaxAttempts, candidate.ClaimedBy);
                }
                continue;
            }
            var leaseUntil = now + options.Value.Lease;
            var claimed = await same
                .ExecuteUpdateAsync(set => set
                    .SetProperty(job => job.Status, JobStatus.Running)
                    .SetProperty(job => job.ClaimedBy, _node)
                    .SetProperty(job => job.LeaseUntil, leaseUntil)
                    .SetProperty(job => job.Attempts, job => job.Attempts + 1)
                    .SetProperty(job => job.StartedAt, job => job.StartedAt ?? now), cancellationToken);
            if (claimed == 1)
            {
                if (candidate.Status == JobStatus.Running)
                {
                    logger.LogWarning("Job {JobKind} {JobId} taken over from {PreviousNode}, whose lease ran out", candidate.Kind, candidate.Id, candidate.ClaimedBy);
                }
                return await jobs.AsNoTracking().FirstAsync(job => job.Id == candidate.Id, cancellationToken);
            }
        }
        return null;
    }

    private async Task RenewLeaseAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var every = options.Value.Lease / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(every, clock, cancellationToken);
            await UpdateAsync(jobId, jobs => jobs.ExecuteUpdateAsync(set =>
                set.SetProperty(job => job.LeaseUntil, clock.GetUtcNow() + options.Value.Lease), CancellationToken.None));
        }
    }

    private Task ReportAsync(Guid jobId, int done, int total, JobMessage? message)
    {
        var (key, arguments) = (message?.Key, message?.ArgumentsJson);
        return UpdateAsync(jobId, jobs => jobs.ExecuteUpdateAsync(set => set
            .SetProperty(job => job.ProgressDone, done)
            .SetProperty(job => job.ProgressTotal, total)
            .SetProperty(job => job.ProgressMessage, (string?)null)
            .SetProperty(job => job.ProgressMessageKey, key)
            .SetProperty(job => job.ProgressMessageArguments, arguments), CancellationToken.None));
    }

    /// <summary>
    /// Records how an attempt ended. A job that has ended says so in its progress: a success is complete
    /// (its count at its total) with the handler's final message and outcome, a failure keeps its count
    /// but not the message of a step it never finished. A failed attempt that will be retried keeps both.
    /// </summary>
    private Task FinishAsync(Guid jobId, JobStatus status, string? result, string? error, DateTimeOffset? retryAt, JobEnding? ending)
    {
        var now = clock.GetUtcNow();
        var finished = status is JobStatus.Succeeded or JobStatus.Failed ? now : (DateTimeOffset?)null;
        var truncatedError = error is { Length: > 2000 } ? error[..2000] : error;
        var (messageKey, messageArguments) = (ending?.Message.Key, ending?.Message.ArgumentsJson);
        var (outcome, outcomeKey) = (ending?.Outcome, ending?.LabelKey);
        return UpdateAsync(jobId, jobs => jobs.ExecuteUpdateAsync(set =>
        {
            set.SetProperty(job => job.Status, status)
                .SetProperty(job => job.FinishedAt, finished)
                .SetProperty(job => job.RunAfter, job => retryAt ?? job.RunAfter)
                .SetProperty(job => job.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(job => job.ClaimedBy, (string?)null)
                .SetProperty(job => job.Result, job => result ?? job.Result)
                .SetProperty(job => job.LastError, job => truncatedError ?? job.LastError);
            if (status == JobStatus.Succeeded)
            {
                set.SetProperty(job => job.ProgressDone, job => job.ProgressTotal)
                    .SetProperty(job => job.ProgressMessage, (string?)null)
                    .SetProperty(job => job.ProgressMessageKey, messageKey)
                    .SetProperty(job => job.ProgressMessageArguments, messageArguments)
                    .SetProperty(job => job.Outcome, outcome)
                    .SetProperty(job => job.OutcomeKey, outcomeKey);
            }
            else if (status == JobStatus.Failed)
            {
                set.SetProperty(job => job.ProgressMessage, (string?)null)
                    .SetProperty(job => job.ProgressMessageKey, (string?)null)
                    .SetProperty(job => job.ProgressMessageArguments, (string?)null)
                    .SetProperty(job => job.Outcome, (JobOutcome?)null)
                    .SetProperty(job => job.OutcomeKey, (string?)null);
            }
        }, CancellationToken.None));
    }

    private Task ReleaseAsync(Guid jobId) =>
        UpdateAsync(jobId, jobs => jobs.ExecuteUpdateAsync(set => set
            .SetProperty(job => job.Status, JobStatus.Queued)
            .SetProperty(job => job.Attempts, job => job.Attempts - 1)
            .SetProperty(job => job.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(job => job.ClaimedBy, (string?)null), CancellationToken.None));

    /// <summary>Updates only while this node still holds the job.</summary>
    private async Task UpdateAsync(Guid jobId, Func<IQueryable<BackgroundJob>, Task<int>> update)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        await update(db.Set<BackgroundJob>().Where(job => job.Id == jobId && job.ClaimedBy == _node));
    }

    /// <summary>
    /// The job acts as the person who started it, with their current roles; false when their account is deactivated
    /// or gone. The account is read here anyway, so the check costs no query of its own (one per run, none per poll).
    /// </summary>
    private static async Task<bool> ActOnBehalfOfAsync(IServiceProvider services, Guid personId)
    {
        var users = services.GetRequiredService<UserManager<GuildUser>>();
        if (await users.FindByIdAsync(personId.ToString()) is not { DeactivatedAt: null } user)
        {
            return false;
        }
        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<GuildUser>>().CreateAsync(user);
        services.GetRequiredService<CurrentPerson>().ActAs(principal);
        return true;
    }
}
