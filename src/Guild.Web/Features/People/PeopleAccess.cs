using System.Security.Claims;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.People;

/// <summary>
/// What one may do to a person (their profile, expertise and account): the operations of the one rule,
/// <see cref="PersonRule"/>. Pages, the API and services all ask it (<c>CurrentPerson.CanAsync(person, PeopleAccess.View)</c>).
/// </summary>
public static class PeopleAccess
{
    /// <summary>See the profile: people of the organisation see everyone; a partner guest only themselves.</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("person.view");

    /// <summary>
    /// See what only the person's own circle needs: their availability note and "away until". The person, their
    /// manager (the people who report to them directly) and learning admins.
    /// </summary>
    public static readonly OperationAuthorizationRequirement ViewTeamDetails = ResourceAuthorization.Operation("person.view-team-details");

    /// <summary>Change the profile (photo, languages, skills, topics, availability): the person themselves, or a learning admin.</summary>
    public static readonly OperationAuthorizationRequirement Edit = ResourceAuthorization.Operation("person.edit");

    /// <summary>Vouch for one of the person's skills: a colleague of the organisation, never oneself, never a partner guest.</summary>
    public static readonly OperationAuthorizationRequirement Endorse = ResourceAuthorization.Operation("person.endorse");

    /// <summary>HR fields, roles, invitations, deactivation and lockouts: learning admins.</summary>
    public static readonly OperationAuthorizationRequirement Administer = ResourceAuthorization.Operation("person.administer");

    /// <summary>Policy of /people/{id}/edit, answered before the page renders: <see cref="Edit"/> of the person in the route.</summary>
    public const string EditProfilePolicy = "People.EditProfile";

    internal static void AddPolicies(AuthorizationOptions options) =>
        options.AddPolicy(EditProfilePolicy, policy => policy.RequireAuthenticatedUser().AddRequirements(new PersonRouteRequirement(Edit)));

    /// <summary>A person as the rule needs them when only the id (and, for team details, the manager) is known.</summary>
    public static Person Subject(Guid id, Guid? managerId = null, string? partnerOrganisation = null) =>
        new() { Id = id, GivenName = "", FamilyName = "", ManagerId = managerId, PartnerOrganisation = partnerOrganisation };
}

/// <summary>
/// The one rule about people: who may do which <see cref="PeopleAccess"/> operation to a <see cref="Person"/>.
/// Every answer comes from the signed-in principal's id and roles and the person's id and manager, so it needs no
/// database; callers pass the person they loaded (or <see cref="PeopleAccess.Subject"/>).
/// </summary>
internal sealed class PersonRule : AuthorizationHandler<OperationAuthorizationRequirement, Person>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, Person person)
    {
        if (Allows(context.User, requirement.Name, person))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    internal static bool Allows(ClaimsPrincipal user, string operation, Person person)
    {
        var me = CurrentPerson.IdOf(user);
        if (me is null)
        {
            return false;
        }
        var self = me == person.Id;
        var member = user.IsInRole(Roles.Employee);
        var admin = user.IsInRole(Roles.LearningAdmin);
        return operation switch
        {
            "person.view" => member || self,
            "person.view-team-details" => self || admin || (member && person.ManagerId == me),
            "person.edit" => self || admin,
            "person.endorse" => member && !self,
            "person.administer" => admin,
            _ => false,
        };
    }
}

/// <summary>
/// A page policy about the person whose id is in the route (<c>{Id:guid}</c>), answered by <see cref="PersonRule"/>
/// before the page loads anything: only for operations that need nothing but the id (<see cref="PeopleAccess.Edit"/>).
/// The answer does not depend on whether the id exists, so it tells no one which ids do.
/// </summary>
internal sealed class PersonRouteRequirement(OperationAuthorizationRequirement operation) : IAuthorizationRequirement
{
    public OperationAuthorizationRequirement Operation { get; } = operation;
}

internal sealed class PersonRouteHandler : AuthorizationHandler<PersonRouteRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PersonRouteRequirement requirement)
    {
        // Endpoint authorisation passes the HttpContext as the resource.
        if (context.Resource is HttpContext http
            && Guid.TryParse(http.GetRouteValue("Id")?.ToString(), out var personId)
            && PersonRule.Allows(context.User, requirement.Operation.Name, PeopleAccess.Subject(personId)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
