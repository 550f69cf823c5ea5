using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Library.Feedback;

/// <summary>The operations readers and authors have on a resource's feedback.</summary>
public static class FeedbackOperations
{
    /// <summary>Say whether it helped, flag it, share it: a colleague who reads a published resource someone else made.</summary>
    public static readonly OperationAuthorizationRequirement Respond = ResourceAuthorization.Operation("feedback.respond");

    /// <summary>See its reach and helpfulness, its flags, and mark them handled: its authors and L&amp;D admins.</summary>
    public static readonly OperationAuthorizationRequirement Follow = ResourceAuthorization.Operation("feedback.follow");

    /// <summary>Embed it in another tool (oEmbed): anyone who may see it, once it is published.</summary>
    public static readonly OperationAuthorizationRequirement Embed = ResourceAuthorization.Operation("feedback.embed");
}

/// <summary>
/// Who may give and read feedback on a resource, decided on the same <see cref="ResourceStanding"/> the library's
/// <see cref="ResourceRule"/> uses. Only published resources are answered, flagged, shared or embedded (a draft is not
/// the library's yet), never by their own authors (an author saying their own resource helped is no signal); authors and
/// L&amp;D admins follow the answers and handle the flags. The caller must be able to see the resource at all: the service
/// asks <see cref="ResourceOperations.View"/> first and answers 404 otherwise.
/// </summary>
internal sealed class FeedbackRule : AuthorizationHandler<OperationAuthorizationRequirement, ResourceStanding>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, ResourceStanding resource)
    {
        var user = context.User;
        if (!user.IsInRole(Roles.Employee))
        {
            return Task.CompletedTask;
        }
        var caller = CurrentPerson.IdOf(user);
        var isAuthor = caller is { } id && resource.AuthorIds.Contains(id);
        var published = resource.Status == ResourceStatus.Published;
        var allowed = requirement.Name switch
        {
            "feedback.respond" => published && caller is not null && !isAuthor,
            "feedback.follow" => isAuthor || user.IsInRole(Roles.LearningAdmin),
            "feedback.embed" => published,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
