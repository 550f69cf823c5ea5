using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.Library.Feedback;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Search;
using Guild.Web.Features.People;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Browse;

/// <summary>Why a resource is recommended to someone, shown beside it in their language.</summary>
public enum RecommendationReason
{
    /// <summary>It is about a skill they use and are still growing in (their profile's level "uses it"): "because you are learning {0}".</summary>
    Learning,
    /// <summary>It is about a skill of theirs: "because you know {0}".</summary>
    Knows,
    /// <summary>Colleagues of their department looked at it in the last 30 days: "popular with {0}".</summary>
    Department,
    /// <summary>Colleagues who share a skill with them looked at it in the last 30 days.</summary>
    SimilarColleagues,
    /// <summary>
    /// It is about a component colleagues of their department looked for in vain (an unanswered search) or asked a
    /// question about (a flag) in the last 30 days: "colleagues in {0} looked for this".
    /// </summary>
    DepartmentDemand,
}

/// <summary>A resource on a shelf, with what the shelf says about it.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Reason">Why it is recommended (the recommendation shelf only).</param>
/// <param name="ReasonName">The skill or department the reason names.</param>
/// <param name="Colleagues">How many colleagues looked at it (popular shelves).</param>
/// <param name="Share">How far the reader got, 0..1 (the "continue" shelf).</param>
public sealed record ShelfItem(ResourceSummary Resource, RecommendationReason? Reason = null, string? ReasonName = null, int Colleagues = 0, double? Share = null);

/// <summary>A capability's shelf: its newest published resources.</summary>
public sealed record CapabilityShelf(Guid Id, string Name, IReadOnlyList<ShelfItem> Items);

/// <summary>Everything /library shows above the map.</summary>
public sealed record LibraryShelfSet(
    IReadOnlyList<ShelfItem> Continue, IReadOnlyList<ShelfItem> Recommended, IReadOnlyList<ShelfItem> PopularInDepartment, string? Department,
    IReadOnlyList<ShelfItem> NewThisWeek, IReadOnlyList<CapabilityShelf> Capabilities);

/// <summary>
/// The library's shelves for the signed-in reader: continue where I stopped, recommended for me (each with its reason),
/// popular in my department, new this week and one shelf per capability. Every shelf is one part of one UNION ALL (the
/// cards' titles and authors are a second query), so the page costs two round trips however many shelves it shows.
/// </summary>
public sealed class LibraryShelves(IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock)
{
    public const int ShelfSize = 6;
    public const int PopularDays = 30;

    // A class with init properties, not a positional record: a set operation's parts must project to members EF can line up.
    private sealed class Row
    {
        public int Shelf { get; init; }
        public Guid ResourceId { get; init; }
        /// <summary>What the reason names (a skill, a capability); the resource itself where there is none (PostgreSQL types a bare NULL in a UNION as text).</summary>
        public Guid ReasonId { get; init; }
        public string? ReasonName { get; init; }
        public int Score { get; init; }
        public DateTimeOffset? At { get; init; }
    }

    private const int ContinueShelf = 0, DepartmentShelf = 1, LearningShelf = 2, KnowsShelf = 3, SimilarShelf = 4, NewShelf = 5, CapabilityShelfKind = 6, DemandShelf = 7;

