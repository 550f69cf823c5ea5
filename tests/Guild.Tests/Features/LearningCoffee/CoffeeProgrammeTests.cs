using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.LearningCoffee;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.LearningCoffee;

/// <summary>Joining, private exclusions, introductions in working hours, "did you meet?", and refusals that change nothing.</summary>
public abstract class CoffeeProgrammeTests(GuildApp app)
{
    [Fact]
    public async Task Intros_wait_for_each_persons_working_hours()
    {
        await app.ResetCoffeeAsync();
        // Monday 09:00 UTC: working in London-without-summer-time (UTC), 04:00 five hours west (zones without daylight saving,
        // so the test means the same whatever date earlier tests left the clock at).
        var monday = app.MoveToMonday(9);
        var amsterdam = await app.CreatePersonAsync("Anouk", "Amsterdam", department: "Intro A " + Guid.NewGuid().ToString("N")[..6]);
        var newYork = await app.CreatePersonAsync("Nate", "Newyork", department: "Intro B " + Guid.NewGuid().ToString("N")[..6]);
        await app.SetWorkingHoursAsync(amsterdam.Id, "Etc/UTC", new TimeOnly(9, 0), new TimeOnly(17, 0));
        await app.SetWorkingHoursAsync(newYork.Id, "Etc/GMT+5", new TimeOnly(9, 0), new TimeOnly(17, 0));
        await app.JoinCoffeeAsync(amsterdam.Id);
        await app.JoinCoffeeAsync(newYork.Id);

        var round = await app.StartCoffeeRoundAsync();
        Assert.Single(await app.GroupsOfAsync(round.Id));
        await app.RunDueJobsAsync();
        var toAmsterdam = Assert.Single(app.MailTo(amsterdam.Email));
        Assert.Contains("Nate Newyork", toAmsterdam.Subject, StringComparison.Ordinal);
        Assert.Contains("Intro B", toAmsterdam.HtmlBody, StringComparison.Ordinal);
        // Shared working hours this week: the western morning is the afternoon here (14:00-17:00).
        Assert.Contains("14:00", toAmsterdam.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(app.MailTo(newYork.Email));
        Assert.False(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == newYork.Id && n.Kind == CoffeeIntroJob.PairedKind)));

