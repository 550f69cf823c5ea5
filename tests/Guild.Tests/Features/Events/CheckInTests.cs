using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Events;

/// <summary>
/// Check-in at the door: the ticket shows a QR code of a signed code (not the registration's id), an organiser checks it in (typed with
/// or without dashes), twice is safe and says when, and a forged code or one of another event changes nothing. Only organisers see the
/// attendance list and the meeting link is only for people with a place.
/// </summary>
public abstract class CheckInTests(GuildApp app)
{
    [Fact]
    public async Task A_ticket_checks_in_once_twice_is_safe_and_forged_or_foreign_codes_change_nothing()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var planned = await app.CreateEventAsync(organiser, "Door check", capacity: 5, maxGuests: 1);
        var other = await app.CreateEventAsync(organiser, "Another door", capacity: 5);
        var (attendee, person) = await app.SignedInAsync();
        await EventsTestKit.ReadAsync<EventView>(await attendee.RegisterAsync(planned.Id, guests: 1), HttpStatusCode.OK);
        await EventsTestKit.ReadAsync<EventView>(await attendee.RegisterAsync(other.Id), HttpStatusCode.OK);
        var registration = await app.WithDbAsync(db => db.Set<EventRegistration>().AsNoTracking().SingleAsync(r => r.EventId == planned.Id && r.PersonId == person.Id));
        var foreign = await app.WithDbAsync(db => db.Set<EventRegistration>().AsNoTracking().SingleAsync(r => r.EventId == other.Id && r.PersonId == person.Id));

        var ticket = await attendee.GetPageAsync($"/events/{planned.Id}/ticket");
        Assert.Contains("<svg", ticket, StringComparison.Ordinal);
        Assert.DoesNotContain(registration.Id.ToString(), ticket, StringComparison.OrdinalIgnoreCase);
        var printed = string.Join('-', Enumerable.Range(0, 4).Select(i => registration.TicketCode.Substring(i * 4, 4)));
        Assert.Contains(printed, ticket, StringComparison.Ordinal);

        var forged = await ProblemAsync(await CheckInAsync(organiser, planned.Id, "ABCD-EFGH-JKLM-NPQR"), HttpStatusCode.BadRequest);
        Assert.Equal("This code is not a ticket for this event.", forged.GetProperty("errors").GetProperty("code")[0].GetString());
        await ProblemAsync(await CheckInAsync(organiser, planned.Id, foreign.TicketCode), HttpStatusCode.BadRequest);
        Assert.Null(await app.WithDbAsync(db => db.Set<EventRegistration>().Where(r => r.Id == registration.Id).Select(r => r.CheckedInAt).SingleAsync()));

        var first = await EventsTestKit.ReadAsync<CheckInView>(await CheckInAsync(organiser, planned.Id, printed.ToLowerInvariant()), HttpStatusCode.OK);
        Assert.False(first.AlreadyCheckedIn);
        Assert.Equal(1, first.Guests);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await EventsTestKit.ReadAsync<CheckInView>(await CheckInAsync(organiser, planned.Id, registration.TicketCode), HttpStatusCode.OK);
        Assert.True(second.AlreadyCheckedIn);
        Assert.Equal(first.CheckedInAt, second.CheckedInAt);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().CountAsync(a => a.Statement.Contains(planned.Id.ToString())
            && a.Statement.Contains("/attended"))));

        // The check-in page does the same with the typed code, and says when it was first checked in.
        using var page = await organiser.PostFormAsync($"/events/{planned.Id}/check-in", $"/events/{planned.Id}/check-in",
            [new("_handler", "check-in"), new("Code", printed)]);
        Assert.Contains("was already checked in at", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nobody but organisers checks in or sees who came.
        Assert.Equal(HttpStatusCode.Forbidden, (await CheckInAsync(attendee, planned.Id, printed)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await attendee.GetAsync($"/api/v1/events/{planned.Id}/attendees")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await organiser.GetAsync($"/api/v1/events/{planned.Id}/attendees")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await attendee.GetAsync($"/events/{planned.Id}/check-in")).StatusCode);
    }

    [Fact]
    public async Task The_meeting_link_is_only_for_people_with_a_place_and_organisers()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var planned = await app.CreateEventAsync(organiser, "Online only", capacity: null, online: true);
        var (attendee, _) = await app.SignedInAsync();
        var (onlooker, _) = await app.SignedInAsync();
        await EventsTestKit.ReadAsync<EventView>(await attendee.RegisterAsync(planned.Id), HttpStatusCode.OK);

        Assert.Equal("https://meet.example/room-1", (await attendee.GetEventAsync(planned.Id)).MeetingLink);
        Assert.Equal("https://meet.example/room-1", (await organiser.GetEventAsync(planned.Id)).MeetingLink);
        Assert.Null((await onlooker.GetEventAsync(planned.Id)).MeetingLink);
        Assert.DoesNotContain("meet.example", await onlooker.GetPageAsync($"/events/{planned.Id}"), StringComparison.Ordinal);
        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/api/v1/events/{planned.Id}")).StatusCode);
    }

    private static Task<HttpResponseMessage> CheckInAsync(GuildClient client, Guid eventId, string code) =>
        client.Http.PostAsJsonAsync($"/api/v1/events/{eventId}/check-ins", new { code });
}

[Collection(SqliteCollection.Name)]
public sealed class CheckInTestsOnSqlite(SqliteApp app) : CheckInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CheckInTestsOnPostgres(PostgresApp app) : CheckInTests(app);
