using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs;
using Guild.Web.Features.Lrs.Admin;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;

namespace Guild.Tests.Features.Lrs.LearningRecords;

/// <summary>
/// The LRS admin pages: the statement browser (filters by person or IFI, verb, activity and days in the
/// organisation's time zone; the store's keyset paging; voided statements marked), one statement as
/// escaped, pretty-printed JSON, and statements per day from the pre-aggregated counts.
/// </summary>
public abstract partial class StatementBrowserTests(GuildApp app)
{
    [GeneratedRegex("href=\"/admin/lrs/statements/([0-9a-f-]{36})\"")]
    private static partial Regex StatementLink();

    [GeneratedRegex("href=\"(/admin/lrs/statements\\?[^\"]*after=[^\"]+)\" rel=\"next\"")]
    private static partial Regex OlderLink();

    private static List<Guid> Listed(string page) => StatementLink().Matches(page).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

    [Fact]
    public async Task A_persons_name_finds_the_learning_acts_recorded_for_them()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var person = await app.CreatePersonAsync("Xavier", "Browse" + unique);
        var other = await app.CreatePersonAsync("Yolanda", "Other" + unique);
        var mine = await app.RecordAsync(new LearningAct(new LearningActor(person.Id, person.Name), LearningVerbs.Asked,
            new LearningActivity($"asks/{unique}", LearningActivityTypes.Question, new("Where is the style guide?", "Waar staat de stijlgids?"))));
        var theirs = await app.RecordAsync(new LearningAct(new LearningActor(other.Id, other.Name), LearningVerbs.Asked,
            new LearningActivity($"asks/{unique}-2", LearningActivityTypes.Question, new("Who knows Looker?", "Wie kent Looker?"))));
        await app.StoreLearningActsAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var page = await admin.GetPageAsync($"/admin/lrs/statements?actor={Uri.EscapeDataString("xavier browse" + unique)}");

