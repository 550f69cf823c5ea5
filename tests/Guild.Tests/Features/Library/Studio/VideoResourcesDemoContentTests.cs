using Guild.Tests.Features.People;
using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Studio;

public sealed class VideoResourcesDemoContentTests(DemoOrganisationApp app) : IClassFixture<DemoOrganisationApp>
{
    [Fact]
    public async Task Every_demo_video_is_shown_by_a_published_resource_so_the_media_cleanup_keeps_it()
    {
        var (assets, resources) = await app.WithDbAsync(async db => (
            await db.Set<MediaAsset>().AsNoTracking().Select(a => a.Id).ToListAsync(),
            await db.Set<Resource>().AsNoTracking().Where(r => r.MediaAssetId != null).ToListAsync()));

        Assert.Equal(MediaDemoContent.Clips.Count, assets.Count);
        Assert.All(assets, id => Assert.Contains(resources, r => r.MediaAssetId == id && r.Status == ResourceStatus.Published && r.Kind == ResourceKind.Video));
        Assert.All(resources, r => Assert.NotNull(r.DurationSeconds));
    }
}
