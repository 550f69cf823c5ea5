using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>
/// What the rule decides on: a pair (or trio) and its members; <see cref="Programme"/> stands for the programme itself
/// (joining, the figures), which has no members.
/// </summary>
public sealed record CoffeeStanding(Guid PairId, IReadOnlyCollection<Guid> Members)
{
    public static CoffeeStanding Programme { get; } = new(Guid.Empty, []);
}

/// <summary>The operations of the learning coffee.</summary>
public static class CoffeeOperations
{
    /// <summary>Join, leave, and keep one's own settings and exclusions: colleagues of the organisation (not partner guests).</summary>
    public static readonly OperationAuthorizationRequirement Join = ResourceAuthorization.Operation("coffee.join");
    /// <summary>See a pair and answer "did you meet?": its members.</summary>
    public static readonly OperationAuthorizationRequirement Answer = ResourceAuthorization.Operation("coffee.answer");
    /// <summary>The programme's figures per round: L&amp;D admins.</summary>
    public static readonly OperationAuthorizationRequirement Figures = ResourceAuthorization.Operation("coffee.figures");
}

/// <summary>
/// Who may do what in the learning coffee, for the page, the API and the services alike. A pair belongs to its members:
/// anyone else is told it does not exist (404). Exclusions have no operation of their own: every read of them is of the
/// caller's own, by construction (<see cref="CoffeeProgramme"/> filters on the caller), so nobody can ask for another's.
/// </summary>
internal sealed class CoffeeRule : AuthorizationHandler<OperationAuthorizationRequirement, CoffeeStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, CoffeeStanding standing)
    {
        var caller = CurrentPerson.IdOf(context.User);
        var member = context.User.IsInRole(Roles.Employee);
        var allowed = requirement.Name switch
        {
            "coffee.join" => member,
            "coffee.answer" => member && caller is { } id && standing.Members.Contains(id),
            "coffee.figures" => context.User.IsInRole(Roles.LearningAdmin),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
