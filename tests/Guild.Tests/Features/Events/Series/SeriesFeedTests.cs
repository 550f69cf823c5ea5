using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events.Series;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Events.Series;

/// <summary>
/// A series' feed at the person's secret URL: every scheduled occurrence with a stable UID, its VTIMEZONE and the speaker in DESCRIPTION,
/// read by ical.js; the fetch counts as the feed's health, and a reset (revoked) secret answers 404, as does a series that does not exist.
/// </summary>
public abstract partial class SeriesFeedTests(GuildApp app)
{
    [Fact]
    public async Task The_series_feed_lists_every_occurrence_with_its_speaker_and_a_revoked_secret_answers_404()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Feed lecture", "FREQ=WEEKLY;BYDAY=TU", app.NextWeekday(DayOfWeek.Tuesday)));
        var (speaker, speakerPerson) = await app.SignedInAsync();
        await EventsTestKit.ReadAsync<SeriesView>(await speaker.TalkAsync(series.Upcoming[0].EventId, "sign-up", new { topic = "Shortcuts; commas, too" }),
            HttpStatusCode.OK);
        var (reader, _) = await app.SignedInAsync();
        var url = await SeriesFeedUrlAsync(reader, series.Id);
        Assert.EndsWith($"/series/{series.Id}.ics", url, StringComparison.Ordinal);
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };
        calendarApp.DefaultRequestHeaders.UserAgent.ParseAdd("SeriesCalendar/2.0");

        using var response = await calendarApp.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        IcalJs.AssertFoldedAndCrlf(text);
        Assert.DoesNotContain("METHOD:", text, StringComparison.Ordinal);
        var parsed = await IcalJs.ParseAsync(text);

        Assert.Equal("Feed lecture", parsed.Name);
        Assert.Contains("Europe/Amsterdam", parsed.Timezones);
        Assert.Equal(series.Upcoming.Select(o => $"{o.EventId:D}@guild"), parsed.Events.Select(e => e.Uid));
        Assert.Equal(series.Upcoming.Select(o => o.StartsAt), parsed.Events.Select(e => e.StartUtc));
        Assert.StartsWith($"Speaker: {speakerPerson.Name} — Shortcuts; commas, too", parsed.Events[0].Description, StringComparison.Ordinal);
        Assert.StartsWith("Speaker: not known yet", parsed.Events[1].Description, StringComparison.Ordinal);
        Assert.Contains("SeriesCalendar/2.0", await reader.GetPageAsync("/events/mine"), StringComparison.Ordinal);

        // Another series id with the same secret: not found; a secret reset on "my registrations" revokes the old URL.
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(url.Replace(series.Id.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal))).StatusCode);
        using (await reader.PostFormAsync("/events/mine", "/events/mine", [new("_handler", "reset-feed")]))
        {
        }
        var renewed = await SeriesFeedUrlAsync(reader, series.Id);
        Assert.NotEqual(url, renewed);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(renewed)).StatusCode);
    }

    /// <summary>"Subscribe" on the series page: the series' URL under the person's calendar link (made if they have none).</summary>
    private static async Task<string> SeriesFeedUrlAsync(GuildClient client, Guid seriesId)
    {
        var path = $"/events/series/{seriesId}";
        using var response = await client.PostFormAsync(path, path, [new("_handler", "series-feed")]);
        var page = await response.Content.ReadAsStringAsync();
        var match = FeedUrl().Match(page);
        Assert.True(match.Success, "the page shows no feed URL");
        Assert.Contains("webcal://", page, StringComparison.Ordinal);
        return new Uri(WebUtility.HtmlDecode(match.Groups[1].Value)).AbsolutePath;
    }

    [GeneratedRegex("id=\"series-feed-url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex FeedUrl();
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesFeedTestsOnSqlite(SqliteApp app) : SeriesFeedTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesFeedTestsOnPostgres(PostgresApp app) : SeriesFeedTests(app);
