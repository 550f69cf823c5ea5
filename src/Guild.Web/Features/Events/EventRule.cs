using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Events;

/// <summary>
/// What the rule decides on: an event (or <see cref="New"/>, events as a whole), its organisers, whether the caller holds a
/// place (registered, or offered one), and whether it is over or cancelled.
/// </summary>
public sealed record EventStanding(IReadOnlyCollection<Guid> OrganiserIds, bool CallerHoldsPlace, bool Past, bool Cancelled)
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
}

/// <summary>
/// Who may do what with an event, in one place for pages, the API and the services: everyone of the organisation sees events and
/// registers for upcoming ones; L&amp;D admins and Knowledge Champions create them; an event's organisers (if they still are champions or
/// admins) and L&amp;D admins edit it while it is not over, and see its attendees and check people in; the meeting link is for people
/// with a place and those who organise. Partner guests see nothing yet (festivals will open events to them).
/// </summary>
internal sealed class EventRule : AuthorizationHandler<OperationAuthorizationRequirement, EventStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, EventStanding standing)
    {
        var user = context.User;
        var member = user.IsInRole(Roles.Employee);
        var admin = user.IsInRole(Roles.LearningAdmin);
        var mayCreate = member && (admin || user.IsInRole(Roles.Champion));
        var organiser = member && CurrentPerson.IdOf(user) is { } me && standing.OrganiserIds.Contains(me);
        var organises = admin || (organiser && mayCreate);
        var allowed = requirement.Name switch
        {
            "events.view" => member,
            "events.create" => mayCreate,
            "events.edit" => organises && !standing.Past && !standing.Cancelled,
            "events.register" => member && !standing.Past && !standing.Cancelled,
            "events.meeting-link" => member && !standing.Cancelled && (standing.CallerHoldsPlace || organises),
            "events.organise" => organises,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
