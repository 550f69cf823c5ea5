using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Library.Browse;

/// <summary>A collection as its curators write it (body of <c>POST /api/v1/collections</c> and <c>PUT /api/v1/collections/{id}</c>).</summary>
/// <param name="Title">Its title (up to 200 characters).</param>
/// <param name="Description">What it leads to, for whom (up to 2,000 characters).</param>
/// <param name="Published">True: every colleague sees it; false: a draft for its curators.</param>
/// <param name="Resources">Ids of published resources in the order to take them (up to 50, each once).</param>
/// <param name="Curators">Co-curators' person ids, active champions (up to 10); only the owner and L&amp;D admins change them; null keeps them.</param>
public sealed record CollectionRequest(string? Title, string? Description, bool? Published, IReadOnlyList<Guid>? Resources, IReadOnlyList<Guid>? Curators = null);

/// <summary>A collection in a list.</summary>
/// <param name="Id">The collection's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">What it is for.</param>
/// <param name="IsPublished">Published (true) or a draft.</param>
/// <param name="OwnerName">The champion who owns it.</param>
/// <param name="Resources">How many resources it holds.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record CollectionSummary(Guid Id, string Title, string Description, bool IsPublished, string OwnerName, int Resources, DateTimeOffset UpdatedAt);

/// <summary>A resource in a collection, with how far the reader got in it.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Share">The share the reader watched or read (0..1), if they started it.</param>
/// <param name="Done">Whether the reader finished it (95 % of a video, or opened an article, link or file).</param>
public sealed record CollectionItemView(ResourceSummary Resource, double? Share, bool Done);

/// <summary>A person curating a collection.</summary>
/// <param name="PersonId">Their id.</param>
/// <param name="Name">Their name.</param>
public sealed record CuratorView(Guid PersonId, string Name);

/// <summary>A collection with its resources in order and the reader's progress through them.</summary>
/// <param name="Id">The collection's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">What it is for.</param>
/// <param name="IsPublished">Published (true) or a draft.</param>
/// <param name="Owner">The champion who owns it.</param>
/// <param name="Curators">Its co-curators.</param>
/// <param name="Items">Its published resources, in order.</param>
/// <param name="Done">How many of them the reader finished.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="CanEdit">Whether the reader may change it.</param>
/// <param name="CanDelete">Whether the reader may delete it and choose its co-curators.</param>
public sealed record CollectionDetails(Guid Id, string Title, string Description, bool IsPublished, CuratorView Owner, IReadOnlyList<CuratorView> Curators,
    IReadOnlyList<CollectionItemView> Items, int Done, DateTimeOffset UpdatedAt, bool CanEdit, bool CanDelete);

