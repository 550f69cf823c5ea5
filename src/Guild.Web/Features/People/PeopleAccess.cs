using System.Security.Claims;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Guild.Web.Features.People;

/// <summary>
/// Who may see and change which person. One place for the rules, used by the services (which
/// answer Forbidden) and by the page policies (which answer with the 403 page before rendering).
/// </summary>
public static class PeopleAccess
{
    /// <summary>Policy of /people/{id}: people of the organisation see everyone; a partner guest sees only themselves.</summary>
    public const string ViewProfilePolicy = "People.ViewProfile";

    /// <summary>Policy of /people/{id}/edit: the person themselves, or a learning admin.</summary>
    public const string EditProfilePolicy = "People.EditProfile";

    public static bool CanBrowse(ClaimsPrincipal user) => user.IsInRole(Roles.Employee);

    public static bool CanView(ClaimsPrincipal user, Guid personId) => CanBrowse(user) || CurrentPerson.IdOf(user) == personId;

    public static bool CanEdit(ClaimsPrincipal user, Guid personId) => user.IsInRole(Roles.LearningAdmin) || CurrentPerson.IdOf(user) == personId;

    internal static void AddPolicies(AuthorizationOptions options)
    {
        options.AddPolicy(ViewProfilePolicy, policy => policy.RequireAuthenticatedUser().AddRequirements(new PersonRouteRequirement(CanView)));
        options.AddPolicy(EditProfilePolicy, policy => policy.RequireAuthenticatedUser().AddRequirements(new PersonRouteRequirement(CanEdit)));
    }
}

/// <summary>A rule about the person whose id is in the route (<c>{Id:guid}</c>).</summary>
internal sealed class PersonRouteRequirement(Func<ClaimsPrincipal, Guid, bool> rule) : IAuthorizationRequirement
{
    public Func<ClaimsPrincipal, Guid, bool> Rule { get; } = rule;
}

internal sealed class PersonRouteHandler : AuthorizationHandler<PersonRouteRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PersonRouteRequirement requirement)
    {
        // Endpoint authorisation passes the HttpContext as the resource.
        if (context.Resource is HttpContext http
            && Guid.TryParse(http.GetRouteValue("Id")?.ToString(), out var personId)
            && requirement.Rule(context.User, personId))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
