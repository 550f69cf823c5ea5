using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Media;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Guild.Tests.Features.Library.Media;

/// <summary>Range playback, who may watch, and captions — over a ready asset whose "MP4" is known bytes.</summary>
public abstract class MediaPlaybackTests(GuildApp app)
{
    private async Task<(Guid Id, byte[] Bytes)> ReadyAssetAsync(Guid ownerId, int length = 10_000)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var mp4 = await app.StoreAsync(bytes, ".mp4");
        var poster = await app.StoreAsync([0xFF, 0xD8, 0xFF, 0xD9], ".jpg");
        var now = app.Clock.GetUtcNow();
        var asset = new MediaAsset
        {
            Id = Guid.CreateVersion7(), OwnerId = ownerId, SourceKey = mp4, State = MediaState.Ready, ProgressPercent = 100, Mp4Key = mp4,
            Mp4Length = length, PosterKey = poster, DurationSeconds = 12, Width = 640, Height = 360, CreatedAt = now, UpdatedAt = now,
        };
        await app.WithDbAsync(async db => { db.Add(asset); await db.SaveChangesAsync(); });
        return (asset.Id, bytes);
    }

    private static async Task<HttpResponseMessage> GetRangeAsync(GuildClient client, string path, string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Range", range);
        return await client.Http.SendAsync(request);
    }

    [Fact]
    public async Task Range_request_answers_206_with_exactly_the_bytes_asked_for()
    {
        var (client, owner) = await app.SignedInAsync();
        var (id, bytes) = await ReadyAssetAsync(owner.Id);

        var middle = await GetRangeAsync(client, $"/media/{id}/video", "bytes=100-199");
        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal("bytes 100-199/10000", middle.Content.Headers.ContentRange!.ToString());
        Assert.Equal(100, middle.Content.Headers.ContentLength);
        Assert.Equal(bytes[100..200], await middle.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", middle.Headers.AcceptRanges.Single());
        Assert.Equal("video/mp4", middle.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", middle.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(middle.Headers.CacheControl!.Private);

        var open = await GetRangeAsync(client, $"/media/{id}/video", "bytes=9990-");
        Assert.Equal("bytes 9990-9999/10000", open.Content.Headers.ContentRange!.ToString());
        Assert.Equal(bytes[9990..], await open.Content.ReadAsByteArrayAsync());

        var suffix = await GetRangeAsync(client, $"/media/{id}/video", "bytes=-50");
        Assert.Equal("bytes 9950-9999/10000", suffix.Content.Headers.ContentRange!.ToString());
        Assert.Equal(bytes[^50..], await suffix.Content.ReadAsByteArrayAsync());

        // A range that runs past the end is cut at the end.
        var past = await GetRangeAsync(client, $"/media/{id}/video", "bytes=9000-20000");
        Assert.Equal("bytes 9000-9999/10000", past.Content.Headers.ContentRange!.ToString());
        Assert.Equal(bytes[9000..], await past.Content.ReadAsByteArrayAsync());

        var whole = await client.GetAsync($"/media/{id}/video");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Range_past_the_end_answers_416_with_the_length()
    {
        var (client, owner) = await app.SignedInAsync();
        var (id, _) = await ReadyAssetAsync(owner.Id);
        foreach (var range in new[] { "bytes=10000-", "bytes=20000-20010", "bytes=-0" })
        {
            var response = await GetRangeAsync(client, $"/media/{id}/video", range);
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
            Assert.Equal("bytes */10000", response.Content.Headers.ContentRange!.ToString());
        }
    }

    [Fact]
    public async Task A_stranger_gets_404_for_a_draft_asset_everywhere_its_owner_sees_it()
    {
        var (owner, person) = await app.SignedInAsync();
        var (id, _) = await ReadyAssetAsync(person.Id);
        await app.WithDbAsync(async db =>
        {
            db.Add(new MediaCaption { AssetId = id, Language = "en", FileKey = await app.StoreAsync("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"u8.ToArray(), ".vtt"), UpdatedAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        string[] paths = [$"/api/v1/media/{id}", $"/api/v1/media/{id}/captions", $"/media/{id}/video", $"/media/{id}/poster", $"/media/{id}/captions/en.vtt", $"/media/{id}"];
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
        }
        var (stranger, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsync($"/api/v1/media/{id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.DeleteAsync($"/api/v1/media/{id}/captions/en")).StatusCode);
    }

    [Fact]
    public async Task Others_watch_when_what_shows_the_asset_lets_them_and_only_the_owner_manages_it()
    {
        var owner = Guid.NewGuid();
        var asset = new MediaAssetSubject(Guid.NewGuid(), owner);
        var published = new MediaAssetRule(new Audience(true));
        var draft = new MediaAssetRule(new Audience(false));
        var colleague = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString())], "test"));
        var theOwner = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, owner.ToString())], "test"));

        Assert.True(await AllowsAsync(published, colleague, MediaOperations.Watch, asset));
        Assert.False(await AllowsAsync(published, colleague, MediaOperations.Manage, asset));
        Assert.False(await AllowsAsync(draft, colleague, MediaOperations.Watch, asset));
        Assert.False(await AllowsAsync(published, new ClaimsPrincipal(new ClaimsIdentity()), MediaOperations.Watch, asset));
        Assert.True(await AllowsAsync(draft, theOwner, MediaOperations.Watch, asset));
        Assert.True(await AllowsAsync(draft, theOwner, MediaOperations.Manage, asset));
    }

    private static async Task<bool> AllowsAsync(MediaAssetRule rule, ClaimsPrincipal user,
        Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation, MediaAssetSubject asset)
    {
        var context = new AuthorizationHandlerContext([operation], user, asset);
        await rule.HandleAsync(context);
        return context.HasSucceeded;
    }

    private sealed class Audience(bool mayWatch) : IMediaAudience
    {
        public Task<bool> MayWatchAsync(Guid assetId, ClaimsPrincipal viewer, CancellationToken cancellationToken) => Task.FromResult(mayWatch);
    }

    private static MultipartFormDataContent Vtt(string text)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/vtt");
        form.Add(file, "file", "captions.vtt");
        return form;
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Captions_are_checked_before_they_are_stored_and_can_be_replaced_and_deleted()
    {
        var (client, owner) = await app.SignedInAsync();
        var (id, _) = await ReadyAssetAsync(owner.Id);
        var url = $"/api/v1/media/{id}/captions/en";

        Assert.Contains("must start with WEBVTT", await ProblemAsync(await client.Http.PutAsync(url, Vtt("1\n00:00.000 --> 00:01.000\nHello\n"))), StringComparison.Ordinal);
        Assert.Contains("Line 3: the cue time", await ProblemAsync(await client.Http.PutAsync(url, Vtt("WEBVTT\n\n00:00 --> 00:01.000\nHello\n"))), StringComparison.Ordinal);
        Assert.Contains("Line 3: the cue ends before it starts", await ProblemAsync(await client.Http.PutAsync(url, Vtt("WEBVTT\n\n00:05.000 --> 00:01.000\nHello\n"))), StringComparison.Ordinal);
        Assert.Contains("no cues", await ProblemAsync(await client.Http.PutAsync(url, Vtt("WEBVTT\n\nJust text\n"))), StringComparison.Ordinal);
        Assert.Contains("larger than 512 KB", await ProblemAsync(await client.Http.PutAsync(url, Vtt("WEBVTT\n\n00:00.000 --> 00:01.000\n" + new string('a', 530_000)))), StringComparison.Ordinal);
        Assert.Contains("language code", await ProblemAsync(await client.Http.PutAsync($"/api/v1/media/{id}/captions/not_a_language!", Vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"))), StringComparison.Ordinal);
        // A form without any field it knows binds no upload at all: still a 400 that names the field, not a 500.
        using var unnamed = new ByteArrayContent(
            "--b\r\nContent-Disposition: form-data; name=\"\"; filename=\"captions.vtt\"\r\n\r\nWEBVTT\r\n--b--\r\n"u8.ToArray());
        unnamed.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        Assert.Contains("file", await ProblemAsync(await client.Http.PutAsync(url, unnamed)), StringComparison.Ordinal);
        var notUtf8 = new MultipartFormDataContent { { new ByteArrayContent([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0A, 0xFF, 0xFE]), "file", "x.vtt" } };
        Assert.Contains("not UTF-8", await ProblemAsync(await client.Http.PutAsync(url, notUtf8)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/media/{id}/captions/en.vtt")).StatusCode);

        var first = "WEBVTT\n\n00:00.000 --> 00:02.500\nHello\n\n00:00:02.500 --> 00:00:04.000 line:90%\nAgain\n";
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PutAsync(url, Vtt("\uFEFF" + first))).StatusCode);
        var served = await client.GetAsync($"/media/{id}/captions/en.vtt");
        Assert.Equal("text/vtt", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal(first, await served.Content.ReadAsStringAsync());

        var second = "WEBVTT - replaced\n\n00:00.000 --> 00:01.000\nBye\n";
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PutAsync($"/api/v1/media/{id}/captions/EN", Vtt(second))).StatusCode);
        Assert.Equal(second, await (await client.GetAsync($"/media/{id}/captions/en.vtt")).Content.ReadAsStringAsync());
        var asset = await client.MediaAsync(id);
        Assert.Equal([new MediaCaptionView("en", $"/media/{id}/captions/en.vtt")], asset.Captions);

        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/media/{id}/captions/en.vtt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.DeleteAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_player_has_the_video_poster_and_a_track_per_caption_language_labelled_in_dutch()
    {
        var (client, owner) = await app.SignedInAsync();
        var (id, _) = await ReadyAssetAsync(owner.Id);
        await app.WithDbAsync(async db =>
        {
            db.Add(new MediaCaption { AssetId = id, Language = "nl", FileKey = await app.StoreAsync("WEBVTT\n\n00:00.000 --> 00:01.000\nHoi\n"u8.ToArray(), ".vtt"), UpdatedAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(owner.Email, GuildApp.Password);
        var page = await dutch.GetPageAsync($"/media/{id}");
        Assert.Contains($"src=\"/media/{id}/video\"", page, StringComparison.Ordinal);
        Assert.Contains($"poster=\"/media/{id}/poster\"", page, StringComparison.Ordinal);
        Assert.Contains($"<track kind=\"captions\" srclang=\"nl\" label=\"Nederlands\" src=\"/media/{id}/captions/nl.vtt\" default", page, StringComparison.Ordinal);
        Assert.Contains("data-lang=\"nl\"", page, StringComparison.Ordinal);
        Assert.Contains("Afspelen", page, StringComparison.Ordinal);
        _ = client;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MediaPlaybackSqliteTests(SqliteApp app) : MediaPlaybackTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MediaPlaybackPostgresTests(PostgresApp app) : MediaPlaybackTests(app);

// Range playback and captions from the S3-compatible store (ranged GETs) as well.
[Collection(Guild.Tests.Platform.Uploads.SqliteS3Collection.Name)]
public sealed class MediaPlaybackSqliteS3Tests(Guild.Tests.Platform.Uploads.SqliteS3App app) : MediaPlaybackTests(app);