    public async Task<LibraryShelfSet> ShelvesAsync(IReadOnlyList<BrowseCapability> capabilities, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId || !me.IsInRole(Roles.Employee))
        {
            return new LibraryShelfSet([], [], [], null, [], []);
        }
        var now = clock.GetUtcNow();
        var since = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-PopularDays);
        var weekAgo = now.AddDays(-7);
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var published = read.Set<Resource>().Where(r => r.Status == ResourceStatus.Published);
        // Recommendations leave out what I wrote and what I finished.
        var forMe = published.Where(r => !read.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == myId)
            && !read.Set<ResourceProgress>().Any(p => p.ResourceId == r.Id && p.PersonId == myId && p.CompletedAt != null));
        var myDepartment = read.Set<Person>().Where(p => p.Id == myId).Select(p => p.DepartmentId);
        var mySkills = read.Set<PersonSkill>().Where(s => s.PersonId == myId);
        var recentViews = read.Set<ResourceView>().Where(v => v.Day >= since && v.PersonId != myId);
        var myDepartmentName = read.Set<OrgUnit>().Where(u => myDepartment.Contains(u.Id)).Select(u => u.Name).FirstOrDefault();

        IQueryable<Row> query =
            (from p in read.Set<ResourceProgress>()
             join r in published on p.ResourceId equals r.Id
             where p.PersonId == myId && p.CompletedAt == null
             orderby p.UpdatedAt descending
             select new Row { Shelf = ContinueShelf, ResourceId = r.Id, ReasonId = r.Id, ReasonName = (string?)null, Score = (int)(p.Share * 100), At = (DateTimeOffset?)p.UpdatedAt }).Take(ShelfSize);

        var department = (from v in recentViews
                          join colleague in read.Set<Person>() on v.PersonId equals colleague.Id
                          where colleague.DepartmentId != null && myDepartment.Contains(colleague.DepartmentId)
                          group v by v.ResourceId into g
                          select new { ResourceId = g.Key, Colleagues = g.Select(v => v.PersonId).Distinct().Count() });
        query = query.Concat((from d in department
                              join r in forMe on d.ResourceId equals r.Id
                              orderby d.Colleagues descending, r.PublishedAt descending
                              select new Row { Shelf = DepartmentShelf, ResourceId = r.Id, ReasonId = r.Id, ReasonName = myDepartmentName, Score = d.Colleagues, At = (DateTimeOffset?)r.PublishedAt })
            .Take(ShelfSize));

        // My department's demand: the components colleagues looked for in vain (their unanswered searches' guessed
        // components) or asked a question about (a "question" flag on a resource of it) lately. What answers it is the
        // published resources about those components, most asked-for first.
        var demandSince = now.AddDays(-PopularDays);
        var colleagues = read.Set<Person>().Where(c => c.Id != myId && c.DepartmentId != null && myDepartment.Contains(c.DepartmentId)).Select(c => c.Id);
        var lookedFor = from u in read.Set<UnansweredSearch>()
                        join c in read.Set<UnansweredSearchComponent>() on u.SearchId equals c.SearchId
                        where u.At >= demandSince && colleagues.Contains(u.PersonId)
                        select new { c.ComponentId, u.PersonId };
        var askedAbout = from f in read.Set<ResourceFlag>()
                         join rc in read.Set<ResourceComponent>() on f.ResourceId equals rc.ResourceId
                         where f.Kind == FlagKind.Question && f.At >= demandSince && colleagues.Contains(f.PersonId)
                         select new { rc.ComponentId, f.PersonId };
        var demand = from d in lookedFor.Concat(askedAbout)
                     join rc in read.Set<ResourceComponent>() on d.ComponentId equals rc.ComponentId
                     group d by rc.ResourceId into g
                     select new { ResourceId = g.Key, Colleagues = g.Select(x => x.PersonId).Distinct().Count() };
        query = query.Concat((from d in demand
                              join r in forMe on d.ResourceId equals r.Id
                              orderby d.Colleagues descending, r.PublishedAt descending
                              select new Row { Shelf = DemandShelf, ResourceId = r.Id, ReasonId = r.Id, ReasonName = myDepartmentName, Score = d.Colleagues, At = (DateTimeOffset?)r.PublishedAt })
            .Take(ShelfSize));

        var aboutMySkills = from s in mySkills
                            join cs in read.Set<ComponentSkill>() on s.SkillId equals cs.SkillId
                            join rc in read.Set<ResourceComponent>() on cs.ComponentId equals rc.ComponentId
                            join r in forMe on rc.ResourceId equals r.Id
                            join skill in read.Set<Skill>() on s.SkillId equals skill.Id
                            select new { s.Level, r.Id, SkillId = skill.Id, skill.Name, r.PublishedAt };
        query = query.Concat(aboutMySkills.Where(a => a.Level == ExpertiseLevel.UsesIt).OrderByDescending(a => a.PublishedAt)
            .Select(a => new Row { Shelf = LearningShelf, ResourceId = a.Id, ReasonId = a.SkillId, ReasonName = a.Name, Score = 0, At = (DateTimeOffset?)a.PublishedAt }).Take(ShelfSize * 2));
        query = query.Concat(aboutMySkills.Where(a => a.Level != ExpertiseLevel.UsesIt).OrderByDescending(a => a.PublishedAt)
            .Select(a => new Row { Shelf = KnowsShelf, ResourceId = a.Id, ReasonId = a.SkillId, ReasonName = a.Name, Score = 0, At = (DateTimeOffset?)a.PublishedAt }).Take(ShelfSize * 2));

        var similar = from v in recentViews
                      where read.Set<PersonSkill>().Any(o => o.PersonId == v.PersonId && mySkills.Any(m => m.SkillId == o.SkillId))
                      group v by v.ResourceId into g
                      select new { ResourceId = g.Key, Colleagues = g.Select(v => v.PersonId).Distinct().Count() };
        query = query.Concat((from d in similar
                              join r in forMe on d.ResourceId equals r.Id
                              orderby d.Colleagues descending, r.PublishedAt descending
                              select new Row { Shelf = SimilarShelf, ResourceId = r.Id, ReasonId = r.Id, ReasonName = (string?)null, Score = d.Colleagues, At = (DateTimeOffset?)r.PublishedAt }).Take(ShelfSize));

        query = query.Concat(published.Where(r => r.PublishedAt >= weekAgo).OrderByDescending(r => r.PublishedAt)
            .Select(r => new Row { Shelf = NewShelf, ResourceId = r.Id, ReasonId = r.Id, ReasonName = (string?)null, Score = 0, At = (DateTimeOffset?)r.PublishedAt }).Take(ShelfSize * 2));

        foreach (var capability in capabilities.Where(c => c.Components.Any(component => component.Resources > 0)))
        {
            var capabilityId = capability.Id;
            query = query.Concat(published
                .Where(r => read.Set<ResourceComponent>().Any(rc => rc.ResourceId == r.Id
                    && KnowHowMap.LiveComponents(read).Any(c => c.Id == rc.ComponentId && c.CapabilityId == capabilityId)))
                .OrderByDescending(r => r.PublishedAt)
                .Select(r => new Row { Shelf = CapabilityShelfKind, ResourceId = r.Id, ReasonId = capabilityId, ReasonName = (string?)null, Score = 0, At = (DateTimeOffset?)r.PublishedAt }).Take(ShelfSize));
        }

        var rows = await query.ToListAsync(cancellationToken);
        var summaries = (await ResourceLibrary.SummariesAsync(read, read.Set<Resource>().AsNoTracking()
            .Where(r => rows.Select(x => x.ResourceId).Distinct().Contains(r.Id)), cancellationToken)).ToDictionary(s => s.Id);
        return Assemble(rows, summaries, capabilities);
    }

    private static LibraryShelfSet Assemble(List<Row> rows, Dictionary<Guid, ResourceSummary> summaries, IReadOnlyList<BrowseCapability> capabilities)
    {
        ShelfItem Item(Row row, RecommendationReason? reason = null) =>
            new(summaries[row.ResourceId], reason, row.ReasonName, row.Score, row.Shelf == ContinueShelf ? row.Score / 100.0 : null);
        List<ShelfItem> Shelf(int shelf, int size) => rows.Where(r => r.Shelf == shelf && summaries.ContainsKey(r.ResourceId))
            .DistinctBy(r => r.ResourceId).Take(size).Select(r => Item(r)).ToList();

        var continuing = Shelf(ContinueShelf, ShelfSize);
        var started = continuing.Select(c => c.Resource.Id).ToHashSet();
        // One card per resource, with its strongest reason: what I am learning, then what my department looks at and looks
        // for in vain, then what colleagues like me look at, then what I already know.
        var recommended = rows.Where(r => r.Shelf is LearningShelf or DepartmentShelf or DemandShelf or SimilarShelf or KnowsShelf && summaries.ContainsKey(r.ResourceId)
                && !started.Contains(r.ResourceId))
            .OrderBy(r => r.Shelf switch { LearningShelf => 0, DepartmentShelf => 1, DemandShelf => 2, SimilarShelf => 3, _ => 4 })
            .ThenByDescending(r => r.Score).ThenByDescending(r => r.At)
            .DistinctBy(r => r.ResourceId).Take(ShelfSize)
            .Select(r => Item(r, r.Shelf switch
            {
                LearningShelf => RecommendationReason.Learning,
                DepartmentShelf => RecommendationReason.Department,
                DemandShelf => RecommendationReason.DepartmentDemand,
                SimilarShelf => RecommendationReason.SimilarColleagues,
                _ => RecommendationReason.Knows,
            })).ToList();
        var capabilityShelves = capabilities.Select(c => new CapabilityShelf(c.Id, c.Name, rows
                .Where(r => r.Shelf == CapabilityShelfKind && r.ReasonId == c.Id && summaries.ContainsKey(r.ResourceId)).Select(r => Item(r)).ToList()))
            .Where(s => s.Items.Count > 0).ToList();
        var popular = Shelf(DepartmentShelf, ShelfSize);
        return new LibraryShelfSet(continuing, recommended, popular, popular.FirstOrDefault()?.ReasonName, Shelf(NewShelf, ShelfSize * 2), capabilityShelves);
    }

    /// <summary>Published resources about any live component of a capability, newest first, in pages.</summary>
    public async Task<Paged<ResourceSummary>> OfCapabilityAsync(Guid capabilityId, PageRequest page, CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return new Paged<ResourceSummary>([], page.Page, page.PageSize, 0);
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var query = read.Set<Resource>().AsNoTracking().Where(r => r.Status == ResourceStatus.Published
            && read.Set<ResourceComponent>().Any(rc => rc.ResourceId == r.Id
                && KnowHowMap.LiveComponents(read).Any(c => c.Id == rc.ComponentId && c.CapabilityId == capabilityId)));
        var total = await query.CountAsync(cancellationToken);
        var items = await ResourceLibrary.SummariesAsync(read, query.OrderByDescending(r => r.PublishedAt).ThenByDescending(r => r.Id)
            .Skip(page.Skip).Take(page.PageSize), cancellationToken);
        return new Paged<ResourceSummary>(items, page.Page, page.PageSize, total);
    }
}
