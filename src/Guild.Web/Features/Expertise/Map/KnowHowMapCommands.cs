using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Teams;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>
/// The know-how map: L&amp;D admins shape capabilities and their components (create, rename, describe, own, reorder,
/// move, merge, archive), everyone in the organisation browses them. Commands use the request's
/// <see cref="GuildDb"/> as their unit of work with the audit entry; reads use a pooled context each
/// (<see cref="KnowHowMap"/> reads). Every rule about who may do it is <see cref="CapabilityRule"/>'s.
/// Bad input changes nothing and answers field errors.
/// </summary>
public sealed partial class KnowHowMap(
    GuildDb db,
    IDbContextFactory<GuildDb> contexts,
    CurrentPerson me,
    AuditLog audit,
    ILookupNormalizer normalizer,
    TimeProvider clock,
    IStringLocalizer<MapText> text)
{
    public const int NameMaxLength = 150;
    public const int DescriptionMaxLength = 4000;
    public const int SkillMaxLength = 100;
    public const int MaxSkillsPerComponent = 30;

    public async Task<Result<CapabilityView>> CreateCapabilityAsync(CapabilityRequest request, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Edit))
        {
            return Result<CapabilityView>.Forbidden();
        }
        var errors = new MapFieldErrors(text);
        var name = errors.Name("name", request.Name);
        var description = errors.Description("description", request.Description);
        var ownerId = await OwnerAsync(errors, "ownerEmail", request.OwnerEmail, cancellationToken);
        if (name is not null && await db.Set<Capability>().AnyAsync(c => c.ArchivedAt == null && c.NameKey == Person.Fold(name), cancellationToken))
        {
            errors.Add("name", text["CapabilityNameTaken", name]);
        }
        if (errors.Any)
        {
            return Result<CapabilityView>.Invalid(errors.Errors);
        }
        var now = clock.GetUtcNow();
        var position = await db.Set<Capability>().Where(c => c.ArchivedAt == null).Select(c => (int?)c.Position).MaxAsync(cancellationToken) ?? -1;
        var capability = new Capability
        {
            Id = Guid.CreateVersion7(), Name = name!, NameKey = Person.Fold(name!), Description = description, OwnerId = ownerId,
            Position = position + 1, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(capability);
        audit.Record(AuditActions.CapabilityCreated, AuditObjectTypes.Capability, capability.Id.ToString(), capability.Name);
        return await SaveAsync(() => GetAsync(capability.Id, includeArchived: true, cancellationToken), cancellationToken);
    }

    public async Task<Result<CapabilityView>> UpdateCapabilityAsync(Guid capabilityId, CapabilityRequest request, CancellationToken cancellationToken)
    {
        var (capability, refusal) = await EditableCapabilityAsync<CapabilityView>(capabilityId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = new MapFieldErrors(text);
        var name = errors.Name("name", request.Name);
        var description = errors.Description("description", request.Description);
        var ownerId = await OwnerAsync(errors, "ownerEmail", request.OwnerEmail, cancellationToken);
        if (name is not null && capability!.ArchivedAt is null && await db.Set<Capability>()
                .AnyAsync(c => c.Id != capabilityId && c.ArchivedAt == null && c.NameKey == Person.Fold(name), cancellationToken))
        {
            errors.Add("name", text["CapabilityNameTaken", name]);
        }
        if (errors.Any)
        {
            return Result<CapabilityView>.Invalid(errors.Errors);
        }
        if (capability!.Name != name || capability.Description != description || capability.OwnerId != ownerId)
        {
            audit.Record(AuditActions.CapabilityChanged, AuditObjectTypes.Capability, capability.Id.ToString(), name, new
            {
                Renamed = capability.Name != name ? capability.Name : null,
                DescriptionChanged = capability.Description != description,
                OwnerChanged = capability.OwnerId != ownerId,
            });
            capability.Name = name!;
            capability.NameKey = Person.Fold(name!);
            capability.Description = description;
            capability.OwnerId = ownerId;
            capability.UpdatedAt = clock.GetUtcNow();
        }
        return await SaveAsync(() => GetAsync(capabilityId, includeArchived: true, cancellationToken), cancellationToken);
    }

    /// <summary>Puts a live capability at <paramref name="position"/> among the live ones (the up and down buttons move it by one).</summary>
    public async Task<Result<CapabilityView>> MoveCapabilityAsync(Guid capabilityId, int position, CancellationToken cancellationToken)
    {
        var (capability, refusal) = await EditableCapabilityAsync<CapabilityView>(capabilityId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (capability!.ArchivedAt is not null)
        {
            return Result<CapabilityView>.Conflict(text["CapabilityArchived"]);
        }
        var live = await db.Set<Capability>().Where(c => c.ArchivedAt == null).OrderBy(c => c.Position).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var before = live.IndexOf(capability);
        if (Place(live, capability, position, (c, p) => c.Position = p) != before)
        {
            audit.Record(AuditActions.CapabilityMoved, AuditObjectTypes.Capability, capability.Id.ToString(), capability.Name,
                new { From = before, To = live.IndexOf(capability) });
        }
        return await SaveAsync(() => GetAsync(capabilityId, includeArchived: true, cancellationToken), cancellationToken);
    }

    /// <summary>Archives a capability: it leaves the map, pickers and calls; its components and everything on them stay as history.</summary>
    public async Task<Result<CapabilityView>> ArchiveCapabilityAsync(Guid capabilityId, CancellationToken cancellationToken)
    {
        var (capability, refusal) = await EditableCapabilityAsync<CapabilityView>(capabilityId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (capability!.ArchivedAt is null)
        {
            capability.ArchivedAt = capability.UpdatedAt = clock.GetUtcNow();
            audit.Record(AuditActions.CapabilityArchived, AuditObjectTypes.Capability, capability.Id.ToString(), capability.Name);
            var live = await db.Set<Capability>().Where(c => c.ArchivedAt == null && c.Id != capabilityId).OrderBy(c => c.Position).ToListAsync(cancellationToken);
            Renumber(live, (c, p) => c.Position = p);
        }
        return await SaveAsync(() => GetAsync(capabilityId, includeArchived: true, cancellationToken), cancellationToken);
    }

    /// <summary>Brings an archived capability back, last on the map, unless a live one has taken its name meanwhile.</summary>
    public async Task<Result<CapabilityView>> UnarchiveCapabilityAsync(Guid capabilityId, CancellationToken cancellationToken)
    {
        var (capability, refusal) = await EditableCapabilityAsync<CapabilityView>(capabilityId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (capability!.ArchivedAt is not null)
        {
            if (await db.Set<Capability>().AnyAsync(c => c.ArchivedAt == null && c.NameKey == capability.NameKey, cancellationToken))
            {
                return Result<CapabilityView>.Conflict(text["CapabilityNameTaken", capability.Name]);
            }
            capability.ArchivedAt = null;
            capability.UpdatedAt = clock.GetUtcNow();
            capability.Position = (await db.Set<Capability>().Where(c => c.ArchivedAt == null).Select(c => (int?)c.Position).MaxAsync(cancellationToken) ?? -1) + 1;
            audit.Record(AuditActions.CapabilityUnarchived, AuditObjectTypes.Capability, capability.Id.ToString(), capability.Name);
        }
        return await SaveAsync(() => GetAsync(capabilityId, includeArchived: true, cancellationToken), cancellationToken);
    }

    public async Task<Result<ComponentView>> CreateComponentAsync(Guid capabilityId, NewComponentRequest request, CancellationToken cancellationToken)
    {
        var (capability, refusal) = await EditableCapabilityAsync<ComponentView>(capabilityId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (capability!.ArchivedAt is not null)
        {
            return Result<ComponentView>.Conflict(text["CapabilityArchived"]);
        }
        var all = await db.Set<KnowHowComponent>().Where(c => c.CapabilityId == capabilityId).ToListAsync(cancellationToken);
        var errors = new MapFieldErrors(text);
        var name = errors.Name("name", request.Name);
        var description = errors.Description("description", request.Description);
        var ownerId = await OwnerAsync(errors, "ownerEmail", request.OwnerEmail, cancellationToken);
        var skillNames = errors.Skills("skills", request.Skills);
        KnowHowComponent? parent = null;
        if (request.ParentId is { } parentId)
        {
            parent = all.FirstOrDefault(c => c.Id == parentId && c.ArchivedAt == null);
            if (parent is null)
            {
                errors.Add("parentId", text["ParentUnknown"]);
            }
            else if (parent.Depth >= KnowHowComponent.MaxDepth)
            {
                errors.Add("parentId", text["TooDeep", KnowHowComponent.MaxDepth]);
            }
        }
        if (name is not null && !errors.Has("parentId") && Siblings(all, capabilityId, parent?.Id).Any(c => c.NameKey == Person.Fold(name)))
        {
            errors.Add("name", text["ComponentNameTaken", name]);
        }
        if (errors.Any)
        {
            return Result<ComponentView>.Invalid(errors.Errors);
        }
        var now = clock.GetUtcNow();
        var component = new KnowHowComponent
        {
            Id = Guid.CreateVersion7(), CapabilityId = capabilityId, ParentId = parent?.Id, Depth = (parent?.Depth ?? 0) + 1,
            Name = name!, NameKey = Person.Fold(name!), Description = description, OwnerId = ownerId,
            Position = Siblings(all, capabilityId, parent?.Id).Select(c => c.Position + 1).DefaultIfEmpty(0).Max(),
            CreatedAt = now, UpdatedAt = now,
        };
        db.Add(component);
        await SetSkillsAsync(component.Id, skillNames, [], cancellationToken);
        audit.Record(AuditActions.ComponentCreated, AuditObjectTypes.Component, component.Id.ToString(), component.Name,
            new { Capability = capability.Name, Parent = parent?.Name, Depth = component.Depth });
        return await SaveAsync(() => GetComponentAsync(component.Id, cancellationToken), cancellationToken);
    }

    public async Task<Result<ComponentView>> UpdateComponentAsync(Guid componentId, ComponentRequest request, CancellationToken cancellationToken)
    {
        var (component, all, refusal) = await EditableComponentAsync(componentId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = new MapFieldErrors(text);
        var name = errors.Name("name", request.Name);
        var description = errors.Description("description", request.Description);
        var ownerId = await OwnerAsync(errors, "ownerEmail", request.OwnerEmail, cancellationToken);
        var skillNames = errors.Skills("skills", request.Skills);
        if (name is not null && Siblings(all!, component!.CapabilityId, component.ParentId).Any(c => c.Id != componentId && c.NameKey == Person.Fold(name)))
        {
            errors.Add("name", text["ComponentNameTaken", name]);
        }
        if (errors.Any)
        {
            return Result<ComponentView>.Invalid(errors.Errors);
        }
        var current = await db.Set<ComponentSkill>().Where(s => s.ComponentId == componentId).ToListAsync(cancellationToken);
        var (added, removed) = await SetSkillsAsync(componentId, skillNames, current, cancellationToken);
        if (component!.Name != name || component.Description != description || component.OwnerId != ownerId || added + removed > 0)
        {
            audit.Record(AuditActions.ComponentChanged, AuditObjectTypes.Component, component.Id.ToString(), name, new
            {
                Renamed = component.Name != name ? component.Name : null,
                DescriptionChanged = component.Description != description,
                OwnerChanged = component.OwnerId != ownerId,
                SkillsAdded = added,
                SkillsRemoved = removed,
            });
            component.Name = name!;
            component.NameKey = Person.Fold(name!);
            component.Description = description;
            component.OwnerId = ownerId;
            component.UpdatedAt = clock.GetUtcNow();
        }
        return await SaveAsync(() => GetComponentAsync(componentId, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Moves a component (with everything under it) to another parent of the same capability and/or another place among
    /// its siblings. The whole branch must stay within three levels; names stay unique among the new siblings.
    /// </summary>
    public async Task<Result<ComponentView>> MoveComponentAsync(Guid componentId, ComponentMoveRequest request, CancellationToken cancellationToken)
    {
        var (component, all, refusal) = await EditableComponentAsync(componentId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        KnowHowComponent? parent = null;
        if (request.ParentId is { } parentId)
        {
            parent = all!.FirstOrDefault(c => c.Id == parentId && c.ArchivedAt == null);
            if (parent is null)
            {
                return Result<ComponentView>.Invalid("parentId", text["ParentUnknown"]);
            }
            if (Branch(all!, component!).Contains(parent))
            {
                return Result<ComponentView>.Invalid("parentId", text["MoveIntoItself"]);
            }
        }
        if ((parent?.Depth ?? 0) + Height(all!, component!) > KnowHowComponent.MaxDepth)
        {
            return Result<ComponentView>.Invalid("parentId", text["TooDeep", KnowHowComponent.MaxDepth]);
        }
        var newSiblings = Siblings(all!, component!.CapabilityId, parent?.Id).Where(c => c.Id != componentId).ToList();
        if (newSiblings.Any(c => c.NameKey == component.NameKey))
        {
            return Result<ComponentView>.Invalid("parentId", text["ComponentNameTaken", component.Name]);
        }
        var oldParentId = component.ParentId;
        var before = component.Position;
        if (oldParentId != parent?.Id)
        {
            Renumber(Siblings(all!, component.CapabilityId, oldParentId).Where(c => c.Id != componentId).ToList(), (c, p) => c.Position = p);
            component.ParentId = parent?.Id;
            SetDepths(all!, component, (parent?.Depth ?? 0) + 1);
        }
        var siblings = newSiblings.Append(component).ToList();
        var moved = Place(siblings, component, request.Position ?? int.MaxValue, (c, p) => c.Position = p);
        if (oldParentId != parent?.Id || moved != before)
        {
            component.UpdatedAt = clock.GetUtcNow();
            audit.Record(AuditActions.ComponentMoved, AuditObjectTypes.Component, component.Id.ToString(), component.Name, new
            {
                FromParent = all!.FirstOrDefault(c => c.Id == oldParentId)?.Name,
                ToParent = parent?.Name,
                Position = component.Position,
            });
        }
        return await SaveAsync(() => GetComponentAsync(componentId, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Merges a component into another of the same capability: its champions (a person who championed both keeps one
    /// row with the earlier start), volunteers' offers, calls, teams, skills and children move to the target; the merged
    /// one is archived with <see cref="KnowHowComponent.MergedIntoId"/> so old links find the survivor. One transaction.
    /// </summary>
    public async Task<Result<ComponentMergeOutcome>> MergeComponentAsync(Guid componentId, ComponentMergeRequest request, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (source, all, refusal) = await EditableComponentAsync(componentId, cancellationToken);
        if (refusal is not null)
        {
            return refusal.Status switch
            {
                ResultStatus.NotFound => Result<ComponentMergeOutcome>.NotFound(),
                ResultStatus.Forbidden => Result<ComponentMergeOutcome>.Forbidden(refusal.Message),
                _ => Result<ComponentMergeOutcome>.Conflict(refusal.Message ?? ""),
            };
        }
        var target = all!.FirstOrDefault(c => c.Id == request.TargetId && c.ArchivedAt == null);
        if (target is null)
        {
            return Result<ComponentMergeOutcome>.Invalid("targetId", text["MergeTargetUnknown"]);
        }
        if (Branch(all!, source!).Contains(target))
        {
            return Result<ComponentMergeOutcome>.Invalid("targetId", text["MergeIntoItself"]);
        }
        var children = all!.Where(c => c.ParentId == source!.Id && c.ArchivedAt == null).OrderBy(c => c.Position).ToList();
        if (children.Count > 0 && target.Depth + children.Max(c => Height(all!, c)) > KnowHowComponent.MaxDepth)
        {
            return Result<ComponentMergeOutcome>.Invalid("targetId", text["TooDeep", KnowHowComponent.MaxDepth]);
        }
        var targetChildren = all!.Where(c => c.ParentId == target.Id && c.ArchivedAt == null).ToList();
        var clashes = children.Where(c => targetChildren.Any(t => t.NameKey == c.NameKey)).Select(c => c.Name).ToList();
        if (clashes.Count > 0)
        {
            return Result<ComponentMergeOutcome>.Invalid("targetId", text["MergeChildNamesClash", string.Join(", ", clashes)]);
        }

        // Children go under the target, after its own.
        var next = targetChildren.Select(c => c.Position + 1).DefaultIfEmpty(0).Max();
        foreach (var child in children)
        {
            child.ParentId = target.Id;
            child.Position = next++;
            SetDepths(all!, child, target.Depth + 1);
        }

        // Champions: a person who champions both keeps one row, with the earlier start and the higher level.
        var champions = await db.Set<ComponentChampion>().Where(c => c.ComponentId == source!.Id || c.ComponentId == target.Id).ToListAsync(cancellationToken);
        var championsMoved = 0;
        foreach (var row in champions.Where(c => c.ComponentId == source!.Id).ToList())
        {
            var kept = champions.FirstOrDefault(c => c.ComponentId == target.Id && c.PersonId == row.PersonId);
            db.Remove(row);
            if (kept is null)
            {
                db.Add(new ComponentChampion
                {
                    PersonId = row.PersonId, ComponentId = target.Id, Level = row.Level, Since = row.Since, ApprovedById = row.ApprovedById,
                    CallId = row.CallId, EndedAt = row.EndedAt,
                });
            }
            else
            {
                kept.Since = kept.Since <= row.Since ? kept.Since : row.Since;
                kept.Level = kept.Level >= row.Level ? kept.Level : row.Level;
                // Still a champion of either means still a champion of the merged one.
                kept.EndedAt = kept.EndedAt is null || row.EndedAt is null ? null : kept.EndedAt > row.EndedAt ? kept.EndedAt : row.EndedAt;
            }
            championsMoved++;
        }

        // Offers from calls: a volunteer who offered both keeps the target's offer (the decision made on it).
        var offers = await db.Set<VolunteeredComponent>().Where(v => v.ComponentId == source!.Id || v.ComponentId == target.Id).ToListAsync(cancellationToken);
        var volunteersMoved = 0;
        foreach (var offer in offers.Where(v => v.ComponentId == source!.Id).ToList())
        {
            db.Remove(offer);
            if (!offers.Any(v => v.ComponentId == target.Id && v.VolunteeringId == offer.VolunteeringId))
            {
                db.Add(new VolunteeredComponent
                {
                    VolunteeringId = offer.VolunteeringId, ComponentId = target.Id, Level = offer.Level, Decision = offer.Decision,
                    DecidedAt = offer.DecidedAt, DecidedById = offer.DecidedById, DecisionMessage = offer.DecisionMessage,
                });
                volunteersMoved++;
            }
        }

        var calls = await db.Set<CallComponent>().Where(c => c.ComponentId == source!.Id || c.ComponentId == target.Id).ToListAsync(cancellationToken);
        var callsMoved = 0;
        foreach (var call in calls.Where(c => c.ComponentId == source!.Id).ToList())
        {
            db.Remove(call);
            if (!calls.Any(c => c.ComponentId == target.Id && c.CallId == call.CallId))
            {
                db.Add(new CallComponent { CallId = call.CallId, ComponentId = target.Id });
                callsMoved++;
            }
        }

        var teams = await db.Set<TeamComponent>().Where(t => t.ComponentId == source!.Id || t.ComponentId == target.Id).ToListAsync(cancellationToken);
        var teamsMoved = 0;
        foreach (var team in teams.Where(t => t.ComponentId == source!.Id).ToList())
        {
            db.Remove(team);
            if (!teams.Any(t => t.ComponentId == target.Id && t.TeamId == team.TeamId))
            {
                db.Add(new TeamComponent { TeamId = team.TeamId, ComponentId = target.Id });
                teamsMoved++;
            }
        }

        // Skills: the target covers what either covered, so endorsements of those skills still count for it.
        var skills = await db.Set<ComponentSkill>().Where(s => s.ComponentId == source!.Id || s.ComponentId == target.Id).ToListAsync(cancellationToken);
        var skillsAdded = 0;
        foreach (var skill in skills.Where(s => s.ComponentId == source!.Id).ToList())
        {
            db.Remove(skill);
            if (!skills.Any(s => s.ComponentId == target.Id && s.SkillId == skill.SkillId))
            {
                db.Add(new ComponentSkill { ComponentId = target.Id, SkillId = skill.SkillId });
                skillsAdded++;
            }
        }

        var now = clock.GetUtcNow();
        // Links to components merged into this one earlier resolve to the survivor in one step.
        foreach (var earlier in all!.Where(c => c.MergedIntoId == source!.Id))
        {
            earlier.MergedIntoId = target.Id;
        }
        source!.ArchivedAt = source.UpdatedAt = now;
        source.MergedIntoId = target.Id;
        target.UpdatedAt = now;
        Renumber(Siblings(all!, source.CapabilityId, source.ParentId).ToList(), (c, p) => c.Position = p);
        audit.Record(AuditActions.ComponentMerged, AuditObjectTypes.Component, source.Id.ToString(), source.Name, new
        {
            Into = target.Name,
            IntoId = target.Id,
            Champions = championsMoved,
            Volunteers = volunteersMoved,
            Calls = callsMoved,
            Teams = teamsMoved,
            SkillsAdded = skillsAdded,
            Children = children.Count,
        });
        var saved = await SaveAsync(() => Task.FromResult(Result<bool>.Ok(true)), cancellationToken);
        if (!saved.IsOk)
        {
            return Result<ComponentMergeOutcome>.Conflict(saved.Message ?? "");
        }
        await transaction.CommitAsync(cancellationToken);
        var view = await GetComponentAsync(target.Id, cancellationToken);
        return Result<ComponentMergeOutcome>.Ok(new ComponentMergeOutcome(view.Value!, championsMoved, volunteersMoved, callsMoved, teamsMoved, skillsAdded, children.Count));
    }

    /// <summary>
    /// Archives a component and everything under it: they vanish from the map, pickers and calls; champions, offers and
    /// links stay as history.
    /// </summary>
    public async Task<Result<ComponentView>> ArchiveComponentAsync(Guid componentId, CancellationToken cancellationToken)
    {
        var (component, all, refusal) = await EditableComponentAsync(componentId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var now = clock.GetUtcNow();
        var branch = Branch(all!, component!).Where(c => c.ArchivedAt == null).ToList();
        foreach (var archived in branch)
        {
            archived.ArchivedAt = archived.UpdatedAt = now;
        }
        Renumber(Siblings(all!, component!.CapabilityId, component.ParentId).ToList(), (c, p) => c.Position = p);
        audit.Record(AuditActions.ComponentArchived, AuditObjectTypes.Component, component.Id.ToString(), component.Name,
            new { ComponentsArchived = branch.Count });
        return await SaveAsync(() => GetComponentAsync(componentId, cancellationToken), cancellationToken);
    }

    // ---- helpers ----

    private async Task<(Capability? Capability, Result<T>? Refusal)> EditableCapabilityAsync<T>(Guid capabilityId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Edit))
        {
            return (null, Result<T>.Forbidden());
        }
        var capability = await db.Set<Capability>().FirstOrDefaultAsync(c => c.Id == capabilityId, cancellationToken);
        if (capability is null)
        {
            return (null, Result<T>.NotFound());
        }
        return await me.CanAsync(capability, MapOperations.Edit) ? (capability, null) : (null, Result<T>.Forbidden());
    }

    /// <summary>The live component with every component of its capability (tracked), or why not.</summary>
    private async Task<(KnowHowComponent? Component, List<KnowHowComponent>? All, Result<ComponentView>? Refusal)> EditableComponentAsync(
        Guid componentId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Edit))
        {
            return (null, null, Result<ComponentView>.Forbidden());
        }
        var capability = await db.Set<Capability>()
            .FirstOrDefaultAsync(k => db.Set<KnowHowComponent>().Any(c => c.Id == componentId && c.CapabilityId == k.Id), cancellationToken);
        if (capability is null)
        {
            return (null, null, Result<ComponentView>.NotFound());
        }
        if (!await me.CanAsync(capability, MapOperations.Edit))
        {
            return (null, null, Result<ComponentView>.Forbidden());
        }
        var all = await db.Set<KnowHowComponent>().Where(c => c.CapabilityId == capability.Id).ToListAsync(cancellationToken);
        var component = all.Single(c => c.Id == componentId);
        if (capability.ArchivedAt is not null)
        {
            return (null, null, Result<ComponentView>.Conflict(text["CapabilityArchived"]));
        }
        if (component.ArchivedAt is not null)
        {
            return (null, null, Result<ComponentView>.Conflict(text["ComponentArchived"]));
        }
        return (component, all, null);
    }

    private static IEnumerable<KnowHowComponent> Siblings(List<KnowHowComponent> all, Guid capabilityId, Guid? parentId) =>
        all.Where(c => c.CapabilityId == capabilityId && c.ParentId == parentId && c.ArchivedAt == null).OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>The component and every component under it (live or not).</summary>
    private static List<KnowHowComponent> Branch(List<KnowHowComponent> all, KnowHowComponent top)
    {
        var branch = new List<KnowHowComponent> { top };
        for (var i = 0; i < branch.Count; i++)
        {
            branch.AddRange(all.Where(c => c.ParentId == branch[i].Id));
        }
        return branch;
    }

    /// <summary>Levels the branch takes: 1 for a component without live children.</summary>
    private static int Height(List<KnowHowComponent> all, KnowHowComponent top) =>
        1 + all.Where(c => c.ParentId == top.Id && c.ArchivedAt == null).Select(c => Height(all, c)).DefaultIfEmpty(0).Max();

    private static void SetDepths(List<KnowHowComponent> all, KnowHowComponent top, int depth)
    {
        top.Depth = depth;
        foreach (var child in all.Where(c => c.ParentId == top.Id))
        {
            SetDepths(all, child, depth + 1);
        }
    }

    /// <summary>Moves <paramref name="item"/> to <paramref name="position"/> (clamped) and numbers the list 0, 1, 2…; answers where it ended.</summary>
    internal static int Place<T>(List<T> ordered, T item, int position, Action<T, int> setPosition)
    {
        ordered.Remove(item);
        var index = Math.Clamp(position, 0, ordered.Count);
        ordered.Insert(index, item);
        Renumber(ordered, setPosition);
        return index;
    }

    private static void Renumber<T>(List<T> ordered, Action<T, int> setPosition)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            setPosition(ordered[i], i);
        }
    }

    /// <summary>The person with this e-mail address (their sign-in name), if they are active; notes the error otherwise.</summary>
    private async Task<Guid?> OwnerAsync(MapFieldErrors errors, string field, string? email, CancellationToken cancellationToken)
    {
        var trimmed = errors.Text(field, email, 256, required: false);
        if (trimmed is null)
        {
            return null;
        }
        var owner = await FindOwnersAsync([trimmed], cancellationToken);
        if (owner.TryGetValue(trimmed, out var id))
        {
            return id;
        }
        errors.Add(field, text["OwnerUnknown", trimmed]);
        return null;
    }

    /// <summary>Active people by e-mail address (case-insensitive), in one query.</summary>
    internal async Task<Dictionary<string, Guid>> FindOwnersAsync(IReadOnlyCollection<string> emails, CancellationToken cancellationToken)
    {
        var normalized = emails.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(e => normalizer.NormalizeName(e), e => e);
        var keys = normalized.Keys.ToList();
        var found = await db.Users.AsNoTracking()
            .Where(u => keys.Contains(u.NormalizedUserName!) && u.DeactivatedAt == null)
            .Select(u => new { u.Id, u.NormalizedUserName })
            .ToListAsync(cancellationToken);
        var result = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in found)
        {
            result[normalized[user.NormalizedUserName!]] = user.Id;
        }
        return result;
    }

    /// <summary>Sets a component's skills to exactly <paramref name="names"/>, creating skills Guild does not know yet.</summary>
    internal async Task<(int Added, int Removed)> SetSkillsAsync(Guid componentId, IReadOnlyList<string> names, List<ComponentSkill> current, CancellationToken cancellationToken)
    {
        var skills = await SkillsAsync(names, cancellationToken);
        var wanted = skills.Values.Select(s => s.Id).ToHashSet();
        var removed = current.Where(c => !wanted.Contains(c.SkillId)).ToList();
        db.RemoveRange(removed);
        var added = 0;
        foreach (var id in wanted.Where(id => current.All(c => c.SkillId != id)))
        {
            db.Add(new ComponentSkill { ComponentId = componentId, SkillId = id });
            added++;
        }
        return (added, removed.Count);
    }

    private readonly Dictionary<string, Skill> _skills = new(StringComparer.Ordinal);

    /// <summary>The skills of these names by folded name, existing or new (added to the unit of work), one query.</summary>
    internal async Task<Dictionary<string, Skill>> SkillsAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var byKey = names.GroupBy(Person.Fold).ToDictionary(g => g.Key, g => g.First());
        var missing = byKey.Keys.Where(k => !_skills.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            foreach (var skill in await db.Set<Skill>().Where(s => missing.Contains(s.NameKey)).ToListAsync(cancellationToken))
            {
                _skills[skill.NameKey] = skill;
            }
            foreach (var key in missing.Where(k => !_skills.ContainsKey(k)))
            {
                var skill = new Skill { Id = Guid.CreateVersion7(), Name = byKey[key], NameKey = key, CreatedAt = clock.GetUtcNow() };
                db.Add(skill);
                _skills[key] = skill;
            }
        }
        return byKey.Keys.ToDictionary(k => k, k => _skills[k]);
    }

    /// <summary>Saves the unit of work; a unique index that another request filled meanwhile is a conflict, not a 500.</summary>
    private async Task<Result<T>> SaveAsync<T>(Func<Task<Result<T>>> then, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            _skills.Clear();
            return Result<T>.Conflict(text["ChangedMeanwhile"]);
        }
        return await then();
    }
}
