using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Platform.Uploads;

/// <summary>The operations on an upload.</summary>
public static class UploadOperations
{
    /// <summary>See its offset and state (tus HEAD, the status GET).</summary>
    public static readonly OperationAuthorizationRequirement View = ResourceAuthorization.Operation("upload.view");

    /// <summary>Send its next bytes (tus PATCH).</summary>
    public static readonly OperationAuthorizationRequirement Continue = ResourceAuthorization.Operation("upload.continue");

    /// <summary>End it and remove its bytes (tus DELETE).</summary>
    public static readonly OperationAuthorizationRequirement End = ResourceAuthorization.Operation("upload.end");

    /// <summary>Hand its file to what it was uploaded for (<see cref="CompletedUploads"/>).</summary>
    public static readonly OperationAuthorizationRequirement Claim = ResourceAuthorization.Operation("upload.claim");
}

/// <summary>
/// An upload belongs to the person who created it, and to nobody else: not a moderator, not an admin. Everyone else is
/// told 404, the same as for an id that does not exist, so upload ids do not leak. Creating one needs only the
/// <see cref="Policies.Member"/> policy on the endpoint (people of the organisation, not partner guests).
/// </summary>
internal sealed class UploadRule : AuthorizationHandler<OperationAuthorizationRequirement, Upload>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, Upload upload)
    {
        if (requirement.Name is "upload.view" or "upload.continue" or "upload.end" or "upload.claim"
            && CurrentPerson.IdOf(context.User) == upload.OwnerId)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
