using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Guild.Tests.Features.Events;

/// <summary>
/// A person's calendar feed at a secret URL: it follows registrations, changes (SEQUENCE) and cancellations (kept as STATUS:CANCELLED for
/// the grace period, then dropped), needs no Accept header and is not compressed; resetting the link makes the old URL a 404. Feed health:
/// a change reaches a person whose calendar has not fetched lately by mail too, and the event page says so. Invitations carry
/// METHOD:REQUEST (and CANCEL) in a text/calendar part with the matching method parameter. ical.js parses every one.
/// </summary>
public abstract partial class CalendarFeedTests(GuildApp app)
{
    [Fact]
    public async Task The_feed_follows_registration_change_and_cancellation_and_a_stale_calendar_gets_the_change_by_mail()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var planned = await app.CreateEventAsync(organiser, "Feed followed lecture", capacity: 20);
        var (attendee, person) = await app.SignedInAsync();
        await EventsTestKit.ReadAsync<EventView>(await attendee.RegisterAsync(planned.Id), HttpStatusCode.OK);
        var url = await FeedUrlAsync(attendee);
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };
        calendarApp.DefaultRequestHeaders.UserAgent.ParseAdd("TestCalendar/1.0");

        var first = await FetchAsync(calendarApp, url);
        var parsed = await IcalJs.ParseAsync(first);
        var uid = $"{planned.Id:D}@guild";
        Assert.Equal(0, parsed.Events.Single(e => e.Uid == uid).Sequence);
        Assert.Equal(planned.StartsAt, parsed.Events.Single(e => e.Uid == uid).StartUtc);
        Assert.Contains("TestCalendar/1.0", await attendee.GetPageAsync("/events/mine"), StringComparison.Ordinal);

        // The invitation mail: a text/calendar alternative with method=REQUEST, ORGANIZER and ATTENDEE.
        await app.RunDueJobsAsync();
        var invitation = CalendarPart(app.MailTo(person.Email).Single(m => m.Subject == "You are registered: Feed followed lecture"));
        Assert.Equal("REQUEST", invitation.ContentType.Parameters["method"]);
        var request = await IcalJs.ParseAsync(invitation.Text);
        Assert.Equal("REQUEST", request.Method);
        Assert.Equal(uid, request.Events[0].Uid);
        Assert.Equal($"mailto:{person.Email}", request.Events[0].Attendees.Single());
        Assert.StartsWith("mailto:", request.Events[0].Organizer, StringComparison.Ordinal);

        // Three hours without a fetch, then a change: SEQUENCE rises, and the stale calendar's owner gets it by mail.
        app.Clock.Advance(TimeSpan.FromHours(3));
        await UpdateTitleAsync(organiser, planned, "Feed followed lecture (moved to room 2)");
        await app.RunDueJobsAsync();
        var changed = app.MailTo(person.Email).Single(m => m.Subject == "Changed: Feed followed lecture (moved to room 2)");
        Assert.Equal("REQUEST", CalendarPart(changed).ContentType.Parameters["method"]);
        Assert.Contains("Your calendar last synced 3 hours ago; we mailed you this change.", await attendee.GetPageAsync($"/events/{planned.Id}"),
            StringComparison.Ordinal);
        var second = await IcalJs.ParseAsync(await FetchAsync(calendarApp, url));
        Assert.Equal(1, second.Events.Single(e => e.Uid == uid).Sequence);
        Assert.Equal("Feed followed lecture (moved to room 2)", second.Events.Single(e => e.Uid == uid).Summary);

        // A change right after a fetch goes by feed alone.
        await UpdateTitleAsync(organiser, planned, "Feed followed lecture (room 3)");
        await app.RunDueJobsAsync();
        Assert.DoesNotContain(app.MailTo(person.Email), m => m.Subject == "Changed: Feed followed lecture (room 3)");

        // Cancelled: METHOD:CANCEL with the same UID and a raised SEQUENCE; the feed keeps it cancelled, then drops it after the grace period.
        await EventsTestKit.ReadAsync<EventView>(await organiser.Http.PostAsync($"/api/v1/events/{planned.Id}/cancellation", null), HttpStatusCode.OK);
        await app.RunDueJobsAsync();
        var cancelPart = CalendarPart(app.MailTo(person.Email).Single(m => m.Subject == "Cancelled: Feed followed lecture (room 3)"));
        Assert.Equal("CANCEL", cancelPart.ContentType.Parameters["method"]);
        var cancel = await IcalJs.ParseAsync(cancelPart.Text);
        Assert.Equal(("CANCEL", uid, 3), (cancel.Method, cancel.Events[0].Uid, cancel.Events[0].Sequence));
        var kept = await IcalJs.ParseAsync(await FetchAsync(calendarApp, url));
        Assert.Equal(("CANCELLED", 3), (kept.Events.Single(e => e.Uid == uid).Status, kept.Events.Single(e => e.Uid == uid).Sequence));
        app.Clock.Advance(TimeSpan.FromDays(31));
        var later = await IcalJs.ParseAsync(await FetchAsync(calendarApp, url));
        Assert.DoesNotContain(later.Events, e => e.Uid == uid);
    }

    [Fact]
    public async Task Resetting_the_link_makes_the_old_url_a_404_and_an_unknown_secret_is_a_404()
    {
        var (client, _) = await app.SignedInAsync();
        var old = await FeedUrlAsync(client);
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(old)).StatusCode);

        var renewed = await FeedUrlAsync(client);

        Assert.NotEqual(old, renewed);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(old)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(renewed)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync("/events/feed/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")).StatusCode);
    }

    [Fact]
    public async Task A_fetch_is_recorded_once_a_minute_per_client_for_feed_health()
    {
        var (client, person) = await app.SignedInAsync();
        var url = await FeedUrlAsync(client);
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };
        calendarApp.DefaultRequestHeaders.UserAgent.ParseAdd("TestCalendar/1.0");
        Task<DateTimeOffset?> LastFetchedAsync() =>
            app.WithDbAsync(db => db.Set<CalendarFeed>().Where(f => f.PersonId == person.Id).Select(f => f.LastFetchedAt).SingleAsync());

        await FetchAsync(calendarApp, url);
        var first = await LastFetchedAsync();
        Assert.NotNull(first);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await FetchAsync(calendarApp, url);
        Assert.Equal(first, await LastFetchedAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await FetchAsync(calendarApp, url);
        Assert.True(await LastFetchedAsync() > first);
    }

    /// <summary>Makes (or resets) the person's feed on "my registrations"; the page shows the URL this once.</summary>
    private static async Task<string> FeedUrlAsync(GuildClient client)
    {
        using var response = await client.PostFormAsync("/events/mine", "/events/mine", [new("_handler", "reset-feed")]);
        var page = await response.Content.ReadAsStringAsync();
        var match = FeedUrl().Match(page);
        Assert.True(match.Success, "the page shows no feed URL");
        Assert.Contains("webcal://", page, StringComparison.Ordinal);
        return new Uri(WebUtility.HtmlDecode(match.Groups[1].Value)).AbsolutePath;
    }

    /// <summary>Fetches a feed as a calendar app does: no Accept header, no decompression; checks the answer's type and shape.</summary>
    private static async Task<string> FetchAsync(HttpClient calendarApp, string url)
    {
        using var response = await calendarApp.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Empty(response.Content.Headers.ContentEncoding);
        var text = await response.Content.ReadAsStringAsync();
        IcalJs.AssertFoldedAndCrlf(text);
        Assert.DoesNotContain("METHOD:", text, StringComparison.Ordinal);
        return text;
    }

    private static async Task UpdateTitleAsync(GuildClient organiser, EventView planned, string title)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(planned.TimeZone);
        using var response = await organiser.Http.PutAsJsonAsync($"/api/v1/events/{planned.Id}", new
        {
            title, description = planned.Description, startsAt = TimeZoneInfo.ConvertTime(planned.StartsAt, zone).DateTime,
            endsAt = TimeZoneInfo.ConvertTime(planned.EndsAt, zone).DateTime, timeZone = planned.TimeZone, online = planned.Online,
            meetingLink = planned.MeetingLink, room = planned.Room, capacity = planned.Capacity, maxGuests = planned.MaxGuests,
        });
        await EventsTestKit.ReadAsync<EventView>(response, HttpStatusCode.OK);
    }

    private static TextPart CalendarPart(MimeMessage mail) =>
        mail.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");

    [GeneratedRegex("id=\"feed-url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex FeedUrl();
}

[Collection(SqliteCollection.Name)]
public sealed class CalendarFeedTestsOnSqlite(SqliteApp app) : CalendarFeedTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CalendarFeedTestsOnPostgres(PostgresApp app) : CalendarFeedTests(app);
