using System.Security.Claims;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Library.Resources;

/// <summary>
/// What the rule decides on: a resource's status and people, and whether the caller champions one of its components
/// (null id: a resource not created yet, for <see cref="ResourceOperations.Create"/>).
/// </summary>
public sealed record ResourceStanding(Guid? ResourceId, ResourceStatus Status, IReadOnlyCollection<Guid> AuthorIds, Guid? ReviewerId, bool CallerChampionsAComponent)
{
    /// <summary>A resource about to be made, about components the caller does or does not champion.</summary>
    public static ResourceStanding New(bool callerChampionsAComponent) => new(null, ResourceStatus.Draft, [], null, callerChampionsAComponent);
}

/// <summary>The operations on a resource.</summary>
public static class ResourceOperations
{
    /// <summary>See it (its page, its API form, its history).</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("resource.view");

    /// <summary>Make a resource about the standing's components.</summary>
    public static readonly OperationAuthorizationRequirement Create = ResourceAuthorization.Operation("resource.create");

    /// <summary>Change it, ask for a review, publish it directly.</summary>
    public static readonly OperationAuthorizationRequirement Edit = ResourceAuthorization.Operation("resource.edit");

    /// <summary>Approve it or ask for changes (the requested reviewer, while it is in review).</summary>
    public static readonly OperationAuthorizationRequirement Review = ResourceAuthorization.Operation("resource.review");

    /// <summary>Take it out of the library.</summary>
    public static readonly OperationAuthorizationRequirement Archive = ResourceAuthorization.Operation("resource.archive");
}

/// <summary>
/// Who may do what to a resource, in one place for pages, the API and the service. People of the organisation (not
/// partner guests: the library is not shared with partners yet) see published resources; drafts, resources in review and
/// archived ones only their authors, the requested reviewer and L&amp;D admins (the service answers 404 to anyone else, so a
/// draft's existence does not leak). Champions of at least one of a resource's components, and L&amp;D admins, create;
/// authors edit; the requested reviewer reviews; L&amp;D admins archive.
/// </summary>
internal sealed class ResourceRule : AuthorizationHandler<OperationAuthorizationRequirement, ResourceStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, ResourceStanding resource)
    {
        var user = context.User;
        if (!user.IsInRole(Roles.Employee))
        {
            return Task.CompletedTask;
        }
        var caller = CurrentPerson.IdOf(user);
        var isAdmin = user.IsInRole(Roles.LearningAdmin);
        var isAuthor = caller is { } id && resource.AuthorIds.Contains(id);
        var isReviewer = caller is not null && caller == resource.ReviewerId;
        var allowed = requirement.Name switch
        {
            "resource.view" => MayView(user, resource),
            "resource.create" => resource.CallerChampionsAComponent || isAdmin,
            // Which status allows the step (no edits once archived, reviews only while in review) is the workflow's
            // question, answered by the service as a conflict with its reason; the rule says who.
            "resource.edit" => isAuthor,
            "resource.review" => isReviewer,
            "resource.archive" => isAdmin,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether <paramref name="user"/> may see the resource: the view operation's answer, also for callers that weigh many
    /// resources at once (the media rule asks it of every resource showing a video, <see cref="ResourceVideoAudience"/>).
    /// </summary>
    internal static bool MayView(ClaimsPrincipal user, ResourceStanding resource)
    {
        if (!user.IsInRole(Roles.Employee))
        {
            return false;
        }
        var caller = CurrentPerson.IdOf(user);
        return resource.Status == ResourceStatus.Published
            || (caller is { } id && (resource.AuthorIds.Contains(id) || id == resource.ReviewerId))
            || user.IsInRole(Roles.LearningAdmin);
    }
}
