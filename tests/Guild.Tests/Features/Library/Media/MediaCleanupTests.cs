using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Guild.Tests.Features.Library.Media;

/// <summary>
/// The nightly media cleanup: an asset nothing shows goes with its files once it is a day old; one a resource shows, a
/// young one and one being transcoded stay; a resource saved with an asset after the job looked makes its delete fail.
/// </summary>
public abstract class MediaCleanupTests(GuildApp app)
{
    private IFileStore Store => app.Services.GetRequiredService<IFileStore>();

    private sealed record StoredAsset(Guid Id, string[] Keys);

    /// <summary>A ready asset with a source, MP4, poster and captions of its own in the store, made now on the app's clock.</summary>
    private async Task<StoredAsset> AssetAsync(Guid ownerId, Guid? jobId = null)
    {
        var source = await app.StoreAsync([1, 2, 3], ".webm");
        var mp4 = await app.StoreAsync([4, 5, 6], ".mp4");
        var poster = await app.StoreAsync([0xFF, 0xD8, 0xFF, 0xD9], ".jpg");
        var captions = await app.StoreAsync("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"u8.ToArray(), ".vtt");
        var now = app.Clock.GetUtcNow();
        var asset = new MediaAsset
        {
            Id = Guid.CreateVersion7(), OwnerId = ownerId, SourceKey = source, State = jobId is null ? MediaState.Ready : MediaState.Processing,
            ProgressPercent = jobId is null ? 100 : 40, Mp4Key = jobId is null ? mp4 : null, PosterKey = jobId is null ? poster : null, JobId = jobId,
            CreatedAt = now, UpdatedAt = now,
        };
        await app.WithDbAsync(async db =>
        {
            db.Add(asset);
            db.Add(new MediaCaption { AssetId = asset.Id, Language = "en", FileKey = captions, UpdatedAt = now });
            await db.SaveChangesAsync();
        });
        return new StoredAsset(asset.Id, jobId is null ? [source, mp4, poster, captions] : [source, captions]);
    }

