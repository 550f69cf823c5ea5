using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events.Series;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Features.Events.Series;

/// <summary>
/// The speaker roster: a colleague signs up (once per date, one upcoming talk per series), an organiser proposes someone who confirms or
/// declines, two speakers swap dates (one asks, the other accepts), and the organisers are told once, in their working hours, when a date
/// within the deadline has no confirmed speaker. Bad input (twice, oneself, another series' date, a past date) changes nothing.
/// </summary>
public abstract class SeriesRosterTests(GuildApp app)
{
    [Fact]
    public async Task A_colleague_signs_up_on_the_series_page_for_one_of_several_open_dates()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Page sign-up " + Guid.NewGuid().ToString("N")[..6], "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
            app.NextWeekday(DayOfWeek.Tuesday, 7)));
        var (speaker, speakerPerson) = await app.SignedInAsync();
        var date = series.Upcoming[2].EventId;

        // Every open date offers its sign-up: one form for all of them, the button naming the date (one form each repeated its name).
        using var posted = await speaker.PostFormAsync($"/events/series/{series.Id}", $"/events/series/{series.Id}", new Dictionary<string, string>
        {
            ["_handler"] = "sign-up", ["SignUp.EventId"] = date.ToString(), [$"SignUp.Topics[{date}]"] = "Pivot tables",
            [$"SignUp.Topics[{series.Upcoming[1].EventId}]"] = "",
        });

        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"{(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        var talk = await app.WithDbAsync(db => db.Set<SeriesTalk>().AsNoTracking().SingleAsync(t => t.EventId == date));
        Assert.Equal((TalkStatus.Confirmed, (Guid?)speakerPerson.Id, "Pivot tables"), (talk.Status, talk.SpeakerId, talk.Topic));
    }

    [Fact]
    public async Task A_speaker_proposed_for_two_dates_confirms_one_of_them_on_the_series_page()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Page proposal " + Guid.NewGuid().ToString("N")[..6], "FREQ=WEEKLY;BYDAY=WE;COUNT=4",
            app.NextWeekday(DayOfWeek.Wednesday, 7)));
        var (bram, bramPerson) = await app.SignedInAsync();
        var (first, second) = (series.Upcoming[1].EventId, series.Upcoming[2].EventId);
        foreach (var date in new[] { first, second })
        {
            await EventsTestKit.ReadAsync<SeriesView>(await organiser.TalkAsync(date, "proposal", new { personId = bramPerson.Id }), HttpStatusCode.OK);
        }
        var page = $"/events/series/{series.Id}";
        // Both proposals are answered through one form (a repeated form name would have its posts refused); the button names the date.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(await bram.GetPageAsync(page), "name=\"_handler\" value=\"answer-proposal\""));

        using var posted = await bram.PostFormAsync(page, page, new Dictionary<string, string>
        {
            ["_handler"] = "answer-proposal", ["Proposal.Answer"] = $"confirm:{second}", [$"Proposal.Topics[{first}]"] = "",
            [$"Proposal.Topics[{second}]"] = "Colour grading",
        });

        Assert.True(posted.StatusCode == HttpStatusCode.Redirect, $"{(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        var talks = await app.WithDbAsync(db => db.Set<SeriesTalk>().AsNoTracking().Where(t => t.EventId == first || t.EventId == second).ToListAsync());
        Assert.Equal((TalkStatus.Confirmed, "Colour grading"), talks.Where(t => t.EventId == second).Select(t => (t.Status, t.Topic)).Single());
        Assert.Equal(TalkStatus.Proposed, talks.Single(t => t.EventId == first).Status);
    }

    [Fact]
    public async Task Sign_up_propose_confirm_decline_and_swap_and_bad_input_changes_nothing()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Roster lecture", "FREQ=WEEKLY;BYDAY=TH", app.NextWeekday(DayOfWeek.Thursday)));
        var o = series.Upcoming.Select(x => x.EventId).ToList();
        var (anna, annaPerson) = await app.SignedInAsync();
        var (bram, bramPerson) = await app.SignedInAsync();
        var (cas, casPerson) = await app.SignedInAsync();

        // Anna signs up; twice, or for a second date, is refused.
        var signedUp = await EventsTestKit.ReadAsync<SeriesView>(await anna.TalkAsync(o[1], "sign-up", new { topic = "Keyboard shortcuts" }), HttpStatusCode.OK);
        Assert.Equal((TalkStatus.Confirmed, annaPerson.Id), (signedUp.Upcoming[1].TalkStatus, signedUp.Upcoming[1].Speaker!.Id));
        await AssertRefusedAsync(await anna.TalkAsync(o[1], "sign-up", new { topic = "Again" }), HttpStatusCode.Conflict, "You already speak on this date.");
        await AssertRefusedAsync(await anna.TalkAsync(o[2], "sign-up", new { topic = "More" }), HttpStatusCode.Conflict, "You already speak in this series on");
        await AssertRefusedAsync(await bram.TalkAsync(o[1], "sign-up", new { topic = "Mine" }), HttpStatusCode.Conflict, "Someone else already speaks");
        await AssertRefusedAsync(await bram.TalkAsync(o[2], "sign-up", new { topic = "" }), HttpStatusCode.BadRequest, "Give the talk a topic");
        // Only organisers propose.
        Assert.Equal(HttpStatusCode.Forbidden, (await bram.TalkAsync(o[2], "proposal", new { personId = casPerson.Id })).StatusCode);

        // Proposed: Bram hears of it in the app and by mail, and confirms with a topic.
        await EventsTestKit.ReadAsync<SeriesView>(await organiser.TalkAsync(o[2], "proposal", new { personId = bramPerson.Id }), HttpStatusCode.OK);
        Assert.True(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == bramPerson.Id && n.Kind == "series.proposed"
            && n.Link == $"/events/series/{series.Id}#talk-{o[2]}")));
        await app.RunDueJobsAsync();
        Assert.NotEmpty(app.MailTo(bramPerson.Email));
        await AssertRefusedAsync(await cas.TalkAsync(o[2], "confirmation", new { topic = "Not mine" }), HttpStatusCode.Conflict, "There is no proposal for you");
        await AssertRefusedAsync(await bram.TalkAsync(o[2], "confirmation", new { }), HttpStatusCode.BadRequest, "Give the talk a topic");
        var confirmed = await EventsTestKit.ReadAsync<SeriesView>(await bram.TalkAsync(o[2], "confirmation", new { topic = "Colour grading" }), HttpStatusCode.OK);
        Assert.Equal((TalkStatus.Confirmed, "Colour grading"), (confirmed.Upcoming[2].TalkStatus, confirmed.Upcoming[2].Topic));

        // Cas declines: the date is open again.
        await EventsTestKit.ReadAsync<SeriesView>(await organiser.TalkAsync(o[3], "proposal", new { personId = casPerson.Id, topic = "Podcasts" }), HttpStatusCode.OK);
        var declined = await EventsTestKit.ReadAsync<SeriesView>(await cas.TalkAsync(o[3], "decline"), HttpStatusCode.OK);
        Assert.Equal((TalkStatus.Open, (SeriesPersonView?)null), (declined.Upcoming[3].TalkStatus, declined.Upcoming[3].Speaker));

        // Anna asks Bram to swap; Bram accepts: they change dates, topics with them.
        await AssertRefusedAsync(await bram.TalkAsync(o[1], "swap", new { withEventId = o[2] }), HttpStatusCode.Conflict, "Only the confirmed speaker");
        await EventsTestKit.ReadAsync<SeriesView>(await anna.TalkAsync(o[1], "swap", new { withEventId = o[2] }), HttpStatusCode.OK);
        Assert.True(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == bramPerson.Id && n.Kind == "series.swap-asked")));
        await AssertRefusedAsync(await cas.TalkAsync(o[2], "swap/acceptance", new { askedByEventId = o[1] }), HttpStatusCode.Conflict, "Nobody asked you to swap");
        var swapped = await EventsTestKit.ReadAsync<SeriesView>(await bram.TalkAsync(o[2], "swap/acceptance", new { askedByEventId = o[1] }), HttpStatusCode.OK);
        Assert.Equal((bramPerson.Id, "Colour grading"), (swapped.Upcoming[1].Speaker!.Id, swapped.Upcoming[1].Topic));
        Assert.Equal((annaPerson.Id, "Keyboard shortcuts"), (swapped.Upcoming[2].Speaker!.Id, swapped.Upcoming[2].Topic));
        Assert.All(swapped.Upcoming, x => Assert.Null(x.SwapWithEventId));

        // A swap with oneself, with a date of another series, or with an open date is refused.
        await EventsTestKit.ReadAsync<SeriesView>(await organiser.TalkAsync(o[3], "proposal", new { personId = annaPerson.Id, topic = "Second talk" }), HttpStatusCode.OK);
        await EventsTestKit.ReadAsync<SeriesView>(await anna.TalkAsync(o[3], "confirmation"), HttpStatusCode.OK);
        await AssertRefusedAsync(await anna.TalkAsync(o[2], "swap", new { withEventId = o[3] }), HttpStatusCode.BadRequest, "You cannot swap with yourself.");
        await AssertRefusedAsync(await anna.TalkAsync(o[2], "swap", new { withEventId = o[2] }), HttpStatusCode.BadRequest, "Choose another date of the series");
        await AssertRefusedAsync(await anna.TalkAsync(o[2], "swap", new { withEventId = o[5] }), HttpStatusCode.BadRequest, "That date has no confirmed speaker");
        var other = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Other lecture", "FREQ=WEEKLY;BYDAY=FR", app.NextWeekday(DayOfWeek.Friday)));
        await AssertRefusedAsync(await anna.TalkAsync(o[2], "swap", new { withEventId = other.Upcoming[0].EventId }), HttpStatusCode.BadRequest,
            "That date is not a date of this series.");

        // A date that has passed takes no speaker.
        app.Clock.Advance(series.Upcoming[0].EndsAt - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(await cas.TalkAsync(o[0], "sign-up", new { topic = "Too late" }), HttpStatusCode.BadRequest, "That date has passed");
        var after = await organiser.GetSeriesAsync(series.Id);
        Assert.Equal(TalkStatus.Open, after.Past.Single(x => x.EventId == o[0]).TalkStatus);
    }

    [Fact]
    public async Task The_organiser_is_told_once_when_nobody_has_confirmed_by_the_deadline()
    {
        var (organiser, organiserPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Deadline lecture", "FREQ=WEEKLY;BYDAY=FR", app.NextWeekday(DayOfWeek.Friday, 10)));
        var (speaker, _) = await app.SignedInAsync();
        var o = series.Upcoming.Select(x => x.EventId).ToList();
        await EventsTestKit.ReadAsync<SeriesView>(await speaker.TalkAsync(o[1], "sign-up", new { topic = "On time" }), HttpStatusCode.OK);

        // Ten days ahead: not yet.
        await CheckAsync();
        Assert.Equal(0, await ToldAsync(organiserPerson.Id, o[0]));

        // Within the deadline: told, once, however often the check runs (in working hours: move on to them when needed).
        app.Clock.Advance(series.Upcoming[0].StartsAt - app.Clock.GetUtcNow() - TimeSpan.FromDays(6));
        await CheckAsync();
        await CheckAsync();
        for (var day = 0; day < 4 && await ToldAsync(organiserPerson.Id, o[0]) == 0; day++)
        {
            app.Clock.Advance(TimeSpan.FromHours(12));
            await app.RunDueJobsAsync();
        }
        await CheckAsync();
        await app.RunDueJobsAsync();
        Assert.Equal(1, await ToldAsync(organiserPerson.Id, o[0]));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Notification>().Where(n => n.RecipientId == organiserPerson.Id && n.SubjectKey == $"series-talk:{o[0]}")
            .Select(n => n.Count).SingleAsync()));
        // The date with a confirmed speaker never tells anyone.
        app.Clock.Advance(TimeSpan.FromDays(4));
        await CheckAsync();
        await app.RunDueJobsAsync();
        Assert.Equal(0, await ToldAsync(organiserPerson.Id, o[1]));
    }

    private async Task CheckAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueNowAsync("series.speaker-check", new { });
        await app.RunJobAsync(job.Id);
    }

    private Task<int> ToldAsync(Guid organiserId, Guid eventId) =>
        app.WithDbAsync(db => db.Set<Notification>().CountAsync(n => n.RecipientId == organiserId && n.Kind == "series.no-speaker"
            && n.SubjectKey == $"series-talk:{eventId}"));

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        Assert.Contains(message, body, StringComparison.Ordinal);
        response.Dispose();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesRosterTestsOnSqlite(SqliteApp app) : SeriesRosterTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesRosterTestsOnPostgres(PostgresApp app) : SeriesRosterTests(app);