        // 13:59 UTC is 08:59 five hours west: still nothing. At 14:00 their day starts, and so does their introduction.
        app.Clock.SetUtcNow(monday.AddHours(4).AddMinutes(59));
        await app.RunDueJobsAsync();
        Assert.Empty(app.MailTo(newYork.Email));
        app.Clock.SetUtcNow(monday.AddHours(5));
        await app.RunDueJobsAsync();
        var toNewYork = Assert.Single(app.MailTo(newYork.Email));
        Assert.Contains("Anouk Amsterdam", toNewYork.HtmlBody, StringComparison.Ordinal);
        // In their own time: the same afternoon is 09:00-12:00 there.
        Assert.Contains("09:00", toNewYork.HtmlBody, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == newYork.Id && n.Kind == CoffeeIntroJob.PairedKind)));
        // Run again, nothing is sent twice.
        await app.RunDueJobsAsync();
        Assert.Single(app.MailTo(amsterdam.Email));
        await app.ResetCoffeeAsync();
    }

    [Fact]
    public async Task A_person_never_sees_someone_elses_exclusions()
    {
        await app.ResetCoffeeAsync();
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee);
        var (other, _) = await app.SignedInAsync(Roles.Employee);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var secret = await app.CreatePersonAsync("Quirijn", "Secretlyexcluded");
        await AsksTestKit.ReadAsync<CoffeeMembership>(await owner.Http.PostAsJsonAsync("/api/v1/coffee/membership", new { crossDepartmentOnly = true }), HttpStatusCode.OK);
        await AsksTestKit.ReadAsync<CoffeeMembership>(await other.Http.PostAsJsonAsync("/api/v1/coffee/membership", new { }), HttpStatusCode.OK);
        var mine = await AsksTestKit.ReadAsync<CoffeeMembership>(await owner.Http.PutAsJsonAsync("/api/v1/coffee/settings",
            new { crossDepartmentOnly = true, excludedPersonIds = new[] { secret.Id } }), HttpStatusCode.OK);
        Assert.Equal(secret.Id, Assert.Single(mine.Exclusions).Id);
        Assert.Contains("Secretlyexcluded", await owner.GetPageAsync("/coffee"), StringComparison.Ordinal);

        // Nobody else reads it: not the other member, not an L&D admin, not the excluded person, by page or API.
        var secretClient = app.CreateGuildClient();
        await secretClient.SignInAsync(secret.Email, GuildApp.Password);
        foreach (var client in new[] { other, admin })
        {
            Assert.DoesNotContain("Secretlyexcluded", await client.GetPageAsync("/coffee"), StringComparison.Ordinal);
            var api = await (await client.GetAsync("/api/v1/coffee")).Content.ReadAsStringAsync();
            Assert.DoesNotContain(secret.Id.ToString(), api, StringComparison.OrdinalIgnoreCase);
        }
        // The excluded person is not told either: nothing of the owner on their page or in their API answer.
        Assert.DoesNotContain(ownerPerson.Name, await secretClient.GetPageAsync("/coffee"), StringComparison.Ordinal);
        Assert.DoesNotContain(ownerPerson.Id.ToString(), await (await secretClient.GetAsync("/api/v1/coffee")).Content.ReadAsStringAsync(),
            StringComparison.OrdinalIgnoreCase);
        var rounds = await (await admin.GetAsync("/api/v1/coffee/rounds")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret.Id.ToString(), rounds, StringComparison.OrdinalIgnoreCase);
        // The excluded person is never paired with the owner, whatever else.
        await app.WithDbAsync(async db =>
        {
            db.Add(new CoffeeMember { PersonId = secret.Id, JoinedAt = app.Clock.GetUtcNow(), CrossDepartmentOnly = false });
            await db.SaveChangesAsync();
        });
        var round = await app.StartCoffeeRoundAsync();
        Assert.DoesNotContain(await app.GroupsOfAsync(round.Id), g => g.Members.Contains(secret.Id) && g.Members.Contains(ownerPerson.Id));
        await app.ResetCoffeeAsync();
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_clear_message_and_changes_nothing()
    {
        await app.ResetCoffeeAsync();
        var (me, mePerson) = await app.SignedInAsync(Roles.Employee);
        var (stranger, _) = await app.SignedInAsync(Roles.Employee);
        var colleague = await app.CreatePersonAsync("Colette", "Colleague", department: "Bad input " + Guid.NewGuid().ToString("N")[..6]);

        // Settings before joining, leaving before joining: 409 with the reason.
        using (var early = await me.Http.PutAsJsonAsync("/api/v1/coffee/settings", new { crossDepartmentOnly = false }))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Contains("not in the learning-coffee programme", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Conflict, (await me.Http.DeleteAsync("/api/v1/coffee/membership")).StatusCode);

        var joined = await AsksTestKit.ReadAsync<CoffeeMembership>(await me.Http.PostAsJsonAsync("/api/v1/coffee/membership", new { }), HttpStatusCode.OK);
        Assert.True(joined.Joined && joined.CrossDepartmentOnly);
        using (var twice = await me.Http.PostAsJsonAsync("/api/v1/coffee/membership", new { crossDepartmentOnly = false }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Contains("already in the learning-coffee programme", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // The page no longer offers joining.
        Assert.DoesNotContain("name=\"_handler\" value=\"join\"", await me.GetPageAsync("/coffee"), StringComparison.Ordinal);

        await AsksTestKit.ReadAsync<CoffeeMembership>(await me.Http.PutAsJsonAsync("/api/v1/coffee/settings",
            new { crossDepartmentOnly = true, excludedPersonIds = new[] { colleague.Id } }), HttpStatusCode.OK);
        var before = await AsksTestKit.ReadAsync<CoffeeMembership>(await me.GetAsync("/api/v1/coffee"), HttpStatusCode.OK);
        foreach (var (body, field, words) in new (object, string, string)[]
                 {
                     (new { crossDepartmentOnly = false, excludedPersonIds = new[] { mePerson.Id } }, "excludedPersonIds", "cannot exclude yourself"),
                     (new { crossDepartmentOnly = false, excludedPersonIds = new[] { Guid.NewGuid() } }, "excludedPersonIds", "not a colleague"),
                     (new { crossDepartmentOnly = false, wantsToLearn = new[] { Guid.NewGuid() } }, "wantsToLearn", "not on the know-how map"),
                     (new { crossDepartmentOnly = false, canTeach = new[] { Guid.NewGuid() } }, "canTeach", "your own profile"),
                 })
        {
            using var refused = await me.Http.PutAsJsonAsync("/api/v1/coffee/settings", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.Contains(field, problem, StringComparison.Ordinal);
            Assert.Contains(words, problem, StringComparison.Ordinal);
        }
        // The page offers nobody to exclude but colleagues (never oneself); a skill the map lacks: the form says why.
        Assert.DoesNotContain("value=\"" + mePerson.Id + "\"", await me.GetPageAsync("/coffee?find=Test"), StringComparison.Ordinal);
        var unknown = await People.PeopleTestKit.PostPageFormAsync(me, "/coffee", "learn", ("skill", "Zq underwater basket weaving"));
        Assert.Contains("no skill by that name", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await AsksTestKit.ReadAsync<CoffeeMembership>(await me.GetAsync("/api/v1/coffee"), HttpStatusCode.OK);
        Assert.Equal((before.CrossDepartmentOnly, before.Exclusions.Single().Id), (after.CrossDepartmentOnly, after.Exclusions.Single().Id));

        // "Did you meet?" for a pair that is not mine (or no pair at all): 404, and the pair keeps its (missing) answer.
        var other = await app.CreatePersonAsync("Otto", "Other", department: "Bad input other " + Guid.NewGuid().ToString("N")[..6]);
        await app.JoinCoffeeAsync(other.Id);
        var round = await app.StartCoffeeRoundAsync();
        var pair = Assert.Single(await app.GroupsOfAsync(round.Id));
        Assert.Contains(mePerson.Id, pair.Members);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsJsonAsync($"/api/v1/coffee/pairs/{pair.PairId}/meeting", new { met = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsJsonAsync($"/api/v1/coffee/pairs/{Guid.NewGuid()}/meeting", new { met = true })).StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Set<CoffeePair>().Where(p => p.Id == pair.PairId).Select(p => p.Met).FirstAsync()));

        // Mine: "yes" from the page records that both of us met.
        var met = await People.PeopleTestKit.PostPageFormAsync(me, "/coffee", "met", ("pairId", pair.PairId.ToString()), ("met", "true"));
        Assert.Equal(HttpStatusCode.Redirect, met.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Set<CoffeePair>().Where(p => p.Id == pair.PairId).Select(p => p.Met).FirstAsync()));
        var records = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AsNoTracking()
            .Where(e => e.Statement.Contains(pair.PairId.ToString())).Select(e => e.Statement).ToListAsync());
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Contains(LearningVerbs.Attended.Iri, r, StringComparison.Ordinal));
        await app.ResetCoffeeAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CoffeeProgrammeTestsOnSqlite(SqliteApp app) : CoffeeProgrammeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CoffeeProgrammeTestsOnPostgres(PostgresApp app) : CoffeeProgrammeTests(app);
