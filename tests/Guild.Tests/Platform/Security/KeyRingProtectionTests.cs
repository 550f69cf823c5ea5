using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Security;

/// <summary>
/// The data-protection keys live in the database, encrypted with a certificate from configuration: whoever reads
/// the database alone cannot forge a sign-in. Sessions survive restarts and a change of certificate, and
/// outside Development and Testing Guild does not start without one unless the operator says so.
/// </summary>
public sealed class KeyRingProtectionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Keys_are_stored_encrypted_and_a_session_survives_a_restart_and_a_new_certificate(DatabaseProvider provider)
    {
        var first = TestCertificate.Create("Guild keys 2026");
        var second = TestCertificate.Create("Guild keys 2027");
        var folder = Directory.CreateTempSubdirectory("guild-certs-").FullName;
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await database.StartNodeAsync(settings: first.AsBase64());
        try
        {
            var person = await node.CreatePersonAsync("Kees", "Sleutel");
            var admin = await node.CreatePersonAsync("Anna", "Beheer", [Roles.Employee, Roles.LearningAdmin]);
            using var client = node.CreateGuildClient();
            await client.SignInAsync(person.Email, GuildApp.Password);
            var cookies = client.Cookies.GetCookies(node.BaseAddress);

            // Every key written since the start is an XML-encrypted envelope: no master key in plain text.
            var keys = await node.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync());
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<EncryptedKey", xml, StringComparison.Ordinal);
                Assert.Contains(first.Der, xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });

            // The system page says so, with the certificate's thumbprint.
            using (var adminClient = node.CreateGuildClient())
            {
                await adminClient.SignInAsync(admin.Email, GuildApp.Password);
                var page = await adminClient.GetPageAsync("/admin/system");
                Assert.Contains("Encrypted", page, StringComparison.Ordinal);
                Assert.Contains(first.Thumbprint, page, StringComparison.Ordinal);
                Assert.DoesNotContain("Not encrypted", page, StringComparison.Ordinal);
            }

            // A restart with the same certificate, now from a file: still signed in.
            await node.StopAsync();
            node = await database.StartNodeAsync(settings: first.AsFile(folder));
            Assert.Contains("Welcome, Kees Sleutel", await HomeWithAsync(node, cookies), StringComparison.Ordinal);

            // A new certificate, the old one kept for reading: still signed in.
            await node.StopAsync();
            node = await database.StartNodeAsync(settings: new Dictionary<string, string?>(second.AsBase64()
                .Concat(first.AsFile(folder, "DataProtection:PreviousCertificates:0"))));
            Assert.Contains("Welcome, Kees Sleutel", await HomeWithAsync(node, cookies), StringComparison.Ordinal);

            // Without the certificate that encrypted the key, the database alone reads nothing: signed out.
            await node.StopAsync();
            node = await database.StartNodeAsync(settings: second.AsBase64());
            Assert.DoesNotContain("Welcome, Kees Sleutel", await HomeWithAsync(node, cookies), StringComparison.Ordinal);
        }
        finally
        {
            await node.StopAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Keys_from_before_the_certificate_stay_readable_until_rotate_keys_revokes_them(DatabaseProvider provider)
    {
        var certificate = TestCertificate.Create("Guild keys");
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await database.StartNodeAsync();
        try
        {
            var person = await node.CreatePersonAsync("Oud", "Koekje");
            var admin = await node.CreatePersonAsync("Anna", "Beheer", [Roles.Employee, Roles.LearningAdmin]);
            using var client = node.CreateGuildClient();
            await client.SignInAsync(person.Email, GuildApp.Password);
            var cookies = client.Cookies.GetCookies(node.BaseAddress);

            // Now with a certificate: the plain key still reads the cookie, and the system page counts it.
            await node.StopAsync();
            node = await database.StartNodeAsync(settings: certificate.AsBase64());
            Assert.Contains("Welcome, Oud Koekje", await HomeWithAsync(node, cookies), StringComparison.Ordinal);
            Assert.Contains("Keys from before the certificate, still unencrypted: 1.", await SystemPageAsync(node, admin), StringComparison.Ordinal);

            // rotate-keys --revoke-old: a new encrypted key, the old one revoked, its cookies no longer accepted.
            using var output = new StringWriter();
            Assert.Equal(0, await OperatorCommands.RunAsync(node.Services, ["rotate-keys", OperatorCommands.RevokeOld], output, output));
            await node.StopAsync();
            node = await database.StartNodeAsync(settings: certificate.AsBase64());
            Assert.DoesNotContain("Welcome, Oud Koekje", await HomeWithAsync(node, cookies), StringComparison.Ordinal);
            var page = await SystemPageAsync(node, admin);
            Assert.DoesNotContain("still unencrypted", page, StringComparison.Ordinal);
            Assert.Contains("Encrypted", page, StringComparison.Ordinal);
        }
        finally
        {
            await node.StopAsync();
        }
    }

    [Fact]
    public async Task Production_without_a_certificate_refuses_to_start_and_says_what_to_set_unless_the_operator_opts_out()
    {
        // The refusal comes before Guild touches its database; one provider shows it.
        await using var database = await SharedDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var refused = new GuildNode(database, workers: false, port: 0, extraSettings: null, environment: "Production");
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(refused.InitializeAsync);
            var message = error.ToString();
            Assert.Contains("Guild refuses to start", message, StringComparison.Ordinal);
            Assert.Contains("DataProtection:Certificate:Path", message, StringComparison.Ordinal);
            Assert.Contains("DataProtection:Certificate:Base64", message, StringComparison.Ordinal);
            Assert.Contains("DataProtection:AllowUnprotectedKeys=true", message, StringComparison.Ordinal);
        }
        finally
        {
            await refused.StopAsync();
        }

        var optedOut = await database.StartNodeAsync(environment: "Production",
            settings: new Dictionary<string, string?> { ["DataProtection:AllowUnprotectedKeys"] = "true" });
        try
        {
            using var client = optedOut.CreateGuildClient();
            using var live = await client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(KeyProtectionMode.UnprotectedByChoice, optedOut.Services.GetRequiredService<KeyProtectionState>().Mode);
        }
        finally
        {
            await optedOut.StopAsync();
        }
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_read_stops_Guild_in_every_environment()
    {
        await using var database = await SharedDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var certificate = TestCertificate.Create("Guild keys");
        var settings = certificate.AsBase64();
        settings["DataProtection:Certificate:Password"] = "not the password";
        var node = new GuildNode(database, workers: false, port: 0, extraSettings: settings, environment: "Testing");
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(node.InitializeAsync);
            Assert.Contains("DataProtection:Certificate cannot be read", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await node.StopAsync();
        }
    }

    private static async Task<string> SystemPageAsync(GuildNode node, TestPerson admin)
    {
        using var client = node.CreateGuildClient();
        await client.SignInAsync(admin.Email, GuildApp.Password);
        return await client.GetPageAsync("/admin/system");
    }

    private static async Task<string> HomeWithAsync(GuildNode node, CookieCollection cookies)
    {
        using var client = node.CreateGuildClient();
        foreach (Cookie cookie in cookies)
        {
            client.Cookies.Add(node.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }
        using var response = await client.GetAsync("/");
        return await response.Content.ReadAsStringAsync();
    }
}
