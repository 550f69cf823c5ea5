using System.Net;
using Guild.Tests.Features.Library.Media;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Resources;

/// <summary>A resource's video: its owner's while the resource is a draft, everyone's once the resource is published.</summary>
public abstract class ResourceVideoAudienceTests(GuildApp app)
{
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
