using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>
/// The coverage of one capability (or, with no id, of capabilities in general: the chooser, and a capability that does
/// not exist), as the coverage rule sees it: who looks after it.
/// </summary>
public sealed record CoverageScope(Guid? CapabilityId, Guid? OwnerId)
{
    /// <summary>No particular capability: only those who may see every capability's coverage pass.</summary>
    public static readonly CoverageScope Any = new(null, null);
}

/// <summary>
/// Who may see coverage: L&amp;D admins, who run the programme, see every capability's; the person who looks after a
/// capability (its owner, often someone from the business) sees that one's. Champions and moderators do not by their
/// role: the view names every champion with the gaps around them and is the programme's to act on; a champion sees the
/// components they champion on the map and their profile. Partner guests never do. The one rule for pages, the API and
/// the admin overview's hint alike.
/// </summary>
public sealed class CoverageRule : AuthorizationHandler<OperationAuthorizationRequirement, CoverageScope>
{
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("coverage.view");

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, CoverageScope resource)
    {
        if (requirement.Name != View.Name)
        {
            return Task.CompletedTask;
        }
        var user = context.User;
        if (user.IsInRole(Roles.LearningAdmin)
            || (resource.OwnerId is { } owner && CurrentPerson.IdOf(user) == owner && !user.IsInRole(Roles.PartnerGuest)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
