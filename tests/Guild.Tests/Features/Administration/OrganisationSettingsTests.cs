using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Administration;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Administration;

public abstract class OrganisationSettingsTests(GuildApp app)
{
    private const string Page = "/admin/organisation";
    private static readonly string[] MondayOnly = ["Monday"];

    /// <summary>A 1 × 1 pixel PNG.</summary>
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static Dictionary<string, string> Form(string name = "Acme Learning", string language = "en", string timeZone = "Europe/Amsterdam",
        string start = "08:30", string end = "17:00", string iri = "https://learning.acme.example/") =>
        new()
        {
            ["_handler"] = "organisation",
            ["Input.Name"] = name,
            ["Input.DefaultLanguage"] = language,
            ["Input.TimeZone"] = timeZone,
            ["Input.WorkdayStart"] = start,
            ["Input.WorkdayEnd"] = end,
            ["Input.LearningRecordBaseIri"] = iri,
        };

    private static IEnumerable<KeyValuePair<string, string>> WithDays(Dictionary<string, string> form, params string[] days) =>
        form.Concat(days.Select(day => new KeyValuePair<string, string>("WorkingDays", day)));

    private Task<OrganisationSettings> StoredAsync() =>
        app.WithDbAsync(db => db.Set<OrganisationSettings>().AsNoTracking().SingleAsync());

    [Fact]
    public async Task Invalid_settings_show_field_errors_and_change_nothing()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var before = await StoredAsync();

        using var response = await client.PostFormAsync(Page, Page, WithDays(
            Form(name: "  ", language: "fr", timeZone: "Mars/Olympus_Mons", start: "17:00", end: "09:00", iri: "ftp://learning.example/records")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("nothing was saved", page, StringComparison.Ordinal);
        Assert.Contains("Enter a name of 1 to 200 characters.", page, StringComparison.Ordinal);
        Assert.Contains("Choose English or Dutch.", page, StringComparison.Ordinal);
        Assert.Contains("Choose a time zone from the list", page, StringComparison.Ordinal);
        Assert.Contains("The working day must end after it starts.", page, StringComparison.Ordinal);
        Assert.Contains("Choose at least one working day.", page, StringComparison.Ordinal);
        Assert.Contains("Enter an absolute http or https address", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);

        var after = await StoredAsync();
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.TimeZoneId, after.TimeZoneId);
        Assert.Equal(before.WorkdayStart, after.WorkdayStart);
        Assert.Equal(before.WorkingDays, after.WorkingDays);
        Assert.Equal(before.LearningRecordBaseIri, after.LearningRecordBaseIri);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }

    [Theory]
    [InlineData("https://learning.example.org")]           // no closing slash
    [InlineData("learning.example.org/")]                  // not absolute
    [InlineData("https://learning.example.org/?a=1/")]     // query
    [InlineData("https://user:pw@learning.example.org/")]  // credentials
    [InlineData("mailto:learning@example.org/")]           // not http(s)
    public async Task Base_iri_must_be_an_absolute_http_iri_ending_in_a_slash(string iri)
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var before = await StoredAsync();
        using var response = await client.PostFormAsync(Page, Page, WithDays(Form(iri: iri), "Monday"));
        Assert.Contains("Enter an absolute http or https address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.LearningRecordBaseIri, (await StoredAsync()).LearningRecordBaseIri);
    }

    [Fact]
    public async Task Valid_save_changes_what_pages_show_and_writes_an_audit_entry_of_what_changed()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (client, admin) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var before = await StoredAsync();
        var newName = "Acme " + Guid.NewGuid().ToString("N")[..6];

        using var response = await client.PostFormAsync(Page, Page, WithDays(
            Form(name: newName, timeZone: "Europe/London", start: "08:30", end: "16:45", iri: "https://learning.acme.example/xapi/"),
            "Monday", "Tuesday", "Wednesday", "Thursday"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredAsync();
        Assert.Equal(newName, stored.Name);
        Assert.Equal("Europe/London", stored.TimeZoneId);
        Assert.Equal(new TimeOnly(8, 30), stored.WorkdayStart);
        Assert.Equal(new TimeOnly(16, 45), stored.WorkdayEnd);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], stored.WorkingDays);
        Assert.Equal("https://learning.acme.example/xapi/", stored.LearningRecordBaseIri);

