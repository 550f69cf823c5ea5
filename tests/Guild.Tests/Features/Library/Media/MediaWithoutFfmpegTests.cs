using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Media;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;

namespace Guild.Tests.Features.Library.Media;

/// <summary>
/// A node whose ffmpeg is missing (here: <c>Media:FfmpegPath</c> points nowhere) says so on /health/ready and fails a
/// transcode with that reason, which a retry can undo once ffmpeg is there. Its own node, so outside the shared collections.
/// </summary>
public sealed class MediaWithoutFfmpegTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Missing_ffmpeg_degrades_readiness_and_fails_a_transcode_with_that_reason(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await database.StartNodeAsync(settings: new Dictionary<string, string?> { ["Media:FfmpegPath"] = "/nonexistent/ffmpeg" });
        try
        {
            using var anonymous = node.CreateGuildClient();
            using var ready = await anonymous.GetAsync("/health/ready");
            var report = await ready.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("ffmpeg").GetString());

            var (client, _) = await node.SignedInAsync(Roles.Employee, Roles.Champion);
            var created = await client.CreateMediaAsync(await client.UploadAsync(MediaTestKit.BrokenVideo()));
            var job = await node.RunJobAsync(created.JobId!.Value);
            Assert.Equal(JobStatus.Failed, job.Status);
            var failed = await client.MediaAsync(created.Id);
            Assert.Equal((MediaState.Failed, MediaFailures.FfmpegMissing), (failed.State, failed.FailureReason));
            Assert.Contains("not installed on the server", failed.FailureText, StringComparison.Ordinal);
            Assert.True(failed.CanRetry);
        }
        finally
        {
            await node.StopAsync();
        }
    }
}
