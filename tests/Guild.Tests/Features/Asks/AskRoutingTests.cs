using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Asks;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Asks;

/// <summary>
/// An ask goes to the champions most likely to answer it now: its component's champions who are working (their own
/// hours and time zone), not away and not overloaded; unclaimed after the configured working time it goes to the next
/// champions, then to the L&amp;D admins. Each routing keeps its round and reason for admins.
/// </summary>
public abstract class AskRoutingTests(GuildApp app)
{
    [Fact]
    public async Task An_ask_goes_to_champions_who_work_now_and_are_free_never_to_those_away_outside_their_hours_or_overloaded()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Video", "Editing");
        var editing = capability.Components[0].Id;
        var free = await app.CreatePersonAsync("Fenna", "Free", [Roles.Employee, Roles.Champion]);
        var away = await app.CreatePersonAsync("Abel", "Away", [Roles.Employee, Roles.Champion]);
        var tokyo = await app.CreatePersonAsync("Toshi", "Tokyo", [Roles.Employee, Roles.Champion]);
        var busy = await app.CreatePersonAsync("Bea", "Busy", [Roles.Employee, Roles.Champion]);
        foreach (var champion in new[] { free, away, tokyo, busy })
        {
            await app.MakeChampionAsync(champion.Id, editing);
        }
        await app.SetAwayAsync(away.Id, 5);
        // 10:00 in Amsterdam is 18:00 in Tokyo: after Toshi's working day.
        await app.SetWorkingHoursAsync(tokyo.Id, "Asia/Tokyo");
        await app.LoadWithClaimsAsync(busy.Id, 3);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var ask = await asker.AskAsync(new { title = "How do I cut on the beat?", body = "The music drifts.", componentId = editing });

        var routed = await app.WithDbAsync(db => db.Set<AskRouting>().Where(r => r.AskId == ask.Id).ToListAsync());
        var only = Assert.Single(routed);
        Assert.Equal(free.Id, only.PersonId);
        Assert.Equal(1, only.Round);
        Assert.Equal(RoutingReason.ComponentChampion, only.Reason);
        Assert.True(only.WasAvailable);
        // Heard in the app (no name: the asker is not anonymous, so the name is there) and by mail.
        var notification = await app.WithDbAsync(db => db.Set<Notification>().SingleAsync(n => n.RecipientId == free.Id && n.SubjectKey == $"ask:{ask.Id}"));
        Assert.Equal(AskRouter.RoutedKind, notification.Kind);
        Assert.Contains(askerPerson.Name, notification.RecentActors);
        await app.RunDueJobsAsync();
        var mail = Assert.Single(app.MailTo(free.Email));
        Assert.Contains("How do I cut on the beat?", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"/asks/{ask.Id}", mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(app.MailTo(away.Email));
        Assert.Empty(app.MailTo(tokyo.Email));
        // Admins see to whom and why; the asker does not.
        var seen = await admin.GetAskAsync(ask.Id);
        var reason = Assert.Single(seen.Routings!);
        Assert.Contains(capability.Components[0].Name, reason.ReasonText, StringComparison.Ordinal);
        Assert.Null((await asker.GetAskAsync(ask.Id)).Routings);
        // The routed champion finds it under "for me".
        var client = app.CreateGuildClient();
        await client.SignInAsync(free.Email, GuildApp.Password);
        var mine = await AsksTestKit.ReadAsync<MyAsks>(await client.GetAsync("/api/v1/asks"), System.Net.HttpStatusCode.OK);
        Assert.Contains(mine.ForMe, a => a.Id == ask.Id);
    }

    [Fact]
    public async Task An_unclaimed_ask_goes_to_the_next_champions_after_the_configured_working_time_then_to_the_learning_admins()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Audio", "Mixing");
        var mixing = capability.Components[0].Id;
        var champions = new List<TestPerson>();
        for (var i = 0; i < 3; i++)
        {
            var champion = await app.CreatePersonAsync("Champion", $"Nr {i} {Guid.NewGuid():N}"[..20], [Roles.Employee, Roles.Champion]);
            await app.MakeChampionAsync(champion.Id, mixing);
            champions.Add(champion);
        }
        await app.CreatePersonAsync("Lotte", "Admin", [Roles.Employee, Roles.LearningAdmin]);
        var (asker, _) = await app.SignedInAsync(Roles.Employee);
        var ask = await asker.AskAsync(new { title = "Why does my voice clip?", componentId = mixing });
        async Task<List<AskRouting>> RoutingsAsync() => await app.WithDbAsync(db => db.Set<AskRouting>().Where(r => r.AskId == ask.Id).ToListAsync());

        var first = await RoutingsAsync();
        Assert.Equal(2, first.Count);

        // Not yet two working hours: nothing moves.
        app.Clock.Advance(TimeSpan.FromMinutes(110));
        await app.RunDueJobsAsync();
        Assert.Equal(2, (await RoutingsAsync()).Count);

        app.Clock.Advance(TimeSpan.FromMinutes(11));
        await app.RunDueJobsAsync();
        var second = (await RoutingsAsync()).Where(r => r.Round == 2).ToList();
        var third = Assert.Single(second);
        Assert.Equal(champions.Select(c => c.Id).Except(first.Select(r => r.PersonId)).Single(), third.PersonId);

        // No champion left: the L&D admins.
        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await app.RunDueJobsAsync();
        var admins = (await RoutingsAsync()).Where(r => r.Round == 3).ToList();
        Assert.NotEmpty(admins);
        Assert.All(admins, r => Assert.Equal(RoutingReason.LearningAdmin, r.Reason));

        // Claimed meanwhile: the next escalation does nothing.
        await app.WithDbAsync(db => db.Set<Ask>().Where(a => a.Id == ask.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, AskStatus.Claimed).SetProperty(a => a.ClaimedById, champions[0].Id)));
        app.Clock.Advance(TimeSpan.FromHours(3));
        await app.RunDueJobsAsync();
        Assert.DoesNotContain(await RoutingsAsync(), r => r.Round == 4);
    }

    [Fact]
    public async Task Without_a_component_an_ask_goes_to_the_champions_of_the_component_closest_in_meaning()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Finance", "Expense claims", "Video editing");
        var (claims, video) = (capability.Components[0].Id, capability.Components[1].Id);
        await app.WithDbAsync(db => db.Set<Guild.Web.Features.Expertise.Map.KnowHowComponent>().Where(c => c.Id == claims)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Description, "Declaring travel costs, receipts and reimbursements of expenses")));
        var finance = await app.CreatePersonAsync("Fiona", "Finance", [Roles.Employee, Roles.Champion]);
        var editor = await app.CreatePersonAsync("Eddy", "Editor", [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(finance.Id, claims);
        await app.MakeChampionAsync(editor.Id, video);
        var (asker, _) = await app.SignedInAsync(Roles.Employee);

        var ask = await asker.AskAsync(new { title = "How do I declare my train ticket and taxi receipts as expenses?" });

        var routed = await app.WithDbAsync(db => db.Set<AskRouting>().Where(r => r.AskId == ask.Id).ToListAsync());
        Assert.Contains(routed, r => r.PersonId == finance.Id && r.Reason == RoutingReason.SimilarComponent && r.ComponentId == claims);
        Assert.DoesNotContain(routed, r => r.PersonId == editor.Id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AskRoutingTestsOnSqlite(SqliteApp app) : AskRoutingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AskRoutingTestsOnPostgres(PostgresApp app) : AskRoutingTests(app);
