using System.Security.Claims;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Events;

/// <summary>
/// What the rule decides on: an event (or <see cref="New"/>, events as a whole), its organisers, whether the caller holds a
/// place (registered, or offered one), and whether it is over or cancelled. <see cref="Space"/> is where the caller stands in the
/// event's community space (null: the event belongs to no space); for <see cref="EventOperations.PlaceInSpace"/> it is the space the
/// event would go to.
/// </summary>
public sealed record EventStanding(IReadOnlyCollection<Guid> OrganiserIds, bool CallerHoldsPlace, bool Past, bool Cancelled, SpaceStanding? Space = null)
{
    /// <summary>Events as a whole: creating one.</summary>
    public static readonly EventStanding New = new([], false, false, false);
}

/// <summary>The operations on events.</summary>
public static class EventOperations
{
    /// <summary>See the event (title, time, place, how full).</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("events.view");

    /// <summary>Create an event.</summary>
    public static readonly OperationAuthorizationRequirement Create = ResourceAuthorization.Operation("events.create");

    /// <summary>Change or cancel it (never once it is over: past events are read-only).</summary>
    public static readonly OperationAuthorizationRequirement Edit = ResourceAuthorization.Operation("events.edit");

    /// <summary>Register (or join its waiting list): a scheduled event that has not started.</summary>
    public static readonly OperationAuthorizationRequirement Register = ResourceAuthorization.Operation("events.register");

    /// <summary>See the meeting link of an online event.</summary>
    public static readonly OperationAuthorizationRequirement SeeMeetingLink = ResourceAuthorization.Operation("events.meeting-link");

    /// <summary>See who registered, who waits and who came; check people in.</summary>
    public static readonly OperationAuthorizationRequirement Organise = ResourceAuthorization.Operation("events.organise");

    /// <summary>Put an event in a community space (or take it out): someone who creates events and moderates that space, or an L&amp;D admin who may see it.</summary>
    public static readonly OperationAuthorizationRequirement PlaceInSpace = ResourceAuthorization.Operation("events.in-space");

    /// <summary>See the name of the event's space (and link to it): whoever may see the space.</summary>
    public static readonly OperationAuthorizationRequirement SeeSpace = ResourceAuthorization.Operation("events.see-space");
}

/// <summary>
/// Who may do what with an event, in one place for pages, the API and the services: everyone of the organisation sees events and
/// registers for upcoming ones; L&amp;D admins and Knowledge Champions create them; an event's organisers (if they still are champions or
/// admins) and L&amp;D admins edit it while it is not over, and see its attendees and check people in; the meeting link is for people
/// with a place and those who organise. Partner guests see nothing yet (festivals will open events to them).
/// An event of a community space the caller may not see (a secret space they are not a member of) does not exist for them: every
/// operation is refused, for organisers and admins too. Whether the caller sees the space is <see cref="SpaceRule"/>'s answer.
/// </summary>
internal sealed class EventRule : AuthorizationHandler<OperationAuthorizationRequirement, EventStanding>
{
    // The space's own rule answers the space's part (stateless; asked directly, since a handler cannot ask the authorisation service
    // that holds it without a cycle).
    private static readonly SpaceRule Spaces = new();

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, EventStanding standing)
    {
        var user = context.User;
        var space = standing.Space;
        var seesSpace = space is not null && await SpaceAllowsAsync(user, space, SpaceOperations.See);
        if (requirement.Name == "events.in-space")
        {
            var admin = user.IsInRole(Roles.Employee) && user.IsInRole(Roles.LearningAdmin);
            var creates = user.IsInRole(Roles.Employee) && (admin || user.IsInRole(Roles.Champion));
            if (space is not null && creates && (await SpaceAllowsAsync(user, space, SpaceOperations.Moderate) || (admin && seesSpace)))
            {
                context.Succeed(requirement);
            }
            return;
        }
        if (space is not null && !seesSpace)
        {
            return;
        }
        if (Allowed(user, requirement, standing))
        {
            context.Succeed(requirement);
        }
    }

    private static async Task<bool> SpaceAllowsAsync(ClaimsPrincipal user, SpaceStanding space, OperationAuthorizationRequirement operation)
    {
        var asked = new AuthorizationHandlerContext([operation], user, space);
        await Spaces.HandleAsync(asked);
        return asked.HasSucceeded;
    }

    private static bool Allowed(ClaimsPrincipal user, OperationAuthorizationRequirement requirement, EventStanding standing)
    {
        var member = user.IsInRole(Roles.Employee);
        var admin = user.IsInRole(Roles.LearningAdmin);
        var mayCreate = member && (admin || user.IsInRole(Roles.Champion));
        var organiser = member && CurrentPerson.IdOf(user) is { } me && standing.OrganiserIds.Contains(me);
        var organises = admin || (organiser && mayCreate);
        return requirement.Name switch
        {
            "events.view" => member,
            "events.create" => mayCreate,
            "events.edit" => organises && !standing.Past && !standing.Cancelled,
            "events.register" => member && !standing.Past && !standing.Cancelled,
            "events.meeting-link" => member && !standing.Cancelled && (standing.CallerHoldsPlace || organises),
            "events.organise" => organises,
            "events.see-space" => member && standing.Space is not null,
            _ => false,
        };
    }
}
