using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// The demo's resources are written in bulk, past the unit of work that indexes them: this gives each one its search entry
/// (words now, embedding by the job it queues), after the resources' own demo content.
/// </summary>
internal sealed class SearchDemoContent(GuildDb db, JobQueue jobs) : IDemoContent
{
    public int Order => 60;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var indexed = await SearchIndex.RebuildMissingAsync(db, cancellationToken);
        if (indexed > 0)
        {
            jobs.Enqueue(SearchEmbedJob.JobKind, new { });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>Search entries for resources written without the unit of work (bulk inserts): words only, embeddings by the job.</summary>
internal static class SearchIndex
{
    public static async Task<int> RebuildMissingAsync(GuildDb db, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            var resources = await db.Set<Resource>().AsNoTracking()
                .Where(r => !db.Set<ResourceSearchEntry>().Any(e => e.ResourceId == r.Id)).OrderBy(r => r.Id).Take(500)
                .Select(r => new { r.Id, r.Language, r.Title, r.Summary, r.Html }).ToListAsync(cancellationToken);
            if (resources.Count == 0)
            {
                return count;
            }
            var ids = resources.Select(r => r.Id).ToList();
            var names = await db.Set<ResourceComponent>().AsNoTracking().Where(c => ids.Contains(c.ResourceId))
                .Join(db.Set<KnowHowComponent>(), c => c.ComponentId, k => k.Id, (c, k) => new { c.ResourceId, k.Name }).ToListAsync(cancellationToken);
            var byResource = names.GroupBy(n => n.ResourceId).ToDictionary(g => g.Key, g => string.Join('\n', g.Select(n => n.Name).Order(StringComparer.Ordinal)));
            foreach (var resource in resources)
            {
                var components = byResource.GetValueOrDefault(resource.Id) ?? "";
                db.Add(new ResourceSearchEntry
                {
                    ResourceId = resource.Id, Language = resource.Language, Title = resource.Title, Summary = resource.Summary,
                    Body = SearchTerms.PlainText(resource.Html),
                    Components = components.Length > ResourceSearchEntry.ComponentsMax ? components[..ResourceSearchEntry.ComponentsMax] : components,
                    Stamp = Guid.NewGuid(),
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            count += resources.Count;
        }
    }
}
