using System.Text.Json;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Jobs;

/// <summary>
/// Removes finished jobs older than <see cref="JobOptions.KeepFinishedFor"/> (30 days by default),
/// in batches so the table never locks for long. Runs every night at 03:00 as a recurring job.
/// </summary>
internal sealed class JobHousekeeping(GuildDb db, TimeProvider clock, IOptions<JobOptions> options, ILogger<JobHousekeeping> logger) : IJobHandler
{
    public const string JobKind = "jobs.cleanup";
    private const int BatchSize = 2000;

    public static readonly RecurringJob Schedule = new("jobs:cleanup", JobKind, Schedules.DailyAt(new TimeOnly(3, 0)));

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.KeepFinishedFor;
        var old = db.Set<BackgroundJob>()
            .Where(j => (j.Status == JobStatus.Succeeded || j.Status == JobStatus.Failed) && j.FinishedAt < cutoff);
        var total = await old.CountAsync(cancellationToken);
        var deleted = 0;
        while (deleted < total)
        {
            var ids = await old.OrderBy(j => j.FinishedAt).Select(j => j.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }
            deleted += await db.Set<BackgroundJob>().Where(j => ids.Contains(j.Id)).ExecuteDeleteAsync(cancellationToken);
            await job.ReportProgressAsync(Math.Min(deleted, total), total, new JobMessage("Cleanup.Progress", Math.Min(deleted, total), total));
        }
        logger.LogInformation("Removed {Deleted} finished jobs older than {Cutoff}", deleted, cutoff);
        job.SetResult(JsonSerializer.Serialize(new { deleted }, JsonSerializerOptions.Web));
        job.SetOutcome(JobOutcome.Positive, new JobMessage("Cleanup.Done", deleted));
    }
}
