using System.Security.Claims;
using Guild.Web.Features.Library.Media;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Resources;

/// <summary>
/// Who may watch a video besides its owner: whoever may see a resource that shows it, by <see cref="ResourceRule"/>'s own
/// answer (<see cref="ResourceRule.MayView"/>): everyone in the organisation once the resource is published; while it is a
/// draft, in review or archived, its authors (co-authors too), the requested reviewer and L&amp;D admins. So the player on a
/// draft's page works for everyone who may read that page, and nobody else learns that the video exists.
/// </summary>
internal sealed class ResourceVideoAudience(IDbContextFactory<GuildDb> contexts) : IMediaAudience
{
    public async Task<bool> MayWatchAsync(Guid assetId, ClaimsPrincipal viewer, CancellationToken cancellationToken)
    {
        if (!viewer.IsInRole(Roles.Employee))
        {
            // The resource rule shows nothing to anyone else (partner guests): no need to ask the database.
            return false;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Every resource showing the asset with what the rule weighs, in one query (usually one resource).
        var showing = await db.Set<Resource>().AsNoTracking().Where(r => r.MediaAssetId == assetId)
            .Select(r => new { r.Id, r.Status, r.ReviewerId, Authors = db.Set<ResourceAuthor>().Where(a => a.ResourceId == r.Id).Select(a => a.PersonId).ToList() })
            .ToListAsync(cancellationToken);
        return showing.Any(r => ResourceRule.MayView(viewer, new ResourceStanding(r.Id, r.Status, r.Authors, r.ReviewerId, false)));
    }
}

/// <summary>
/// The assets resources show, so the media cleanup keeps them whatever the resource's status (a draft's video, an archived
/// resource's). Revisions keep no video of their own: a video replaced in the editor is shown by nothing and goes.
/// </summary>
internal sealed class ResourceMediaReferences : IMediaReferences
{
    public IQueryable<Guid> AssetIdsInUse(GuildDb db) =>
        db.Set<Resource>().Where(r => r.MediaAssetId != null).Select(r => r.MediaAssetId!.Value);
}
