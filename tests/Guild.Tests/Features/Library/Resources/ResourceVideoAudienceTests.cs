using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Features.Library.Media;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Resources;

/// <summary>
/// A resource's video is watched by whoever may see the resource (its rule): everyone once it is published; while it is a
/// draft or in review its authors, co-authors included, and the requested reviewer; nobody else, who gets 404 everywhere.
/// </summary>
public abstract partial class ResourceVideoAudienceTests(GuildApp app)
{
    /// <summary>A ready asset of the owner's whose "MP4" is known bytes, with a poster and English captions.</summary>
    private async Task<(Guid Id, byte[] Mp4)> ReadyAssetAsync(Guid ownerId)
    {
        var bytes = new byte[4_000];
        new Random(4_000).NextBytes(bytes);
        var mp4 = await app.StoreAsync(bytes, ".mp4");
        var poster = await app.StoreAsync([0xFF, 0xD8, 0xFF, 0xD9], ".jpg");
        var vtt = await app.StoreAsync("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n"u8.ToArray(), ".vtt");
        var now = app.Clock.GetUtcNow();
        var asset = new MediaAsset
        {
            Id = Guid.CreateVersion7(), OwnerId = ownerId, SourceKey = mp4, State = MediaState.Ready, ProgressPercent = 100, Mp4Key = mp4,
            Mp4Length = bytes.Length, PosterKey = poster, DurationSeconds = 30, Width = 640, Height = 360, CreatedAt = now, UpdatedAt = now,
        };
        await app.WithDbAsync(async db =>
        {
            db.Add(asset);
            db.Add(new MediaCaption { AssetId = asset.Id, Language = "en", FileKey = vtt, UpdatedAt = now });
            await db.SaveChangesAsync();
        });
        return (asset.Id, bytes);
    }

    private static string[] WatchPaths(Guid asset) =>
        [$"/api/v1/media/{asset}", $"/api/v1/media/{asset}/captions", $"/media/{asset}/poster", $"/media/{asset}/captions/en.vtt", $"/media/{asset}"];

    /// <summary>Everything a viewer fetches answers; the video answers a range with 206 and exactly those bytes.</summary>
    private static async Task AssertWatchesAsync(GuildClient viewer, Guid asset, byte[] mp4, string who)
    {
        foreach (var path in WatchPaths(asset))
        {
            using var response = await viewer.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who}: {path} answered {(int)response.StatusCode}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/media/{asset}/video");
        request.Headers.Range = new RangeHeaderValue(100, 299);
        using var partial = await viewer.Http.SendAsync(request);
        Assert.True(partial.StatusCode == HttpStatusCode.PartialContent, $"{who}: the video answered {(int)partial.StatusCode}");
        Assert.Equal(mp4[100..300], await partial.Content.ReadAsByteArrayAsync());
    }

