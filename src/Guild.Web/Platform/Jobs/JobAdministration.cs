using Guild.Web.Platform.Api;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Jobs;

/// <summary>One row of the jobs overview for L&amp;D admins, with the kind, status and outcome in the reader's language.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Kind">What the job does, such as <c>people.import</c> or <c>mail.send</c>.</param>
/// <param name="KindText">What the job does, in the reader's language.</param>
/// <param name="Status">Queued, Running, Succeeded or Failed.</param>
/// <param name="StatusText">The status in the reader's language.</param>
/// <param name="Attempts">How often it was started.</param>
/// <param name="MaxAttempts">How often it may be started before it fails for good.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="RunAfter">When it may run (next); later than now while it waits to try again.</param>
/// <param name="FinishedAt">When it succeeded or failed for good.</param>
/// <param name="ProgressDone">Steps done.</param>
/// <param name="ProgressTotal">Steps in all (0 when unknown).</param>
/// <param name="LastError">Why its latest attempt failed.</param>
/// <param name="Outcome">For a job that succeeded: how it went for what it worked on (Negative: done, and the answer was no).</param>
/// <param name="OutcomeText">The outcome in the reader's language.</param>
/// <param name="SubjectLink">The page of what the job worked on, if it has one.</param>
/// <summary>One row of the jobs overview for L&amp;D admins, with the kind, status and outcome in the reader's language.</summary>
public sealed record JobAdminRow(Guid Id, string Kind, string KindText, JobStatus Status, string StatusText, int Attempts, int MaxAttempts,
    DateTimeOffset CreatedAt, DateTimeOffset RunAfter, DateTimeOffset? FinishedAt, int ProgressDone, int ProgressTotal, string? LastError,
    JobOutcome? Outcome, string? OutcomeText, string? SubjectLink)
{
    /// <summary>Failed, or queued for a later try after a failure: an admin may run it now.</summary>
    public bool CanRetry(DateTimeOffset now) => CanRetry(Status, Attempts, RunAfter, now);

    public static bool CanRetry(JobStatus status, int attempts, DateTimeOffset runAfter, DateTimeOffset now) =>
        status == JobStatus.Failed || (status == JobStatus.Queued && attempts > 0 && runAfter > now);

    public static JobAdminRow From(BackgroundJob job, JobTexts texts)
    {
        var outcome = job.Status == JobStatus.Succeeded ? job.Outcome : null;
        return new(job.Id, job.Kind, texts.KindText(job.Kind), job.Status, texts.StatusText(job.Status, job.Attempts), job.Attempts,
            job.MaxAttempts, job.CreatedAt, job.RunAfter, job.FinishedAt, job.ProgressDone, job.ProgressTotal, job.LastError,
            outcome, texts.OutcomeText(job.Kind, outcome, job.OutcomeKey), texts.SubjectLink(job.Kind, job.SubjectId));
    }
}

/// <summary>One queue as the jobs overview shows it: what waits, what runs, and how many workers this node gives it.</summary>
/// <param name="Name">The queue's code (<c>media</c>).</param>
/// <param name="NameText">The queue in the reader's language.</param>
/// <param name="Due">Jobs waiting to start now (not those waiting out a back-off).</param>
/// <param name="Running">Jobs running on any node.</param>
/// <param name="WorkersHere">Workers the node that answered gives this queue (0: it leaves the queue to other nodes).</param>
public sealed record JobQueueRow(string Name, string NameText, int Due, int Running, int WorkersHere);

