using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Guild.Tests.Features.Library.Media;
using Guild.Tests.Features.Library.Resources;
using Guild.Tests.Infrastructure;
using Guild.Tests.Platform.Uploads;
using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Uploads;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Studio;

/// <summary>
/// From an upload to a published video resource: the upload is claimed with the resource's save, transcoded, published
/// only once it plays, then played with range requests by colleagues; broken and interrupted uploads on the way.
/// </summary>
public abstract class ResourceVideoTests(GuildApp app)
{
    private static object Video(Guid component, Guid? uploadId, string kind = "Video", double? trimStartSeconds = null, double? trimEndSeconds = null) =>
        new { kind, title = "Cutting on the beat", summary = "Edits that feel right.", language = "en", components = new[] { component }, uploadId, trimStartSeconds, trimEndSeconds };

    [Fact]
    public async Task Uploaded_video_is_published_once_it_plays_and_colleagues_play_it_with_range_requests()
    {
        var world = await app.WorldAsync();
        var created = await world.Anna.CreateAsync(Video(world.Editing, await world.Anna.UploadClipAsync(app)));
        Assert.NotNull(created.MediaAssetId);
        var asset = await world.Anna.MediaAsync(created.MediaAssetId!.Value);
        Assert.Equal(MediaState.Pending, asset.State);

        // Not yet: the video does not play, so the resource stays a draft.
        var early = await ResourcesTestKit.ProblemAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{created.Id}/publication", null), HttpStatusCode.Conflict);
        Assert.Contains("still being processed", early.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var page = await world.Anna.GetPageAsync($"/library/{created.Id}");
        Assert.Contains("data-job-progress", page, StringComparison.Ordinal);

        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(asset.JobId!.Value)).Status);
        var ready = await ResourcesTestKit.ReadAsync(await world.Anna.Http.GetAsync($"/api/v1/resources/{created.Id}"), HttpStatusCode.OK);
        Assert.InRange(ready.DurationSeconds!.Value, 2, 4);

        var published = await ResourcesTestKit.ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{created.Id}/publication", null), HttpStatusCode.OK);
        Assert.Equal(ResourceStatus.Published, published.Status);

