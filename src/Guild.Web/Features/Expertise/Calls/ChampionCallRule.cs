using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>
/// A call as one person meets it: the call and whether they are among its recipients (fixed when it was sent). The
/// resource of <see cref="ChampionCallRule"/>; the service loads both in one query.
/// </summary>
public sealed record ChampionCallAccess(ChampionCall Call, bool IsRecipient);

/// <summary>What can be done to a call; asked through <see cref="CurrentPerson.CanAsync"/>.</summary>
public static class ChampionCallOperations
{
    /// <summary>See the call (its page, its API resource).</summary>
    public static readonly OperationAuthorizationRequirement Read = ResourceAuthorization.Operation("call.read");
    /// <summary>Volunteer or dismiss it.</summary>
    public static readonly OperationAuthorizationRequirement Answer = ResourceAuthorization.Operation("call.answer");
    /// <summary>Write, send and close it.</summary>
    public static readonly OperationAuthorizationRequirement Manage = ResourceAuthorization.Operation("call.manage");
    /// <summary>See who volunteered, approve and decline.</summary>
    public static readonly OperationAuthorizationRequirement Review = ResourceAuthorization.Operation("call.review");
}

/// <summary>
/// Who may do what to a call, in one place for pages, the API and the services: L&amp;D admins write, send, close and
/// review calls and read every one; a recipient reads a sent call and answers it while it is open. Nobody else sees
/// it at all (the services answer 404, so a stranger cannot tell a call from a missing one).
/// </summary>
internal sealed class ChampionCallRule(TimeProvider clock) : AuthorizationHandler<OperationAuthorizationRequirement, ChampionCallAccess>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        ChampionCallAccess resource)
    {
        var user = context.User;
        var admin = user.IsInRole(Roles.LearningAdmin);
        var sent = resource.Call.SentAt is not null;
        var allowed = requirement.Name switch
        {
            "call.read" => admin || (sent && resource.IsRecipient),
            "call.answer" => sent && resource.IsRecipient && ChampionCalls.IsOpen(resource.Call, clock.GetUtcNow()),
            "call.manage" => admin,
            "call.review" => admin && sent,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
