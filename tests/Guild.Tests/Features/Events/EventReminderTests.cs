using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Events;

/// <summary>
/// Guild reminds people with a place, not calendar alarms: the day before and the hour before, once each, in their
/// language; nobody on the waiting list or who cancelled hears one, and running the jobs again sends nothing twice.
/// </summary>
public abstract class EventReminderTests(GuildApp app)
{
    [Fact]
    public async Task People_with_a_place_are_reminded_the_day_and_the_hour_before_once_each()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var planned = await app.CreateEventAsync(organiser, "Reminded lecture", capacity: 1, startsIn: TimeSpan.FromDays(3));
        var (attendee, attendeePerson) = await app.SignedInAsync();
        var (waiting, waitingPerson) = await app.SignedInAsync();
        var (cancelled, cancelledPerson) = await app.SignedInAsync();
        await EventsTestKit.ReadAsync<EventView>(await attendee.RegisterAsync(planned.Id), HttpStatusCode.OK);
        await EventsTestKit.ReadAsync<EventView>(await waiting.RegisterAsync(planned.Id, joinWaitingList: true), HttpStatusCode.OK);
        // Someone who had the place and gave it back before the reminders hears nothing either.
        using (await cancelled.RegisterAsync(planned.Id, joinWaitingList: true))
        {
        }
        using (var gaveUp = await cancelled.Http.DeleteAsync($"/api/v1/events/{planned.Id}/registration"))
        {
            Assert.True(gaveUp.IsSuccessStatusCode, await gaveUp.Content.ReadAsStringAsync());
        }
        await app.RunDueJobsAsync();
        Assert.DoesNotContain(app.MailTo(attendeePerson.Email), m => m.Subject == "Tomorrow: Reminded lecture");

        app.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await app.RunDueJobsAsync();
        await app.RunDueJobsAsync();
        Assert.Single(app.MailTo(attendeePerson.Email), m => m.Subject == "Tomorrow: Reminded lecture");
        Assert.DoesNotContain(app.MailTo(attendeePerson.Email), m => m.Subject == "In an hour: Reminded lecture");

        app.Clock.Advance(TimeSpan.FromHours(23));
        await app.RunDueJobsAsync();
        await app.RunDueJobsAsync();
        Assert.Single(app.MailTo(attendeePerson.Email), m => m.Subject == "In an hour: Reminded lecture");
        Assert.Single(app.MailTo(attendeePerson.Email), m => m.Subject == "Tomorrow: Reminded lecture");
        foreach (var person in new[] { waitingPerson, cancelledPerson })
        {
            Assert.DoesNotContain(app.MailTo(person.Email), m => m.Subject is "Tomorrow: Reminded lecture" or "In an hour: Reminded lecture");
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EventReminderTestsOnSqlite(SqliteApp app) : EventReminderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EventReminderTestsOnPostgres(PostgresApp app) : EventReminderTests(app);
