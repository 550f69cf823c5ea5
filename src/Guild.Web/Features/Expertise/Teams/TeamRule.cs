using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Expertise.Teams;

/// <summary>What the rule decides on: the team and where the caller stands in it (null: not on it).</summary>
public sealed record TeamStanding(Guid TeamId, Guid ProposerId, TeamMemberStatus? CallerStatus);

/// <summary>The operations on a flexible team.</summary>
public static class TeamOperations
{
    /// <summary>See the team's page: purpose, components, members.</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("team.view");

    /// <summary>Shape the team and invite: add, remove, propose again.</summary>
    public static readonly OperationAuthorizationRequirement Edit = ResourceAuthorization.Operation("team.edit");

    /// <summary>Accept or decline an invitation.</summary>
    public static readonly OperationAuthorizationRequirement Respond = ResourceAuthorization.Operation("team.respond");
}

/// <summary>
/// Who may do what to a flexible team, in one place for pages, the API and the service: the proposer shapes and invites;
/// people who were invited see it and answer; someone merely proposed has not been told yet and sees nothing, like
/// everyone else (the service answers 404 then, so a team's existence does not leak).
/// </summary>
internal sealed class TeamRule : AuthorizationHandler<OperationAuthorizationRequirement, TeamStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, TeamStanding team)
    {
        var caller = CurrentPerson.IdOf(context.User);
        var isProposer = caller == team.ProposerId && context.User.IsInRole(Roles.Employee);
        var wasInvited = team.CallerStatus is TeamMemberStatus.Invited or TeamMemberStatus.Accepted or TeamMemberStatus.Declined;
        var allowed = requirement.Name switch
        {
            "team.view" => isProposer || wasInvited,
            "team.edit" => isProposer,
            "team.respond" => team.CallerStatus is TeamMemberStatus.Invited or TeamMemberStatus.Accepted or TeamMemberStatus.Declined,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
