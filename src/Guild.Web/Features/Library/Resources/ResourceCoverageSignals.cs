using Guild.Web.Features.Expertise.Coverage;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Resources;

/// <summary>
/// The coverage view's "Resources" measure: published resources per component, for all asked components in one
/// query (a resource about three components counts once for each). Zero is the "no resource" gap.
/// </summary>
internal sealed class ResourceCoverageSignals(IDbContextFactory<GuildDb> contexts) : ICoverageSignals
{
    public CoverageMeasure Measure => CoverageMeasure.Resources;

    public async Task<IReadOnlyDictionary<Guid, int>> CountAsync(IReadOnlyCollection<Guid> componentIds, CancellationToken cancellationToken)
    {
        if (componentIds.Count == 0)
        {
            return new Dictionary<Guid, int>();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = componentIds.ToList();
        return await (from rc in read.Set<ResourceComponent>()
                      join r in read.Set<Resource>() on rc.ResourceId equals r.Id
                      where ids.Contains(rc.ComponentId) && r.Status == ResourceStatus.Published
                      group rc by rc.ComponentId into g
                      select new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }
}