/// <summary>
/// Collections (pathways) that champions curate: create, change (resources added, removed, reordered), publish, delete.
/// Every check goes through <see cref="CollectionRule"/>; a collection the caller may not see is not found. Commands use the
/// request's <see cref="GuildDb"/>; reads a pooled context (pages render them).
/// </summary>
public sealed class Collections(GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, IStringLocalizer<BrowseText> text)
{
    /// <summary>Published collections, and the caller's own drafts (all drafts for L&amp;D admins), last changed first.</summary>
    public async Task<IReadOnlyList<CollectionSummary>> ListAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId || !me.IsInRole(Roles.Employee))
        {
            return [];
        }
        var admin = me.IsLearningAdmin;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from c in read.Set<Collection>().AsNoTracking()
                          join owner in read.Set<Person>() on c.OwnerId equals owner.Id
                          where c.IsPublished || admin || c.OwnerId == myId || read.Set<CollectionCurator>().Any(k => k.CollectionId == c.Id && k.PersonId == myId)
                          orderby c.UpdatedAt descending
                          select new CollectionSummary(c.Id, c.Title, c.Description, c.IsPublished, owner.GivenName + " " + owner.FamilyName,
                              read.Set<CollectionItem>().Count(i => i.CollectionId == c.Id
                                  && read.Set<Resource>().Any(r => r.Id == i.ResourceId && r.Status == ResourceStatus.Published)),
                              c.UpdatedAt)).Take(200).ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>The collection with its resources and the caller's progress, if the caller may see it.</summary>
    public async Task<Result<CollectionDetails>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId)
        {
            return Result<CollectionDetails>.NotFound();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from c in read.Set<Collection>().AsNoTracking()
                         join owner in read.Set<Person>() on c.OwnerId equals owner.Id
                         where c.Id == id
                         select new
                         {
                             Collection = c,
                             OwnerName = owner.GivenName + " " + owner.FamilyName,
                             Curators = (from k in read.Set<CollectionCurator>()
                                         join p in read.Set<Person>() on k.PersonId equals p.Id
                                         where k.CollectionId == c.Id
                                         select new CuratorView(p.Id, p.GivenName + " " + p.FamilyName)).ToList(),
                         }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Result<CollectionDetails>.NotFound();
        }
        var collection = row.Collection;
        var standing = new CollectionStanding(id, collection.IsPublished, collection.OwnerId, row.Curators.Select(c => c.PersonId).ToList(), false);
        if (!await me.CanAsync(standing, CollectionOperations.View))
        {
            return Result<CollectionDetails>.NotFound();
        }
        var order = await read.Set<CollectionItem>().AsNoTracking().Where(i => i.CollectionId == id).OrderBy(i => i.Position)
            .Select(i => new
            {
                i.ResourceId,
                Share = read.Set<ResourceProgress>().Where(p => p.ResourceId == i.ResourceId && p.PersonId == myId).Select(p => (double?)p.Share).FirstOrDefault(),
                Completed = read.Set<ResourceProgress>().Any(p => p.ResourceId == i.ResourceId && p.PersonId == myId && p.CompletedAt != null),
                Viewed = read.Set<ResourceView>().Any(v => v.ResourceId == i.ResourceId && v.PersonId == myId),
            }).ToListAsync(cancellationToken);
        var ids = order.Select(o => o.ResourceId).ToList();
        var summaries = (await ResourceLibrary.SummariesAsync(read, read.Set<Resource>().AsNoTracking()
            .Where(r => ids.Contains(r.Id) && r.Status == ResourceStatus.Published), cancellationToken)).ToDictionary(s => s.Id);
        var items = order.Where(o => summaries.ContainsKey(o.ResourceId)).Select(o =>
        {
            var resource = summaries[o.ResourceId];
            // Something read or followed is done once opened; a video when watched to the end.
            var done = o.Completed || (o.Viewed && resource.Kind is not (ResourceKind.Video or ResourceKind.ScreenRecording));
            return new CollectionItemView(resource, o.Share, done);
        }).ToList();
        return Result<CollectionDetails>.Ok(new CollectionDetails(id, collection.Title, collection.Description, collection.IsPublished,
            new CuratorView(collection.OwnerId, row.OwnerName), row.Curators, items, items.Count(i => i.Done), collection.UpdatedAt,
            await me.CanAsync(standing, CollectionOperations.Edit), await me.CanAsync(standing, CollectionOperations.Delete)));
    }

    /// <summary>Whether the caller may start a collection (an active champion or an L&amp;D admin).</summary>
    public async Task<bool> MayCreateAsync(CancellationToken cancellationToken) =>
        me.IdOrNull is { } myId && me.IsInRole(Roles.Employee)
        && await me.CanAsync(CollectionStanding.New(await ResourceLibrary.ActiveChampions(db).AnyAsync(c => c.PersonId == myId, cancellationToken)),
            CollectionOperations.Create);

    public async Task<Result<CollectionDetails>> CreateAsync(CollectionRequest request, CancellationToken cancellationToken)
    {
        if (!await MayCreateAsync(cancellationToken))
        {
            return Result<CollectionDetails>.Forbidden(text["OnlyChampionsCurate"]);
        }
        var (fields, errors) = await CheckAsync(request, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<CollectionDetails>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        var collection = new Collection
        {
            Id = Guid.CreateVersion7(), Title = fields.Title, Description = fields.Description, OwnerId = me.Id, IsPublished = fields.Published,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Add(collection);
        Apply(collection.Id, fields, [], []);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(collection.Id, cancellationToken);
    }

    public async Task<Result<CollectionDetails>> UpdateAsync(Guid id, CollectionRequest request, CancellationToken cancellationToken)
    {
        var (collection, standing) = await TrackedAsync(id, cancellationToken);
        if (collection is null || !await me.CanAsync(standing!, CollectionOperations.View))
        {
            return Result<CollectionDetails>.NotFound();
        }
        if (!await me.CanAsync(standing!, CollectionOperations.Edit))
        {
            return Result<CollectionDetails>.Forbidden(text["OnlyCuratorsEdit"]);
        }
        var curatorsChange = request.Curators is { } wanted && !wanted.ToHashSet().SetEquals(standing!.CuratorIds);
        if (curatorsChange && !await me.CanAsync(standing!, CollectionOperations.Delete))
        {
            return Result<CollectionDetails>.Forbidden(text["OnlyOwnerChoosesCurators"]);
        }
        var (fields, errors) = await CheckAsync(request, cancellationToken, collection.OwnerId);
        if (errors.Count > 0)
        {
            return Result<CollectionDetails>.Invalid(errors);
        }
        collection.Title = fields.Title;
        collection.Description = fields.Description;
        collection.IsPublished = fields.Published;
        collection.UpdatedAt = clock.GetUtcNow();
        var items = await db.Set<CollectionItem>().Where(i => i.CollectionId == id).ToListAsync(cancellationToken);
        var curators = request.Curators is null ? null : await db.Set<CollectionCurator>().Where(c => c.CollectionId == id).ToListAsync(cancellationToken);
        Apply(id, fields, items, curators);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    public async Task<Result<bool>> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var (collection, standing) = await TrackedAsync(id, cancellationToken);
        if (collection is null || !await me.CanAsync(standing!, CollectionOperations.View))
        {
            return Result<bool>.NotFound();
        }
        if (!await me.CanAsync(standing!, CollectionOperations.Delete))
        {
            return Result<bool>.Forbidden(text["OnlyOwnerDeletes"]);
        }
        db.Remove(collection);
        await db.SaveChangesAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }

    /// <summary>Published resources a curator can add, by title (for the editor's picker).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Title)>> ChoicesAsync(CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await read.Set<Resource>().AsNoTracking().Where(r => r.Status == ResourceStatus.Published)
            .OrderByDescending(r => r.PublishedAt).Take(500).Select(r => new { r.Id, r.Title }).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Title, StringComparer.CurrentCultureIgnoreCase).Select(r => (r.Id, r.Title)).ToList();
    }

    private sealed record CheckedFields(string Title, string Description, bool Published, IReadOnlyList<Guid> Resources, IReadOnlyList<Guid>? Curators);

    private async Task<(CheckedFields Fields, Dictionary<string, string[]> Errors)> CheckAsync(CollectionRequest request, CancellationToken cancellationToken, Guid? ownerId = null)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim() ?? "";
        var description = request.Description?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors["title"] = [text["TitleRequired"]];
        }
        else if (title.Length > Collection.TitleMax)
        {
            errors["title"] = [text["TitleTooLong", Collection.TitleMax]];
        }
        if (description.Length > Collection.DescriptionMax)
        {
            errors["description"] = [text["DescriptionTooLong", Collection.DescriptionMax]];
        }
        var resources = request.Resources ?? [];
        if (resources.Count > Collection.MaxItems)
        {
            errors["resources"] = [text["TooManyResources", Collection.MaxItems]];
        }
        else if (resources.Distinct().Count() != resources.Count)
        {
            errors["resources"] = [text["ResourceTwice"]];
        }
        else if (resources.Count > 0)
        {
            var ids = resources.ToList();
            var published = await db.Set<Resource>().CountAsync(r => ids.Contains(r.Id) && r.Status == ResourceStatus.Published, cancellationToken);
            if (published != ids.Count)
            {
                errors["resources"] = [text["ResourceNotPublished"]];
            }
        }
        var publish = request.Published ?? false;
        if (publish && resources.Count == 0 && !errors.ContainsKey("resources"))
        {
            errors["resources"] = [text["PublishNeedsResources"]];
        }
        var curators = request.Curators?.Distinct().Where(c => c != (ownerId ?? me.Id)).ToList();
        if (curators is { Count: > 0 })
        {
            if (curators.Count > Collection.MaxCurators)
            {
                errors["curators"] = [text["TooManyCurators", Collection.MaxCurators]];
            }
            else
            {
                var champions = await ResourceLibrary.ActiveChampions(db).Where(c => curators.Contains(c.PersonId)).Select(c => c.PersonId).Distinct()
                    .CountAsync(cancellationToken);
                if (champions != curators.Count)
                {
                    errors["curators"] = [text["CuratorNotChampion"]];
                }
            }
        }
        return (new CheckedFields(title, description, publish, resources, curators), errors);
    }

    private void Apply(Guid collectionId, CheckedFields fields, List<CollectionItem> items, List<CollectionCurator>? curators)
    {
        var wanted = fields.Resources.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
        foreach (var item in items)
        {
            if (wanted.TryGetValue(item.ResourceId, out var position))
            {
                item.Position = position;
            }
            else
            {
                db.Remove(item);
            }
        }
        foreach (var (resourceId, position) in wanted.Where(w => items.All(i => i.ResourceId != w.Key)))
        {
            db.Add(new CollectionItem { CollectionId = collectionId, ResourceId = resourceId, Position = position });
        }
        if (fields.Curators is { } chosen)
        {
            var existing = curators ?? [];
            foreach (var curator in existing.Where(c => !chosen.Contains(c.PersonId)))
            {
                db.Remove(curator);
            }
            foreach (var personId in chosen.Where(p => existing.All(c => c.PersonId != p)))
            {
                db.Add(new CollectionCurator { CollectionId = collectionId, PersonId = personId });
            }
        }
    }

    private async Task<(Collection? Collection, CollectionStanding? Standing)> TrackedAsync(Guid id, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is null)
        {
            return (null, null);
        }
        var collection = await db.Set<Collection>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collection is null)
        {
            return (null, null);
        }
        var curators = await db.Set<CollectionCurator>().Where(c => c.CollectionId == id).Select(c => c.PersonId).ToListAsync(cancellationToken);
        return (collection, new CollectionStanding(id, collection.IsPublished, collection.OwnerId, curators, false));
    }
}