        Assert.Contains($"Learning records of {person.Name}", page, StringComparison.Ordinal);
        Assert.Equal([mine!.Value], Listed(page));
        Assert.Contains("Where is the style guide?", page, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs!.Value.ToString(), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_matches_several_people_asks_whose_records_and_each_choice_shows_theirs()
    {
        var unique = "Twin" + Guid.NewGuid().ToString("N")[..8];
        var first = await app.CreatePersonAsync("Anna", unique);
        var second = await app.CreatePersonAsync("Anne", unique);
        var act = await app.RecordAsync(new LearningAct(new LearningActor(second.Id, second.Name), LearningVerbs.Joined,
            new LearningActivity($"spaces/{unique}", LearningActivityTypes.Community, new("Podcasters", "Podcasters"))));
        await app.StoreLearningActsAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var page = await admin.GetPageAsync($"/admin/lrs/statements?actor={Uri.EscapeDataString(unique)}");
        Assert.Contains("Several people match", page, StringComparison.Ordinal);
        Assert.Contains($"personId={first.Id}", page, StringComparison.Ordinal);
        Assert.Contains($"personId={second.Id}", page, StringComparison.Ordinal);
        Assert.Empty(Listed(page));

        var chosen = await admin.GetPageAsync($"/admin/lrs/statements?personId={second.Id}");
        Assert.Equal([act!.Value], Listed(chosen));
    }

    [Fact]
    public async Task An_e_mail_address_or_an_agent_in_JSON_finds_statements_from_LRS_clients()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = LrsTesting.Unique("ifi");
        var ids = await lrs.StoreAsync(LrsTesting.Statement(actor: actor), LrsTesting.Statement(actor: actor));
        await lrs.StoreAsync(LrsTesting.Statement(actor: actor + "x"));
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var byMail = await admin.GetPageAsync($"/admin/lrs/statements?actor={Uri.EscapeDataString(actor + "@example.com")}");
        Assert.Equal(ids.AsEnumerable().Reverse(), Listed(byMail));
        var byJson = await admin.GetPageAsync($"/admin/lrs/statements?actor={Uri.EscapeDataString($"{{\"mbox\":\"mailto:{actor}@example.com\"}}")}");
        Assert.Equal(ids.AsEnumerable().Reverse(), Listed(byJson));
    }

    [Fact]
    public async Task Verb_and_activity_filters_narrow_the_list()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var activity = "http://example.com/activities/" + LrsTesting.Unique("act");
        var ids = await lrs.StoreAsync(
            LrsTesting.Statement(activity: activity, verb: "http://adlnet.gov/expapi/verbs/attended"),
            LrsTesting.Statement(activity: activity, verb: "http://adlnet.gov/expapi/verbs/experienced"),
            LrsTesting.Statement(verb: "http://adlnet.gov/expapi/verbs/attended"));
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var byActivity = await admin.GetPageAsync($"/admin/lrs/statements?activity={Uri.EscapeDataString(activity)}");
        Assert.Equal([ids[1], ids[0]], Listed(byActivity));
        var both = await admin.GetPageAsync($"/admin/lrs/statements?activity={Uri.EscapeDataString(activity)}&verb={Uri.EscapeDataString("http://adlnet.gov/expapi/verbs/attended")}");
        Assert.Equal([ids[0]], Listed(both));
    }

    [Fact]
    public async Task A_filter_that_cannot_be_used_is_reported_beside_its_field()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var page = await admin.GetPageAsync("/admin/lrs/statements?verb=attended&from=2026-11-20&to=2026-11-10");
        Assert.Contains("A verb is an IRI", page, StringComparison.Ordinal);
        Assert.Contains("The end date comes before the start date.", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
        Assert.Empty(Listed(page));
    }

    [Fact]
    public async Task Days_are_days_in_the_organisations_time_zone()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var actor = LrsTesting.Unique("midnight");
        // 23:30 local on one day, then 00:30 local on the next: the same UTC date in winter.
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone);
        var lateEvening = new DateTimeOffset(local.Date.AddDays(1).AddHours(23.5), zone.GetUtcOffset(local.Date.AddDays(1).AddHours(23.5)));
        app.Clock.SetUtcNow(lateEvening.ToUniversalTime());
        var evening = (await lrs.StoreAsync(LrsTesting.Statement(actor: actor)))[0];
        app.Clock.Advance(TimeSpan.FromHours(1));
        var night = (await lrs.StoreAsync(LrsTesting.Statement(actor: actor)))[0];
        var day = DateOnly.FromDateTime(lateEvening.DateTime);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        string Query(DateOnly from, DateOnly to) =>
            $"/admin/lrs/statements?actor={Uri.EscapeDataString(actor + "@example.com")}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        Assert.Equal([evening], Listed(await admin.GetPageAsync(Query(day, day))));
        Assert.Equal([night], Listed(await admin.GetPageAsync(Query(day.AddDays(1), day.AddDays(1)))));
        Assert.Equal([night, evening], Listed(await admin.GetPageAsync(Query(day, day.AddDays(1)))));
    }

    [Fact]
    public async Task Pages_follow_the_stores_own_paging()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = LrsTesting.Unique("pages");
        var ids = await lrs.StoreAsync(Enumerable.Range(0, StatementBrowser.PageSize + 10).Select(_ => LrsTesting.Statement(actor: actor)).ToArray());
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var first = await admin.GetPageAsync($"/admin/lrs/statements?actor={Uri.EscapeDataString(actor + "@example.com")}");
        var older = OlderLink().Match(first);
        Assert.True(older.Success, "The first page has no link to older statements.");
        var second = await admin.GetPageAsync(WebUtility.HtmlDecode(older.Groups[1].Value));

        Assert.Equal(StatementBrowser.PageSize, Listed(first).Count);
        Assert.Equal(10, Listed(second).Count);
        Assert.DoesNotMatch(OlderLink(), second);
        Assert.Equal(ids.AsEnumerable().Reverse(), Listed(first).Concat(Listed(second)));
    }

    [Fact]
    public async Task Voided_statements_are_listed_and_marked_and_a_statement_shows_as_escaped_pretty_json()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = LrsTesting.Unique("voided");
        var target = (await lrs.StoreAsync(LrsTesting.Statement(actor: actor, activity: "http://example.com/activities/" + actor,
            extra: "\"result\":{\"response\":\"<script>alert('x')</script> & more\"}")))[0];
        var voiding = (await lrs.StoreAsync($$$"""
            {"actor":{"mbox":"mailto:{{{actor}}}@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided","display":{"en-US":"voided"}},
             "object":{"objectType":"StatementRef","id":"{{{target}}}"}}
            """))[0];
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var list = await admin.GetPageAsync($"/admin/lrs/statements?actor={Uri.EscapeDataString(actor + "@example.com")}");
        Assert.Equal([voiding, target], Listed(list));
        Assert.Contains("statement-table__voided", list, StringComparison.Ordinal);
        Assert.Contains(">Voided</span>", list, StringComparison.Ordinal);
        Assert.Contains(">Voids another</span>", list, StringComparison.Ordinal);

        var detail = await admin.GetPageAsync($"/admin/lrs/statements/{target}");
        Assert.Contains(">Voided</span>", detail, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(", detail, StringComparison.Ordinal);
        Assert.Matches("<pre class=\"statement-json\"[^>]*><code[^>]*>\\{&#xA;  &quot;id&quot;: ", detail);
        var voidingDetail = await admin.GetPageAsync($"/admin/lrs/statements/{voiding}");
        Assert.Contains($"href=\"/admin/lrs/statements/{target}\"", voidingDetail, StringComparison.Ordinal);

        using var missing = await admin.GetAsync($"/admin/lrs/statements/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Counts_per_day_come_from_the_quarter_hour_counts_the_writer_keeps()
    {
        var (admin, person) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        async Task<IReadOnlyList<DailyCount>> DailyAsync() => (await app.AsPersonAsync(person.Id, services =>
            services.GetRequiredService<StatementBrowser>().DailyAsync(StatementBrowser.Days, CancellationToken.None))).Value!;

        var before = (await DailyAsync())[^1];
        using var lrs = await app.CreateLrsClientAsync();
        await lrs.StoreAsync(LrsTesting.Statement(), LrsTesting.Statement(), LrsTesting.Statement());
        var after = (await DailyAsync())[^1];
        Assert.Equal(before.Day, after.Day);
        Assert.Equal(before.Statements + 3, after.Statements);

        // A count that no statement backs shows as it is: the page adds up counts, it never counts statements.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var day = after.Day.AddDays(-10);
        var bucket = LrsStatementCount.BucketOf(StatementBrowser.StartOfDay(day, zone).AddHours(12));
        await app.WithDbAsync(async db =>
        {
            db.Add(new LrsStatementCount { Bucket = bucket, Statements = 123_457 });
            await db.SaveChangesAsync();
        });
        var page = await admin.GetPageAsync("/admin/lrs/counts");
        Assert.Matches($"id=\"day-{day:yyyy-MM-dd}\"[^>]*>[^<]*</th>\\s*<td class=\"numeric\"[^>]*>123,457</td>", page);
        Assert.Contains("<meter", page, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"count-chart\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal);
        Assert.Equal(StatementBrowser.Days, Regex.Count(page, "<meter "));
    }

    [Fact]
    public async Task The_pages_speak_dutch_too()
    {
        var person = await app.CreatePersonAsync("Noor", "Nederlands", [Roles.Employee, Roles.LearningAdmin]);
        using var client = app.CreateGuildClient("nl");
        await client.SignInAsync(person.Email, GuildApp.Password);
        Assert.Contains("Leerregistraties", await client.GetPageAsync("/admin/lrs/statements"), StringComparison.Ordinal);
        Assert.Contains("Leerregistraties per dag", await client.GetPageAsync("/admin/lrs/counts"), StringComparison.Ordinal);
        Assert.Contains("Statements doorsturen", await client.GetPageAsync("/admin/lrs/forwarding"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_learning_admins_open_the_pages_and_the_service_checks_too()
    {
        var (employee, person) = await app.SignedInAsync(Roles.Employee);
        foreach (var path in new[] { "/admin/lrs/statements", $"/admin/lrs/statements/{Guid.NewGuid()}", "/admin/lrs/counts" })
        {
            using var response = await employee.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var result = await app.AsPersonAsync(person.Id, services =>
            services.GetRequiredService<StatementBrowser>().BrowseAsync(new StatementFilter(), CancellationToken.None));
        Assert.Equal(Guild.Web.Platform.ResultStatus.Forbidden, result.Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StatementBrowserTestsOnSqlite(SqliteApp app) : StatementBrowserTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StatementBrowserTestsOnPostgres(PostgresApp app) : StatementBrowserTests(app);