/// <summary>What L&amp;D admins see and do about background work: recent jobs, and running a failed one again; and a job's progress for whoever started it.</summary>
/// <remarks>Reads take a context of their own (pages call them while rendering); the retry is a command on the request's GuildDb.</remarks>
public sealed class JobAdministration(IDbContextFactory<GuildDb> contexts, GuildDb db, CurrentPerson me, TimeProvider clock, AuditLog audit, JobSignal signal,
    JobTexts texts, JobQueues queues, IOptions<JobOptions> options)
{
    /// <summary>
    /// Every queue with its due and running jobs (one query, counted per kind and mapped to queues here: a job's queue
    /// follows from its kind) and this node's workers for it.
    /// </summary>
    public async Task<Result<IReadOnlyList<JobQueueRow>>> QueuesAsync(CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<IReadOnlyList<JobQueueRow>>.Forbidden();
        }
        var now = clock.GetUtcNow();
        await using var reader = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await reader.Set<BackgroundJob>().AsNoTracking()
            .Where(job => (job.Status == JobStatus.Queued && job.RunAfter <= now) || job.Status == JobStatus.Running)
            .GroupBy(job => new { job.Kind, job.Status })
            .Select(group => new { group.Key.Kind, group.Key.Status, Count = group.Count() })
            .ToListAsync(cancellationToken);
        var enabled = options.Value.Enabled;
        var rows = queues.Names.Select(name =>
        {
            var mine = counts.Where(count => queues.QueueOf(count.Kind) == name).ToList();
            return new JobQueueRow(name, texts.QueueText(name),
                mine.Where(count => count.Status == JobStatus.Queued).Sum(count => count.Count),
                mine.Where(count => count.Status == JobStatus.Running).Sum(count => count.Count),
                enabled && queues.RunsHere(name) ? queues.Concurrency(name) : 0);
        }).ToList();
        return Result<IReadOnlyList<JobQueueRow>>.Ok(rows);
    }

    public async Task<Result<Paged<JobAdminRow>>> ListAsync(JobStatus? status, PageRequest page, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<Paged<JobAdminRow>>.Forbidden();
        }
        await using var reader = await contexts.CreateDbContextAsync(cancellationToken);
        var jobs = reader.Set<BackgroundJob>().AsNoTracking();
        if (status is { } wanted)
        {
            jobs = jobs.Where(job => job.Status == wanted);
        }
        // The payload (a whole mail, say) is what makes rows large, and the overview never shows it.
        // Ids are version 7 (time-ordered): jobs queued in the same instant keep one order from page to page.
        var rows = await jobs.OrderByDescending(job => job.CreatedAt).ThenByDescending(job => job.Id)
            .Select(job => new BackgroundJob
            {
                Id = job.Id, Kind = job.Kind, Payload = "", Status = job.Status, Attempts = job.Attempts, MaxAttempts = job.MaxAttempts,
                CreatedAt = job.CreatedAt, RunAfter = job.RunAfter, FinishedAt = job.FinishedAt, ProgressDone = job.ProgressDone,
                ProgressTotal = job.ProgressTotal, LastError = job.LastError, Outcome = job.Outcome, OutcomeKey = job.OutcomeKey,
                SubjectId = job.SubjectId,
            })
            .ToPagedAsync(page, cancellationToken);
        return Result<Paged<JobAdminRow>>.Ok(rows.Map(job => JobAdminRow.From(job, texts)));
    }

    /// <summary>
    /// Progress and outcome of one job, for the person who started it and for L&amp;D admins. Anyone else — and any
    /// caller that is no person, such as a service token — learns nothing, not even that it exists: NotFound.
    /// </summary>
    public async Task<Result<JobView>> ViewAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var reader = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await reader.Set<BackgroundJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        var mine = job?.StartedById is { } starter && starter == me.IdOrNull;
        return job is not null && (mine || me.IsLearningAdmin) ? Result<JobView>.Ok(JobView.From(job, texts)) : Result<JobView>.NotFound();
    }

    /// <summary>One job with all it recorded, for the details page.</summary>
    public async Task<Result<BackgroundJob>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<BackgroundJob>.Forbidden();
        }
        await using var reader = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await reader.Set<BackgroundJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        return job is null ? Result<BackgroundJob>.NotFound() : Result<BackgroundJob>.Ok(job);
    }

    /// <summary>Queues a failed job (or one waiting out its back-off) to run now, with a fresh set of attempts.</summary>
    public async Task<Result<JobView>> RetryNowAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<JobView>.Forbidden();
        }
        var now = clock.GetUtcNow();
        var job = await db.Set<BackgroundJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
        {
            return Result<JobView>.NotFound();
        }
        if (!JobAdminRow.CanRetry(job.Status, job.Attempts, job.RunAfter, now))
        {
            return Result<JobView>.Conflict("Only a failed job, or one waiting to try again, can be retried.");
        }
        // Compare-and-set on the status we saw, so a job a node just claimed is left alone.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Set<BackgroundJob>()
            .Where(j => j.Id == id && j.Status == job.Status && j.Attempts == job.Attempts)
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, JobStatus.Queued)
                .SetProperty(j => j.Attempts, job.Status == JobStatus.Failed ? 0 : job.Attempts)
                .SetProperty(j => j.RunAfter, now)
                .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(j => j.Outcome, (JobOutcome?)null)
                .SetProperty(j => j.OutcomeKey, (string?)null), cancellationToken);
        if (changed == 0)
        {
            return Result<JobView>.Conflict("The job changed meanwhile; look again.");
        }
        audit.Record(AuditActions.JobRetried, AuditObjectTypes.BackgroundJob, job.Id.ToString(), job.Kind, new { PreviousStatus = job.Status.ToString(), job.Attempts, job.LastError });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.NudgeQueueOf(job.Kind);
        var updated = await db.Set<BackgroundJob>().AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken);
        return Result<JobView>.Ok(JobView.From(updated, texts));
    }
}
