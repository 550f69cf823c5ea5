using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Administration;

/// <summary>
/// Tokens cannot outlive the people behind them: only a signed-in session manages tokens, every token expires
/// within the organisation's maximum, a service token stops with its creator's authority, and a personal token
/// loses what its owner loses, at once.
/// </summary>
public abstract class ApiTokenTrustTests(GuildApp app)
{
    private static readonly string[] CreatedThenRevoked = ["api-token.created", "api-token.revoked"];

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static async Task AssertForbiddenBecauseTokensAreManagedFromASessionAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("managed from a signed-in session", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_personal_token_cannot_list_create_or_revoke_tokens()
    {
        var admin = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var token = await app.CreateTokenAsync(admin.Id, new ApiTokenRequest("Admin script " + Unique()));
        var other = await app.CreateTokenAsync(admin.Id, new ApiTokenRequest("Other script " + Unique()));
        using var api = app.TokenClient(token.Secret);
        var before = await app.WithDbAsync(db => db.Set<ApiToken>().CountAsync());

        using var list = await api.GetAsync("/api/v1/tokens");
        using var everyone = await api.GetAsync("/api/v1/tokens?everyone=true");
        using var personal = await api.PostAsJsonAsync("/api/v1/tokens", new { name = "Longer lived", kind = "Personal", expiresInDays = 30 });
        using var service = await api.PostAsJsonAsync("/api/v1/tokens", new { name = "Escape hatch", kind = "Service", serviceRole = "LearningAdmin" });
        using var revoke = await api.DeleteAsync($"/api/v1/tokens/{other.Token.Id}");

        await AssertForbiddenBecauseTokensAreManagedFromASessionAsync(list);
        await AssertForbiddenBecauseTokensAreManagedFromASessionAsync(everyone);
        await AssertForbiddenBecauseTokensAreManagedFromASessionAsync(personal);
        await AssertForbiddenBecauseTokensAreManagedFromASessionAsync(service);
        await AssertForbiddenBecauseTokensAreManagedFromASessionAsync(revoke);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<ApiToken>().CountAsync()));
        Assert.Null((await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.Id == other.Token.Id))).RevokedAt);

        // The same person in a signed-in session manages them as before.
        using var session = app.CreateGuildClient();
        await session.SignInAsync(admin.Email, GuildApp.Password);
        using var fromSession = await session.Http.GetAsync("/api/v1/tokens");
        Assert.Equal(HttpStatusCode.OK, fromSession.StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_requested_expiry_gets_the_organisations_maximum()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await SetMaximumAsync(admin, 200);

        using var created = await admin.Http.PostAsJsonAsync("/api/v1/tokens", new { name = "No expiry asked " + Unique() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("token").GetProperty("id").GetGuid();
        var stored = await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.Id == id));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(200), stored.ExpiresAt);
        Assert.Equal(stored.ExpiresAt, body.GetProperty("token").GetProperty("expiresAt").GetDateTimeOffset());

        // The page offers nothing longer than the maximum, and no "never".
        var page = await admin.GetPageAsync("/account/api-tokens");
        Assert.Contains("<option value=\"200\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"365\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expiry_above_the_organisations_maximum_is_refused_naming_the_maximum()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (admin, person) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await SetMaximumAsync(admin, 90);
        var name = "Too long " + Unique();

        using var refused = await admin.Http.PostAsJsonAsync("/api/v1/tokens", new { name, expiresInDays = 91 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("between 1 and 90 days", problem.GetProperty("errors").GetProperty("expiresInDays")[0].GetString(), StringComparison.Ordinal);

        using var form = await admin.PostFormAsync("/admin/api-tokens", "/admin/api-tokens", new Dictionary<string, string>
        {
            ["_handler"] = "create-service-token",
            ["Input.Name"] = name,
            ["Input.Role"] = Roles.Employee,
            ["Input.ExpiresInDays"] = "365",
        });
        Assert.Contains("between 1 and 90 days", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<ApiToken>().AnyAsync(t => t.Name == name)));

        using var allowed = await admin.Http.PostAsJsonAsync("/api/v1/tokens", new { name, expiresInDays = 90 });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(90),
            (await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.OwnerId == person.Id && t.Name == name))).ExpiresAt);
    }

    [Fact]
    public async Task The_maximum_is_validated_in_both_languages_and_lowering_it_keeps_existing_tokens()
    {
        await using var keep = await app.KeepOrganisationSettingsAsync();
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var existing = await app.CreateTokenAsync(adminPerson.Id, new ApiTokenRequest("Existing " + Unique(), ExpiresInDays: 300));
        var settings = await admin.GetJsonAsync<JsonElement>("/api/v1/organisation");
        Assert.Equal(365, settings.GetProperty("apiTokenMaxDays").GetInt32());

        using var tooHigh = await admin.Http.PutAsJsonAsync("/api/v1/organisation", WithMaximum(settings, 4000));
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.StatusCode);
        Assert.Contains("from 1 to 3,650", await tooHigh.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(adminPerson.Email, GuildApp.Password);
        var form = await dutch.GetPageAsync("/admin/organisation");
        Assert.Contains("Langste geldigheid van een API-token", form, StringComparison.Ordinal);
        using var zero = await dutch.PostFormAsync("/admin/organisation", "/admin/organisation", new Dictionary<string, string>
        {
            ["_handler"] = "organisation",
            ["Input.Name"] = settings.GetProperty("name").GetString()!,
            ["Input.DefaultLanguage"] = settings.GetProperty("defaultLanguage").GetString()!,
            ["Input.TimeZone"] = settings.GetProperty("timeZone").GetString()!,
            ["Input.WorkdayStart"] = settings.GetProperty("workdayStart").GetString()!,
            ["Input.WorkdayEnd"] = settings.GetProperty("workdayEnd").GetString()!,
            ["Input.LearningRecordBaseIri"] = settings.GetProperty("learningRecordBaseIri").GetString()!,
            ["WorkingDays"] = "Monday",
            ["Input.ApiTokenMaxDays"] = "0",
        });
        Assert.Contains("Vul een heel aantal dagen in van 1 tot 3.650.", await zero.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(365, (await app.WithDbAsync(db => db.Set<OrganisationSettings>().AsNoTracking().SingleAsync())).ApiTokenMaxDays);

        await SetMaximumAsync(admin, 30);
        var kept = await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.Id == existing.Token.Id));
        Assert.Equal(existing.Token.ExpiresAt, kept.ExpiresAt);
        using var api = app.TokenClient(existing.Secret);
        app.Clock.Advance(TimeSpan.FromDays(31));
        using var stillWorks = await api.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Fact]
    public async Task A_service_token_stops_working_when_the_admin_who_created_it_is_deactivated()
    {
        var creator = await app.CreatePersonAsync("Creating", "Admin", [Roles.Employee, Roles.LearningAdmin]);
        var otherAdmin = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var service = await app.CreateTokenAsync(creator.Id, new ApiTokenRequest("HR sync " + Unique(), ApiTokenKind.Service, Roles.LearningAdmin));
        using var api = app.TokenClient(service.Secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/audit")).StatusCode);

        var deactivated = await app.AsPersonAsync(otherAdmin.Id, services =>
            services.GetRequiredService<PersonAdministration>().DeactivateAsync(creator.Id, CancellationToken.None));
        Assert.True(deactivated.IsOk);

        using var refused = await api.GetAsync("/api/v1/audit");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_service_token_stops_working_when_the_admin_who_created_it_loses_the_role()
    {
        var creator = await app.CreatePersonAsync("Demoted", "Admin", [Roles.Employee, Roles.LearningAdmin]);
        var otherAdmin = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var service = await app.CreateTokenAsync(creator.Id, new ApiTokenRequest("Directory " + Unique(), ApiTokenKind.Service, Roles.Employee));
        using var api = app.TokenClient(service.Secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/people")).StatusCode);

        var demoted = await app.AsPersonAsync(otherAdmin.Id, services =>
            services.GetRequiredService<PersonAdministration>().SetRolesAsync(creator.Id, [Roles.Employee], CancellationToken.None));
        Assert.True(demoted.IsOk);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/people")).StatusCode);

        // The admin list names who created it, so the admins know whom to ask.
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var list = await admin.GetJsonAsync<JsonElement>("/api/v1/tokens?everyone=true&kind=Service&pageSize=200");
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == service.Token.Id);
        Assert.Equal(creator.Id, item.GetProperty("createdBy").GetProperty("id").GetGuid());
        Assert.Equal(creator.Name, item.GetProperty("createdBy").GetProperty("name").GetString());
        Assert.Contains(creator.Name, await admin.GetPageAsync("/admin/api-tokens?kind=Service"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_personal_token_loses_a_role_its_owner_loses_at_once()
    {
        var owner = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var otherAdmin = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var token = await app.CreateTokenAsync(owner.Id, new ApiTokenRequest("Admin tooling " + Unique()));
        using var api = app.TokenClient(token.Secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/audit")).StatusCode);

        var demoted = await app.AsPersonAsync(otherAdmin.Id, services =>
            services.GetRequiredService<PersonAdministration>().SetRolesAsync(owner.Id, [Roles.Employee], CancellationToken.None));
        Assert.True(demoted.IsOk);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/people")).StatusCode);
    }

    [Fact]
    public async Task Creating_and_revoking_are_audited_with_the_expiry_and_the_creator()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var created = await admin.Http.PostAsJsonAsync("/api/v1/tokens",
            new { name = "Audited " + Unique(), kind = "Service", serviceRole = Roles.Employee, expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetProperty("id").GetGuid();
        using var revoked = await admin.Http.DeleteAsync($"/api/v1/tokens/{id}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        var entries = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.ObjectType == "ApiToken" && e.ObjectId == id.ToString()).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(CreatedThenRevoked, entries.Select(e => e.Action));
        var expires = app.Clock.GetUtcNow().AddDays(30);
        Assert.All(entries, entry =>
        {
            Assert.Equal(adminPerson.Id, entry.ActorId);
            using var details = JsonDocument.Parse(entry.Details!);
            Assert.Equal(expires, details.RootElement.GetProperty("expiresAt").GetDateTimeOffset());
            Assert.Equal(adminPerson.Id, details.RootElement.GetProperty("createdById").GetGuid());
            Assert.Equal(adminPerson.Name, details.RootElement.GetProperty("createdBy").GetString());
            Assert.Equal("Service", details.RootElement.GetProperty("kind").GetString());
        });
    }

    private static object WithMaximum(JsonElement settings, int days) => new
    {
        name = settings.GetProperty("name").GetString(),
        defaultLanguage = settings.GetProperty("defaultLanguage").GetString(),
        timeZone = settings.GetProperty("timeZone").GetString(),
        workdayStart = settings.GetProperty("workdayStart").GetString(),
        workdayEnd = settings.GetProperty("workdayEnd").GetString(),
        workingDays = settings.GetProperty("workingDays").EnumerateArray().Select(day => day.GetString()).ToArray(),
        learningRecordBaseIri = settings.GetProperty("learningRecordBaseIri").GetString(),
        apiTokenMaxDays = days,
    };

    private static async Task SetMaximumAsync(GuildClient admin, int days)
    {
        var settings = await admin.GetJsonAsync<JsonElement>("/api/v1/organisation");
        using var saved = await admin.Http.PutAsJsonAsync("/api/v1/organisation", WithMaximum(settings, days));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(days, (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiTokenMaxDays").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiTokenTrustTestsOnSqlite(SqliteApp app) : ApiTokenTrustTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiTokenTrustTestsOnPostgres(PostgresApp app) : ApiTokenTrustTests(app);
