using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.LearningCoffee;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.LearningCoffee;

/// <summary>Rounds over many fortnights: the hard rules always hold, everyone who can be paired is, and the trio rotates.</summary>
public abstract class CoffeeRoundsTests(GuildApp app)
{
    private static readonly string[] Departments = ["Sales", "Studio", "Finance", "Editorial", "Technology"];

    [Fact]
    public async Task Thirty_rounds_keep_every_rule_pair_everyone_who_can_be_and_rotate_the_trio()
    {
        await app.ResetCoffeeAsync();
        var monday = app.MoveToMonday(9);
        var random = new Random(13);
        var unique = Guid.NewGuid().ToString("N")[..6];
        // 39 colleagues in five departments, a few in New York (2.5 shared hours a day with Amsterdam)…
        var department = new Dictionary<Guid, string>();
        var regulars = new List<Guid>();
        for (var i = 0; i < 39; i++)
        {
            var name = $"{Departments[i % 5]} {unique}";
            var person = await app.CreatePersonAsync("Coffee", $"Regular {i}", department: name);
            department[person.Id] = name;
            regulars.Add(person.Id);
            await app.JoinCoffeeAsync(person.Id);
            if (i % 7 == 3)
            {
                await app.SetWorkingHoursAsync(person.Id, "America/New_York", new TimeOnly(9, 0), new TimeOnly(17, 0));
            }
        }
        // …and two in Tokyo working mornings (00:00-03:00 UTC), who share no working hour with anyone but each other, in any season.
        var tokyo = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var name = $"{Departments[i]} {unique}";
            var person = await app.CreatePersonAsync("Coffee", $"Tokyo {i}", department: name);
            department[person.Id] = name;
            tokyo.Add(person.Id);
            await app.JoinCoffeeAsync(person.Id);
            await app.SetWorkingHoursAsync(person.Id, "Asia/Tokyo", new TimeOnly(9, 0), new TimeOnly(12, 0));
        }
        // Some private exclusions between colleagues who could otherwise meet.
        var excluded = new HashSet<PersonPair>();
        await app.WithDbAsync(async db =>
        {
            while (excluded.Count < 10)
            {
                var a = regulars[random.Next(regulars.Count)];
                var b = regulars[random.Next(regulars.Count)];
                if (department[a] != department[b] && excluded.Add(new PersonPair(a, b)))
                {
                    db.Add(new CoffeeExclusion { PersonId = a, ExcludedPersonId = b });
                }
            }
            await db.SaveChangesAsync();
        });

