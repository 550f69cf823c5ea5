using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>
/// What the rule decides on: a festival (or <see cref="New"/>, festivals as a whole), whether it is published, and whether the caller
/// is a guest of one of its partner organisations.
/// </summary>
public sealed record FestivalStanding(bool Published, bool CallerIsPartnerGuest)
{
    /// <summary>Festivals as a whole: creating one, listing them.</summary>
    public static readonly FestivalStanding New = new(false, false);
}

/// <summary>The operations on festivals.</summary>
public static class FestivalOperations
{
    /// <summary>See the festival and its programme.</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("festivals.view");

    /// <summary>Create festivals, change one, its rooms, partners, quotas and workshops, and make invitation links.</summary>
    public static readonly OperationAuthorizationRequirement Organise = ResourceAuthorization.Operation("festivals.organise");

    /// <summary>Put workshops in one's schedule (register).</summary>
    public static readonly OperationAuthorizationRequirement Register = ResourceAuthorization.Operation("festivals.register");

    /// <summary>Propose a workshop for the organisers to place: a partner guest of a published festival.</summary>
    public static readonly OperationAuthorizationRequirement Propose = ResourceAuthorization.Operation("festivals.propose");
}

/// <summary>
/// Who may do what with a festival, for pages, the API and the services alike: L&amp;D admins organise festivals (drafts included);
/// everyone of the organisation sees and registers for published ones; a partner guest sees and registers for the published festivals
/// their organisation is a partner of, and nothing else (another festival answers 404).
/// </summary>
internal sealed class FestivalRule : AuthorizationHandler<OperationAuthorizationRequirement, FestivalStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, FestivalStanding standing)
    {
        var user = context.User;
        var member = user.IsInRole(Roles.Employee);
        var organiser = member && user.IsInRole(Roles.LearningAdmin);
        var guest = user.IsInRole(Roles.PartnerGuest) && standing.CallerIsPartnerGuest;
        var allowed = requirement.Name switch
        {
            "festivals.view" => organiser || (standing.Published && (member || guest)),
            "festivals.organise" => organiser,
            "festivals.register" => standing.Published && (member || guest),
            "festivals.propose" => standing.Published && guest,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
