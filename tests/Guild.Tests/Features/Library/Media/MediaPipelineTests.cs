using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Media;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Media;

/// <summary>The pipeline end to end: upload key → job on the media queue → ready MP4, poster, duration; failures and retry.</summary>
public abstract class MediaPipelineTests(GuildApp app)
{
    [Fact]
    public async Task Generated_clip_is_transcoded_to_a_playable_h264_aac_mp4_with_poster_and_duration()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var created = await client.CreateMediaAsync(await client.UploadClipAsync(app));
        Assert.Equal(MediaState.Pending, created.State);
        Assert.NotNull(created.JobId);
        var queued = await app.JobAsync(created.JobId!.Value);
        Assert.Equal(JobQueues.Media, app.Services.GetRequiredService<JobQueues>().QueueOf(queued.Kind));

        var job = await app.RunJobAsync(created.JobId.Value);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(job.ProgressTotal, job.ProgressDone);

        var ready = await client.MediaAsync(created.Id);
        Assert.Equal(MediaState.Ready, ready.State);
        Assert.Equal(100, ready.ProgressPercent);
        Assert.InRange(ready.DurationSeconds!.Value, 2.5, 3.5);
        Assert.Equal((320, 180), (ready.Width, ready.Height));
        Assert.Equal($"/media/{created.Id}/poster", ready.PosterUrl);

        var video = await client.GetAsync(ready.VideoUrl!);
        Assert.Equal(HttpStatusCode.OK, video.StatusCode);
        Assert.Equal("video/mp4", video.Content.Headers.ContentType!.MediaType);
        var file = Path.Combine(Directory.CreateTempSubdirectory("guild-test-out-").FullName, "out.mp4");
        try
        {
            await File.WriteAllBytesAsync(file, await video.Content.ReadAsByteArrayAsync());
            var probe = await app.Services.GetRequiredService<Ffmpeg>().ProbeAsync(file, CancellationToken.None);
            Assert.Equal(("h264", "aac"), (probe.VideoCodec, probe.AudioCodec));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }

        var poster = await client.GetAsync(ready.PosterUrl!);
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType!.MediaType);
        var jpeg = await poster.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
    }

    [Fact]
    public async Task Broken_file_fails_with_a_readable_reason_and_retry_works_once_the_file_is_fixed()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var created = await client.CreateMediaAsync(await client.UploadAsync(MediaTestKit.BrokenVideo()));
        var key = await app.SourceKeyAsync(created.Id);

        var job = await app.RunJobAsync(created.JobId!.Value);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(1, job.Attempts);
        var failed = await client.MediaAsync(created.Id);
        Assert.Equal(MediaState.Failed, failed.State);
        Assert.Equal(MediaFailures.Unreadable, failed.FailureReason);
        Assert.Equal("This file could not be read as a video. It may be damaged, or not a video at all.", failed.FailureText);
        Assert.True(failed.CanRetry);
        Assert.Null(failed.VideoUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/media/{created.Id}/video")).StatusCode);

        // The page shows the reason and the button.
        var page = await client.GetPageAsync($"/media/{created.Id}");
        Assert.Contains("could not be read as a video", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"/media/{created.Id}/retry", page, StringComparison.Ordinal);

        // The source is replaced by a good file (as a fixed upload would be; in whichever store the app uses), and the owner tries again.
        var good = await app.StoreClipAsync();
        await app.WithDbAsync(db => db.Set<MediaAsset>().Where(a => a.Id == created.Id && a.SourceKey == key)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.SourceKey, good)));
        var retried = await client.Http.PostAsync($"/api/v1/media/{created.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var pending = (await retried.Content.ReadFromJsonAsync<MediaAssetView>(MediaTestKit.Json))!;
        Assert.Equal(MediaState.Pending, pending.State);
        Assert.NotEqual(created.JobId, pending.JobId);

        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(pending.JobId!.Value)).Status);
        var ready = await client.MediaAsync(created.Id);
        Assert.Equal(MediaState.Ready, ready.State);
        Assert.Null(ready.FailureReason);
        // A ready video has nothing to retry.
        Assert.Equal(HttpStatusCode.Conflict, (await client.Http.PostAsync($"/api/v1/media/{created.Id}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task A_file_without_a_picture_fails_as_no_video()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var folder = Directory.CreateTempSubdirectory("guild-test-audio-").FullName;
        try
        {
            var audio = Path.Combine(folder, "tone.m4a");
            await app.Services.GetRequiredService<Ffmpeg>().RunFfmpegAsync(
                ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", audio], CancellationToken.None);
            var created = await client.CreateMediaAsync(await client.UploadAsync(await File.ReadAllBytesAsync(audio), fileName: "tone.m4a"));
            await app.RunJobAsync(created.JobId!.Value);
            var failed = await client.MediaAsync(created.Id);
            Assert.Equal((MediaState.Failed, MediaFailures.NoVideo), (failed.State, failed.FailureReason));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MediaPipelineSqliteTests(SqliteApp app) : MediaPipelineTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MediaPipelinePostgresTests(PostgresApp app) : MediaPipelineTests(app);

// The transcode reads its source from, and writes the MP4 and poster to, the S3-compatible store as well.
[Collection(Guild.Tests.Platform.Uploads.PostgresS3Collection.Name)]
public sealed class MediaPipelinePostgresS3Tests(Guild.Tests.Platform.Uploads.PostgresS3App app) : MediaPipelineTests(app);
