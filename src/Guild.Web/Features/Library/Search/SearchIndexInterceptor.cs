using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// Keeps the search's words in step with resources inside the unit of work that changes them: when a save adds or changes
/// a resource (or its components), its <see cref="ResourceSearchEntry"/> is written by the same <c>SaveChanges</c>, so the
/// same transaction commits both (a node killed between the two leaves neither), and the database's own triggers (SQLite
/// FTS5) or generated column (PostgreSQL tsvector) follow the entry. Changed words clear the embedding and queue
/// <see cref="SearchEmbedJob"/> (unless one is already waiting) in the same transaction too.
/// </summary>
/// <remarks>Bulk writes (the demo's <c>BulkInserter</c>, <c>ExecuteUpdate</c>) bypass the tracker: they call <see cref="SearchIndex.RebuildMissingAsync"/>.</remarks>
internal sealed class SearchIndexInterceptor(TimeProvider clock, JobSignal signal) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await IndexAsync(context, cancellationToken);
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            IndexAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    private async Task IndexAsync(DbContext context, CancellationToken cancellationToken)
    {
        var tracker = context.ChangeTracker;
        var resources = tracker.Entries<Resource>()
            .Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && WordsChanged(e)))
            .ToDictionary(e => e.Entity.Id, e => e.Entity);
        var componentChanges = tracker.Entries<ResourceComponent>()
            .Where(e => e.State is EntityState.Added or EntityState.Deleted).ToList();
        var changed = resources.Keys.Union(componentChanges.Select(e => e.Entity.ResourceId)).ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var deletedResources = tracker.Entries<Resource>().Where(e => e.State == EntityState.Deleted).Select(e => e.Entity.Id).ToHashSet();
        changed.RemoveAll(deletedResources.Contains);
        if (changed.Count == 0)
        {
            return;
        }

        // What the database has, then what this save adds and removes: the resources' components as they will be.
        var stored = await context.Set<ResourceComponent>().AsNoTracking().Where(c => changed.Contains(c.ResourceId)).ToListAsync(cancellationToken);
        var components = changed.ToDictionary(id => id, _ => new HashSet<Guid>());
        foreach (var row in stored)
        {
            components[row.ResourceId].Add(row.ComponentId);
        }
        foreach (var entry in componentChanges.Where(e => components.ContainsKey(e.Entity.ResourceId)))
        {
            if (entry.State == EntityState.Added)
            {
                components[entry.Entity.ResourceId].Add(entry.Entity.ComponentId);
            }
            else
            {
                components[entry.Entity.ResourceId].Remove(entry.Entity.ComponentId);
            }
        }
        var componentIds = components.Values.SelectMany(c => c).Distinct().ToList();
        var names = await context.Set<KnowHowComponent>().AsNoTracking().Where(c => componentIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var missing = changed.Where(id => !resources.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var resource in await context.Set<Resource>().AsNoTracking().Where(r => missing.Contains(r.Id)).ToListAsync(cancellationToken))
            {
                resources[resource.Id] = resource;
            }
        }
        var entries = await context.Set<ResourceSearchEntry>().Where(e => changed.Contains(e.ResourceId)).ToDictionaryAsync(e => e.ResourceId, cancellationToken);

        var wordsChanged = false;
        foreach (var id in changed)
        {
            if (!resources.TryGetValue(id, out var resource))
            {
                continue;
            }
            var componentNames = string.Join('\n', components[id].Select(c => names.GetValueOrDefault(c)).OfType<string>().Order(StringComparer.Ordinal));
            if (componentNames.Length > ResourceSearchEntry.ComponentsMax)
            {
                componentNames = componentNames[..ResourceSearchEntry.ComponentsMax];
            }
            var body = SearchTerms.PlainText(resource.Html);
            if (!entries.TryGetValue(id, out var entry))
            {
                context.Add(new ResourceSearchEntry
                {
                    ResourceId = id, Language = resource.Language, Title = resource.Title, Summary = resource.Summary, Body = body,
                    Components = componentNames, Stamp = Guid.NewGuid(),
                });
                wordsChanged = true;
                continue;
            }
            if (entry.Language == resource.Language && entry.Title == resource.Title && entry.Summary == resource.Summary && entry.Body == body
                && entry.Components == componentNames)
            {
                continue;
            }
            entry.Language = resource.Language;
            entry.Title = resource.Title;
            entry.Summary = resource.Summary;
            entry.Body = body;
            entry.Components = componentNames;
            entry.Stamp = Guid.NewGuid();
            entry.Embedding = null;
            entry.EmbeddedAt = null;
            wordsChanged = true;
        }
        if (wordsChanged && !await context.Set<BackgroundJob>().AnyAsync(j => j.Kind == SearchEmbedJob.JobKind && j.Status == JobStatus.Queued, cancellationToken))
        {
            var now = clock.GetUtcNow();
            context.Add(new BackgroundJob
            {
                Id = Guid.CreateVersion7(), Kind = SearchEmbedJob.JobKind, Payload = "{}", Status = JobStatus.Queued, CreatedAt = now, RunAfter = now,
                MaxAttempts = 8,
            });
            signal.NudgeQueueOf(SearchEmbedJob.JobKind);
        }
        tracker.DetectChanges();
    }

    private static bool WordsChanged(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Resource> entry) =>
        entry.Property(r => r.Title).IsModified || entry.Property(r => r.Summary).IsModified || entry.Property(r => r.Html).IsModified
        || entry.Property(r => r.Language).IsModified;
}