    private static async Task AssertNotFoundEverywhereAsync(GuildClient viewer, Guid asset, string who)
    {
        foreach (var path in WatchPaths(asset).Append($"/media/{asset}/video"))
        {
            using var response = await viewer.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who}: {path} answered {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("<video[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex VideoSource();

    [Fact]
    public async Task Co_author_and_requested_reviewer_watch_a_draft_video_and_nobody_else_does()
    {
        var world = await app.WorldAsync();
        var (dana, danaPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(danaPerson.Id, world.Editing);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var (asset, mp4) = await ReadyAssetAsync(world.AnnaPerson.Id);
        var draft = await world.Anna.CreateAsync(new
        {
            kind = "Video", title = "Cutting on the beat", summary = "Edits that feel right.", language = "en", components = new[] { world.Editing },
            authors = new[] { world.BramPerson.Id }, mediaAssetId = asset,
        });
        await ResourcesTestKit.ReadAsync(await world.Anna.Http.PostAsJsonAsync($"/api/v1/resources/{draft.Id}/review-request", new { reviewerId = danaPerson.Id }),
            HttpStatusCode.OK);

        await AssertWatchesAsync(world.Anna, asset, mp4, "the owner");
        await AssertWatchesAsync(world.Bram, asset, mp4, "the co-author");
        await AssertWatchesAsync(dana, asset, mp4, "the reviewer");
        // A champion of another component of the map and a colleague: neither author nor reviewer of the draft.
        await AssertNotFoundEverywhereAsync(world.Cas, asset, "a champion of another component");
        await AssertNotFoundEverywhereAsync(colleague, asset, "a colleague");

        // The reviewer opens the draft's page: the player is there and its video plays.
        var page = await dana.GetPageAsync($"/library/{draft.Id}");
        var source = VideoSource().Match(page);
        Assert.True(source.Success, "The draft's page has no video player for its reviewer.");
        using (var request = new HttpRequestMessage(HttpMethod.Get, System.Net.WebUtility.HtmlDecode(source.Groups[1].Value)))
        {
            request.Headers.Range = new RangeHeaderValue(0, 99);
            using var played = await dana.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, played.StatusCode);
            Assert.Equal(mp4[..100], await played.Content.ReadAsByteArrayAsync());
        }

        // Bram is no longer an author: the resource's rule refuses him the draft, and so its video.
        await ResourcesTestKit.ReadAsync(await world.Anna.Http.PutAsJsonAsync($"/api/v1/resources/{draft.Id}", new
        {
            kind = "Video", title = "Cutting on the beat", summary = "Edits that feel right.", language = "en", components = new[] { world.Editing },
            authors = Array.Empty<Guid>(),
        }), HttpStatusCode.OK);
        await AssertNotFoundEverywhereAsync(world.Bram, asset, "a former co-author");

        // Published: everyone in the organisation watches. Archived: only its authors, reviewer and admins again.
        await ResourcesTestKit.ReadAsync(await dana.Http.PostAsync($"/api/v1/resources/{draft.Id}/approval", null), HttpStatusCode.OK);
        await AssertWatchesAsync(colleague, asset, mp4, "a colleague, once published");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await ResourcesTestKit.ReadAsync(await admin.Http.PostAsync($"/api/v1/resources/{draft.Id}/archive", null), HttpStatusCode.OK);
        await AssertNotFoundEverywhereAsync(colleague, asset, "a colleague, once archived");
        await AssertNotFoundEverywhereAsync(world.Cas, asset, "a champion of another component, once archived");
        await AssertWatchesAsync(dana, asset, mp4, "the reviewer, once archived");
        await AssertWatchesAsync(admin, asset, mp4, "an L&D admin, once archived");
    }

    [Fact]
    public async Task A_video_opens_to_every_colleague_once_a_published_resource_shows_it()
    {
        var owner = await app.CreatePersonAsync();
        var (colleague, _) = await app.SignedInAsync();
        var now = app.Clock.GetUtcNow();
        var mp4 = await app.StoreAsync([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70], ".mp4");
        var poster = await app.StoreAsync([0xFF, 0xD8, 0xFF, 0xD9], ".jpg");
        var asset = new MediaAsset
        {
            Id = Guid.CreateVersion7(), OwnerId = owner.Id, SourceKey = mp4, State = MediaState.Ready, ProgressPercent = 100, Mp4Key = mp4,
            Mp4Length = 8, PosterKey = poster, DurationSeconds = 30, Width = 640, Height = 360, CreatedAt = now, UpdatedAt = now,
        };
        var resource = new Resource
        {
            Id = Guid.CreateVersion7(), Kind = ResourceKind.Video, Status = ResourceStatus.Draft, Title = "Framing an interview", Summary = "Thirds",
            Language = "en", MediaAssetId = asset.Id, CreatedById = owner.Id, CreatedAt = now, UpdatedAt = now,
        };
        await app.WithDbAsync(async db =>
        {
            db.Add(asset);
            db.Add(resource);
            db.Add(new ResourceAuthor { ResourceId = resource.Id, PersonId = owner.Id });
            await db.SaveChangesAsync();
        });

        using (var draft = await colleague.Http.GetAsync($"/media/{asset.Id}/poster"))
        {
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        }

        await app.WithDbAsync(db => db.Set<Resource>().Where(r => r.Id == resource.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, ResourceStatus.Published)));

        using var published = await colleague.Http.GetAsync($"/media/{asset.Id}/poster");
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xD9], await published.Content.ReadAsByteArrayAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ResourceVideoAudienceTestsOnSqlite(SqliteApp app) : ResourceVideoAudienceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ResourceVideoAudienceTestsOnPostgres(PostgresApp app) : ResourceVideoAudienceTests(app);
