using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Library.Browse;

/// <summary>What the rule decides on: a collection's state and curators (null id: one not made yet), and whether the caller is an active champion.</summary>
public sealed record CollectionStanding(Guid? CollectionId, bool IsPublished, Guid? OwnerId, IReadOnlyCollection<Guid> CuratorIds, bool CallerIsChampion)
{
    public static CollectionStanding New(bool callerIsChampion) => new(null, false, null, [], callerIsChampion);
}

/// <summary>The operations on a collection.</summary>
public static class CollectionOperations
{
    /// <summary>See it and its resources.</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("collection.view");

    /// <summary>Start a new one.</summary>
    public static readonly OperationAuthorizationRequirement Create = ResourceAuthorization.Operation("collection.create");

    /// <summary>Change its title, description, resources and their order; publish or take back to draft.</summary>
    public static readonly OperationAuthorizationRequirement Edit = ResourceAuthorization.Operation("collection.edit");

    /// <summary>Delete it (and choose its co-curators).</summary>
    public static readonly OperationAuthorizationRequirement Delete = ResourceAuthorization.Operation("collection.delete");
}

/// <summary>
/// Who may do what to a collection, for pages, the API and the service alike: members of the organisation (not partner
/// guests, like the library) see published collections; a draft only its owner, its co-curators and L&amp;D admins (404 for
/// anyone else, like a missing id). Active champions and L&amp;D admins start collections; the owner and co-curators edit;
/// the owner and L&amp;D admins delete and choose the co-curators.
/// </summary>
internal sealed class CollectionRule : AuthorizationHandler<OperationAuthorizationRequirement, CollectionStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, CollectionStanding collection)
    {
        var user = context.User;
        if (!user.IsInRole(Roles.Employee))
        {
            return Task.CompletedTask;
        }
        var caller = CurrentPerson.IdOf(user);
        var isAdmin = user.IsInRole(Roles.LearningAdmin);
        var isOwner = caller is not null && caller == collection.OwnerId;
        var isCurator = isOwner || (caller is { } id && collection.CuratorIds.Contains(id));
        var allowed = requirement.Name switch
        {
            "collection.view" => collection.IsPublished || isCurator || isAdmin,
            "collection.create" => collection.CallerIsChampion || isAdmin,
            "collection.edit" => isCurator || isAdmin,
            "collection.delete" => isOwner || isAdmin,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
