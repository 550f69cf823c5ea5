using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Resources;

/// <summary>
/// The demo library. Small: a dozen real articles in English and Dutch about the demo map's components, the demo videos
/// (with English and Dutch captions), a few links,
/// one article waiting for its review and one draft, each written by a champion of its component (the L&amp;D admin where
/// the component has none yet). Large: 50,000 resources spread over the whole map through <see cref="BulkInserter"/>,
/// their articles' HTML rendered once per text and reused. Runs after the map and the champions (Order 50).
/// </summary>
internal sealed class ResourcesDemoContent(GuildDb db, BulkInserter bulk, ILogger<ResourcesDemoContent> logger) : IDemoContent
{
    public const int LargeCount = 50_000;

    public int Order => 50;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var components = await KnowHowMap.LiveComponents(db).AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var adminEmail = DemoAccounts.All.First(a => a.Role == Roles.LearningAdmin).Email;
        var championEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var demo = await db.Set<Person>().AsNoTracking().Where(p => p.Account.Email == adminEmail || p.Account.Email == championEmail)
            .Select(p => new { p.Id, p.Account.Email }).ToDictionaryAsync(p => p.Email!, p => p.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        if (components.Count == 0 || !demo.TryGetValue(adminEmail, out var adminId))
        {
            logger.LogInformation("No know-how map or no L&D admin in the demo organisation: no demo library.");
            return;
        }
        var champions = (await ResourceLibrary.ActiveChampions(db).AsNoTracking().Select(c => new { c.ComponentId, c.PersonId }).ToListAsync(cancellationToken))
            .ToLookup(c => c.ComponentId, c => c.PersonId);
        if (context.Size == DemoSize.Large)
        {
            await SeedLargeAsync(context, components.Select(c => (c.Id, c.Name)).ToList(), champions, adminId, cancellationToken);
            return;
        }

        var byName = components.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase);
        var now = context.Now;
        // The demo champion writes the articles of the components he champions: which of a component's champions comes first
        // is otherwise up to the database, and without ffmpeg (no demo videos) he could be left with nothing of his own.
        var demoChampion = demo.GetValueOrDefault(championEmail);
        var resources = new List<(Resource Resource, Guid Component, Guid Author)>();
        var day = 0;
        foreach (var article in ResourcesDemoTexts.Articles)
        {
            if (byName.TryGetValue(article.Component, out var componentId))
            {
                // Spread over the last weeks, so "new this week" has a few and the rest is older.
                var published = now.AddDays(-(day++ * 3) - 1);
                resources.Add((Article(article, ResourceStatus.Published, published, published), componentId,
                    champions[componentId].Contains(demoChampion) ? demoChampion : champions[componentId].FirstOrDefault(adminId)));
            }
        }
        foreach (var link in ResourcesDemoTexts.Links)
        {
            if (byName.TryGetValue(link.Component, out var componentId))
            {
                var published = now.AddDays(-(day++ * 3) - 2);
                resources.Add((new Resource
                {
                    Id = Guid.CreateVersion7(published), Kind = ResourceKind.Link, Status = ResourceStatus.Published, Title = link.Title, Summary = link.Summary,
                    Language = link.Language, Url = link.Url, CreatedAt = published, UpdatedAt = published, PublishedAt = published,
                }, componentId, champions[componentId].FirstOrDefault(adminId)));
            }
        }
        var daan = demo.GetValueOrDefault(championEmail);
        // The demo videos (Media's demo content, before this one, generates them with ffmpeg; without it there are none),
        // in the order they were made: Guid v7 ids sort by creation.
        var clips = await db.Set<Media.MediaAsset>().AsNoTracking()
            .Where(a => a.OwnerId == daan && a.State == Media.MediaState.Ready && !db.Set<Resource>().Any(r => r.MediaAssetId == a.Id))
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.DurationSeconds }).ToListAsync(cancellationToken);
        foreach (var (clip, video) in clips.Zip(ResourcesDemoTexts.Videos))
        {
            if (byName.TryGetValue(video.Component, out var componentId))
            {
                var published = now.AddDays(-(day++ * 2) - 1);
                resources.Add((new Resource
                {
                    Id = Guid.CreateVersion7(published), Kind = ResourceKind.Video, Status = ResourceStatus.Published, Title = video.Title,
                    Summary = video.Summary, Language = "en", MediaAssetId = clip.Id,
                    DurationSeconds = Studio.ResourceMedia.Seconds(clip.DurationSeconds),
                    CreatedAt = published, UpdatedAt = published, PublishedAt = published,
                }, componentId, champions[componentId].Contains(daan) ? daan : champions[componentId].FirstOrDefault(adminId)));
            }
        }
        Resource? inReview = null;
        if (byName.TryGetValue(ResourcesDemoTexts.InReview.Component, out var reviewComponent))
        {
            // Waits three days for a champion of its component (Daan where he is one), written by another (or the admin).
            var reviewer = champions[reviewComponent].OrderBy(p => p == daan ? 0 : 1).FirstOrDefault();
            var author = champions[reviewComponent].FirstOrDefault(p => p != reviewer, adminId);
            inReview = Article(ResourcesDemoTexts.InReview, ResourceStatus.InReview, null, now.AddDays(-4));
            inReview.ReviewerId = reviewer == Guid.Empty ? adminId : reviewer;
            inReview.ReviewRequestedAt = now.AddDays(-3);
            resources.Add((inReview, reviewComponent, author == inReview.ReviewerId ? adminId : author));
        }
        if (byName.TryGetValue(ResourcesDemoTexts.Draft.Component, out var draftComponent))
        {
            resources.Add((Article(ResourcesDemoTexts.Draft, ResourceStatus.Draft, null, now.AddDays(-1)), draftComponent, champions[draftComponent].FirstOrDefault(adminId)));
        }
        foreach (var (resource, component, author) in resources)
        {
            resource.CreatedById = author;
            db.Add(resource);
            db.Add(new ResourceComponent { ResourceId = resource.Id, ComponentId = component });
            db.Add(new ResourceAuthor { ResourceId = resource.Id, PersonId = author });
            if (resource.Status == ResourceStatus.Published)
            {
                db.Add(Revision(resource, author));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Resource Article(ResourcesDemoTexts.DemoArticle article, ResourceStatus status, DateTimeOffset? published, DateTimeOffset created)
    {
        var rendered = ArticleRenderer.Render(article.Markdown);
        var at = published ?? created;
        return new Resource
        {
            Id = Guid.CreateVersion7(at), Kind = ResourceKind.Article, Status = status, Title = article.Title, Summary = article.Summary, Language = article.Language,
            Markdown = article.Markdown, Html = rendered.Html, ReadingMinutes = rendered.ReadingMinutes, CreatedAt = at, UpdatedAt = at, PublishedAt = published,
        };
    }

    private static ResourceRevision Revision(Resource resource, Guid author) => new()
    {
        Id = Guid.CreateVersion7(resource.PublishedAt!.Value), ResourceId = resource.Id, Number = 1, Title = resource.Title, Summary = resource.Summary,
        Markdown = resource.Markdown, Url = resource.Url, ById = author, At = resource.PublishedAt.Value,
    };

    private static readonly string[] VideoAspects = ["in two minutes", "the first steps", "common mistakes", "a worked example", "tips from practice", "for beginners"];

    /// <summary>
    /// 50,000 resources, a few per component in turn (each by one of its champions, else the admin), published over the
    /// past year, with a few drafts and reviews; bulk-inserted in one transaction with their components, authors and first revisions.
    /// </summary>
    private async Task SeedLargeAsync(DemoSeedContext context, List<(Guid Id, string Name)> components, ILookup<Guid, Guid> champions, Guid adminId,
        CancellationToken cancellationToken)
    {
        var random = context.Random;
        var now = context.Now;
        var articles = ResourcesDemoTexts.Articles.Select(a => (Article: a, Rendered: ArticleRenderer.Render(a.Markdown))).ToArray();
        var resources = new List<Resource>(LargeCount);
        var links = new List<ResourceComponent>(LargeCount);
        var authors = new List<ResourceAuthor>(LargeCount);
        var revisions = new List<ResourceRevision>(LargeCount);
        for (var i = 0; i < LargeCount; i++)
        {
            var component = components[i % components.Count];
            var componentChampions = champions[component.Id].ToList();
            var author = componentChampions.Count > 0 ? componentChampions[random.Next(componentChampions.Count)] : adminId;
            var roll = random.Next(100);
            var status = roll < 2 ? ResourceStatus.Draft : roll < 4 ? ResourceStatus.InReview : ResourceStatus.Published;
            var created = now.AddMinutes(-random.Next(60 * 24 * 365));
            var resource = new Resource
            {
                Id = Guid.CreateVersion7(created), Kind = ResourceKind.Video, Status = status, Title = "", Summary = "", Language = random.Next(3) == 0 ? "en" : "nl",
                CreatedById = author, CreatedAt = created, UpdatedAt = created, PublishedAt = status == ResourceStatus.Published ? created : null,
            };
            var kindRoll = random.Next(100);
            if (kindRoll < 45)
            {
                var (article, rendered) = articles[random.Next(articles.Length)];
                resource.Kind = ResourceKind.Article;
                resource.Title = $"{article.Title} ({component.Name})";
                resource.Summary = article.Summary;
                resource.Language = article.Language;
                resource.Markdown = article.Markdown;
                resource.Html = rendered.Html;
                resource.ReadingMinutes = rendered.ReadingMinutes;
            }
            else if (kindRoll < 60)
            {
                var link = ResourcesDemoTexts.Links[random.Next(ResourcesDemoTexts.Links.Length)];
                resource.Kind = ResourceKind.Link;
                resource.Title = $"{component.Name}: {link.Title}";
                resource.Summary = link.Summary;
                resource.Url = link.Url;
            }
            else
            {
                resource.Kind = kindRoll < 85 ? ResourceKind.Video : ResourceKind.ScreenRecording;
                resource.Title = $"{component.Name} {VideoAspects[random.Next(VideoAspects.Length)]}";
                resource.Summary = $"A short {(resource.Kind == ResourceKind.Video ? "video" : "screen recording")} about {component.Name.ToLowerInvariant()}.";
                resource.DurationSeconds = 45 + random.Next(555);
            }
            if (status == ResourceStatus.InReview && componentChampions.Count > 1)
            {
                resource.ReviewerId = componentChampions.First(p => p != author);
                resource.ReviewRequestedAt = created.AddHours(1);
            }
            else if (status == ResourceStatus.InReview)
            {
                resource.Status = ResourceStatus.Draft;
            }
            resources.Add(resource);
            links.Add(new ResourceComponent { ResourceId = resource.Id, ComponentId = component.Id });
            authors.Add(new ResourceAuthor { ResourceId = resource.Id, PersonId = author });
            if (resource.Status == ResourceStatus.Published)
            {
                revisions.Add(Revision(resource, author));
            }
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await bulk.InsertAsync(resources, cancellationToken);
        await bulk.InsertAsync(links, cancellationToken);
        await bulk.InsertAsync(authors, cancellationToken);
        await bulk.InsertAsync(revisions, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Demo library: {Count} resources over {Components} components.", resources.Count, components.Count);
    }
}
