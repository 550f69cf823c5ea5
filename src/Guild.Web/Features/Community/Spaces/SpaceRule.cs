using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Community.Spaces;

/// <summary>
/// What the rule decides on: a space's kind and where the caller stands in it. <see cref="New"/> stands for a space not
/// made yet (who may create one).
/// </summary>
public sealed record SpaceStanding(Guid SpaceId, SpaceKind Kind, MembershipStatus? CallerStatus, bool CallerModerates)
{
    public static SpaceStanding New { get; } = new(Guid.Empty, SpaceKind.Open, null, false);

    public bool CallerIsMember => CallerStatus == MembershipStatus.Member;
}

/// <summary>The operations on a space and what is in it.</summary>
public static class SpaceOperations
{
    /// <summary>Know it exists: its name and description (secret spaces: members only; to anyone else they answer 404).</summary>
    public static readonly OperationAuthorizationRequirement See = ResourceAuthorization.Operation("space.see");
    /// <summary>Read its threads (open spaces: every colleague; closed and secret: members).</summary>
    public static readonly OperationAuthorizationRequirement Read = ResourceAuthorization.Operation("space.read");
    /// <summary>Start threads, reply, react, follow: members.</summary>
    public static readonly OperationAuthorizationRequirement Post = ResourceAuthorization.Operation("space.post");
    /// <summary>Join an open space at once or ask to join a closed one: colleagues who are not members.</summary>
    public static readonly OperationAuthorizationRequirement Join = ResourceAuthorization.Operation("space.join");
    /// <summary>Mark answers, mention the whole space, reveal an anonymous author: the space's moderators.</summary>
    public static readonly OperationAuthorizationRequirement Moderate = ResourceAuthorization.Operation("space.moderate");
    /// <summary>Change the space's settings, approve or decline requests, invite, make moderators: the space's moderators.</summary>
    public static readonly OperationAuthorizationRequirement Manage = ResourceAuthorization.Operation("space.manage");
    /// <summary>Make a new space: people with the Moderator or L&amp;D admin role.</summary>
    public static readonly OperationAuthorizationRequirement Create = ResourceAuthorization.Operation("space.create");
}

/// <summary>
/// Who may do what in a space, in one place for pages, the API and the services. Spaces belong to the organisation's
/// people (partner guests have none yet). Membership decides everything else: not even an L&amp;D admin reads a closed
/// space or finds a secret one without being a member, because people speak there on that promise.
/// </summary>
internal sealed class SpaceRule : AuthorizationHandler<OperationAuthorizationRequirement, SpaceStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, SpaceStanding space)
    {
        var colleague = context.User.IsInRole(Roles.Employee);
        var member = colleague && space.CallerIsMember;
        var moderates = member && space.CallerModerates;
        var allowed = requirement.Name switch
        {
            "space.see" => colleague && (space.Kind != SpaceKind.Secret || member),
            "space.read" => colleague && (space.Kind == SpaceKind.Open || member),
            "space.post" => member,
            "space.join" => colleague && !member && space.Kind != SpaceKind.Secret,
            "space.moderate" => moderates,
            "space.manage" => moderates,
            "space.create" => colleague && (context.User.IsInRole(Roles.Moderator) || context.User.IsInRole(Roles.LearningAdmin)),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
