using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>A gap on a component: something the programme should act on.</summary>
public enum CoverageGap
{
    /// <summary>Nobody is an active champion of it.</summary>
    NoChampion,
    /// <summary>One active champion: when they leave or are busy, nobody is.</summary>
    SingleChampion,
    /// <summary>People ask about it and nobody has answered (only when a source of open demand exists).</summary>
    UnansweredDemand,
    /// <summary>No published resource (only when a source of resources exists).</summary>
    NoResource,
}

/// <summary>How the components are ordered: as on the map, worst gaps first, by name, or fewest champions first.</summary>
public enum CoverageSort { Tree, Gap, Name, Champions }

/// <summary>An active champion of a component.</summary>
/// <param name="PersonId">The champion's person id (their profile is <c>/api/v1/people/{id}</c>).</param>
/// <param name="Name">Their name as people see it.</param>
/// <param name="Level">How well they know the component.</param>
public sealed record CoverageChampion(Guid PersonId, string Name, ExpertiseLevel Level);

/// <summary>One live component of the capability with its champions, the measures other features supply and its gaps.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="ParentId">The component it hangs under; null directly under the capability.</param>
/// <param name="Depth">1 directly under the capability, up to 3.</param>
/// <param name="Name">The component's name.</param>
/// <param name="ChampionCount">Active champions: approved, not ended, and whose account is active.</param>
/// <param name="Champions">Those champions, by family name.</param>
/// <param name="Resources">Published resources tied to it; null while no feature supplies resources.</param>
/// <param name="OpenDemand">Open requests about it that nobody answered; null while no feature supplies demand.</param>
/// <param name="Engagement">Learning acts about it in the last 30 days; null while no feature supplies engagement.</param>
/// <param name="Gaps">What it lacks, worst first: NoChampion, SingleChampion, UnansweredDemand, NoResource.</param>
public sealed record ComponentCoverage(Guid Id, Guid? ParentId, int Depth, string Name, int ChampionCount,
    IReadOnlyList<CoverageChampion> Champions, int? Resources, int? OpenDemand, int? Engagement, IReadOnlyList<CoverageGap> Gaps)
{
    /// <summary>How much the gaps weigh together, for sorting by gap (no champion weighs most).</summary>
    internal int Severity => Gaps.Sum(gap => gap switch
    {
        CoverageGap.NoChampion => 8,
        CoverageGap.UnansweredDemand => 4,
        CoverageGap.SingleChampion => 2,
        _ => 1,
    });
}

/// <summary>The counts behind the summary sentence and the chart.</summary>
/// <param name="Components">Live components of the capability.</param>
/// <param name="WithoutChampion">Components with no active champion.</param>
/// <param name="WithSingleChampion">Components with exactly one active champion.</param>
/// <param name="WithSeveralChampions">Components with two or more active champions.</param>
/// <param name="WithoutResource">Components with no resource; null while no feature supplies resources.</param>
/// <param name="WithUnansweredDemand">Components with unanswered demand; null while no feature supplies demand.</param>
public sealed record CoverageSummary(int Components, int WithoutChampion, int WithSingleChampion, int WithSeveralChampions,
    int? WithoutResource, int? WithUnansweredDemand);

/// <summary>The coverage of one capability.</summary>
/// <param name="CapabilityId">The capability's id.</param>
/// <param name="Name">The capability's name.</param>
/// <param name="Sort">The order of <paramref name="Components"/>.</param>
/// <param name="Measures">The measures some feature supplies (Resources, OpenDemand, Engagement); the others are null on every component.</param>
/// <param name="Summary">Counts per kind of gap.</param>
/// <param name="Components">Every live component with its champions and gaps.</param>
public sealed record CapabilityCoverage(Guid CapabilityId, string Name, CoverageSort Sort, IReadOnlyList<CoverageMeasure> Measures,
    CoverageSummary Summary, IReadOnlyList<ComponentCoverage> Components);

