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
/// Says whether something published refers to a media asset (a published resource of the library, say). Until something is,
/// only the asset's owner may watch it. Registered as a singleton (the rule is one): an implementation reads the database
/// through <c>IDbContextFactory&lt;GuildDb&gt;</c>, never a scoped context.
/// </summary>
public interface IMediaAudience
{
    Task<bool> IsPublishedAsync(Guid assetId, CancellationToken cancellationToken);
}

/// <summary>Nothing is published yet: only owners watch. The library's resources replace this when they refer to assets.</summary>
internal sealed class NoMediaAudience : IMediaAudience
{
    public Task<bool> IsPublishedAsync(Guid assetId, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>
/// Who may do what to a media asset, for playback, the API and the services alike: the owner always; everyone else in the
/// organisation may watch once something published refers to the asset (<see cref="IMediaAudience"/>), and nobody else may
/// manage it. Callers answer 404 when the rule says no, so a draft's video does not even show that it exists.
/// </summary>
internal sealed class MediaAssetRule(IMediaAudience audience) : AuthorizationHandler<OperationAuthorizationRequirement, MediaAssetSubject>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        MediaAssetSubject asset)
    {
        var isOwner = CurrentPerson.IdOf(context.User) is { } caller && caller == asset.OwnerId;
        var allowed = requirement.Name switch
        {
            "media.watch" => isOwner || (context.User.Identity?.IsAuthenticated == true && await audience.IsPublishedAsync(asset.AssetId, CancellationToken.None)),
            "media.manage" => isOwner,
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
    }
}
