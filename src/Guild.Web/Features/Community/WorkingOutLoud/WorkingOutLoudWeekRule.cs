using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Community.WorkingOutLoud;

/// <summary>What the week rule decides on: the week's space standing and whether the caller is its organiser or a co-organiser.</summary>
public sealed record WeekStanding(SpaceStanding Space, bool CallerOrganises);

/// <summary>The operations on a Working Out Loud week beyond its space's (reading a week is reading its space: <see cref="SpaceOperations.Read"/>).</summary>
public static class WeekOperations
{
    /// <summary>Change its title, dates, prompts and co-organisers: its organisers while they are members, and the space's moderators.</summary>
    public static readonly OperationAuthorizationRequirement Organise = ResourceAuthorization.Operation("wol-week.organise");
}

/// <summary>
/// Who organises a week, for its page and API alike. Seeing a week and making one follow the space (<see cref="SpaceRule"/>:
/// read, and moderate for a new week); organising is the organisers' as long as they are members, and the space's moderators'.
/// </summary>
internal sealed class WorkingOutLoudWeekRule : AuthorizationHandler<OperationAuthorizationRequirement, WeekStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, WeekStanding week)
    {
        var member = context.User.IsInRole(Roles.Employee) && week.Space.CallerIsMember;
        if (requirement.Name == "wol-week.organise" && member && (week.CallerOrganises || week.Space.CallerModerates))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
