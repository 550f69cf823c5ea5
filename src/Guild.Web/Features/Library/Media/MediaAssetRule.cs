using System.Security.Claims;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Library.Media;

/// <summary>What the rule decides on: the asset and its owner.</summary>
public sealed record MediaAssetSubject(Guid AssetId, Guid OwnerId);

/// <summary>The operations on a media asset.</summary>
public static class MediaOperations
{
    /// <summary>Watch it: the video, its poster and captions, its state.</summary>
    public static readonly OperationAuthorizationRequirement Watch = ResourceAuthorization.Operation("media.watch");

    /// <summary>Manage it: captions, retrying a failed transcode, following its progress.</summary>
    public static readonly OperationAuthorizationRequirement Manage = ResourceAuthorization.Operation("media.manage");
}

/// <summary>
/// Says whether someone besides its owner may watch a media asset: whoever may see something that shows it (a resource of
/// the library, by that resource's own rule: everyone in the organisation once it is published; its authors, the requested
/// reviewer and L&amp;D admins while it is a draft or in review). Until something shows the asset, only its owner may watch it.
/// Registered as a singleton (the rule is one): an implementation reads the database through
/// <c>IDbContextFactory&lt;GuildDb&gt;</c>, never a scoped context, and answers in one query.
/// </summary>
public interface IMediaAudience
{
    Task<bool> MayWatchAsync(Guid assetId, ClaimsPrincipal viewer, CancellationToken cancellationToken);
}

/// <summary>Nothing shows media yet: only owners watch. The library's resources replace this when they refer to assets.</summary>
internal sealed class NoMediaAudience : IMediaAudience
{
    public Task<bool> MayWatchAsync(Guid assetId, ClaimsPrincipal viewer, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>
/// Who may do what to a media asset, for playback, the API and the services alike: the owner always; anyone else may watch
/// when they may see something that shows the asset (<see cref="IMediaAudience"/>, which asks the showing side's own rule),
/// and nobody else may manage it. Callers answer 404 when the rule says no, so a draft's video does not even show that it
/// exists to those who may not see the draft.
/// </summary>
internal sealed class MediaAssetRule(IMediaAudience audience) : AuthorizationHandler<OperationAuthorizationRequirement, MediaAssetSubject>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        MediaAssetSubject asset)
    {
        var isOwner = CurrentPerson.IdOf(context.User) is { } caller && caller == asset.OwnerId;
        var allowed = requirement.Name switch
        {
            "media.watch" => isOwner || (context.User.Identity?.IsAuthenticated == true && await audience.MayWatchAsync(asset.AssetId, context.User, CancellationToken.None)),
            "media.manage" => isOwner,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
    }
}
