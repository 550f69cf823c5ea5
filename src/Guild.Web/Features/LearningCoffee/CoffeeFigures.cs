using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>One round's figures.</summary>
/// <param name="Round">The round's number.</param>
/// <param name="StartedAt">When it was made.</param>
/// <param name="OptedIn">Members of the programme then.</param>
/// <param name="Away">Members away during the round (not paired).</param>
/// <param name="Paired">Members in a pair or trio.</param>
/// <param name="LeftOut">Members nobody could be found for.</param>
/// <param name="Pairs">Pairs and trios.</param>
/// <param name="Met">Pairs that said they met.</param>
/// <param name="NotMet">Pairs that said they did not.</param>
/// <param name="MetShare">Met / Pairs, 0-1 (null without pairs).</param>
public sealed record CoffeeRoundFigures(int Round, DateTimeOffset StartedAt, int OptedIn, int Away, int Paired, int LeftOut, int Pairs, int Met, int NotMet,
    double? MetShare);

/// <summary>The programme's figures per round, newest first (L&amp;D admins): two queries whatever the number of rounds.</summary>
public sealed class CoffeeFigures(IDbContextFactory<GuildDb> contexts, CurrentPerson me)
{
    /// <summary>The latest <paramref name="rounds"/> rounds (1-100).</summary>
    public async Task<Result<IReadOnlyList<CoffeeRoundFigures>>> ComputeAsync(int rounds, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(CoffeeStanding.Programme, CoffeeOperations.Figures))
        {
            return Result<IReadOnlyList<CoffeeRoundFigures>>.Forbidden();
        }
        if (rounds is < 1 or > 100)
        {
            return Result<IReadOnlyList<CoffeeRoundFigures>>.Invalid("rounds", "1-100");
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await read.Set<CoffeeRound>().AsNoTracking().OrderByDescending(r => r.Number).Take(rounds).ToListAsync(cancellationToken);
        var ids = latest.Select(r => r.Id).ToList();
        var pairs = await read.Set<CoffeePair>().Where(p => ids.Contains(p.RoundId))
            .GroupBy(p => p.RoundId)
            .Select(g => new { RoundId = g.Key, Pairs = g.Count(), Met = g.Count(p => p.Met == true), NotMet = g.Count(p => p.Met == false) })
            .ToDictionaryAsync(g => g.RoundId, cancellationToken);
        return Result<IReadOnlyList<CoffeeRoundFigures>>.Ok(latest.Select(r =>
        {
            var counts = pairs.GetValueOrDefault(r.Id);
            var total = counts?.Pairs ?? 0;
            return new CoffeeRoundFigures(r.Number, r.StartedAt, r.OptedIn, r.Away, r.Paired, r.LeftOut, total, counts?.Met ?? 0, counts?.NotMet ?? 0,
                total == 0 ? null : (double)(counts?.Met ?? 0) / total);
        }).ToList());
    }
}
