using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Community.Spaces;

/// <summary>
/// What the rule decides on: a space's kind and where the caller stands in it. <see cref="New"/> stands for a space not
/// made yet (who may create one). <see cref="CallerWrote"/> is set when the operation is on a post: whether the caller
/// wrote it (or, for a thread's steering, started the thread).
/// </summary>
public sealed record SpaceStanding(Guid SpaceId, SpaceKind Kind, MembershipStatus? CallerStatus, bool CallerModerates, bool CallerWrote = false)
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
    /// <summary>Edit or delete a post: its author, while a member.</summary>
    public static readonly OperationAuthorizationRequirement ChangeOwn = ResourceAuthorization.Operation("space.change-own");
    /// <summary>Mark a question's answer, move an idea's stage: the thread's author or a space moderator, while a member.</summary>
    public static readonly OperationAuthorizationRequirement Steer = ResourceAuthorization.Operation("space.steer");
    /// <summary>Pin or unpin a thread (pinned threads come first on the space's home): the space's moderators.</summary>
    public static readonly OperationAuthorizationRequirement Pin = ResourceAuthorization.Operation("space.pin");
    /// <summary>Lock or unlock a thread (a locked thread takes no replies): the space's moderators.</summary>
    public static readonly OperationAuthorizationRequirement Lock = ResourceAuthorization.Operation("space.lock");
    /// <summary>Move a thread out of this space, or into it: a moderator of both spaces.</summary>
    public static readonly OperationAuthorizationRequirement Move = ResourceAuthorization.Operation("space.move");
    /// <summary>Hide a post with a reason its author sees, or show it again: the space's moderators.</summary>
    public static readonly OperationAuthorizationRequirement Hide = ResourceAuthorization.Operation("space.hide");
    /// <summary>Report a post to the space's moderators: whoever may read the space, except about their own post.</summary>
    public static readonly OperationAuthorizationRequirement Report = ResourceAuthorization.Operation("space.report");
    /// <summary>Read the space's facilitation figures (counts and times, no content): its moderators, and L&amp;D admins who may see the space.</summary>
    public static readonly OperationAuthorizationRequirement Figures = ResourceAuthorization.Operation("space.figures");
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
            "space.change-own" => member && space.CallerWrote,
            "space.steer" => member && (space.CallerWrote || moderates),
            "space.pin" or "space.lock" or "space.move" or "space.hide" => moderates,
            "space.report" => colleague && (space.Kind == SpaceKind.Open || member) && !space.CallerWrote,
            "space.figures" => moderates || (colleague && context.User.IsInRole(Roles.LearningAdmin) && (space.Kind != SpaceKind.Secret || member)),
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
