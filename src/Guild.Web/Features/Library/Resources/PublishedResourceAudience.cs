using Guild.Web.Features.Library.Media;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Resources;

/// <summary>
/// Who may watch a video besides its owner: everyone signed in, once a published resource shows it. A draft's or an
/// archived resource's video stays its owner's (the media rule answers others 404).
/// </summary>
internal sealed class PublishedResourceAudience(IDbContextFactory<GuildDb> contexts) : IMediaAudience
{
    public async Task<bool> IsPublishedAsync(Guid assetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Resource>().AnyAsync(r => r.MediaAssetId == assetId && r.Status == ResourceStatus.Published, cancellationToken);
    }
}
