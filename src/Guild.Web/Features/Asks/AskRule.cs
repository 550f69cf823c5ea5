using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Asks;

/// <summary>
/// What the rule decides on: the ask and where the caller stands (routed to it, champion of its component).
/// <see cref="AskStanding.New"/> stands for an ask not written yet.
/// </summary>
public sealed record AskStanding(Guid AskId, Guid AuthorId, AskStatus Status, Guid? ClaimedById, bool CallerRouted, bool CallerChampionsComponent)
{
    public static AskStanding New { get; } = new(Guid.Empty, Guid.Empty, AskStatus.Open, null, false, false);
}

/// <summary>The operations on an ask.</summary>
public static class AskOperations
{
    public static readonly OperationAuthorizationRequirement Ask = ResourceAuthorization.Operation("ask.ask");
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("ask.view");
    /// <summary>Claim and answer: people it was routed to, champions of its component, L&amp;D admins; never the asker.</summary>
    public static readonly OperationAuthorizationRequirement Answer = ResourceAuthorization.Operation("ask.answer");
    /// <summary>"Solved" or "not yet": the asker.</summary>
    public static readonly OperationAuthorizationRequirement Confirm = ResourceAuthorization.Operation("ask.confirm");
    /// <summary>Add or replace the screenshot or file: the asker, while the ask is live.</summary>
    public static readonly OperationAuthorizationRequirement Attach = ResourceAuthorization.Operation("ask.attach");
    /// <summary>Me too and follow: colleagues other than the asker.</summary>
    public static readonly OperationAuthorizationRequirement Support = ResourceAuthorization.Operation("ask.support");
    /// <summary>Merge similar asks: moderators and L&amp;D admins.</summary>
    public static readonly OperationAuthorizationRequirement Merge = ResourceAuthorization.Operation("ask.merge");
    /// <summary>See who asked an anonymous ask (audited): moderators and L&amp;D admins.</summary>
    public static readonly OperationAuthorizationRequirement RevealAuthor = ResourceAuthorization.Operation("ask.reveal-author");
    /// <summary>See to whom it was routed and why: L&amp;D admins.</summary>
    public static readonly OperationAuthorizationRequirement SeeRouting = ResourceAuthorization.Operation("ask.see-routing");
}

/// <summary>
/// Who may do what to an ask, in one place for pages, the API, mail replies and the services. Asks belong to the
/// organisation: every member sees them (partner guests do not: they are not part of the organisation's questions),
/// which is what makes "me too" possible; anonymity hides the author, not the ask.
/// </summary>
internal sealed class AskRule : AuthorizationHandler<OperationAuthorizationRequirement, AskStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, AskStanding ask)
    {
        var caller = CurrentPerson.IdOf(context.User);
        var member = context.User.IsInRole(Roles.Employee);
        var admin = context.User.IsInRole(Roles.LearningAdmin);
        var moderator = context.User.IsInRole(Roles.Moderator);
        var isAuthor = caller == ask.AuthorId;
        var live = ask.Status is AskStatus.Open or AskStatus.Claimed or AskStatus.Answered;
        var allowed = requirement.Name switch
        {
            "ask.ask" => member,
            "ask.view" => member,
            "ask.answer" => member && !isAuthor && live && (ask.CallerRouted || ask.CallerChampionsComponent || admin),
            "ask.attach" => member && isAuthor && live,
            "ask.confirm" => isAuthor && ask.Status is AskStatus.Answered or AskStatus.Solved or AskStatus.Claimed or AskStatus.Open,
            "ask.support" => member && !isAuthor && ask.Status != AskStatus.Merged,
            "ask.merge" => member && (admin || moderator),
            "ask.reveal-author" => member && (admin || moderator),
            "ask.see-routing" => admin,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