/// <summary>A capability to choose on the coverage pages, with how many of its components have no champion.</summary>
public sealed record CoverageChoice(Guid Id, string Name, int Components, int WithoutChampion);

/// <summary>What the coverage page shows: the capability's coverage and the other capabilities to switch to.</summary>
public sealed record CoverageView(CapabilityCoverage Coverage, IReadOnlyList<CoverageChoice> Choices);

/// <summary>
/// Reads coverage: per capability, its live components in map order with their active champions, whatever other
/// features supply per component (<see cref="ICoverageSignals"/>) and the gaps. Reads made while rendering, so each call
/// has its own context: the capabilities in one query, the components with their champions in a second (one statement
/// with a join), and one more per registered signal source.
/// </summary>
public sealed class CoverageReports(IDbContextFactory<GuildDb> contexts, CurrentPerson me, IEnumerable<ICoverageSignals> signals, CoverageCache cache)
{
    /// <summary>The capabilities whose coverage the caller may see, in map order.</summary>
    public async Task<Result<IReadOnlyList<CoverageChoice>>> ChoicesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (choices, _) = await VisibleChoicesAsync(db, null, withCounts: true, cancellationToken);
        if (choices.Count == 0 && !await me.CanAsync(CoverageScope.Any, CoverageRule.View))
        {
            return Result<IReadOnlyList<CoverageChoice>>.Forbidden();
        }
        return Result<IReadOnlyList<CoverageChoice>>.Ok(choices);
    }

    /// <summary>One capability's coverage with the choices beside it. Someone who may not see it gets Forbidden whether or not it exists.</summary>
    public async Task<Result<CoverageView>> GetAsync(Guid capabilityId, CoverageSort sort, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (choices, current) = await VisibleChoicesAsync(db, capabilityId, withCounts: false, cancellationToken);
        if (current is null)
        {
            return await me.CanAsync(CoverageScope.Any, CoverageRule.View) ? Result<CoverageView>.NotFound() : Result<CoverageView>.Forbidden();
        }
        if (!current.Visible)
        {
            return Result<CoverageView>.Forbidden();
        }
        var (rows, measures) = await cache.GetAsync(capabilityId, async () =>
        {
            var read = await ComponentRowsAsync(db, capabilityId, cancellationToken);
            var counted = new Dictionary<CoverageMeasure, IReadOnlyDictionary<Guid, int>>();
            var ids = read.Select(r => r.Id).ToList();
            foreach (var source in signals)
            {
                counted[source.Measure] = await source.CountAsync(ids, cancellationToken);
            }
            return new CapabilityReading(read, counted);
        });
        var coverage = Build(current.Id, current.Name, sort, rows, measures);
        return Result<CoverageView>.Ok(new CoverageView(coverage, choices));
    }

    /// <summary>What <see cref="CoverageCache"/> keeps of a capability: its components with champions, and the measures.</summary>
    public sealed record CapabilityReading(IReadOnlyList<ComponentRow> Rows, IReadOnlyDictionary<CoverageMeasure, IReadOnlyDictionary<Guid, int>> Measures);

    /// <summary>The capability's live components with their active champions.</summary>
    private static async Task<IReadOnlyList<ComponentRow>> ComponentRowsAsync(GuildDb db, Guid capabilityId, CancellationToken cancellationToken)
    {
        // Active champions only: an ended championship or a deactivated person keeps its row (history) but not the count.
        var active = db.Set<ComponentChampion>().Where(c => c.EndedAt == null)
            .Join(db.Set<Person>().Where(p => p.Account.DeactivatedAt == null), c => c.PersonId, p => p.Id,
                (c, p) => new { c.ComponentId, PersonId = p.Id, p.GivenName, p.FamilyName, p.SortKey, c.Level });
        // One flat LEFT JOIN (a row per component and champion), grouped here: a collection projection would make the
        // database sort every row by ids first, which costs more than the grouping.
        var flat = await (
                from k in db.Set<KnowHowComponent>().Where(k => k.CapabilityId == capabilityId && k.ArchivedAt == null)
                from c in active.Where(c => c.ComponentId == k.Id).DefaultIfEmpty()
                select new
                {
                    k.Id, k.ParentId, k.Depth, k.Name, k.Position,
                    PersonId = (Guid?)c!.PersonId, c.GivenName, c.FamilyName, c.SortKey, Level = (ExpertiseLevel?)c.Level,
                })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return flat.GroupBy(r => r.Id).Select(g =>
        {
            var first = g.First();
            return new ComponentRow
            {
                Id = first.Id, ParentId = first.ParentId, Depth = first.Depth, Name = first.Name, Position = first.Position,
                Champions = [.. g.Where(r => r.PersonId is not null).Select(r => new ChampionRow
                {
                    PersonId = r.PersonId!.Value, GivenName = r.GivenName, FamilyName = r.FamilyName, SortKey = r.SortKey, Level = r.Level!.Value,
                })],
            };
        }).ToList();
    }

    /// <summary>Only the coverage, for the API.</summary>
    public async Task<Result<CapabilityCoverage>> GetCoverageAsync(Guid capabilityId, CoverageSort sort, CancellationToken cancellationToken)
    {
        var result = await GetAsync(capabilityId, sort, cancellationToken);
        return result.Status switch
        {
            ResultStatus.Ok => Result<CapabilityCoverage>.Ok(result.Value!.Coverage),
            ResultStatus.NotFound => Result<CapabilityCoverage>.NotFound(),
            _ => Result<CapabilityCoverage>.Forbidden(),
        };
    }

    /// <param name="withCounts">The chooser page shows each capability's counts; the coverage page only names them.</param>
    private async Task<(IReadOnlyList<CoverageChoice> Visible, CapabilityRow? Current)> VisibleChoicesAsync(GuildDb db, Guid? currentId, bool withCounts,
        CancellationToken cancellationToken)
    {
        var live = db.Set<Capability>().AsNoTracking().Where(c => c.ArchivedAt == null).OrderBy(c => c.Position).ThenBy(c => c.NameKey);
        var capabilities = withCounts
            ? await live.Select(c => new CapabilityRow
            {
                Id = c.Id, Name = c.Name, OwnerId = c.OwnerId,
                Components = db.Set<KnowHowComponent>().Count(k => k.CapabilityId == c.Id && k.ArchivedAt == null),
                WithoutChampion = db.Set<KnowHowComponent>().Count(k => k.CapabilityId == c.Id && k.ArchivedAt == null
                    && !db.Set<ComponentChampion>().Any(ch => ch.ComponentId == k.Id && ch.EndedAt == null
                        && db.Users.Any(u => u.Id == ch.PersonId && u.DeactivatedAt == null))),
            }).ToListAsync(cancellationToken)
            : await live.Select(c => new CapabilityRow { Id = c.Id, Name = c.Name, OwnerId = c.OwnerId }).ToListAsync(cancellationToken);
        var visible = new List<CoverageChoice>();
        CapabilityRow? current = null;
        foreach (var capability in capabilities)
        {
            // The rule decides per capability (the owner sees their own); it runs in memory, no query per row.
            capability.Visible = await me.CanAsync(new CoverageScope(capability.Id, capability.OwnerId), CoverageRule.View);
            if (capability.Visible)
            {
                visible.Add(new CoverageChoice(capability.Id, capability.Name, capability.Components, capability.WithoutChampion));
            }
            if (capability.Id == currentId)
            {
                current = capability;
            }
        }
        return (visible, current);
    }

    /// <summary>Puts the rows in map order (depth first, siblings by position), adds the measures and works out the gaps.</summary>
    internal static CapabilityCoverage Build(Guid capabilityId, string name, CoverageSort sort, IReadOnlyList<ComponentRow> rows,
        IReadOnlyDictionary<CoverageMeasure, IReadOnlyDictionary<Guid, int>> measures)
    {
        var ids = rows.Select(r => r.Id).ToHashSet();
        var children = rows.ToLookup(r => r.ParentId is { } parent && ids.Contains(parent) ? parent : (Guid?)null);
        var ordered = new List<ComponentRow>(rows.Count);
        void Walk(Guid? parent)
        {
            foreach (var row in children[parent].OrderBy(r => r.Position).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
            {
                ordered.Add(row);
                Walk(row.Id);
            }
        }
        Walk(null);

        int? Measure(CoverageMeasure measure, Guid id) =>
            measures.TryGetValue(measure, out var counts) ? counts.GetValueOrDefault(id) : null;

        var components = ordered.Select(row =>
        {
            var champions = row.Champions.OrderBy(c => c.SortKey, StringComparer.Ordinal)
                .Select(c => new CoverageChampion(c.PersonId, $"{c.GivenName} {c.FamilyName}", c.Level)).ToList();
            var resources = Measure(CoverageMeasure.Resources, row.Id);
            var demand = Measure(CoverageMeasure.OpenDemand, row.Id);
            return new ComponentCoverage(row.Id, row.ParentId, row.Depth, row.Name, champions.Count, champions,
                resources, demand, Measure(CoverageMeasure.Engagement, row.Id), GapsOf(champions.Count, resources, demand));
        }).ToList();

        var summary = new CoverageSummary(components.Count,
            components.Count(c => c.ChampionCount == 0),
            components.Count(c => c.ChampionCount == 1),
            components.Count(c => c.ChampionCount >= 2),
            measures.ContainsKey(CoverageMeasure.Resources) ? components.Count(c => c.Gaps.Contains(CoverageGap.NoResource)) : null,
            measures.ContainsKey(CoverageMeasure.OpenDemand) ? components.Count(c => c.Gaps.Contains(CoverageGap.UnansweredDemand)) : null);
        return new CapabilityCoverage(capabilityId, name, sort, measures.Keys.Order().ToList(), summary, Sorted(components, sort));
    }

    /// <summary>The gaps of one component, worst first. A measure nobody supplies (null) never makes a gap.</summary>
    internal static IReadOnlyList<CoverageGap> GapsOf(int champions, int? resources, int? openDemand)
    {
        var gaps = new List<CoverageGap>(3);
        if (champions == 0)
        {
            gaps.Add(CoverageGap.NoChampion);
        }
        if (openDemand > 0)
        {
            gaps.Add(CoverageGap.UnansweredDemand);
        }
        if (champions == 1)
        {
            gaps.Add(CoverageGap.SingleChampion);
        }
        if (resources == 0)
        {
            gaps.Add(CoverageGap.NoResource);
        }
        return gaps;
    }

    /// <summary>Stable sorts over map order, so equal components keep their place on the map.</summary>
    private static List<ComponentCoverage> Sorted(List<ComponentCoverage> components, CoverageSort sort) => sort switch
    {
        CoverageSort.Gap => components.OrderByDescending(c => c.Severity).ToList(),
        CoverageSort.Champions => components.OrderBy(c => c.ChampionCount).ToList(),
        CoverageSort.Name => components.OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList(),
        _ => components,
    };

    public sealed class ComponentRow
    {
        public Guid Id { get; init; }
        public Guid? ParentId { get; init; }
        public int Depth { get; init; }
        public string Name { get; init; } = "";
        public int Position { get; init; }
        public List<ChampionRow> Champions { get; init; } = [];
    }

    public sealed class ChampionRow
    {
        public Guid PersonId { get; init; }
        public string GivenName { get; init; } = "";
        public string FamilyName { get; init; } = "";
        public string SortKey { get; init; } = "";
        public ExpertiseLevel Level { get; init; }
    }

    private sealed class CapabilityRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public Guid? OwnerId { get; init; }
        public int Components { get; init; }
        public int WithoutChampion { get; init; }
        public bool Visible { get; set; }
    }
}
