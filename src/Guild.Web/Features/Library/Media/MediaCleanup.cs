using System.Data.Common;
using System.Text.Json;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Library.Media;

/// <summary>
/// Says which media assets something still shows (a resource of the library, say): the cleanup never removes those. An
/// implementation answers a query over the given context, so the cleanup's own delete can ask it in the same statement.
/// Registered as a singleton; every registered one is asked.
/// </summary>
public interface IMediaReferences
{
    IQueryable<Guid> AssetIdsInUse(GuildDb db);
}

/// <summary>
/// Removes media assets nothing shows: a video uploaded or recorded for a resource that was never saved, or one replaced in
/// the editor, would otherwise keep its source, MP4, poster and captions in the store for ever. Every night it removes the
/// assets that no <see cref="IMediaReferences"/> names, that have not changed for <see cref="MediaOptions.KeepUnusedFor"/>
/// (a day; the app's clock) and whose transcode is not queued or running, then their files. Each asset is one DELETE that
/// repeats those conditions, and resources.media_asset_id is Restrict (on SQLite a trigger): a resource saved with the asset
/// after the job looked makes that DELETE fail, and the asset simply stays. Rows go first, then bytes: a node that stops in
/// between leaves unreachable bytes, never a row that points at nothing.
/// </summary>
internal sealed class MediaCleanup(GuildDb db, IFileStore files, TimeProvider clock, IOptions<MediaOptions> options,
    IEnumerable<IMediaReferences> references, ILogger<MediaCleanup> logger) : IJobHandler
{
    public const string JobKind = "media.cleanup";
    private const int BatchSize = 100;

    /// <summary>After the uploads' cleanup (03:30), so the night's work does not overlap.</summary>
    public static readonly RecurringJob Schedule = new("media:cleanup", JobKind, Schedules.DailyAt(new TimeOnly(4, 0)));

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var showing = references.ToList();
        if (showing.Count == 0)
        {
            // Nothing can say which assets are in use: removing "unused" ones would remove them all.
            logger.LogWarning("No media references are registered: unused media assets are kept");
            job.SetOutcome(JobOutcome.Positive, new JobMessage("Cleanup.Done", 0));
            return;
        }
        var cutoff = clock.GetUtcNow() - options.Value.KeepUnusedFor;
        var removed = 0;
        Guid? after = null;
        while (true)
        {
            var batch = await Unused(showing, cutoff).AsNoTracking().Where(a => after == null || a.Id.CompareTo(after.Value) > 0)
                .OrderBy(a => a.Id).Take(BatchSize).Select(a => new { a.Id, a.SourceKey, a.Mp4Key, a.PosterKey }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1].Id;
            var ids = batch.Select(a => a.Id).ToList();
            var captions = (await db.Set<MediaCaption>().AsNoTracking().Where(c => ids.Contains(c.AssetId)).Select(c => new { c.AssetId, c.FileKey })
                .ToListAsync(cancellationToken)).ToLookup(c => c.AssetId, c => c.FileKey);
            foreach (var asset in batch)
            {
                if (!await TryDeleteAsync(showing, cutoff, asset.Id, cancellationToken))
                {
                    continue;
                }
                string?[] keys = [asset.SourceKey, asset.Mp4Key, asset.PosterKey, .. captions[asset.Id]];
                foreach (var key in keys.OfType<string>().Distinct(StringComparer.Ordinal))
                {
                    await files.DeleteAsync(key, cancellationToken);
                }
                removed++;
            }
        }
        logger.LogInformation("Removed {Removed} unused media assets", removed);
        job.SetResult(JsonSerializer.Serialize(new { removed }, JsonSerializerOptions.Web));
        job.SetOutcome(JobOutcome.Positive, new JobMessage("Cleanup.Done", removed));
    }

    /// <summary>Deletes one asset (its captions' rows go with it) if it is still unused; false when it is not, or no longer.</summary>
    private async Task<bool> TryDeleteAsync(IReadOnlyList<IMediaReferences> showing, DateTimeOffset cutoff, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await Unused(showing, cutoff).Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;
        }
        catch (DbException exception)
        {
            // A resource was saved with this asset after the batch was read: the foreign key refuses the delete. Keep it.
            logger.LogInformation(exception, "Media asset {AssetId} was taken into use meanwhile; kept", id);
            return false;
        }
    }

    /// <summary>Assets nothing shows, unchanged since <paramref name="cutoff"/>, and not waiting for or in their transcode.</summary>
    private IQueryable<MediaAsset> Unused(IReadOnlyList<IMediaReferences> showing, DateTimeOffset cutoff)
    {
        var unused = db.Set<MediaAsset>().Where(a => a.CreatedAt <= cutoff && a.UpdatedAt <= cutoff
            && !db.Set<BackgroundJob>().Any(j => j.Id == a.JobId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running)));
        foreach (var reference in showing)
        {
            var inUse = reference.AssetIdsInUse(db);
            unused = unused.Where(a => !inUse.Contains(a.Id));
        }
        return unused;
    }
}
