using System.Text.Json;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Uploads;

/// <summary>
/// Removes expired uploads every night: unfinished ones a day after they began (<see cref="UploadOptions.ExpireAfter"/>)
/// with every part of them, completed ones nobody claimed (<see cref="UploadOptions.KeepCompletedFor"/>) with their file,
/// refused ones, and the records of claimed ones (their files belong to what claimed them). Rows go first, then bytes:
/// a node that stops in between leaves unreachable bytes, never a row that points at nothing.
/// </summary>
internal sealed class UploadCleanup(GuildDb db, IFileStore files, TimeProvider clock, ILogger<UploadCleanup> logger) : IJobHandler
{
    public const string JobKind = "uploads.cleanup";
    private const int BatchSize = 200;

    public static readonly RecurringJob Schedule = new("uploads:cleanup", JobKind, Schedules.DailyAt(new TimeOnly(3, 30)));

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var removed = 0;
        while (true)
        {
            var expired = await db.Set<Upload>().AsNoTracking().Include(u => u.Parts)
                .Where(u => u.ExpiresAt <= now)
                .OrderBy(u => u.ExpiresAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (expired.Count == 0)
            {
                break;
            }
            var ids = expired.Select(u => u.Id).ToList();
            await db.Set<Upload>().Where(u => ids.Contains(u.Id)).ExecuteDeleteAsync(cancellationToken);
            foreach (var upload in expired)
            {
                await UploadReceiver.RemoveBytesAsync(upload, upload.Parts, files, cancellationToken);
            }
            removed += expired.Count;
        }
        logger.LogInformation("Removed {Removed} expired uploads", removed);
        job.SetResult(JsonSerializer.Serialize(new { removed }, JsonSerializerOptions.Web));
        job.SetOutcome(JobOutcome.Positive, new JobMessage("Cleanup.Done", removed));
    }
}