        // Another person's next page shows the new name in the header at once (the cache was told to forget).
        var (employee, _) = await app.SignedInAsync();
        var home = await employee.GetPageAsync("/");
        Assert.Contains($"<span class=\"brand__name\">{newName}</span>", home, StringComparison.Ordinal);
        Assert.Contains("The organisation settings are saved.", await client.GetPageAsync(Page), StringComparison.Ordinal);

        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == "organisation.settings-changed" && e.ActorId == admin.Id).SingleAsync());
        using var details = JsonDocument.Parse(entry.Details!);
        var changes = details.RootElement.GetProperty("changes");
        Assert.Equal(before.Name, changes.GetProperty("name").GetProperty("from").GetString());
        Assert.Equal(newName, changes.GetProperty("name").GetProperty("to").GetString());
        Assert.Equal("Europe/London", changes.GetProperty("timeZone").GetProperty("to").GetString());
        Assert.Equal("Monday,Tuesday,Wednesday,Thursday", changes.GetProperty("workingDays").GetProperty("to").GetString());
        Assert.False(changes.TryGetProperty("defaultLanguage", out _), "An unchanged field is not listed as changed.");
    }

    [Fact]
    public async Task Saving_the_same_settings_again_writes_no_audit_entry()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (client, admin) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var current = await StoredAsync();
        var form = WithDays(Form(current.Name, current.DefaultLanguage, current.TimeZoneId,
            current.WorkdayStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), current.WorkdayEnd.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), current.LearningRecordBaseIri),
            [.. current.WorkingDays.Select(d => d.ToString())]);
        using var response = await client.PostFormAsync(Page, Page, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Nothing changed", await client.GetPageAsync(Page), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.ActorId == admin.Id)));
    }

    [Fact]
    public async Task Logo_upload_rejects_a_renamed_text_file()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var before = await StoredAsync();
        using var content = new MultipartFormDataContent
        {
            { new StringContent("logo"), "_handler" },
        };
        var file = new ByteArrayContent("This is not an image, only text with a .png name."u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        content.Add(file, "Logo", "logo.png");

        using var response = await client.PostMultipartAsync(Page, Page, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This file is not a PNG or JPEG image.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await StoredAsync();
        Assert.Equal(before.LogoKey, after.LogoKey);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task Logo_upload_of_a_real_png_is_served_to_anyone_and_linked_from_the_header()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (client, admin) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var content = new MultipartFormDataContent
        {
            { new StringContent("logo"), "_handler" },
        };
        var file = new ByteArrayContent(TinyPng);
        // The browser's claim is ignored either way: the bytes decide.
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "Logo", "company logo.bin");

        using var response = await client.PostMultipartAsync(Page, Page, content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        using var anonymous = app.CreateGuildClient();
        var signInPage = await anonymous.GetPageAsync("/account/sign-in");
        Assert.Contains("src=\"/organisation/logo?v=", signInPage, StringComparison.Ordinal);
        using var logo = await anonymous.GetAsync("/organisation/logo");
        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TinyPng, await logo.Content.ReadAsByteArrayAsync());
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == "organisation.logo-changed" && e.ActorId == admin.Id)));
    }

    [Fact]
    public async Task Api_shows_settings_to_everyone_and_lets_only_admins_change_them()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (employee, _) = await app.SignedInAsync();
        var shown = await employee.GetJsonAsync<JsonElement>("/api/v1/organisation");
        Assert.Equal((await StoredAsync()).Name, shown.GetProperty("name").GetString());

        var body = new
        {
            name = "Changed by an employee",
            defaultLanguage = "en",
            timeZone = "Europe/Amsterdam",
            workdayStart = "09:00",
            workdayEnd = "17:00",
            workingDays = MondayOnly,
            learningRecordBaseIri = "https://learning.example.org/",
        };
        using var refused = await employee.Http.PutAsJsonAsync("/api/v1/organisation", body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("Changed by an employee", (await StoredAsync()).Name);

        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var saved = await admin.Http.PutAsJsonAsync("/api/v1/organisation", body);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("Changed by an employee", (await StoredAsync()).Name);

        using var bad = await admin.Http.PutAsJsonAsync("/api/v1/organisation", new
        {
            name = "Still fine",
            defaultLanguage = "en",
            timeZone = "Europe/Amsterdam",
            workdayStart = "25:00",
            workdayEnd = "17:00",
            workingDays = MondayOnly,
            learningRecordBaseIri = "https://learning.example.org",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("workdayStart", out _));
        Assert.True(errors.TryGetProperty("learningRecordBaseIri", out _));
        Assert.Equal("Changed by an employee", (await StoredAsync()).Name);
    }

    [Fact]
    public async Task Api_logo_upload_sniffs_the_bytes()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var svg = new ByteArrayContent("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray());
        svg.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var refused = await admin.Http.PutAsync("/api/v1/organisation/logo", svg);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var png = new ByteArrayContent(TinyPng);
        png.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var accepted = await admin.Http.PutAsync("/api/v1/organisation/logo", png);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.NotNull((await StoredAsync()).LogoKey);

        var tooLarge = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        using var large = await admin.Http.PutAsync("/api/v1/organisation/logo", tooLarge);
        Assert.Equal(HttpStatusCode.BadRequest, large.StatusCode);

        using var removed = await admin.Http.DeleteAsync("/api/v1/organisation/logo");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Null((await StoredAsync()).LogoKey);
        using var anonymous = app.CreateGuildClient();
        using var gone = await anonymous.GetAsync("/organisation/logo");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OrganisationSettingsTestsOnSqlite(SqliteApp app) : OrganisationSettingsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OrganisationSettingsTestsOnPostgres(PostgresApp app) : OrganisationSettingsTests(app);
