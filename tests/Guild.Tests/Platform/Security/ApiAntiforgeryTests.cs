using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Guild.Tests.Features.Administration;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Security;

/// <summary>
/// A page on another site (a sibling subdomain is the same site, so SameSite=Lax still sends the cookie) can
/// make a signed-in browser send requests, but cannot read Guild's pages: it never has the antiforgery token.
/// With the cookie, every unsafe API call needs the token in a header; with a bearer token it needs none.
/// </summary>
public abstract class ApiAntiforgeryTests(GuildApp app)
{
    private static MultipartFormDataContent AttackerCsv(string email)
    {
        var csv = "email,givenName,familyName,roles\n" + email + ",Mallory,Attacker,Employee;LearningAdmin\n";
        var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "people.csv");
        return content;
    }

    [Fact]
    public async Task Cross_site_import_with_an_admins_cookie_is_refused_and_imports_nothing()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        admin.SendsApiAntiforgery = false;
        var email = $"mallory.{Guid.NewGuid():N}@attacker.example";
        var importsBefore = await app.WithDbAsync(db => db.Set<PeopleImport>().CountAsync());

        using var response = await admin.Http.PostAsync("/api/v1/people/imports", AttackerCsv(email));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("X-Guild-Antiforgery", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(importsBefore, await app.WithDbAsync(db => db.Set<PeopleImport>().CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Person>().CountAsync(p => p.Account.Email == email)));
    }

    [Fact]
    public async Task Bodyless_posts_with_a_cookie_and_no_token_change_nothing()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        admin.SendsApiAntiforgery = false;
        var target = await app.CreatePersonAsync();

        using var deactivate = await admin.Http.PostAsync($"/api/v1/people/{target.Id}/deactivate", null);
        using var roles = await admin.Http.PutAsJsonAsync($"/api/v1/people/{target.Id}/roles", new { roles = new[] { Roles.Employee, Roles.LearningAdmin } });
        using var token = await admin.Http.PostAsJsonAsync("/api/v1/tokens", new { name = "Planted", kind = "Personal" });

        Assert.Equal(HttpStatusCode.BadRequest, deactivate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, roles.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        var person = await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().Include(p => p.Account).FirstAsync(p => p.Id == target.Id));
        Assert.Null(person.Account.DeactivatedAt);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ApiToken>().CountAsync(t => t.Name == "Planted")));
    }

    [Fact]
    public async Task A_token_of_another_session_is_refused()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (attacker, _) = await app.SignedInAsync(Roles.Employee);
        var attackersToken = await attacker.ApiAntiforgeryTokenAsync();
        Assert.NotNull(attackersToken);
        admin.SendsApiAntiforgery = false;
        var target = await app.CreatePersonAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/people/{target.Id}/deactivate");
        request.Headers.Add("X-Guild-Antiforgery", attackersToken);
        using var response = await admin.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().Include(p => p.Account).FirstAsync(p => p.Id == target.Id))).Account.DeactivatedAt);
    }

    [Fact]
    public async Task Guilds_own_pages_call_the_api_with_the_token_from_their_meta_tag()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var target = await app.CreatePersonAsync();

        using var response = await admin.Http.PostAsync($"/api/v1/people/{target.Id}/deactivate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await app.WithDbAsync(db => db.Set<Person>().AsNoTracking().Include(p => p.Account).FirstAsync(p => p.Id == target.Id))).Account.DeactivatedAt);
    }

    [Fact]
    public async Task Reads_with_a_cookie_need_no_token()
    {
        var (client, _) = await app.SignedInAsync();
        client.SendsApiAntiforgery = false;
        using var response = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_needs_no_antiforgery_token()
    {
        var admin = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var created = await app.CreateTokenAsync(admin.Id, new ApiTokenRequest("Bearer import", ExpiresInDays: 30));
        using var http = app.TokenClient(created.Secret);
        var target = await app.CreatePersonAsync();

        using var response = await http.PostAsync($"/api/v1/people/{target.Id}/deactivate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Only_signed_in_pages_carry_the_token()
    {
        using var anonymous = app.CreateGuildClient();
        Assert.DoesNotContain("guild-antiforgery", await anonymous.GetPageAsync("/account/sign-in"), StringComparison.Ordinal);
        var (client, _) = await app.SignedInAsync();
        Assert.Contains("<meta name=\"guild-antiforgery\"", await client.GetPageAsync("/"), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiAntiforgeryTestsOnSqlite(SqliteApp app) : ApiAntiforgeryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiAntiforgeryTestsOnPostgres(PostgresApp app) : ApiAntiforgeryTests(app);
