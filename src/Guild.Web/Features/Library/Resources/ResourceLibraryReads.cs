using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Resources;

/// <summary>What the library's pages and API read: each through a pooled context (pages render them) in one or two queries.</summary>
public sealed partial class ResourceLibrary
{
    /// <summary>A resource with its components and authors (and their badges), if the caller may see it; else not found.</summary>
    public async Task<Result<ResourceDetails>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsSignedIn)
        {
            return Result<ResourceDetails>.NotFound();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from r in read.Set<Resource>().AsNoTracking()
                         where r.Id == id
                         select new
                         {
                             Resource = r,
                             Authors = read.Set<ResourceAuthor>().Where(a => a.ResourceId == r.Id).Select(a => a.PersonId).ToList(),
                             ReviewerName = read.Set<Person>().Where(p => p.Id == r.ReviewerId).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefault(),
                             Revisions = read.Set<ResourceRevision>().Count(v => v.ResourceId == r.Id),
                         }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Result<ResourceDetails>.NotFound();
        }
        var resource = row.Resource;
        var standing = new ResourceStanding(id, resource.Status, row.Authors, resource.ReviewerId, false);
        if (!await me.CanAsync(standing, ResourceOperations.View))
        {
            return Result<ResourceDetails>.NotFound();
        }
        // Components and authors (with the components they champion) in one UNION ALL: siblings in one projection
        // would multiply each other's rows.
        var components = from rc in read.Set<ResourceComponent>()
                         join c in read.Set<KnowHowComponent>() on rc.ComponentId equals c.Id
                         join cap in read.Set<Capability>() on c.CapabilityId equals cap.Id
                         where rc.ResourceId == id
                         select new { Part = 0, c.Id, c.Name, Extra = cap.Name, Order1 = cap.Position, Order2 = c.Position };
        var authors = from a in read.Set<ResourceAuthor>()
                      join p in read.Set<Person>() on a.PersonId equals p.Id
                      where a.ResourceId == id
                      select new { Part = 1, p.Id, Name = p.GivenName + " " + p.FamilyName, Extra = p.SortKey, Order1 = 0, Order2 = 0 };
        var champions = ActiveChampions(read);
        var badges = from a in read.Set<ResourceAuthor>()
                     join ch in champions on a.PersonId equals ch.PersonId
                     join rc in read.Set<ResourceComponent>() on ch.ComponentId equals rc.ComponentId
                     join c in read.Set<KnowHowComponent>() on ch.ComponentId equals c.Id
                     where a.ResourceId == id && rc.ResourceId == id
                     select new { Part = 2, Id = a.PersonId, c.Name, Extra = "", Order1 = 0, Order2 = c.Position };
        var parts = await components.Concat(authors).Concat(badges).ToListAsync(cancellationToken);
        var badgesOf = parts.Where(p => p.Part == 2).ToLookup(p => p.Id, p => p.Name);
        var mayReadReview = me.IsLearningAdmin || row.Authors.Contains(me.Id) || resource.ReviewerId == me.Id;
        var details = new ResourceDetails(resource.Id, resource.Kind, resource.Status, resource.Title, resource.Summary, resource.Language,
            parts.Where(p => p.Part == 0).OrderBy(p => p.Order1).ThenBy(p => p.Extra).ThenBy(p => p.Order2)
                .Select(p => new ResourceComponentView(p.Id, p.Name, p.Extra)).ToList(),
            parts.Where(p => p.Part == 1).OrderBy(p => p.Extra, StringComparer.Ordinal)
                .Select(p => new ResourceAuthorView(p.Id, p.Name, badgesOf[p.Id].Distinct().ToList())).ToList(),
            resource.DurationSeconds, resource.ReadingMinutes, resource.Markdown, resource.Html, resource.Url, resource.MediaAssetId,
            resource.FileName, resource.FileSize, resource.CreatedAt, resource.UpdatedAt, resource.PublishedAt, resource.ReviewerId, row.ReviewerName,
            resource.ReviewRequestedAt, mayReadReview ? resource.ReviewMessage : null, row.Revisions,
            await me.CanAsync(standing, ResourceOperations.Edit) && resource.Status != ResourceStatus.Archived,
            await me.CanAsync(standing, ResourceOperations.Review) && resource.Status == ResourceStatus.InReview,
            await me.CanAsync(standing, ResourceOperations.Archive) && resource.Status != ResourceStatus.Archived);
        return Result<ResourceDetails>.Ok(details);
    }

    /// <summary>Published resources, newest first, optionally of one component, kind or language.</summary>
    public async Task<Paged<ResourceSummary>> ListAsync(Guid? component, ResourceKind? kind, string? language, PageRequest page, CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return new Paged<ResourceSummary>([], page.Page, page.PageSize, 0);
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var query = read.Set<Resource>().AsNoTracking().Where(r => r.Status == ResourceStatus.Published);
        if (component is { } componentId)
        {
            query = query.Where(r => read.Set<ResourceComponent>().Any(c => c.ResourceId == r.Id && c.ComponentId == componentId));
        }
        if (kind is { } k)
        {
            query = query.Where(r => r.Kind == k);
        }
        if (!string.IsNullOrEmpty(language))
        {
            query = query.Where(r => r.Language == language);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await SummariesAsync(read, query.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).Skip(page.Skip).Take(page.PageSize), cancellationToken);
        return new Paged<ResourceSummary>(items, page.Page, page.PageSize, total);
    }

    /// <summary>Published in the last seven days, newest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<ResourceSummary>> NewThisWeekAsync(int limit, CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return [];
        }
        var since = clock.GetUtcNow().AddDays(-7);
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await SummariesAsync(read, read.Set<Resource>().AsNoTracking()
            .Where(r => r.Status == ResourceStatus.Published && r.PublishedAt >= since)
            .OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id).Take(limit), cancellationToken);
    }

    /// <summary>The live capabilities and components, each with its number of published resources (one query).</summary>
    public async Task<IReadOnlyList<BrowseCapability>> BrowseAsync(CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from c in KnowHowMap.LiveComponents(read).AsNoTracking()
                          join cap in read.Set<Capability>() on c.CapabilityId equals cap.Id
                          select new
                          {
                              CapabilityId = cap.Id, Capability = cap.Name, CapabilityPosition = cap.Position, c.Id, c.Name, c.Depth, c.ParentId, c.Position,
                              Count = read.Set<ResourceComponent>().Count(rc => rc.ComponentId == c.Id
                                  && read.Set<Resource>().Any(r => r.Id == rc.ResourceId && r.Status == ResourceStatus.Published)),
                          }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.CapabilityId, r.Capability, r.CapabilityPosition)).OrderBy(g => g.Key.CapabilityPosition).ThenBy(g => g.Key.Capability)
            .Select(g =>
            {
                var byParent = g.ToLookup(r => r.ParentId);
                var ordered = new List<BrowseComponent>();
                void Walk(Guid? parent)
                {
                    foreach (var child in byParent[parent].OrderBy(r => r.Position).ThenBy(r => r.Name, StringComparer.CurrentCulture))
                    {
                        ordered.Add(new BrowseComponent(child.Id, child.Name, child.Depth, child.Count));
                        Walk(child.Id);
                    }
                }
                Walk(null);
                return new BrowseCapability(g.Key.CapabilityId, g.Key.Capability, ordered);
            }).ToList();
    }

    /// <summary>The caller's own resources (as an author), every status, last changed first.</summary>
    public async Task<IReadOnlyList<ResourceSummary>> MineAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId || !me.IsInRole(Roles.Employee))
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await SummariesAsync(read, read.Set<Resource>().AsNoTracking()
            .Where(r => read.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == myId))
            .OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).Take(500), cancellationToken);
    }

    /// <summary>
    /// What waits for a review, oldest first: everything for L&amp;D admins; for anyone else what they are asked to review
    /// and what they wrote.
    /// </summary>
    public async Task<IReadOnlyList<ReviewQueueItem>> ReviewQueueAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId || !me.IsInRole(Roles.Employee))
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var query = read.Set<Resource>().AsNoTracking().Where(r => r.Status == ResourceStatus.InReview);
        if (!me.IsLearningAdmin)
        {
            query = query.Where(r => r.ReviewerId == myId || read.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == myId));
        }
        var rows = await (from r in query
                          join p in read.Set<Person>() on r.ReviewerId equals p.Id
                          orderby r.ReviewRequestedAt, r.Id
                          select new
                          {
                              r.Id, r.Title, r.Kind, ReviewerId = p.Id, ReviewerName = p.GivenName + " " + p.FamilyName, RequestedAt = r.ReviewRequestedAt!.Value,
                              Authors = (from a in read.Set<ResourceAuthor>()
                                         join ap in read.Set<Person>() on a.PersonId equals ap.Id
                                         where a.ResourceId == r.Id
                                         select ap.GivenName + " " + ap.FamilyName).ToList(),
                          }).Take(500).ToListAsync(cancellationToken);
        return rows.Select(r => new ReviewQueueItem(r.Id, r.Title, r.Kind, r.Authors, r.ReviewerId, r.ReviewerName, r.RequestedAt)).ToList();
    }

    /// <summary>A resource's published versions, newest first (NotFound when the caller may not see the resource).</summary>
    public async Task<Result<IReadOnlyList<RevisionView>>> RevisionsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var standing = await StandingAsync(read, id, cancellationToken);
        if (standing is null || !await me.CanAsync(standing, ResourceOperations.View))
        {
            return Result<IReadOnlyList<RevisionView>>.NotFound();
        }
        var rows = await (from v in read.Set<ResourceRevision>().AsNoTracking()
                          join p in read.Set<Person>() on v.ById equals p.Id
                          where v.ResourceId == id
                          orderby v.Number descending
                          select new RevisionView(v.Number, v.Title, v.Summary, v.Markdown, v.Url, p.GivenName + " " + p.FamilyName, v.At))
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<RevisionView>>.Ok(rows);
    }

    /// <summary>Champions who may review the resource: active champions of one of its components, not its authors.</summary>
    public async Task<IReadOnlyList<ReviewerChoice>> ReviewerChoicesAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await ReviewerChoicesAsync(read, id, cancellationToken);
    }

    private static async Task<IReadOnlyList<ReviewerChoice>> ReviewerChoicesAsync(GuildDb source, Guid id, CancellationToken cancellationToken)
    {
        var champions = ActiveChampions(source);
        var people = await (from p in source.Set<Person>()
                            where champions.Any(ch => ch.PersonId == p.Id
                                      && source.Set<ResourceComponent>().Any(rc => rc.ResourceId == id && rc.ComponentId == ch.ComponentId))
                                  && !source.Set<ResourceAuthor>().Any(a => a.ResourceId == id && a.PersonId == p.Id)
                                  && p.PartnerOrganisation == null
                            orderby p.SortKey
                            select new ReviewerChoice(p.Id, p.GivenName + " " + p.FamilyName)).Take(200).ToListAsync(cancellationToken);
        return people;
    }

    /// <summary>Live components to choose from, by capability, in tree order, for the editor.</summary>
    public async Task<IReadOnlyList<BrowseCapability>> ComponentChoicesAsync(CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from c in KnowHowMap.LiveComponents(read).AsNoTracking()
                          join cap in read.Set<Capability>() on c.CapabilityId equals cap.Id
                          select new { CapabilityId = cap.Id, Capability = cap.Name, CapabilityPosition = cap.Position, c.Id, c.Name, c.Depth, c.ParentId, c.Position })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.CapabilityId, r.Capability, r.CapabilityPosition)).OrderBy(g => g.Key.CapabilityPosition).ThenBy(g => g.Key.Capability)
            .Select(g =>
            {
                var byParent = g.ToLookup(r => r.ParentId);
                var ordered = new List<BrowseComponent>();
                void Walk(Guid? parent)
                {
                    foreach (var child in byParent[parent].OrderBy(r => r.Position).ThenBy(r => r.Name, StringComparer.CurrentCulture))
                    {
                        ordered.Add(new BrowseComponent(child.Id, child.Name, child.Depth, 0));
                        Walk(child.Id);
                    }
                }
                Walk(null);
                return new BrowseCapability(g.Key.CapabilityId, g.Key.Capability, ordered);
            }).ToList();
    }

    /// <summary>Whether the caller may make resources at all: a champion of something, or an L&amp;D admin.</summary>
    public async Task<bool> MayCreateAnyAsync(CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return false;
        }
        if (me.IsLearningAdmin)
        {
            return true;
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var myId = me.Id;
        return await ActiveChampions(read).AnyAsync(c => c.PersonId == myId, cancellationToken);
    }

    /// <summary>The stored file of a File resource the caller may see: its key and name (null when none).</summary>
    public async Task<(string Key, string Name)?> FileOfAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(id, cancellationToken);
        if (!found.IsOk || found.Value!.Kind != ResourceKind.File)
        {
            return null;
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var file = await read.Set<Resource>().Where(r => r.Id == id && r.FileKey != null).Select(r => new { r.FileKey, r.FileName }).FirstOrDefaultAsync(cancellationToken);
        return file is null ? null : (file.FileKey!, file.FileName ?? "file");
    }

    internal static async Task<List<ResourceSummary>> SummariesAsync(GuildDb read, IQueryable<Resource> query, CancellationToken cancellationToken)
    {
        var rows = await query.Select(r => new
        {
            r.Id, r.Kind, r.Status, r.Title, r.Summary, r.Language, r.DurationSeconds, r.ReadingMinutes, r.PublishedAt, r.UpdatedAt,
            Authors = (from a in read.Set<ResourceAuthor>()
                       join p in read.Set<Person>() on a.PersonId equals p.Id
                       where a.ResourceId == r.Id
                       select p.GivenName + " " + p.FamilyName).ToList(),
        }).ToListAsync(cancellationToken);
        return rows.Select(r => new ResourceSummary(r.Id, r.Kind, r.Status, r.Title, r.Summary, r.Language, r.DurationSeconds, r.ReadingMinutes,
            r.Authors, r.PublishedAt, r.UpdatedAt)).ToList();
    }
}
