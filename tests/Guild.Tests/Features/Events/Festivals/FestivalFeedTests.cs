using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Events.Festivals;

/// <summary>
/// A festival's calendar feed under the person's secret feed URL: every workshop with a stable UID, parsed by ical.js; the owner must
/// be able to see the festival; a reset (revoked) secret answers 404.
/// </summary>
public abstract partial class FestivalFeedTests(GuildApp app)
{
    [Fact]
    public async Task The_festival_feed_parses_with_ical_js_and_a_revoked_secret_or_a_festival_the_owner_cannot_see_answers_404()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Feed festival", [("Brightside", 1)]);
        var first = await admin.AddWorkshopAsync(festival, "Feed workshop one", adminPerson.Id, 10, new(10, 0), new(11, 0));
        var second = await admin.AddWorkshopAsync(festival, "Feed workshop twee é", adminPerson.Id, 10, new(10, 0), new(11, 0), room: 1, day: 1);
        var draft = await app.CreateFestivalAsync(admin, "Draft festival", [], published: false);
        var (client, _) = await app.SignedInAsync();

        using var made = await client.PostFormAsync($"/festivals/{festival.Id}", $"/festivals/{festival.Id}", [new("_handler", "subscribe")]);
        var page = await made.Content.ReadAsStringAsync();
        var match = FestivalFeedUrl().Match(page);
        Assert.True(match.Success, "the page shows no festival feed URL");
        Assert.Contains("webcal://", page, StringComparison.Ordinal);
        var path = new Uri(WebUtility.HtmlDecode(match.Groups[1].Value)).AbsolutePath;
        using var calendarApp = new HttpClient { BaseAddress = app.BaseAddress };

        using var response = await calendarApp.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        IcalJs.AssertFoldedAndCrlf(text);
        Assert.DoesNotContain("METHOD:", text, StringComparison.Ordinal);
        var parsed = await IcalJs.ParseAsync(text);
        Assert.Equal(new[] { first, second }.Select(w => $"{w.Id:D}@guild").Order(StringComparer.Ordinal), parsed.Events.Select(e => e.Uid).Order(StringComparer.Ordinal));
        Assert.Equal(first.StartsAt, parsed.Events.Single(e => e.Uid == $"{first.Id:D}@guild").StartUtc);
        // A festival the owner may not see (a draft, for an employee) answers as if it were not there.
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(path.Replace(festival.Id.ToString(), draft.Id.ToString(), StringComparison.Ordinal))).StatusCode);

        // Reset on "my events": the old secret is revoked everywhere.
        using (await client.PostFormAsync("/events/mine", "/events/mine", [new("_handler", "reset-feed")]))
        {
        }
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(path)).StatusCode);
    }

    [GeneratedRegex("id=\"festival-feed-url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex FestivalFeedUrl();
}

[Collection(SqliteCollection.Name)]
public sealed class FestivalFeedTestsOnSqlite(SqliteApp app) : FestivalFeedTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FestivalFeedTestsOnPostgres(PostgresApp app) : FestivalFeedTests(app);