        // A colleague watches: the page has the player with the progress address, and the video answers ranges.
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var shown = await colleague.GetPageAsync($"/library/{created.Id}");
        Assert.Contains("<video", shown, StringComparison.Ordinal);
        Assert.Contains($"data-resource-progress=\"/api/v1/resources/{created.Id}/progress\"", shown, StringComparison.Ordinal);
        var whole = await (await world.Anna.GetAsync($"/media/{created.MediaAssetId}/video")).Content.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/media/{created.MediaAssetId}/video");
        request.Headers.Range = new RangeHeaderValue(100, 1099);
        using var partial = await colleague.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(whole[100..1100], await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Broken_video_shows_its_reason_to_its_author_is_not_published_and_can_be_retried()
    {
        var world = await app.WorldAsync();
        var created = await world.Anna.CreateAsync(Video(world.Editing, await world.Anna.UploadAsync(MediaTestKit.BrokenVideo())));
        var asset = await world.Anna.MediaAsync(created.MediaAssetId!.Value);
        await app.RunJobAsync(asset.JobId!.Value);

        var page = await world.Anna.GetPageAsync($"/library/{created.Id}");
        Assert.Contains("could not be read as a video", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"/media/{asset.Id}/retry", page, StringComparison.Ordinal);
        var refused = await ResourcesTestKit.ProblemAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{created.Id}/publication", null), HttpStatusCode.Conflict);
        Assert.Contains("could not be processed", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ResourceStatus.Draft, await app.WithDbAsync(db => db.Set<Resource>().Where(r => r.Id == created.Id).Select(r => r.Status).FirstAsync()));

        // The source is fixed (as a re-exported file would be) and the author tries again from the page.
        File.Copy(await MediaTestKit.ClipAsync(app), app.LocalPathOf(await app.SourceKeyAsync(asset.Id)), overwrite: true);
        var retried = await world.Anna.Http.PostAsync($"/api/v1/media/{asset.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var pending = (await retried.Content.ReadFromJsonAsync<MediaAssetView>(MediaTestKit.Json))!;
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(pending.JobId!.Value)).Status);
        await ResourcesTestKit.ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{created.Id}/publication", null), HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_interrupted_upload_resumes_and_becomes_the_resource_video()
    {
        var world = await app.WorldAsync();
        var bytes = await File.ReadAllBytesAsync(await MediaTestKit.ClipAsync(app));
        var tus = new TusTestClient(world.Anna);
        var upload = await tus.StartAsync(bytes.Length, UploadPurposes.Video);
        await using (await tus.PatchPartlyAsync(upload, 0, bytes, bytes.Length / 2))
        {
            // The connection is cut with half of the bytes sent.
        }
        // The client asks where the server stopped and sends the rest from there (as tus-js-client does after a drop); the
        // server may still be letting go of the cut request, which answers a retryable refusal until it has.
        var rest = await TestJobs.EventuallyAsync(async () =>
        {
            if (await tus.OffsetAsync(upload) is not { } offset)
            {
                return HttpStatusCode.Gone;
            }
            using var response = await tus.PatchAsync(upload, offset, bytes[(int)offset..]);
            return response.StatusCode;
        }, status => status is HttpStatusCode.NoContent or HttpStatusCode.Gone, TimeSpan.FromSeconds(30), "the rest of the upload to be accepted");
        Assert.Equal(HttpStatusCode.NoContent, rest);
        var created = await world.Anna.CreateAsync(Video(world.Editing, Guid.Parse(upload.Segments[^1])));
        var asset = await world.Anna.MediaAsync(created.MediaAssetId!.Value);
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(asset.JobId!.Value)).Status);
        Assert.Equal(MediaState.Ready, (await world.Anna.MediaAsync(asset.Id)).State);
    }

    [Fact]
    public async Task A_recording_is_cut_to_its_trim_and_one_longer_than_allowed_fails_as_too_long()
    {
        var world = await app.WorldAsync();
        var trimmed = await world.Anna.CreateAsync(Video(world.Editing, await world.Anna.UploadClipAsync(app, UploadPurposes.Recording), "ScreenRecording", 1, 2.5));
        var asset = await world.Anna.MediaAsync(trimmed.MediaAssetId!.Value);
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(asset.JobId!.Value)).Status);
        Assert.InRange((await world.Anna.MediaAsync(asset.Id)).DurationSeconds!.Value, 1.2, 1.8);

        // The server measures what it made, whatever the browser said: this recording may be one second long.
        var tooLong = await world.Anna.CreateAsync(Video(world.Editing, await world.Anna.UploadClipAsync(app, UploadPurposes.Recording), "ScreenRecording"));
        await app.WithDbAsync(db => db.Set<MediaAsset>().Where(a => a.Id == tooLong.MediaAssetId).ExecuteUpdateAsync(set => set.SetProperty(a => a.MaxSeconds, 1.0)));
        var job = await app.RunJobAsync((await world.Anna.MediaAsync(tooLong.MediaAssetId!.Value)).JobId!.Value);
        Assert.Equal(JobStatus.Failed, job.Status);
        var failed = await world.Anna.MediaAsync(tooLong.MediaAssetId!.Value);
        Assert.Equal((MediaState.Failed, MediaFailures.TooLong), (failed.State, failed.FailureReason));
        Assert.Equal(HttpStatusCode.Conflict, (await world.Anna.Http.PostAsync($"/api/v1/resources/{tooLong.Id}/publication", null)).StatusCode);
    }

    [Fact]
    public async Task Someone_elses_upload_or_video_cannot_become_your_resource_and_nothing_is_made()
    {
        var world = await app.WorldAsync();
        var bramsUpload = await world.Bram.UploadAsync(MediaTestKit.BrokenVideo());
        var taken = await ResourcesTestKit.ProblemAsync(await world.Anna.Http.PostAsJsonAsync("/api/v1/resources", Video(world.Editing, bramsUpload)), HttpStatusCode.BadRequest);
        Assert.True(taken.GetProperty("errors").TryGetProperty("upload", out _));
        Assert.Equal(UploadState.Completed, await app.WithDbAsync(db => db.Set<Upload>().Where(u => u.Id == bramsUpload).Select(u => u.State).FirstAsync()));

        var bramsVideo = await world.Bram.CreateMediaAsync(bramsUpload);
        var borrowed = await ResourcesTestKit.ProblemAsync(await world.Anna.Http.PostAsJsonAsync("/api/v1/resources",
            new { kind = "Video", title = "Borrowed", summary = "Not mine.", language = "en", components = new[] { world.Editing }, mediaAssetId = bramsVideo.Id }),
            HttpStatusCode.BadRequest);
        Assert.True(borrowed.GetProperty("errors").TryGetProperty("mediaAssetId", out _));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ResourceAuthor>().CountAsync(a => a.PersonId == world.AnnaPerson.Id)));
    }

    [Fact]
    public async Task A_file_resource_keeps_its_uploaded_file_and_a_renamed_text_file_is_refused_with_its_reason()
    {
        var world = await app.WorldAsync();
        var pdf = "%PDF-1.7\n% the handout\n"u8.ToArray();
        var file = new { kind = "File", title = "Handout", summary = "The slides.", language = "en", components = new[] { world.Editing }, uploadId = await world.Anna.UploadAsync(pdf, UploadPurposes.File, "handout.pdf") };
        var created = await world.Anna.CreateAsync(file);
        Assert.Equal(("handout.pdf", (long)pdf.Length), (created.FileName, created.FileSize!.Value));
        Assert.Equal(pdf, await (await world.Anna.Http.GetAsync($"/library/{created.Id}/file")).Content.ReadAsByteArrayAsync());

        // A text file named .pdf is refused by the upload, and the resource save says why; nothing is made.
        var tus = new TusTestClient(world.Anna);
        var url = await tus.StartAsync(30, UploadPurposes.File, "notes.pdf");
        (await tus.PatchAsync(url, 0, "Just some notes, not a PDF!!!!"u8.ToArray())).Dispose();
        var refused = await ResourcesTestKit.ProblemAsync(await world.Anna.Http.PostAsJsonAsync("/api/v1/resources",
            new { kind = "File", title = "Notes", summary = "Mine.", language = "en", components = new[] { world.Editing }, uploadId = Guid.Parse(url.Segments[^1]) }),
            HttpStatusCode.BadRequest);
        Assert.Contains("not a PDF", refused.GetProperty("errors").GetProperty("upload")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<ResourceAuthor>().CountAsync(a => a.PersonId == world.AnnaPerson.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ResourceVideoSqliteTests(SqliteApp app) : ResourceVideoTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ResourceVideoPostgresTests(PostgresApp app) : ResourceVideoTests(app);
