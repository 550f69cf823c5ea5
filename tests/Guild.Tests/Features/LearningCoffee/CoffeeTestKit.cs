using Guild.Tests.Infrastructure;
using Guild.Web.Features.LearningCoffee;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.LearningCoffee;

internal static class CoffeeTestKit
{
    /// <summary>
    /// The programme is organisation-wide and the test app is shared by a collection: each test starts with nobody in it,
    /// no rounds and no coffee jobs waiting (so another test's <c>RunDueJobsAsync</c> does not send hundreds of intros).
    /// </summary>
    public static Task ResetCoffeeAsync(this GuildApp app) =>
        app.WithDbAsync(async db =>
        {
            await db.Set<CoffeePairMember>().ExecuteDeleteAsync();
            await db.Set<CoffeePair>().ExecuteDeleteAsync();
            await db.Set<CoffeeRound>().ExecuteDeleteAsync();
            await db.Set<CoffeeExclusion>().ExecuteDeleteAsync();
            await db.Set<CoffeeInterest>().ExecuteDeleteAsync();
            await db.Set<CoffeeMember>().ExecuteDeleteAsync();
            await db.Set<BackgroundJob>().Where(j => j.Kind.StartsWith("coffee.") && j.Status == JobStatus.Queued).ExecuteDeleteAsync();
        });

    public static Task JoinCoffeeAsync(this GuildApp app, Guid personId, bool crossDepartmentOnly = true) =>
        app.WithDbAsync(async db =>
        {
            db.Add(new CoffeeMember { PersonId = personId, JoinedAt = app.Clock.GetUtcNow(), CrossDepartmentOnly = crossDepartmentOnly });
            await db.SaveChangesAsync();
        });

    /// <summary>Makes a round now, as the daily job would when one is due.</summary>
    public static async Task<CoffeeRound> StartCoffeeRoundAsync(this GuildApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CoffeeRounds>().StartRoundAsync(CancellationToken.None);
    }

    /// <summary>The groups of a round, as member id lists, with the trio's joiner.</summary>
    public static Task<List<(Guid PairId, List<Guid> Members, Guid? Joiner)>> GroupsOfAsync(this GuildApp app, Guid roundId) =>
        app.WithDbAsync(async db => (await db.Set<CoffeePair>().AsNoTracking().Include(p => p.Members).Where(p => p.RoundId == roundId).ToListAsync())
            .Select(p => (p.Id, p.Members.Select(m => m.PersonId).ToList(), p.TrioJoinerId)).ToList());
}
