using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Restock;

/// <summary>What the rule decides on: the board as a whole (no champion), or one request and the champion it is assigned to.</summary>
public sealed record RestockStanding(Guid? ChampionId)
{
    /// <summary>The board and its requests as a whole: what only those who run the programme handle.</summary>
    public static readonly RestockStanding Board = new((Guid?)null);
}

/// <summary>The operations on the restock board and its requests.</summary>
public static class RestockOperations
{
    /// <summary>See the board, turn items into requests, call requests off.</summary>
    public static readonly OperationAuthorizationRequirement Manage = ResourceAuthorization.Operation("restock.manage");

    /// <summary>See a request.</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("restock.view");

    /// <summary>Link the resource that fulfils a request.</summary>
    public static readonly OperationAuthorizationRequirement Fulfil = ResourceAuthorization.Operation("restock.fulfil");
}

/// <summary>
/// Who may do what on the restock board, in one place for pages, the API and the service: L&amp;D admins run it (see the
/// board, make and cancel requests, and fulfil any); the champion a request is assigned to sees it and fulfils it. Anyone
/// else sees nothing (a request answers 404, like a missing id). Partner guests never do.
/// </summary>
internal sealed class RestockRule : AuthorizationHandler<OperationAuthorizationRequirement, RestockStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, RestockStanding standing)
    {
        var user = context.User;
        var isAdmin = user.IsInRole(Roles.LearningAdmin);
        var isAssigned = standing.ChampionId is { } champion && CurrentPerson.IdOf(user) == champion && user.IsInRole(Roles.Employee);
        var allowed = requirement.Name switch
        {
            "restock.manage" => isAdmin,
            "restock.view" or "restock.fulfil" => isAdmin || isAssigned,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