        var history = new List<(int Round, List<Guid> Members, bool Met)>();
        Guid? lastJoiner = null;
        HashSet<Guid> lastTrio = [];
        for (var round = 1; round <= 30; round++)
        {
            app.Clock.SetUtcNow(monday.AddDays(14 * (round - 1)));
            var made = await app.StartCoffeeRoundAsync();
            Assert.Equal(round, made.Number);
            var groups = await app.GroupsOfAsync(made.Id);
            var paired = groups.SelectMany(g => g.Members).ToList();
            Assert.Equal(paired.Count, paired.Distinct().Count());
            foreach (var (_, members, _) in groups)
            {
                Assert.InRange(members.Count, 2, 3);
                foreach (var (a, b) in PairsOf(members))
                {
                    Assert.NotEqual(department[a], department[b]);
                    Assert.DoesNotContain(new PersonPair(a, b), excluded);
                    Assert.False(tokyo.Contains(a) != tokyo.Contains(b), "Tokyo and Amsterdam share no working hour");
                    // No repeat within the last six rounds, counting only pairs that did not say "we did not meet".
                    Assert.DoesNotContain(history, h => h.Round >= round - 6 && h.Met && h.Members.Contains(a) && h.Members.Contains(b));
                }
            }
            // Every colleague who can be paired is: all 39 regulars, in pairs and exactly one trio (39 is odd).
            Assert.True(regulars.All(paired.Contains), $"Round {round} left out {string.Join(", ", regulars.Where(r => !paired.Contains(r)))}");
            var trios = groups.Where(g => g.Members.Count == 3).ToList();
            Assert.Single(trios);
            var joiner = Assert.IsType<Guid>(trios[0].Joiner);
            Assert.Contains(joiner, trios[0].Members);
            // The trio rotates: nobody who was in the last trio joins this one.
            Assert.NotEqual(lastJoiner, joiner);
            Assert.DoesNotContain(joiner, lastTrio);
            (lastJoiner, lastTrio) = (joiner, trios[0].Members.ToHashSet());
            // The two Tokyo colleagues meet each other, then wait six rounds (told kindly), then meet again.
            var tokyoPaired = ((round - 1) % 7) == 0;
            Assert.Equal(tokyoPaired, groups.Any(g => g.Members.Contains(tokyo[0]) && g.Members.Contains(tokyo[1])));
            Assert.Equal(tokyoPaired ? 0 : 2, made.LeftOut);
            Assert.Equal(41, made.OptedIn);
            // Some pairs did not meet (their answer comes in before the next round): they do not count as history.
            var notMet = groups.Where(g => !g.Members.Intersect(tokyo).Any() && random.Next(5) == 0).Select(g => g.PairId).ToList();
            await app.WithDbAsync(db => db.Set<CoffeePair>().Where(p => notMet.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Met, false)));
            history.AddRange(groups.Select(g => (round, g.Members, !notMet.Contains(g.PairId))));
        }
        var told = await app.WithDbAsync(db => db.Set<Notification>().CountAsync(n => n.RecipientId == tokyo[0] && n.Kind == CoffeeRounds.NoPartnerKind));
        Assert.Equal(30 - 5, told);
        await app.ResetCoffeeAsync();
    }

    [Fact]
    public async Task A_pair_that_did_not_meet_may_be_paired_again_at_once()
    {
        await app.ResetCoffeeAsync();
        app.MoveToMonday(9);
        var (anna, annaPerson) = await app.SignedInAsync(Roles.Employee);
        var ben = await app.CreatePersonAsync("Ben", "Coffee", department: "Coffee other " + Guid.NewGuid().ToString("N")[..6]);
        await app.JoinCoffeeAsync(annaPerson.Id);
        await app.JoinCoffeeAsync(ben.Id);

        var first = await app.StartCoffeeRoundAsync();
        var pair = Assert.Single(await app.GroupsOfAsync(first.Id));
        // Nobody answered: they count as met, so the next round has nobody for them (and says so).
        app.Clock.Advance(TimeSpan.FromDays(14));
        var second = await app.StartCoffeeRoundAsync();
        Assert.Empty(await app.GroupsOfAsync(second.Id));
        Assert.Equal(2, second.LeftOut);
        var mine = await AsksTestKit.ReadAsync<CoffeeMembership>(await anna.GetAsync("/api/v1/coffee"), HttpStatusCode.OK);
        Assert.True(mine.LeftOutLastRound);
        Assert.Contains("Sorry", await anna.GetPageAsync("/coffee"), StringComparison.Ordinal);

        // "No, we did not" (from the page or the API): the pair is free again in the very next round.
        var answered = await AsksTestKit.ReadAsync<CoffeeMembership>(
            await anna.Http.PostAsJsonAsync($"/api/v1/coffee/pairs/{pair.PairId}/meeting", new { met = false }), HttpStatusCode.OK);
        Assert.Null(answered.CurrentPair);
        app.Clock.Advance(TimeSpan.FromDays(14));
        var third = await app.StartCoffeeRoundAsync();
        var again = Assert.Single(await app.GroupsOfAsync(third.Id));
        Assert.Equal(pair.Members.Order(), again.Members.Order());
        await app.ResetCoffeeAsync();
    }

    private static IEnumerable<(Guid, Guid)> PairsOf(List<Guid> members)
    {
        for (var i = 0; i < members.Count; i++)
        {
            for (var j = i + 1; j < members.Count; j++)
            {
                yield return (members[i], members[j]);
            }
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CoffeeRoundsTestsOnSqlite(SqliteApp app) : CoffeeRoundsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CoffeeRoundsTestsOnPostgres(PostgresApp app) : CoffeeRoundsTests(app);
