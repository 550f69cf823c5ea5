using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Events.Series;

/// <summary>What the rule decides on: a series (or <see cref="New"/>, series as a whole) and its organisers; for a talk, its confirmed speaker.</summary>
public sealed record SeriesStanding(IReadOnlyCollection<Guid> OrganiserIds, Guid? SpeakerId = null)
{
    /// <summary>Series as a whole: listing them, creating one.</summary>
    public static readonly SeriesStanding New = new([]);
}

/// <summary>The operations on lecture series.</summary>
public static class SeriesOperations
{
    /// <summary>See the series, its dates and speakers.</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("series.view");

    /// <summary>Start a series.</summary>
    public static readonly OperationAuthorizationRequirement Create = ResourceAuthorization.Operation("series.create");

    /// <summary>Change the series (this and following), propose speakers, see suggestions, hear of dates nobody took.</summary>
    public static readonly OperationAuthorizationRequirement Organise = ResourceAuthorization.Operation("series.organise");

    /// <summary>Sign up to speak, answer a proposal, swap a date (the talk's own checks say whose it is).</summary>
    public static readonly OperationAuthorizationRequirement Speak = ResourceAuthorization.Operation("series.speak");

    /// <summary>Put a talk's recording in the library (its confirmed speaker, or whoever organises the series).</summary>
    public static readonly OperationAuthorizationRequirement Record = ResourceAuthorization.Operation("series.record");
}

/// <summary>
/// Who may do what with a lecture series, for pages, the API and the services alike: everyone of the organisation sees series and
/// may speak in them; L&amp;D admins and Knowledge Champions start one; its organisers (while they are champions or admins) and
/// L&amp;D admins organise it; a talk's recording goes to the library by its confirmed speaker or those who organise. Partner guests see nothing.
/// </summary>
internal sealed class SeriesRule : AuthorizationHandler<OperationAuthorizationRequirement, SeriesStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, SeriesStanding standing)
    {
        var user = context.User;
        var member = user.IsInRole(Roles.Employee);
        var admin = member && user.IsInRole(Roles.LearningAdmin);
        var mayCreate = member && (admin || user.IsInRole(Roles.Champion));
        var organiser = mayCreate && CurrentPerson.IdOf(user) is { } me && standing.OrganiserIds.Contains(me);
        var allowed = requirement.Name switch
        {
            "series.view" or "series.speak" => member,
            "series.create" => mayCreate,
            "series.organise" => admin || organiser,
            "series.record" => admin || organiser || (member && standing.SpeakerId is { } speaker && CurrentPerson.IdOf(user) == speaker),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
