using Guild.Tests.Features.People;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Resources;

public sealed class ResourcesDemoContentTests(DemoOrganisationApp app) : IClassFixture<DemoOrganisationApp>
{
    [Fact]
    public async Task The_small_demo_library_has_real_articles_in_both_languages_links_one_review_and_one_draft()
    {
        var (resources, authors, components, revisions, champions) = await app.WithDbAsync(async db => (
            await db.Set<Resource>().AsNoTracking().ToListAsync(),
            await db.Set<ResourceAuthor>().AsNoTracking().ToListAsync(),
            await db.Set<ResourceComponent>().AsNoTracking().ToListAsync(),
            await db.Set<ResourceRevision>().AsNoTracking().ToListAsync(),
            await db.Set<ComponentChampion>().AsNoTracking().Where(c => c.EndedAt == null).ToListAsync()));

        var articles = resources.Where(r => r.Kind == ResourceKind.Article && r.Status == ResourceStatus.Published).ToList();
        Assert.Equal(12, articles.Count);
        Assert.Equal(["en", "nl"], articles.Select(a => a.Language).Distinct().Order());
        Assert.All(articles, a => Assert.False(string.IsNullOrEmpty(a.Html)));
        Assert.True(resources.Count(r => r.Kind == ResourceKind.Link) >= 3);
        // The demo videos (generated with ffmpeg at seed time) are published video resources that play.
        var videos = resources.Where(r => r.Kind == ResourceKind.Video && r.Status == ResourceStatus.Published).ToList();
        Assert.Equal(ResourcesDemoTexts.Videos.Length, videos.Count);
        var ready = await app.WithDbAsync(db => db.Set<Guild.Web.Features.Library.Media.MediaAsset>().AsNoTracking()
            .Where(a => a.State == Guild.Web.Features.Library.Media.MediaState.Ready).Select(a => a.Id).ToListAsync());
        Assert.All(videos, v => Assert.Contains(v.MediaAssetId!.Value, ready));
        Assert.All(videos, v => Assert.True(v.DurationSeconds > 0));
        var inReview = Assert.Single(resources, r => r.Status == ResourceStatus.InReview);
        Assert.NotNull(inReview.ReviewerId);
        Assert.DoesNotContain(authors, a => a.ResourceId == inReview.Id && a.PersonId == inReview.ReviewerId);
        Assert.Single(resources, r => r.Status == ResourceStatus.Draft);
        // Every resource has an author and a component; every published one its first version.
        Assert.All(resources, r => Assert.Contains(authors, a => a.ResourceId == r.Id));
        Assert.All(resources, r => Assert.Contains(components, c => c.ResourceId == r.Id));
        Assert.All(resources.Where(r => r.Status == ResourceStatus.Published), r => Assert.Contains(revisions, v => v.ResourceId == r.Id && v.Number == 1));
        // Written by champions of their components where the component has one.
        var championed = resources.Where(r => components.Any(c => c.ResourceId == r.Id && champions.Any(ch => ch.ComponentId == c.ComponentId))).ToList();
        Assert.NotEmpty(championed);
        Assert.All(championed, r => Assert.Contains(authors.Where(a => a.ResourceId == r.Id), a =>
            champions.Any(ch => ch.PersonId == a.PersonId && components.Any(c => c.ResourceId == r.Id && c.ComponentId == ch.ComponentId))
            || r.Status == ResourceStatus.InReview));
    }

    [Fact]
    public async Task Every_demo_video_is_shown_by_a_published_resource_so_the_media_cleanup_keeps_it()
    {
        var (assets, resources) = await app.WithDbAsync(async db => (
            await db.Set<Guild.Web.Features.Library.Media.MediaAsset>().AsNoTracking().Select(a => a.Id).ToListAsync(),
            await db.Set<Resource>().AsNoTracking().Where(r => r.MediaAssetId != null).ToListAsync()));

        Assert.Equal(Guild.Web.Features.Library.Media.MediaDemoContent.Clips.Count, assets.Count);
        Assert.All(assets, id => Assert.Contains(resources, r => r.MediaAssetId == id && r.Status == ResourceStatus.Published && r.Kind == ResourceKind.Video));
        Assert.All(resources, r => Assert.NotNull(r.DurationSeconds));
    }
}
