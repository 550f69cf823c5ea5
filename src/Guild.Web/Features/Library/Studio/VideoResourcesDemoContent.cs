using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Studio;

/// <summary>
/// The demo's videos (<see cref="MediaDemoContent"/>, the demo champion's) as published video resources of his, about
/// components he champions: the library shows them, and the nightly media cleanup keeps them (it removes videos nothing
/// shows). Runs after the media and the resources (Order 52); nothing when the demo has no videos (no ffmpeg).
/// </summary>
internal sealed class VideoResourcesDemoContent(GuildDb db) : IDemoContent
{
    public int Order => 52;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var championEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var daan = await db.Set<Person>().Where(p => p.Account.Email == championEmail).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (daan is not { } author)
        {
            return;
        }
        var components = await ResourceLibrary.ActiveChampions(db).Where(c => c.PersonId == author).OrderBy(c => c.ComponentId)
            .Select(c => c.ComponentId).ToListAsync(cancellationToken);
        // His ready videos that nothing shows yet, in the order the media demo made them (ids are time-ordered).
        var videos = await db.Set<MediaAsset>().AsNoTracking()
            .Where(a => a.OwnerId == author && a.State == MediaState.Ready && !db.Set<Resource>().Any(r => r.MediaAssetId == a.Id))
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.DurationSeconds }).ToListAsync(cancellationToken);
        if (components.Count == 0 || videos.Count == 0)
        {
            return;
        }
        for (var i = 0; i < videos.Count && i < MediaDemoContent.Clips.Count; i++)
        {
            var clip = MediaDemoContent.Clips[i].Clip;
            var published = context.Now.AddDays(-(i * 2) - 1);
            var resource = new Resource
            {
                Id = Guid.CreateVersion7(published), Kind = ResourceKind.Video, Status = ResourceStatus.Published, Title = clip.Title,
                Summary = string.Join(" ", clip.Lines), Language = "en", MediaAssetId = videos[i].Id,
                DurationSeconds = ResourceMedia.Seconds(videos[i].DurationSeconds), CreatedById = author, CreatedAt = published, UpdatedAt = published,
                PublishedAt = published,
            };
            db.Add(resource);
            db.Add(new ResourceComponent { ResourceId = resource.Id, ComponentId = components[i % components.Count] });
            db.Add(new ResourceAuthor { ResourceId = resource.Id, PersonId = author });
            db.Add(new ResourceRevision
            {
                Id = Guid.CreateVersion7(published), ResourceId = resource.Id, Number = 1, Title = resource.Title, Summary = resource.Summary,
                ById = author, At = published,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
