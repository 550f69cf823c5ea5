using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;

namespace Guild.Tests.Features.Administration;

public abstract partial class AuditLogPageTests(GuildApp app)
{
    private static string Unique() => Guid.NewGuid().ToString("N")[..10];

    private Task AddAsync(params AuditEntry[] entries) => app.WithDbAsync(async db =>
    {
        db.AddRange(entries);
        await db.SaveChangesAsync();
    });

    private static AuditEntry Entry(string action, DateTimeOffset at, string objectType = "Thing", string? objectId = null,
        string actorName = "system", Guid? actorId = null, string? details = null) => new()
    {
        At = at,
        Action = action,
        ObjectType = objectType,
        ObjectId = objectId,
        ObjectName = "Object " + objectId,
        ActorName = actorName,
        ActorId = actorId,
        Details = details,
    };

    [Fact]
    public async Task Entries_are_newest_first_with_details_shown_readably()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var action = "test.ordered-" + Unique();
        var now = app.Clock.GetUtcNow();
        await AddAsync(
            Entry(action, now.AddHours(-2), objectId: "older"),
            Entry(action, now.AddHours(-1), objectId: "newer", details: """{"changes":{"name":{"from":"Old name","to":"New name"}},"reason":"tidy up"}"""));

        var page = await client.GetPageAsync($"/admin/audit?action={action}");

