using Guild.Web.Features.Expertise.Coverage;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Asks;

/// <summary>
/// The coverage view's "open demand" measure: asks about each component that wait for an answer (open or claimed, not
/// yet answered), for all asked components in one query. Any flags the "demand with no answer" gap.
/// </summary>
internal sealed class AskCoverageSignals(IDbContextFactory<GuildDb> contexts) : ICoverageSignals
{
    public CoverageMeasure Measure => CoverageMeasure.OpenDemand;

    public async Task<IReadOnlyDictionary<Guid, int>> CountAsync(IReadOnlyCollection<Guid> componentIds, CancellationToken cancellationToken)
    {
        if (componentIds.Count == 0)
        {
            return new Dictionary<Guid, int>();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = componentIds.ToList();
        return await read.Set<Ask>()
            .Where(a => a.ComponentId != null && ids.Contains(a.ComponentId.Value) && (a.Status == AskStatus.Open || a.Status == AskStatus.Claimed))
            .GroupBy(a => a.ComponentId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }
}
