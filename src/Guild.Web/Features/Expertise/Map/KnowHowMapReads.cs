using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>Reading the map: each read has its own pooled context, so a page's components may read at once.</summary>
public sealed partial class KnowHowMap
{
    /// <summary>The capabilities in map order, with how many live components each has.</summary>
    public async Task<Result<IReadOnlyList<CapabilitySummary>>> ListAsync(bool includeArchived, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Browse)
            || (includeArchived && !await me.CanAsync(MapOperations.WholeMap, MapOperations.Edit)))
        {
            return Result<IReadOnlyList<CapabilitySummary>>.Forbidden();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from capability in read.Set<Capability>().AsNoTracking()
                          where includeArchived || capability.ArchivedAt == null
                          join person in read.Set<Person>() on capability.OwnerId equals (Guid?)person.Id into people
                          from person in people.DefaultIfEmpty()
                          join user in read.Users on capability.OwnerId equals (Guid?)user.Id into users
                          from user in users.DefaultIfEmpty()
                          orderby capability.ArchivedAt != null, capability.Position, capability.Name
                          select new
                          {
                              capability,
                              Given = person == null ? null : person.GivenName,
                              Family = person == null ? null : person.FamilyName,
                              Email = user == null ? null : user.Email,
                              Count = read.Set<KnowHowComponent>().Count(c => c.CapabilityId == capability.Id && c.ArchivedAt == null),
                          }).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<CapabilitySummary>>.Ok(rows.Select(r => new CapabilitySummary(r.capability.Id, r.capability.Name,
            r.capability.Description, Owner(r.capability.OwnerId, r.Given, r.Family, r.Email), r.capability.Position, r.capability.ArchivedAt, r.Count)).ToList());
    }

    /// <summary>Every live capability with its live component tree: the map everyone browses (three queries).</summary>
    public async Task<Result<IReadOnlyList<CapabilityView>>> MapAsync(CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Browse))
        {
            return Result<IReadOnlyList<CapabilityView>>.Forbidden();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var capabilities = await CapabilitiesAsync(read, read.Set<Capability>().Where(c => c.ArchivedAt == null), cancellationToken);
        var components = await ComponentsAsync(read, LiveComponents(read), cancellationToken);
        return Result<IReadOnlyList<CapabilityView>>.Ok(capabilities.Select(c => c with { Components = Tree(components, c.Id) }).ToList());
    }

    /// <summary>One capability with its tree; archived components too when <paramref name="includeArchived"/> (L&amp;D admins only).</summary>
    public async Task<Result<CapabilityView>> GetAsync(Guid capabilityId, bool includeArchived, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Browse))
        {
            return Result<CapabilityView>.Forbidden();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var capability = await read.Set<Capability>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == capabilityId, cancellationToken);
        if (capability is null)
        {
            return Result<CapabilityView>.NotFound();
        }
        var editor = await me.CanAsync(capability, MapOperations.Edit);
        if (!await me.CanAsync(capability, MapOperations.Browse) || (includeArchived && !editor))
        {
            return Result<CapabilityView>.Forbidden();
        }
        if (capability.ArchivedAt is not null && !editor)
        {
            // An archived capability is history, kept for L&D; for everyone else it is gone from the map.
            return Result<CapabilityView>.NotFound();
        }
        var view = (await CapabilitiesAsync(read, read.Set<Capability>().Where(c => c.Id == capabilityId), cancellationToken)).Single();
        var components = await ComponentsAsync(read, read.Set<KnowHowComponent>()
            .Where(c => c.CapabilityId == capabilityId && (includeArchived || c.ArchivedAt == null)), cancellationToken);
        return Result<CapabilityView>.Ok(view with { Components = Tree(components, capabilityId) });
    }

    /// <summary>One component with its path; archived ones for L&amp;D admins only (others get not found).</summary>
    public async Task<Result<ComponentView>> GetComponentAsync(Guid componentId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Browse))
        {
            return Result<ComponentView>.Forbidden();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var component = await read.Set<KnowHowComponent>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == componentId, cancellationToken);
        if (component is null)
        {
            return Result<ComponentView>.NotFound();
        }
        var capability = await read.Set<Capability>().AsNoTracking().SingleAsync(c => c.Id == component.CapabilityId, cancellationToken);
        if (!await me.CanAsync(capability, MapOperations.Browse))
        {
            return Result<ComponentView>.Forbidden();
        }
        if ((component.ArchivedAt is not null || capability.ArchivedAt is not null) && !await me.CanAsync(capability, MapOperations.Edit))
        {
            return Result<ComponentView>.NotFound();
        }
        var all = await ComponentsAsync(read, read.Set<KnowHowComponent>().Where(c => c.CapabilityId == component.CapabilityId), cancellationToken);
        return Result<ComponentView>.Ok(ViewOf(capability, all, componentId));
    }

    /// <summary>
    /// The components that are live: not archived (nor merged), of a capability that is not archived. Other parts
    /// compose it into their own queries (calls, coverage, teams), so it costs no extra round trip.
    /// </summary>
    public static IQueryable<KnowHowComponent> LiveComponents(GuildDb db) =>
        db.Set<KnowHowComponent>().Where(c => c.ArchivedAt == null && db.Set<Capability>().Any(k => k.Id == c.CapabilityId && k.ArchivedAt == null));

    /// <summary>
    /// The live components of a live capability in tree order, for pickers and calls (archived components and
    /// everything of an archived capability never appear). Empty when the capability is unknown or archived.
    /// No rule of its own: callers (a call's page, a job) have checked theirs; the API asks the capability's first.
    /// </summary>
    public async Task<IReadOnlyList<LiveComponent>> LiveComponentsAsync(Guid capabilityId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await LiveComponents(read).AsNoTracking()
            .Where(c => c.CapabilityId == capabilityId)
            .Select(c => new { c.Id, c.ParentId, c.Depth, c.Name, c.Position })
            .ToListAsync(cancellationToken);
        var byParent = rows.ToLookup(r => r.ParentId);
        var result = new List<LiveComponent>(rows.Count);
        void Walk(Guid? parentId, string prefix)
        {
            foreach (var row in byParent[parentId].OrderBy(r => r.Position).ThenBy(r => r.Name, StringComparer.CurrentCulture))
            {
                var path = prefix.Length == 0 ? row.Name : $"{prefix}{PathSeparator}{row.Name}";
                result.Add(new LiveComponent(row.Id, capabilityId, row.ParentId, row.Depth, row.Name, path));
                Walk(row.Id, path);
            }
        }
        Walk(null, "");
        return result;
    }

    /// <summary>How a component's place is written: "Video &gt; Editing" (in the CSV's parent column too).</summary>
    public const string PathSeparator = " > ";

    private sealed record ComponentRow(KnowHowComponent Component, MapPerson? Owner);

    private static MapPerson? Owner(Guid? id, string? given, string? family, string? email) =>
        id is { } ownerId && given is not null ? new MapPerson(ownerId, $"{given} {family}", email) : null;

    private static async Task<List<CapabilityView>> CapabilitiesAsync(GuildDb read, IQueryable<Capability> query, CancellationToken cancellationToken)
    {
        var rows = await (from capability in query.AsNoTracking()
                          join person in read.Set<Person>() on capability.OwnerId equals (Guid?)person.Id into people
                          from person in people.DefaultIfEmpty()
                          join user in read.Users on capability.OwnerId equals (Guid?)user.Id into users
                          from user in users.DefaultIfEmpty()
                          orderby capability.Position, capability.Name
                          select new
                          {
                              capability,
                              Given = person == null ? null : person.GivenName,
                              Family = person == null ? null : person.FamilyName,
                              Email = user == null ? null : user.Email,
                          }).ToListAsync(cancellationToken);
        return rows.Select(r => new CapabilityView(r.capability.Id, r.capability.Name, r.capability.Description, Owner(r.capability.OwnerId, r.Given, r.Family, r.Email),
            r.capability.Position, r.capability.ArchivedAt, [])).ToList();
    }

    /// <summary>Components with their owners, then their skills: two queries whatever the number of components.</summary>
    private static async Task<(List<ComponentRow> Rows, ILookup<Guid, MapSkill> Skills)> ComponentsAsync(
        GuildDb read, IQueryable<KnowHowComponent> query, CancellationToken cancellationToken)
    {
        var rows = (await (from component in query.AsNoTracking()
                           join person in read.Set<Person>() on component.OwnerId equals (Guid?)person.Id into people
                           from person in people.DefaultIfEmpty()
                           join user in read.Users on component.OwnerId equals (Guid?)user.Id into users
                           from user in users.DefaultIfEmpty()
                           select new
                           {
                               component,
                               Given = person == null ? null : person.GivenName,
                               Family = person == null ? null : person.FamilyName,
                               Email = user == null ? null : user.Email,
                           }).ToListAsync(cancellationToken))
            .Select(r => new ComponentRow(r.component, Owner(r.component.OwnerId, r.Given, r.Family, r.Email))).ToList();
        var skills = await (from link in read.Set<ComponentSkill>()
                            join skill in read.Set<Skill>() on link.SkillId equals skill.Id
                            where query.Any(c => c.Id == link.ComponentId)
                            select new { link.ComponentId, skill.Id, skill.Name }).ToListAsync(cancellationToken);
        return (rows, skills.OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ToLookup(s => s.ComponentId, s => new MapSkill(s.Id, s.Name)));
    }

    private static List<ComponentNode> Tree((List<ComponentRow> Rows, ILookup<Guid, MapSkill> Skills) components, Guid capabilityId)
    {
        var byParent = components.Rows.Where(r => r.Component.CapabilityId == capabilityId).ToLookup(r => r.Component.ParentId);
        List<ComponentNode> Children(Guid? parentId) => byParent[parentId]
            .OrderBy(r => r.Component.ArchivedAt is not null).ThenBy(r => r.Component.Position).ThenBy(r => r.Component.Name, StringComparer.CurrentCulture)
            .Select(r => new ComponentNode(r.Component.Id, r.Component.ParentId, r.Component.Depth, r.Component.Name, r.Component.Description,
                r.Owner, r.Component.Position, components.Skills[r.Component.Id].ToList(), r.Component.ArchivedAt, r.Component.MergedIntoId,
                Children(r.Component.Id)))
            .ToList();
        return Children(null);
    }

    private static ComponentView ViewOf(Capability capability, (List<ComponentRow> Rows, ILookup<Guid, MapSkill> Skills) components, Guid componentId)
    {
        var byId = components.Rows.ToDictionary(r => r.Component.Id);
        var row = byId[componentId];
        var path = new List<string>();
        for (var at = row.Component; ; at = byId[at.ParentId!.Value].Component)
        {
            path.Insert(0, at.Name);
            if (at.ParentId is null)
            {
                break;
            }
        }
        var c = row.Component;
        return new ComponentView(c.Id, capability.Id, capability.Name, c.ParentId, c.Depth, c.Name, c.Description, row.Owner, c.Position,
            components.Skills[c.Id].ToList(), c.ArchivedAt, c.MergedIntoId, path);
    }
}
