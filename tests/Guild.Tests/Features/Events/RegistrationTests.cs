using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Events;

/// <summary>
/// Registering for an event with guests: capacity counts guests, concurrent registrations never overbook (the places counter moves
/// only by a conditional UPDATE in the registering transaction), a full event says so and offers the waiting list, and bad input
/// (guests out of range, a past or cancelled event) is refused with a reason while nothing changes.
/// </summary>
public abstract class RegistrationTests(GuildApp app)
{
    [Fact]
    public async Task Forty_parallel_registrations_for_a_ten_place_event_fill_it_exactly_and_put_the_rest_on_the_waiting_list()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var planned = await app.CreateEventAsync(organiser, "Crowded lecture", capacity: 10);
        var people = new List<GuildClient>();
        for (var i = 0; i < 40; i++)
        {
            people.Add((await app.SignedInAsync()).Client);
        }

        var answers = await Task.WhenAll(people.Select(async client =>
        {
            using var response = await client.RegisterAsync(planned.Id, joinWaitingList: true);
            return await EventsTestKit.ReadAsync<EventView>(response, HttpStatusCode.OK);
        }));

        Assert.Equal(10, answers.Count(a => a.Mine!.Status == RegistrationStatus.Registered));
        Assert.Equal(30, answers.Count(a => a.Mine!.Status == RegistrationStatus.Waiting));
        var (taken, registered, waiting) = await app.WithDbAsync(async db => (
            await db.Set<GuildEvent>().Where(e => e.Id == planned.Id).Select(e => e.Taken).SingleAsync(),
            await db.Set<EventRegistration>().CountAsync(r => r.EventId == planned.Id && r.Status == RegistrationStatus.Registered),
            await db.Set<EventRegistration>().CountAsync(r => r.EventId == planned.Id && r.Status == RegistrationStatus.Waiting)));
        Assert.Equal((10, 10, 30), (taken, registered, waiting));
        var shown = await organiser.GetEventAsync(planned.Id);
        Assert.True(shown.Full);
        Assert.Equal(30, shown.Waiting);
        Assert.Contains("10 of 10 places taken", await organiser.GetPageAsync("/events"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guests_take_places_and_a_full_event_says_so_and_offers_the_waiting_list_instead()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var planned = await app.CreateEventAsync(organiser, "Small workshop", capacity: 3, maxGuests: 2);
        var (first, firstPerson) = await app.SignedInAsync();
        var (second, _) = await app.SignedInAsync();

        var registered = await EventsTestKit.ReadAsync<EventView>(await first.RegisterAsync(planned.Id, guests: 2), HttpStatusCode.OK);
        Assert.Equal(3, registered.Taken);
        Assert.Equal(RegistrationStatus.Registered, registered.Mine!.Status);
        var full = await ProblemAsync(await second.RegisterAsync(planned.Id), HttpStatusCode.Conflict);
        Assert.Contains("Join the waiting list", full.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<EventRegistration>().AnyAsync(r => r.EventId == planned.Id && r.PersonId != firstPerson.Id)));
        var page = await second.GetPageAsync($"/events/{planned.Id}");
        Assert.Contains("Join the waiting list", page, StringComparison.Ordinal);
        Assert.Contains("3 of 3 places taken", page, StringComparison.Ordinal);

        var waiting = await EventsTestKit.ReadAsync<EventView>(await second.RegisterAsync(planned.Id, joinWaitingList: true), HttpStatusCode.OK);
        Assert.Equal(RegistrationStatus.Waiting, waiting.Mine!.Status);
        Assert.Equal(1, waiting.Mine.WaitingPosition);
        Assert.Equal(3, waiting.Taken);
        // Registering again is the same registration, never a second place.
        Assert.Equal(HttpStatusCode.Conflict, (await first.RegisterAsync(planned.Id)).StatusCode);
        // The registration is a learning record and an invitation with METHOD:REQUEST.
        Assert.True(await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AnyAsync(a => a.Statement.Contains(planned.Id.ToString()))));
    }

    [Fact]
    public async Task Negative_or_too_many_guests_a_past_event_and_a_cancelled_event_are_refused_and_nothing_changes()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var planned = await app.CreateEventAsync(organiser, "Guests limited", capacity: 50, maxGuests: 1, startsIn: TimeSpan.FromHours(3));
        var (client, person) = await app.SignedInAsync();

        var negative = await ProblemAsync(await client.RegisterAsync(planned.Id, guests: -1), HttpStatusCode.BadRequest);
        Assert.Equal("Bring between 0 and 1 guests.", negative.GetProperty("errors").GetProperty("guests")[0].GetString());
        var huge = await ProblemAsync(await client.RegisterAsync(planned.Id, guests: 1_000_000), HttpStatusCode.BadRequest);
        Assert.True(huge.GetProperty("errors").TryGetProperty("guests", out _));
        Assert.False(await app.WithDbAsync(db => db.Set<EventRegistration>().AnyAsync(r => r.PersonId == person.Id)));
        Assert.Equal(0, (await client.GetEventAsync(planned.Id)).Taken);

        var cancelled = await app.CreateEventAsync(organiser, "Called off", capacity: 5);
        await EventsTestKit.ReadAsync<EventView>(await organiser.Http.PostAsync($"/api/v1/events/{cancelled.Id}/cancellation", null), HttpStatusCode.OK);
        var refusal = await ProblemAsync(await client.RegisterAsync(cancelled.Id), HttpStatusCode.Conflict);
        Assert.Equal("This event is cancelled.", refusal.GetProperty("detail").GetString());

        app.Clock.Advance(TimeSpan.FromHours(5));
        var past = await ProblemAsync(await client.RegisterAsync(planned.Id), HttpStatusCode.Conflict);
        Assert.Equal("This event is over: registration is closed.", past.GetProperty("detail").GetString());
        Assert.False(await app.WithDbAsync(db => db.Set<EventRegistration>().AnyAsync(r => r.PersonId == person.Id)));
        Assert.Equal(HttpStatusCode.Forbidden, (await organiser.Http.PutAsync($"/api/v1/events/{planned.Id}",
            System.Net.Http.Json.JsonContent.Create(new { title = "Changed afterwards" }))).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RegistrationTestsOnSqlite(SqliteApp app) : RegistrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RegistrationTestsOnPostgres(PostgresApp app) : RegistrationTests(app);
