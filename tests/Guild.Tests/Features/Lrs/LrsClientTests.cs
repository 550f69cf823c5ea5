using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Guild.Tests.Features.Lrs;

/// <summary>LRS clients: created and revoked by a LearningAdmin, or from configuration; secrets hashed; scopes enforced.</summary>
public abstract partial class LrsClientTests(GuildApp app)
{
    [GeneratedRegex("<dt>Key</dt>\\s*<dd><code>([^<]+)</code></dd>\\s*<dt>Secret</dt>\\s*<dd><code>([^<]+)</code>")]
    private static partial Regex CreatedCredentials();

    private static HttpClient XapiClient(GuildApp app, string key, string secret)
    {
        var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", LrsTestClient.Basic(key, secret));
        http.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        return http;
    }

    [Fact]
    public async Task A_learning_admin_creates_a_client_sees_the_secret_once_and_the_client_can_write()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var response = await admin.PostFormAsync("/admin/lrs/clients", "/admin/lrs/clients", new Dictionary<string, string>
        {
            ["_handler"] = "create-lrs-client",
            ["Input.Name"] = "Course player",
            ["Input.Scopes"] = "ReadWrite",
            ["Input.Authority"] = "",
        });
        var page = await response.Content.ReadAsStringAsync();
        var match = CreatedCredentials().Match(page);
        Assert.True(match.Success, "The new client's key and secret are not on the page.");
        var (key, secret) = (match.Groups[1].Value, match.Groups[2].Value);
        using var xapi = XapiClient(app, key, secret);
        using var post = await xapi.PostAsync("/xapi/statements", new StringContent(LrsTesting.Statement(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        var list = await admin.GetPageAsync("/admin/lrs/clients");
        Assert.Contains(key, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Set<LrsClient>().AsNoTracking().SingleAsync(c => c.Key == key));
        Assert.StartsWith("pbkdf2-sha256$", stored.SecretHash, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored.SecretHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_authority_is_reported_beside_the_field_and_creates_nothing()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var name = "Broken " + Guid.NewGuid().ToString("N")[..6];
        using var response = await admin.PostFormAsync("/admin/lrs/clients", "/admin/lrs/clients", new Dictionary<string, string>
        {
            ["_handler"] = "create-lrs-client",
            ["Input.Name"] = name,
            ["Input.Scopes"] = "Read",
            ["Input.Authority"] = "{\"name\":\"no identifier\"}",
        });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<LrsClient>().AnyAsync(c => c.Name == name)));
    }

    [Fact]
    public async Task Revoking_a_client_stops_its_credentials_at_once()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using (var before = await lrs.Http.GetAsync("/xapi/statements?limit=1"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode); // now remembered in the verification cache
        }
        var id = await app.WithDbAsync(db => db.Set<LrsClient>().Where(c => c.Key == lrs.Key).Select(c => c.Id).SingleAsync());
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var revoke = await admin.PostFormAsync("/admin/lrs/clients", $"/admin/lrs/clients/{id}/revoke", []);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        using var after = await lrs.Http.GetAsync("/xapi/statements?limit=1");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("Revoked", await admin.GetPageAsync("/admin/lrs/clients"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_who_are_not_learning_admins_cannot_open_or_revoke()
    {
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        using var page = await employee.GetAsync("/admin/lrs/clients");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        using var lrs = await app.CreateLrsClientAsync();
        var id = await app.WithDbAsync(db => db.Set<LrsClient>().Where(c => c.Key == lrs.Key).Select(c => c.Id).SingleAsync());
        using var home = await employee.GetAsync("/");
        var token = GuildClient.AntiforgeryToken(await home.Content.ReadAsStringAsync());
        using var revoke = await employee.Http.PostAsync($"/admin/lrs/clients/{id}/revoke",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        using var still = await lrs.Http.GetAsync("/xapi/statements?limit=1");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task The_bootstrap_client_from_configuration_is_created_once_and_works()
    {
        var key = "bootstrap-" + Guid.NewGuid().ToString("N")[..8];
        const string secret = "a long bootstrap secret";
        for (var run = 0; run < 2; run++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var task = new LrsBootstrapClient(Options.Create(new LrsBootstrapOptions { Key = key, Secret = secret }),
                scope.ServiceProvider.GetRequiredService<Guild.Web.Platform.Data.GuildDb>(), scope.ServiceProvider.GetRequiredService<LrsClients>(),
                NullLogger<LrsBootstrapClient>.Instance);
            await task.RunAsync(CancellationToken.None);
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<LrsClient>().CountAsync(c => c.Key == key)));
        using var xapi = XapiClient(app, key, secret);
        using var response = await xapi.GetAsync("/xapi/statements?limit=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Secrets_are_hashed_with_a_salt_and_verified()
    {
        var first = SecretHasher.Hash("correct horse");
        var second = SecretHasher.Hash("correct horse");
        Assert.NotEqual(first, second);
        Assert.True(SecretHasher.Verify("correct horse", first));
        Assert.False(SecretHasher.Verify("correct horse!", first));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LrsClientTestsOnSqlite(SqliteApp app) : LrsClientTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LrsClientTestsOnPostgres(PostgresApp app) : LrsClientTests(app);