        var newer = page.IndexOf(">newer</code>", StringComparison.Ordinal);
        var older = page.IndexOf(">older</code>", StringComparison.Ordinal);
        Assert.True(newer > 0 && older > newer, "Both entries are shown, the newer first.");
        Assert.Contains("Old name", page, StringComparison.Ordinal);
        Assert.Contains("New name", page, StringComparison.Ordinal);
        Assert.Contains("<dt", page, StringComparison.Ordinal);
        Assert.Contains("tidy up", page, StringComparison.Ordinal);
        Assert.DoesNotContain("{&quot;changes&quot;", page, StringComparison.Ordinal);
        Assert.Contains("2 entries", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_read_as_words_in_dutch_with_labelled_details_and_keep_the_stored_record_at_hand()
    {
        var (_, admin) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(admin.Email, GuildApp.Password);
        var actor = "Auditor " + Unique();
        var now = app.Clock.GetUtcNow();
        await AddAsync(
            Entry(AuditActions.PeopleImported, now, AuditObjectTypes.PeopleImport, "import-1", actorName: actor,
                details: """{"rows":9,"created":7,"departmentsCreated":2,"laterAddedCount":1}"""),
            Entry(AuditActions.PersonRolesChanged, now.AddSeconds(-1), AuditObjectTypes.Person, "person-1", actorName: actor,
                details: """{"before":["Employee"],"after":["Employee","Champion"],"added":["Champion"],"removed":[],"source":"import"}"""),
            new AuditEntry
            {
                At = now.AddSeconds(-2), Action = AuditActions.JobRetried, ObjectType = AuditObjectTypes.BackgroundJob, ObjectId = "job-1",
                ObjectName = "people.import", ActorName = actor, Details = """{"previousStatus":"Failed","attempts":5}""",
            });

        var html = WebUtility.HtmlDecode(await dutch.GetPageAsync($"/admin/audit?actor={Uri.EscapeDataString(actor)}"));
        var raw = string.Concat(RawRecord().Matches(html).Select(match => match.Value));
        var shown = Tags().Replace(RawRecord().Replace(html, " "), " ");

        foreach (var words in new[]
        {
            "Medewerkers geïmporteerd", "Import van medewerkers", "Rijen", "Nieuwe afdelingen",
            "Rollen van een persoon gewijzigd", "Erbij", "Knowledge Champion", "een import van medewerkers",
            "Achtergrondtaak opnieuw gestart", "Medewerkers importeren", "Status ervoor", "Mislukt",
        })
        {
            Assert.Contains(words, shown, StringComparison.Ordinal);
        }
        // A detail the texts do not know yet still reads as words.
        Assert.Contains("Later added count", shown, StringComparison.Ordinal);
        foreach (var code in new[] { "people.imported", "person.roles-changed", "jobs.retried", "people.import", "PeopleImport", "departmentsCreated", "previousStatus" })
        {
            Assert.DoesNotContain(code, shown, StringComparison.Ordinal);
        }
        // The stored record, codes and all, is one click away for an admin who needs it.
        Assert.Contains("people.imported", raw, StringComparison.Ordinal);
        Assert.Contains("departmentsCreated", raw, StringComparison.Ordinal);
        // The filter offers actions by their words, with the code as the value it sends.
        Assert.Matches("<option value=\"people.imported\"[^>]*>Medewerkers geïmporteerd</option>", html);
    }

    [GeneratedRegex("<details class=\"audit-raw\"[^>]*>.*?</details>", RegexOptions.Singleline)]
    private static partial Regex RawRecord();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [Fact]
    public async Task Filters_by_action_object_and_actor_show_only_matching_entries()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var actor = await app.CreatePersonAsync("Wilhelmina", "Auditee" + Unique());
        var tag = Unique();
        var now = app.Clock.GetUtcNow();
        await AddAsync(
            Entry("test.kept-" + tag, now, objectType: "Space", objectId: "space-" + tag, actorName: actor.Name, actorId: actor.Id),
            Entry("test.skipped-" + tag, now, objectType: "Space", objectId: "other-" + tag),
            Entry("test.kept-" + tag, now, objectType: "Resource", objectId: "resource-" + tag, actorName: "Integration " + tag));

        var byAction = await client.GetPageAsync($"/admin/audit?action=test.kept-{tag}");
        Assert.Contains(">space-" + tag + "</code>", byAction, StringComparison.Ordinal);
        Assert.Contains(">resource-" + tag + "</code>", byAction, StringComparison.Ordinal);
        Assert.DoesNotContain("other-" + tag, byAction, StringComparison.Ordinal);

        var byObject = await client.GetPageAsync($"/admin/audit?objectType=Space&objectId=space-{tag}");
        Assert.Contains(">space-" + tag + "</code>", byObject, StringComparison.Ordinal);
        Assert.DoesNotContain("resource-" + tag, byObject, StringComparison.Ordinal);
        Assert.Contains("1 entry", byObject, StringComparison.Ordinal);

        // A person's name as people type it, matched through the directory, not only letter for letter.
        var byActor = await client.GetPageAsync($"/admin/audit?actor={Uri.EscapeDataString(actor.Name.ToLowerInvariant())}");
        Assert.Contains(">space-" + tag + "</code>", byActor, StringComparison.Ordinal);
        Assert.DoesNotContain("resource-" + tag, byActor, StringComparison.Ordinal);
        Assert.DoesNotContain("other-" + tag, byActor, StringComparison.Ordinal);

        // Service tokens and "system" have no person: their recorded name finds them.
        var byServiceName = await client.GetPageAsync($"/admin/audit?actor={Uri.EscapeDataString("Integration " + tag)}");
        Assert.Contains(">resource-" + tag + "</code>", byServiceName, StringComparison.Ordinal);
        Assert.DoesNotContain("space-" + tag, byServiceName, StringComparison.Ordinal);

        var byActorId = await client.GetPageAsync($"/admin/audit?actorId={actor.Id}");
        Assert.Contains(">space-" + tag + "</code>", byActorId, StringComparison.Ordinal);
        Assert.DoesNotContain("resource-" + tag, byActorId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Date_range_is_read_in_the_organisations_time_zone()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var zone = (await app.Services.GetRequiredService<OrganisationProfile>().GetAsync()).TimeZone;
        var action = "test.dated-" + Unique();
        // Local midnight between 10 and 11 March 2026, and half an hour either side of it.
        var midnight = new DateTimeOffset(new DateTime(2026, 3, 11, 0, 0, 0), zone.GetUtcOffset(new DateTime(2026, 3, 11)));
        await AddAsync(
            Entry(action, midnight.AddMinutes(-30).ToUniversalTime(), objectId: "late-on-the-tenth"),
            Entry(action, midnight.AddMinutes(30).ToUniversalTime(), objectId: "early-on-the-eleventh"),
            Entry(action, midnight.AddDays(1).AddMinutes(30).ToUniversalTime(), objectId: "early-on-the-twelfth"));

        var eleventh = await client.GetPageAsync($"/admin/audit?action={action}&from=2026-03-11&to=2026-03-11");
        Assert.Contains("early-on-the-eleventh", eleventh, StringComparison.Ordinal);
        Assert.DoesNotContain("late-on-the-tenth", eleventh, StringComparison.Ordinal);
        Assert.DoesNotContain("early-on-the-twelfth", eleventh, StringComparison.Ordinal);

        var upToTenth = await client.GetPageAsync($"/admin/audit?action={action}&to=2026-03-10");
        Assert.Contains("late-on-the-tenth", upToTenth, StringComparison.Ordinal);
        Assert.DoesNotContain("early-on-the-eleventh", upToTenth, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_split_a_long_log_and_keep_the_filters()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var action = "test.paged-" + Unique();
        var now = app.Clock.GetUtcNow();
        await AddAsync([.. Enumerable.Range(0, 55).Select(i => Entry(action, now.AddMinutes(-i), objectId: $"n{i:00}"))]);

        var first = await client.GetPageAsync($"/admin/audit?action={action}");
        Assert.Contains(">n00</code>", first, StringComparison.Ordinal);
        Assert.DoesNotContain(">n50</code>", first, StringComparison.Ordinal);
        Assert.Contains($"action={action}&amp;page=2", first, StringComparison.Ordinal);
        var second = await client.GetPageAsync($"/admin/audit?action={action}&page=2");
        Assert.Contains(">n54</code>", second, StringComparison.Ordinal);
        Assert.DoesNotContain(">n00</code>", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_lists_offer_the_actions_and_object_types_in_the_log()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var tag = Unique();
        await AddAsync(Entry("test.listed-" + tag, app.Clock.GetUtcNow(), objectType: "Listed" + tag));
        var page = await client.GetPageAsync("/admin/audit");
        Assert.Contains($"<option value=\"test.listed-{tag}\"", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"Listed{tag}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_lists_entries_with_filters_for_admins()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var action = "test.api-" + Unique();
        var now = app.Clock.GetUtcNow();
        await AddAsync(
            Entry(action, now.AddDays(-3), objectId: "old", details: """{"reason":"kept"}"""),
            Entry(action, now.AddMinutes(-1), objectId: "recent"));

        using var all = JsonDocument.Parse(await client.GetPageAsync($"/api/v1/audit?action={action}"));
        var items = all.RootElement.GetProperty("items");
        Assert.Equal(2, all.RootElement.GetProperty("totalCount").GetInt32());
        Assert.Equal("recent", items[0].GetProperty("objectId").GetString());
        Assert.Equal("kept", items[1].GetProperty("details").GetProperty("reason").GetString());

        var from = Uri.EscapeDataString(now.AddDays(-1).ToString("O"));
        using var recent = JsonDocument.Parse(await client.GetPageAsync($"/api/v1/audit?action={action}&from={from}"));
        Assert.Equal(1, recent.RootElement.GetProperty("totalCount").GetInt32());
        Assert.Equal("recent", recent.RootElement.GetProperty("items")[0].GetProperty("objectId").GetString());

        using var tooLarge = await client.GetAsync("/api/v1/audit?pageSize=100000");
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
    }

    [Fact]
    public async Task The_audit_pages_offer_no_way_to_change_entries()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await AddAsync(Entry("test.readonly-" + Unique(), app.Clock.GetUtcNow(), objectId: "x"));
        var page = await client.GetPageAsync("/admin/audit");
        Assert.DoesNotMatch("<form[^>]*method=\"post\"[^>]*audit|<form[^>]*audit[^>]*method=\"post\"", page);
        using var delete = await client.Http.DeleteAsync("/api/v1/audit/1");
        Assert.True(delete.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditLogPageTestsOnSqlite(SqliteApp app) : AuditLogPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditLogPageTestsOnPostgres(PostgresApp app) : AuditLogPageTests(app);
