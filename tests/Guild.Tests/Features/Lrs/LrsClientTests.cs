using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Guild.Tests.Features.Lrs;

/// <summary>LRS clients: created, listed and revoked by a LearningAdmin, or from configuration; secrets under a keyed hash; scopes enforced.</summary>
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
        Assert.StartsWith("hmac-sha256$", stored.SecretHash, StringComparison.Ordinal);
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

    private async Task RunBootstrapAsync(string key, string secret)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var task = new LrsBootstrapClient(Options.Create(new LrsBootstrapOptions { Key = key, Secret = secret }),
            scope.ServiceProvider.GetRequiredService<GuildDb>(), scope.ServiceProvider.GetRequiredService<LrsClients>(),
            scope.ServiceProvider.GetRequiredService<LrsSecretHasher>(), NullLogger<LrsBootstrapClient>.Instance);
        await task.RunAsync(CancellationToken.None);
    }

    private Task<LrsClient> StoredAsync(string key) =>
        app.WithDbAsync(db => db.Set<LrsClient>().AsNoTracking().SingleAsync(c => c.Key == key));

    private Task<int> RevocationsAsync() => app.WithDbAsync(db => db.Set<CredentialRevocation>().CountAsync());

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/xapi/statements?limit=1");
        return response.StatusCode;
    }

    [Fact]
    public async Task The_bootstrap_client_from_configuration_is_created_once_and_works()
    {
        var key = "bootstrap-" + Guid.NewGuid().ToString("N")[..8];
        var secret = "bootstrap secret " + Guid.NewGuid().ToString("N");
        await RunBootstrapAsync(key, secret);
        await RunBootstrapAsync(key, secret);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<LrsClient>().CountAsync(c => c.Key == key)));
        Assert.StartsWith("hmac-sha256$", (await StoredAsync(key)).SecretHash, StringComparison.Ordinal);
        using var xapi = XapiClient(app, key, secret);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(xapi));
    }

    [Fact]
    public async Task A_bootstrap_secret_shorter_than_32_characters_is_refused_and_changes_nothing()
    {
        var key = "bootstrap-" + Guid.NewGuid().ToString("N")[..8];
        const string guessable = "summer2026!summer2026!"; // 22 characters
        await RunBootstrapAsync(key, guessable);
        Assert.False(await app.WithDbAsync(db => db.Set<LrsClient>().AnyAsync(c => c.Key == key)));

        // Nor does a short one replace the secret of an existing bootstrap client.
        var secret = "bootstrap secret " + Guid.NewGuid().ToString("N");
        await RunBootstrapAsync(key, secret);
        var before = (await StoredAsync(key)).SecretHash;
        await RunBootstrapAsync(key, guessable);
        Assert.Equal(before, (await StoredAsync(key)).SecretHash);
    }

    [Fact]
    public async Task A_bootstrap_client_with_an_old_pbkdf2_hash_gets_a_keyed_hash_at_start_up_and_a_new_secret_replaces_the_old()
    {
        var key = "bootstrap-" + Guid.NewGuid().ToString("N")[..8];
        var secret = "bootstrap secret " + Guid.NewGuid().ToString("N");
        await InsertLegacyClientAsync(key, secret);
        var revocations = await RevocationsAsync();

        await RunBootstrapAsync(key, secret);
        Assert.StartsWith("hmac-sha256$", (await StoredAsync(key)).SecretHash, StringComparison.Ordinal);
        Assert.Equal(revocations, await RevocationsAsync()); // the same secret: nothing withdrawn
        using var xapi = XapiClient(app, key, secret);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(xapi));

        var rotated = "rotated secret " + Guid.NewGuid().ToString("N");
        await RunBootstrapAsync(key, rotated);
        Assert.True(await RevocationsAsync() > revocations); // the old secret is withdrawn on every node
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(xapi));
        using var withRotated = XapiClient(app, key, rotated);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(withRotated));
    }

    private Task InsertLegacyClientAsync(string key, string secret) => app.WithDbAsync(async db =>
    {
        // As the previous version stored it: a salted PBKDF2 hash.
        db.Add(new LrsClient { Id = Guid.CreateVersion7(), Name = "Old client", Key = key, SecretHash = Pbkdf2SecretHash.Hash(secret), CreatedAt = app.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_client_with_an_old_pbkdf2_hash_gets_a_keyed_hash_at_its_next_successful_check()
    {
        var key = "old-" + Guid.NewGuid().ToString("N")[..8];
        var secret = "old secret " + Guid.NewGuid().ToString("N");
        await InsertLegacyClientAsync(key, secret);
        var legacy = (await StoredAsync(key)).SecretHash;
        var revocations = await RevocationsAsync();

        using var wrong = XapiClient(app, key, secret + "?");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(wrong));
        Assert.Equal(legacy, (await StoredAsync(key)).SecretHash); // a wrong secret changes nothing

        using var right = XapiClient(app, key, secret);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(right));
        var stored = (await StoredAsync(key)).SecretHash;
        Assert.StartsWith("hmac-sha256$", stored, StringComparison.Ordinal);
        Assert.Equal(revocations, await RevocationsAsync()); // same secret: no node forgets anyone
        await using var scope = app.Services.CreateAsyncScope();
        var hasher = scope.ServiceProvider.GetRequiredService<LrsSecretHasher>();
        Assert.Equal(SecretCheck.Valid, await hasher.VerifyAsync(secret, stored, CancellationToken.None));
    }

    [Fact]
    public async Task Secrets_are_stored_as_an_hmac_under_a_server_key_kept_protected_outside_the_clients_table()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var hasher = scope.ServiceProvider.GetRequiredService<LrsSecretHasher>();
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var hash = await hasher.HashAsync(secret, CancellationToken.None);
        Assert.Equal(SecretCheck.Valid, await hasher.VerifyAsync(secret, hash, CancellationToken.None));
        Assert.Equal(SecretCheck.Wrong, await hasher.VerifyAsync(secret + "!", hash, CancellationToken.None));
        Assert.Equal(SecretCheck.Wrong, await hasher.VerifyAsync(secret, "hmac-sha256$1$" + Convert.ToBase64String(new byte[32]), CancellationToken.None));

        // The key is in lrs_secret_keys, readable only through the data-protection key ring.
        var parts = hash.Split('$');
        var row = await app.WithDbAsync(db => db.Set<LrsSecretKey>().AsNoTracking().SingleAsync(k => k.Id == int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
        var key = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(LrsSecretKeys.ProtectionPurpose)
            .Unprotect(Convert.FromBase64String(row.ProtectedKey));
        Assert.Equal(32, key.Length);
        Assert.DoesNotContain(Convert.ToBase64String(key), row.ProtectedKey, StringComparison.Ordinal);
        Assert.Equal(parts[2], Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(secret))));
    }

    [Fact]
    public async Task Listing_clients_needs_a_learning_admin_and_never_returns_secret_hashes()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var hash = (await StoredAsync(lrs.Key)).SecretHash;
        var employee = await app.CreatePersonAsync();
        var refused = await app.AsPersonAsync(employee.Id, services => services.GetRequiredService<LrsClients>().ListAsync(CancellationToken.None));
        Assert.Equal(ResultStatus.Forbidden, refused.Status);

        var admin = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var listed = await app.AsPersonAsync(admin.Id, services => services.GetRequiredService<LrsClients>().ListAsync(CancellationToken.None));
        Assert.Equal(ResultStatus.Ok, listed.Status);
        Assert.Contains(listed.Value!, c => c.Key == lrs.Key);
        var json = JsonSerializer.Serialize(listed.Value);
        Assert.DoesNotContain(hash.Split('$')[^1], json, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretHash", json, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LrsClientTestsOnSqlite(SqliteApp app) : LrsClientTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LrsClientTestsOnPostgres(PostgresApp app) : LrsClientTests(app);