    private Task<Guid> ResourceShowingAsync(Guid ownerId, Guid assetId, ResourceStatus status) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow();
        var resource = new Resource
        {
            Id = Guid.CreateVersion7(), Kind = ResourceKind.Video, Status = status, Title = "Framing an interview", Summary = "Thirds", Language = "en",
            MediaAssetId = assetId, CreatedById = ownerId, CreatedAt = now, UpdatedAt = now, PublishedAt = status == ResourceStatus.Published ? now : null,
        };
        db.Add(resource);
        db.Add(new ResourceAuthor { ResourceId = resource.Id, PersonId = ownerId });
        await db.SaveChangesAsync();
        return resource.Id;
    });

    private async Task<bool> ExistsAsync(StoredAsset asset) =>
        await app.WithDbAsync(db => db.Set<MediaAsset>().AnyAsync(a => a.Id == asset.Id));

    private async Task<int> FilesLeftAsync(StoredAsset asset)
    {
        var left = 0;
        foreach (var key in asset.Keys)
        {
            left += await Store.GetInfoAsync(key, CancellationToken.None) is null ? 0 : 1;
        }
        return left;
    }

    private async Task<BackgroundJob> RunCleanupAsync()
    {
        var job = await app.WithDbAsync(async db =>
        {
            var queued = new JobQueue(db, app.Clock, app.Services.GetRequiredService<JobSignal>()).Enqueue(MediaCleanup.JobKind, new { });
            await db.SaveChangesAsync();
            return queued;
        });
        return await app.RunJobAsync(job.Id);
    }

    [Fact]
    public async Task An_asset_nothing_shows_goes_with_its_files_after_a_day_and_shown_young_and_transcoding_ones_stay()
    {
        var owner = await app.CreatePersonAsync();
        var unused = await AssetAsync(owner.Id);
        var draftVideo = await AssetAsync(owner.Id);
        var archivedVideo = await AssetAsync(owner.Id);
        await ResourceShowingAsync(owner.Id, draftVideo.Id, ResourceStatus.Draft);
        await ResourceShowingAsync(owner.Id, archivedVideo.Id, ResourceStatus.Archived);

        // An upload whose transcode a worker is running (its job is claimed with a lease), still running a day later.
        var transcodeJob = await app.WithDbAsync(async db =>
        {
            var queued = new JobQueue(db, app.Clock, app.Services.GetRequiredService<JobSignal>()).Enqueue(MediaTranscodeJob.JobKind, new { });
            queued.Status = JobStatus.Running;
            queued.ClaimedBy = "another-node";
            queued.LeaseUntil = app.Clock.GetUtcNow().AddDays(3);
            await db.SaveChangesAsync();
            return queued.Id;
        });
        var transcoding = await AssetAsync(owner.Id, transcodeJob);

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var young = await AssetAsync(owner.Id);

        var run = await RunCleanupAsync();
        Assert.Equal(JobStatus.Succeeded, run.Status);

        Assert.False(await ExistsAsync(unused));
        Assert.Equal(0, await FilesLeftAsync(unused));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<MediaCaption>().CountAsync(c => c.AssetId == unused.Id)));
        foreach (var (kept, what) in new[] { (draftVideo, "a draft's video"), (archivedVideo, "an archived resource's video"), (young, "a young asset"),
                     (transcoding, "an asset being transcoded") })
        {
            Assert.True(await ExistsAsync(kept), $"The cleanup removed {what}.");
            Assert.True(await FilesLeftAsync(kept) == kept.Keys.Length, $"The cleanup removed files of {what}.");
        }

        // A video replaced in the editor is shown by nothing any more: it goes at the next run.
        await app.WithDbAsync(db => db.Set<Resource>().Where(r => r.MediaAssetId == draftVideo.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.MediaAssetId, young.Id)));
        await RunCleanupAsync();
        Assert.False(await ExistsAsync(draftVideo));
        Assert.Equal(0, await FilesLeftAsync(draftVideo));
        Assert.True(await ExistsAsync(young));
    }

    [Fact]
    public async Task A_resource_saved_with_the_asset_after_the_cleanup_looked_keeps_it()
    {
        var owner = await app.CreatePersonAsync();
        var taken = await AssetAsync(owner.Id);
        var unused = await AssetAsync(owner.Id);
        app.Clock.Advance(TimeSpan.FromDays(2));
        await ResourceShowingAsync(owner.Id, taken.Id, ResourceStatus.Draft);

        // The cleanup's view of what is in use is from before that save (it sees no resource at all), so only the
        // database's own key stands between the resource and its video: the delete fails and the asset stays.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var cleanup = new MediaCleanup(services.GetRequiredService<GuildDb>(), Store, app.Clock, services.GetRequiredService<IOptions<MediaOptions>>(),
                [new FromBeforeTheSave()], NullLogger<MediaCleanup>.Instance);
            var job = new BackgroundJob { Id = Guid.CreateVersion7(), Kind = MediaCleanup.JobKind, Payload = "{}" };
            await cleanup.RunAsync(new JobContext(job, (_, _, _) => Task.CompletedTask, _ => { }), CancellationToken.None);
        }

        Assert.True(await ExistsAsync(taken));
        Assert.Equal(taken.Keys.Length, await FilesLeftAsync(taken));
        Assert.False(await ExistsAsync(unused));
    }

    /// <summary>What a cleanup that read "in use" just before a resource was saved with the asset would see: nothing.</summary>
    private sealed class FromBeforeTheSave : IMediaReferences
    {
        public IQueryable<Guid> AssetIdsInUse(GuildDb db) => db.Set<MediaAsset>().Where(a => a.Id == Guid.Empty).Select(a => a.Id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MediaCleanupSqliteTests(SqliteApp app) : MediaCleanupTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MediaCleanupPostgresTests(PostgresApp app) : MediaCleanupTests(app);
