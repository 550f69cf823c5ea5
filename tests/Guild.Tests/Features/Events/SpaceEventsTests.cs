using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guild.Tests.Features.Community;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Events;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Events;

/// <summary>
/// Events that belong to a community space: only the space's moderators (and L&amp;D admins who see it) put an event there; an event of a
/// secret space does not exist for anyone outside it (page, list, API, registration, feeds, mail); events of open and closed spaces are
/// seen as any event, with the space's name. The space's home lists its upcoming events and offers its feed under the person's secret,
/// which follows changes and cancellations and answers 404 to someone who may not read the space and for a reset secret.
/// </summary>
public abstract partial class SpaceEventsTests(GuildApp app)
{
    [Fact]
    public async Task Only_a_moderator_of_the_space_or_an_admin_who_sees_it_may_put_an_event_in_it()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion, Roles.Moderator);
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var open = await moderator.CreateSpaceAsync(SpaceKind.Open);
        var secret = await moderator.CreateSpaceAsync(SpaceKind.Secret);
        await moderator.AddMemberAsync(open.Id, championPerson);

        // A member who does not moderate, an unknown space, and a secret space the admin is not in: a field error, nothing made.
        foreach (var (client, spaceId) in new[] { (champion, open.Id), (champion, Guid.NewGuid()), (admin, secret.Id) })
        {
            using var refused = await PostEventAsync(client, "Refused space event", spaceId);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("You can only put an event in a community space you moderate.", problem.GetProperty("errors").GetProperty("spaceId")[0].GetString());
        }
        Assert.DoesNotContain(await UpcomingAsync(moderator), e => e.Title == "Refused space event");

        var byModerator = await CreateInSpaceAsync(moderator, "Moderator's space event", secret.Id);
        var byAdmin = await CreateInSpaceAsync(admin, "Admin's space event", open.Id);
        Assert.Equal(secret.Name, byModerator.Space?.Name);
        Assert.Equal(open.Slug, byAdmin.Space?.Slug);

        // The form lists only the spaces the caller may use.
        var form = await moderator.GetPageAsync("/events/new");
        Assert.Contains($"value=\"{secret.Id}\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"spaceId\"", await champion.GetPageAsync("/events/new"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_of_a_secret_space_does_not_exist_for_a_non_member_on_its_page_lists_api_registration_feed_or_mail()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (outsider, outsiderPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var secret = await moderator.CreateSpaceAsync(SpaceKind.Secret);
        await moderator.AddMemberAsync(secret.Id, memberPerson);
        // Planned outside the space first; the outsider registers, then the event moves into the secret space.
        var planned = await app.CreateEventAsync(moderator, "Secret space gathering", capacity: 10);
        await EventsTestKit.ReadAsync<EventView>(await outsider.RegisterAsync(planned.Id), HttpStatusCode.OK);
        var outsiderFeed = await PersonalFeedUrlAsync(outsider);
        await UpdateAsync(moderator, planned, planned.Title, secret.Id);
        await app.RunDueJobsAsync();

        // The member sees it, with its space.
        Assert.Equal(secret.Name, (await member.GetEventAsync(planned.Id)).Space?.Name);
        Assert.Contains(await UpcomingAsync(member), e => e.Id == planned.Id);
        Assert.Contains("id=\"event-space\"", await member.GetPageAsync($"/events/{planned.Id}"), StringComparison.Ordinal);
        Assert.Contains("Secret space gathering", await member.GetPageAsync("/events"), StringComparison.Ordinal);

        // The outsider (an L&D admin, registered before): 404 on the page and the API, absent from every list and their feed.
        foreach (var path in new[] { $"/events/{planned.Id}", $"/api/v1/events/{planned.Id}", $"/events/{planned.Id}/ticket" })
        {
            using var response = await outsider.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }
        Assert.DoesNotContain(await UpcomingAsync(outsider), e => e.Id == planned.Id);
        Assert.DoesNotContain("Secret space gathering", await outsider.GetPageAsync("/events"), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret space gathering", await outsider.GetPageAsync("/events/mine"), StringComparison.Ordinal);
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.DoesNotContain((await IcalJs.ParseAsync(await calendarApp.GetStringAsync(outsiderFeed))).Events, e => e.Uid == $"{planned.Id:D}@guild");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.RegisterAsync(planned.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.DeleteAsync($"/api/v1/events/{planned.Id}/registration")).StatusCode);

        // A change mails the member with a place, never the outsider.
        await EventsTestKit.ReadAsync<EventView>(await member.RegisterAsync(planned.Id), HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(3));
        await UpdateAsync(moderator, planned, "Secret space gathering, new room", secret.Id);
        await app.RunDueJobsAsync();
        Assert.Contains(app.MailTo(memberPerson.Email), m => m.Subject == "Changed: Secret space gathering, new room");
        Assert.DoesNotContain(app.MailTo(outsiderPerson.Email), m => m.Subject == "Changed: Secret space gathering, new room");
    }

    [Fact]
    public async Task An_event_of_an_open_or_closed_space_is_seen_by_every_colleague_with_its_space_and_listed_on_the_space_home()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion, Roles.Moderator);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var closed = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        var planned = await CreateInSpaceAsync(moderator, "Closed space open evening", closed.Id);

        var seen = await colleague.GetEventAsync(planned.Id);
        Assert.Equal(closed.Name, seen.Space?.Name);
        Assert.Contains(await UpcomingAsync(colleague), e => e.Id == planned.Id);
        await EventsTestKit.ReadAsync<EventView>(await colleague.RegisterAsync(planned.Id), HttpStatusCode.OK);

        // The space's home (a non-member of a closed space sees its name and events, not its feed).
        var home = await colleague.GetPageAsync($"/community/{closed.Slug}");
        Assert.Contains($"href=\"/events/{planned.Id}\"", home, StringComparison.Ordinal);
        Assert.Contains("1 of 10 places taken", home, StringComparison.Ordinal);
        Assert.DoesNotContain("space-events-feed", home, StringComparison.Ordinal);
        Assert.Contains("space-events-feed", await moderator.GetPageAsync($"/community/{closed.Slug}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_space_feed_follows_changes_and_cancellations_and_answers_404_to_a_non_member_and_for_a_reset_secret()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (outsider, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var secret = await moderator.CreateSpaceAsync(SpaceKind.Secret);
        await moderator.AddMemberAsync(secret.Id, memberPerson);
        var planned = await CreateInSpaceAsync(moderator, "Space feed workshop", secret.Id);
        var other = await app.CreateEventAsync(moderator, "Not in the space");
        var personal = await PersonalFeedUrlAsync(member);
        var url = await SpaceFeedUrlAsync(member, secret);
        Assert.Equal(personal[..^".ics".Length] + $"/spaces/{secret.Id}.ics", url);
        Assert.Equal(personal, await PersonalFeedUrlOnPageAsync(member));
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };
        calendarApp.DefaultRequestHeaders.UserAgent.ParseAdd("SpaceCalendar/1.0");
        var uid = $"{planned.Id:D}@guild";

        var first = await IcalJs.ParseAsync(await FetchAsync(calendarApp, url));
        Assert.Equal(secret.Name, first.Name);
        Assert.Contains("Europe/Amsterdam", first.Timezones);
        Assert.Equal([uid], first.Events.Select(e => e.Uid));
        Assert.Equal((0, planned.StartsAt), (first.Events[0].Sequence, first.Events[0].StartUtc));
        Assert.DoesNotContain(first.Events, e => e.Uid == $"{other.Id:D}@guild");
        Assert.Contains("SpaceCalendar/1.0", await member.GetPageAsync("/events/mine"), StringComparison.Ordinal);

        await UpdateAsync(moderator, planned, "Space feed workshop (room 4)", secret.Id);
        var changed = await IcalJs.ParseAsync(await FetchAsync(calendarApp, url));
        Assert.Equal((1, "Space feed workshop (room 4)"), (changed.Events.Single().Sequence, changed.Events.Single().Summary));

        await EventsTestKit.ReadAsync<EventView>(await moderator.Http.PostAsync($"/api/v1/events/{planned.Id}/cancellation", null), HttpStatusCode.OK);
        var cancelled = await IcalJs.ParseAsync(await FetchAsync(calendarApp, url));
        Assert.Equal(("CANCELLED", 2), (cancelled.Events.Single().Status, cancelled.Events.Single().Sequence));

        // Someone outside the secret space, with a secret of their own: 404, the same as an unknown space.
        var outsiderUrl = (await PersonalFeedUrlAsync(outsider))[..^".ics".Length] + $"/spaces/{secret.Id}.ics";
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(outsiderUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(url.Replace(secret.Id.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal))).StatusCode);

        // A member who leaves loses the feed; a reset secret stops it too.
        var renewed = await PersonalFeedUrlAsync(member);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(url)).StatusCode);
        var renewedSpaceUrl = renewed[..^".ics".Length] + $"/spaces/{secret.Id}.ics";
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(renewedSpaceUrl)).StatusCode);
        // (Leaving a secret space answers 404: it is gone from the leaver's sight.)
        Assert.Equal(HttpStatusCode.NotFound, (await member.Http.DeleteAsync($"/api/v1/community/spaces/{secret.Id}/membership")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(renewedSpaceUrl)).StatusCode);
    }

    private Task<HttpResponseMessage> PostEventAsync(GuildClient client, string title, Guid? spaceId)
    {
        var starts = app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(30).AddHours(14);
        return client.Http.PostAsJsonAsync("/api/v1/events", new
        {
            title, description = "In a space.", startsAt = starts, endsAt = starts.AddHours(1), timeZone = "Europe/Amsterdam", online = false,
            room = "Room 7", capacity = 10, maxGuests = 0, spaceId,
        });
    }

    private async Task<EventView> CreateInSpaceAsync(GuildClient client, string title, Guid spaceId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var starts = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow() + TimeSpan.FromDays(7), zone).DateTime;
        starts = new DateTime(starts.Year, starts.Month, starts.Day, starts.Hour, 0, 0, DateTimeKind.Unspecified);
        using var response = await client.Http.PostAsJsonAsync("/api/v1/events", new
        {
            title, description = "In a space.", startsAt = starts, endsAt = starts.AddHours(1), timeZone = "Europe/Amsterdam", online = false,
            room = "Room 7", capacity = 10, maxGuests = 0, spaceId,
        });
        return await EventsTestKit.ReadAsync<EventView>(response, HttpStatusCode.Created);
    }

    private static async Task UpdateAsync(GuildClient organiser, EventView planned, string title, Guid? spaceId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(planned.TimeZone);
        using var response = await organiser.Http.PutAsJsonAsync($"/api/v1/events/{planned.Id}", new
        {
            title, description = planned.Description, startsAt = TimeZoneInfo.ConvertTime(planned.StartsAt, zone).DateTime,
            endsAt = TimeZoneInfo.ConvertTime(planned.EndsAt, zone).DateTime, timeZone = planned.TimeZone, online = planned.Online,
            meetingLink = planned.MeetingLink, room = planned.Room, capacity = planned.Capacity, maxGuests = planned.MaxGuests, spaceId,
        });
        await EventsTestKit.ReadAsync<EventView>(response, HttpStatusCode.OK);
    }

    private static async Task<IReadOnlyList<EventView>> UpcomingAsync(GuildClient client) =>
        await EventsTestKit.ReadAsync<List<EventView>>(await client.GetAsync("/api/v1/events"), HttpStatusCode.OK);

    /// <summary>Makes (or resets) the person's feed on "my registrations".</summary>
    private static async Task<string> PersonalFeedUrlAsync(GuildClient client)
    {
        using var response = await client.PostFormAsync("/events/mine", "/events/mine", [new("_handler", "reset-feed")]);
        return UrlOn(await response.Content.ReadAsStringAsync(), FeedUrl());
    }

    private static async Task<string> PersonalFeedUrlOnPageAsync(GuildClient client) => UrlOn(await client.GetPageAsync("/events/mine"), FeedUrl());

    /// <summary>"Subscribe" on the space's home: the space's feed under the person's existing secret.</summary>
    private static async Task<string> SpaceFeedUrlAsync(GuildClient client, SpaceView space)
    {
        var path = $"/community/{space.Slug}";
        using var response = await client.PostFormAsync(path, path, [new("_handler", "space-events-feed")]);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Matches("href=\"webcal://[^\"]+\" id=\"space-feed-webcal\"", page);
        return UrlOn(page, SpaceFeedUrl());
    }

    private static async Task<string> FetchAsync(HttpClient calendarApp, string url)
    {
        using var response = await calendarApp.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        IcalJs.AssertFoldedAndCrlf(text);
        Assert.DoesNotContain("METHOD:", text, StringComparison.Ordinal);
        return text;
    }

    private static string UrlOn(string page, Regex url)
    {
        var match = url.Match(page);
        Assert.True(match.Success, "the page shows no feed URL");
        return new Uri(WebUtility.HtmlDecode(match.Groups[1].Value)).AbsolutePath;
    }

    [GeneratedRegex("id=\"feed-url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex FeedUrl();

    [GeneratedRegex("id=\"space-feed-url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex SpaceFeedUrl();
}

[Collection(SqliteCollection.Name)]
public sealed class SpaceEventsTestsOnSqlite(SqliteApp app) : SpaceEventsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SpaceEventsTestsOnPostgres(PostgresApp app) : SpaceEventsTests(app);
