using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Administration;

public abstract class ApiTokenTests(GuildApp app)
{
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static async Task AssertUnauthorizedProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Personal_token_authenticates_api_calls_as_its_owner()
    {
        var owner = await app.CreatePersonAsync("Tara", "Token");
        var created = await app.CreateTokenAsync(owner.Id, new ApiTokenRequest("Report script"));
        Assert.StartsWith("guild_", created.Secret, StringComparison.Ordinal);

        using var api = app.TokenClient(created.Secret);
        using var people = await api.GetAsync("/api/v1/people");
        Assert.Equal(HttpStatusCode.OK, people.StatusCode);
        var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal(owner.Id, me.GetProperty("id").GetGuid());

        var used = await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.Id == created.Token.Id));
        Assert.Equal(app.Clock.GetUtcNow(), used.LastUsedAt);
    }

    [Fact]
    public async Task Revoked_token_gets_401_problem_details()
    {
        var owner = await app.CreatePersonAsync();
        var created = await app.CreateTokenAsync(owner.Id, new ApiTokenRequest("Soon revoked"));
        using var api = app.TokenClient(created.Secret);
        using (var before = await api.GetAsync("/api/v1/people"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var session = app.CreateGuildClient();
        await session.SignInAsync(owner.Email, GuildApp.Password);
        using var revoke = await session.Http.DeleteAsync($"/api/v1/tokens/{created.Token.Id}");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var after = await api.GetAsync("/api/v1/people");
        await AssertUnauthorizedProblemAsync(after);
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == "api-token.revoked" && e.ObjectId == created.Token.Id.ToString())));
    }

    [Fact]
    public async Task Expired_token_gets_401_problem_details()
    {
        var owner = await app.CreatePersonAsync();
        var created = await app.CreateTokenAsync(owner.Id, new ApiTokenRequest("One day only", ExpiresInDays: 1));
        using var api = app.TokenClient(created.Secret);
        using (var fresh = await api.GetAsync("/api/v1/people"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }
        app.Clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(1)));
        using var expired = await api.GetAsync("/api/v1/people");
        await AssertUnauthorizedProblemAsync(expired);
    }

    [Fact]
    public async Task Unknown_token_gets_401_problem_details()
    {
        using var api = app.TokenClient("guild_" + Unique() + "not-a-real-token-at-all");
        using var response = await api.GetAsync("/api/v1/people");
        await AssertUnauthorizedProblemAsync(response);
    }

    [Fact]
    public async Task Employees_personal_token_cannot_call_admin_endpoints()
    {
        var employee = await app.CreatePersonAsync();
        var created = await app.CreateTokenAsync(employee.Id, new ApiTokenRequest("Curious"));
        using var api = app.TokenClient(created.Secret);
        using var audit = await api.GetAsync("/api/v1/audit");
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        Assert.Equal("application/problem+json", audit.Content.Headers.ContentType?.MediaType);
        using var service = await api.PostAsJsonAsync("/api/v1/tokens", new { name = "Escalate", kind = "Service", serviceRole = "LearningAdmin" });
        Assert.Equal(HttpStatusCode.Forbidden, service.StatusCode);
    }

    [Fact]
    public async Task Admins_personal_token_acts_with_the_admins_roles()
    {
        var admin = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var created = await app.CreateTokenAsync(admin.Id, new ApiTokenRequest("Admin tooling"));
        using var api = app.TokenClient(created.Secret);
        using var audit = await api.GetAsync("/api/v1/audit");
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task Service_token_acts_with_its_role()
    {
        var admin = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var adminService = await app.CreateTokenAsync(admin.Id, new ApiTokenRequest("Reporting " + Unique(), ApiTokenKind.Service, Roles.LearningAdmin));
        var employeeService = await app.CreateTokenAsync(admin.Id, new ApiTokenRequest("Directory sync " + Unique(), ApiTokenKind.Service, Roles.Employee));
        Assert.Null(adminService.Token.OwnerId);

        using var asAdmin = app.TokenClient(adminService.Secret);
        using (var audit = await asAdmin.GetAsync("/api/v1/audit"))
        {
            Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        }
        using var asEmployee = app.TokenClient(employeeService.Secret);
        using (var people = await asEmployee.GetAsync("/api/v1/people"))
        {
            Assert.Equal(HttpStatusCode.OK, people.StatusCode);
        }
        using (var audit = await asEmployee.GetAsync("/api/v1/audit"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        }
        // Tokens are managed by people: a service token cannot mint more tokens, even with the admin role.
        using var mint = await asAdmin.PostAsJsonAsync("/api/v1/tokens", new { name = "Another", kind = "Personal" });
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
    }

    [Fact]
    public async Task Secret_is_never_stored_in_plain_text()
    {
        var owner = await app.CreatePersonAsync();
        var created = await app.CreateTokenAsync(owner.Id, new ApiTokenRequest("Hashed " + Unique()));
        var stored = await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.Id == created.Token.Id));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret)), stored.Hash);
        Assert.Equal(created.Secret[..12], stored.Prefix);
        Assert.True(created.Secret.Length > 40);
        var secretPart = created.Secret[12..];
        Assert.DoesNotContain(secretPart, JsonSerializer.Serialize(stored), StringComparison.Ordinal);
        // Nor in the audit log of its creation.
        var entries = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.ObjectId == created.Token.Id.ToString()).ToListAsync());
        Assert.NotEmpty(entries);
        Assert.All(entries, entry => Assert.DoesNotContain(secretPart, JsonSerializer.Serialize(entry), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tokens_created_by_one_person_are_invisible_to_another()
    {
        var (alice, alicePerson) = await app.SignedInAsync();
        var (bob, _) = await app.SignedInAsync();
        var name = "Alice private token " + Unique();
        var created = await app.CreateTokenAsync(alicePerson.Id, new ApiTokenRequest(name));

        Assert.Contains(name, await alice.GetPageAsync("/account/api-tokens"), StringComparison.Ordinal);
        Assert.DoesNotContain(name, await bob.GetPageAsync("/account/api-tokens"), StringComparison.Ordinal);
        var bobsList = await bob.GetJsonAsync<JsonElement>("/api/v1/tokens");
        Assert.DoesNotContain(bobsList.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == created.Token.Id);
        // Asking for everyone's is for admins only.
        using var everyone = await bob.GetAsync("/api/v1/tokens?everyone=true");
        Assert.Equal(HttpStatusCode.Forbidden, everyone.StatusCode);

        using var apiRevoke = await bob.Http.DeleteAsync($"/api/v1/tokens/{created.Token.Id}");
        Assert.Equal(HttpStatusCode.NotFound, apiRevoke.StatusCode);
        using var pageRevoke = await bob.PostFormAsync("/account/api-tokens", $"/account/api-tokens/{created.Token.Id}/revoke", []);
        Assert.Equal(HttpStatusCode.NotFound, pageRevoke.StatusCode);
        var stored = await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.Id == created.Token.Id));
        Assert.Null(stored.RevokedAt);
    }

    [Fact]
    public async Task Creating_a_token_in_the_page_shows_the_secret_once()
    {
        var (client, person) = await app.SignedInAsync();
        var name = "CI pipeline " + Unique();
        using var response = await client.PostFormAsync("/account/api-tokens", "/account/api-tokens", new Dictionary<string, string>
        {
            ["_handler"] = "create-token",
            ["Input.Name"] = name,
            ["Input.ExpiresInDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var page = await response.Content.ReadAsStringAsync();
        var secret = System.Text.RegularExpressions.Regex.Match(page, "id=\"new-token-secret\"[^>]*value=\"(guild_[^\"]+)\"|value=\"(guild_[^\"]+)\"[^>]*id=\"new-token-secret\"");
        Assert.True(secret.Success, "The new secret is in a read-only field.");
        var value = secret.Groups[1].Success ? secret.Groups[1].Value : secret.Groups[2].Value;
        Assert.Contains("only time Guild shows it", page, StringComparison.Ordinal);

        var token = await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.OwnerId == person.Id));
        Assert.Equal(name, token.Name);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(30), token.ExpiresAt);

        var later = await client.GetPageAsync("/account/api-tokens");
        Assert.Contains(name, later, StringComparison.Ordinal);
        Assert.Contains(token.Prefix, later, StringComparison.Ordinal);
        Assert.DoesNotContain(value, later, StringComparison.Ordinal);

        using var api = app.TokenClient(value);
        using var works = await api.GetAsync("/api/v1/people");
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
    }

    [Fact]
    public async Task Token_form_errors_are_shown_in_the_readers_language_and_create_nothing()
    {
        var person = await app.CreatePersonAsync();
        using var client = app.CreateGuildClient("nl");
        await client.SignInAsync(person.Email, GuildApp.Password);
        using var response = await client.PostFormAsync("/account/api-tokens", "/account/api-tokens", new Dictionary<string, string>
        {
            ["_handler"] = "create-token",
            ["Input.Name"] = "   ",
            ["Input.ExpiresInDays"] = "9999",
        });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Geef de token een naam van 1 tot 100 tekens.", page, StringComparison.Ordinal);
        Assert.Contains("Kies een geldigheid van 1 tot 365 dagen", page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<ApiToken>().AnyAsync(t => t.OwnerId == person.Id)));

        using var api = await client.Http.PostAsJsonAsync("/api/v1/tokens", new { name = "" });
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("Geef de token een naam", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_in_the_page_asks_first_and_stops_the_token()
    {
        var (client, person) = await app.SignedInAsync();
        var created = await app.CreateTokenAsync(person.Id, new ApiTokenRequest("To revoke " + Unique()));
        var page = await client.GetPageAsync("/account/api-tokens");
        Assert.Contains($"action=\"/account/api-tokens/{created.Token.Id}/revoke\"", page, StringComparison.Ordinal);
        Assert.Contains("data-confirm=\"Revoke the token", page, StringComparison.Ordinal);

        using var response = await client.PostFormAsync("/account/api-tokens", $"/account/api-tokens/{created.Token.Id}/revoke",
            new Dictionary<string, string> { ["returnUrl"] = "/account/api-tokens" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/api-tokens", response.Headers.Location?.OriginalString);
        var after = await client.GetPageAsync("/account/api-tokens");
        Assert.Contains("is revoked", after, StringComparison.Ordinal);
        Assert.Contains("Revoked", after, StringComparison.Ordinal);
        using var api = app.TokenClient(created.Secret);
        using var refused = await api.GetAsync("/api/v1/people");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Admin_page_lists_everyones_tokens_creates_service_tokens_and_revokes_any()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var someone = await app.CreatePersonAsync();
        var personal = await app.CreateTokenAsync(someone.Id, new ApiTokenRequest("Someone's script " + Unique()));

        var list = await admin.GetPageAsync("/admin/api-tokens?kind=Personal");
        Assert.Contains(personal.Token.Name.Replace("'", "&#x27;", StringComparison.Ordinal), list, StringComparison.Ordinal);
        Assert.Contains(someone.Email, list, StringComparison.Ordinal);

        var serviceName = "HR import " + Unique();
        using var created = await admin.PostFormAsync("/admin/api-tokens", "/admin/api-tokens", new Dictionary<string, string>
        {
            ["_handler"] = "create-service-token",
            ["Input.Name"] = serviceName,
            ["Input.Role"] = Roles.Employee,
            ["Input.ExpiresInDays"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("only time Guild shows it", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var service = await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.Name == serviceName));
        Assert.Equal(ApiTokenKind.Service, service.Kind);
        Assert.Equal(Roles.Employee, service.ServiceRole);
        // No choice posted: the organisation's maximum.
        Assert.Equal(app.Clock.GetUtcNow().AddDays(365), service.ExpiresAt);

        using var revoke = await admin.PostFormAsync("/admin/api-tokens", $"/account/api-tokens/{personal.Token.Id}/revoke",
            new Dictionary<string, string> { ["returnUrl"] = "/admin/api-tokens" });
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal("/admin/api-tokens", revoke.Headers.Location?.OriginalString);
        Assert.NotNull((await app.WithDbAsync(db => db.Set<ApiToken>().AsNoTracking().SingleAsync(t => t.Id == personal.Token.Id))).RevokedAt);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiTokenTestsOnSqlite(SqliteApp app) : ApiTokenTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiTokenTestsOnPostgres(PostgresApp app) : ApiTokenTests(app);
