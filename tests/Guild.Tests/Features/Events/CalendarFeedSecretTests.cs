using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Features.Events.Festivals;
using Guild.Tests.Features.Events.Series;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Events;

/// <summary>
/// The person's feed secret is kept (under data protection) so their pages show the same link again: subscribing to a series or a
/// festival reuses it instead of replacing it, so a calendar that follows the person's feed goes on working; only "reset" replaces it,
/// and then every feed under the old secret answers 404. A link made before secrets were kept asks honestly for a reset.
/// </summary>
public abstract partial class CalendarFeedSecretTests(GuildApp app)
{
    [Fact]
    public async Task Subscribing_to_a_series_and_a_festival_keeps_the_persons_feed_url_working_and_a_reset_stops_all_of_them()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion, Roles.LearningAdmin);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Kept-link lecture", "FREQ=WEEKLY;BYDAY=WE", app.NextWeekday(DayOfWeek.Wednesday)));
        var festival = await app.CreateFestivalAsync(organiser, "Kept-link festival", []);
        var (client, _) = await app.SignedInAsync();
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };

        var personal = await PostForUrlAsync(client, "/events/mine", "reset-feed", FeedUrl());
        Assert.Equal(personal, UrlOn(await client.GetPageAsync("/events/mine"), FeedUrl()));
        var seriesFeed = await PostForUrlAsync(client, $"/events/series/{series.Id}", "series-feed", SeriesFeedUrl());
        var festivalFeed = await PostForUrlAsync(client, $"/festivals/{festival.Id}", "subscribe", FestivalFeedUrl());

        Assert.Equal(personal[..^".ics".Length] + $"/series/{series.Id}.ics", seriesFeed);
        Assert.Equal(personal[..^".ics".Length] + $"/festivals/{festival.Id}.ics", festivalFeed);
        Assert.Equal(personal, UrlOn(await client.GetPageAsync("/events/mine"), FeedUrl()));
        foreach (var url in new[] { personal, seriesFeed, festivalFeed })
        {
            Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(url)).StatusCode);
        }

        var renewed = await PostForUrlAsync(client, "/events/mine", "reset-feed", FeedUrl());

        Assert.NotEqual(personal, renewed);
        foreach (var url in new[] { personal, seriesFeed, festivalFeed })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(url)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(renewed)).StatusCode);
        Assert.Equal(renewed, UrlOn(await client.GetPageAsync("/events/mine"), FeedUrl()));
        Assert.Equal(renewed[..^".ics".Length] + $"/series/{series.Id}.ics",
            await PostForUrlAsync(client, $"/events/series/{series.Id}", "series-feed", SeriesFeedUrl()));
    }

    [Fact]
    public async Task Subscribing_makes_the_persons_link_when_they_have_none()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("First-link lecture", "FREQ=WEEKLY;BYDAY=TH", app.NextWeekday(DayOfWeek.Thursday)));
        var (client, _) = await app.SignedInAsync();
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };

        var seriesFeed = await PostForUrlAsync(client, $"/events/series/{series.Id}", "series-feed", SeriesFeedUrl());

        var personal = UrlOn(await client.GetPageAsync("/events/mine"), FeedUrl());
        Assert.Equal(personal[..^".ics".Length] + $"/series/{series.Id}.ics", seriesFeed);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(seriesFeed)).StatusCode);
    }

    [Fact]
    public async Task A_link_made_before_secrets_were_kept_asks_for_a_reset_and_subscribing_does_not_replace_it()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Old-link lecture", "FREQ=WEEKLY;BYDAY=FR", app.NextWeekday(DayOfWeek.Friday)));
        var (client, person) = await app.SignedInAsync();
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };
        var old = await PostForUrlAsync(client, "/events/mine", "reset-feed", FeedUrl());
        // As a row from before the secret was kept: only its hash.
        await app.WithDbAsync(db => db.Set<CalendarFeed>().Where(f => f.PersonId == person.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.ProtectedSecret, (string?)null)));

        var mine = await client.GetPageAsync("/events/mine");
        Assert.Contains("id=\"feed-needs-reset\"", mine, StringComparison.Ordinal);
        Assert.DoesNotMatch(FeedUrl(), mine);
        var path = $"/events/series/{series.Id}";
        using (var subscribed = await client.PostFormAsync(path, path, [new("_handler", "series-feed")]))
        {
            var page = await subscribed.Content.ReadAsStringAsync();
            Assert.Contains("id=\"series-feed-needs-reset\"", page, StringComparison.Ordinal);
            Assert.DoesNotMatch(SeriesFeedUrl(), page);
        }
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(old)).StatusCode);

        var renewed = await PostForUrlAsync(client, "/events/mine", "reset-feed", FeedUrl());
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(old)).StatusCode);
        Assert.Equal(renewed, UrlOn(await client.GetPageAsync("/events/mine"), FeedUrl()));
    }

    private static async Task<string> PostForUrlAsync(GuildClient client, string path, string form, Regex url)
    {
        using var response = await client.PostFormAsync(path, path, [new("_handler", form)]);
        return UrlOn(await response.Content.ReadAsStringAsync(), url);
    }

    private static string UrlOn(string page, Regex url)
    {
        var match = url.Match(page);
        Assert.True(match.Success, "the page shows no feed URL");
        return new Uri(WebUtility.HtmlDecode(match.Groups[1].Value)).AbsolutePath;
    }

    [GeneratedRegex("id=\"feed-url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex FeedUrl();

    [GeneratedRegex("id=\"series-feed-url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex SeriesFeedUrl();

    [GeneratedRegex("id=\"festival-feed-url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex FestivalFeedUrl();
}

[Collection(SqliteCollection.Name)]
public sealed class CalendarFeedSecretTestsOnSqlite(SqliteApp app) : CalendarFeedSecretTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CalendarFeedSecretTestsOnPostgres(PostgresApp app) : CalendarFeedSecretTests(app);
