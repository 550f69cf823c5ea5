using System.Net;
using System.Security.Cryptography;
using System.Text;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs.Forwarding;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Lrs.LearningRecords;

/// <summary>
/// Forwarding to an external LRS, against a real one: a second Guild with its own database and a
/// bootstrap client. Every statement stored here (from LRS clients and from the platform writer) goes
/// there too, in batches; when it is down nothing is lost, the backlog shows, attempts back off
/// exponentially, and the backlog drains once it is back.
/// </summary>
public abstract class ForwardingTests(GuildApp app)
{
    private const string ExternalKey = "guild-forwarding";
    // A bootstrap secret must be at least 32 characters (LrsSecretHasher.MinimumSecretLength).
    private const string ExternalSecret = "forwarding secret 0123456789abcdef";

    private static readonly Dictionary<string, string?> ExternalSettings = new()
    {
        ["Lrs:BootstrapClient:Key"] = ExternalKey,
        ["Lrs:BootstrapClient:Secret"] = ExternalSecret,
    };

    private LrsForwarder Forwarder => app.Services.GetRequiredService<LrsForwarder>();

    [Fact]
    public async Task Statements_go_to_the_external_LRS_an_outage_loses_nothing_and_the_backlog_drains_when_it_is_back()
    {
        await using var externalDb = await SharedDatabase.CreateAsync(app.Provider);
        var port = GuildNode.FreePort();
        var external = await externalDb.StartNodeAsync(port: port, settings: ExternalSettings);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        try
        {
            await ConfigureAsync(admin, external.BaseAddress);
            using var lrs = await app.CreateLrsClientAsync();
            var actor = LrsTesting.Unique("forward");
            var before = await lrs.StoreAsync(LrsTesting.Statement(actor: actor), LrsTesting.Statement(actor: actor), LrsTesting.Statement(actor: actor));
            var person = await app.CreatePersonAsync();
            var act = (await app.RecordAsync(new LearningAct(new LearningActor(person.Id, person.Name), LearningVerbs.Shared,
                LearningActivity.Resource(Guid.NewGuid(), "Newsletter growth"))))!.Value;
            await app.StoreLearningActsAsync();

            Assert.Equal(ForwardOutcome.Sent, await Forwarder.ForwardDueAsync());
            using (var there = new LrsTestClient(external.BaseAddress, ExternalKey, ExternalSecret))
            {
                foreach (var id in before.Append(act))
                {
                    var statement = await there.GetJsonAsync($"/xapi/statements?statementId={id}");
                    Assert.Equal(id.ToString("D"), (string?)statement["id"]);
                }
            }
            Assert.False(await QueuedAsync(before.Append(act)));

            // The external LRS goes down; statements keep coming.
            await external.StopAsync();
            var during = await lrs.StoreAsync(LrsTesting.Statement(actor: actor), LrsTesting.Statement(actor: actor));
            Assert.Equal(ForwardOutcome.Failed, await Forwarder.ForwardDueAsync());
            var first = await SettingsAsync();
            Assert.Equal(1, first.ConsecutiveFailures);
            Assert.NotNull(first.LastError);
            Assert.True(first.PausedUntil > app.Clock.GetUtcNow());
            Assert.True(await QueuedAsync(during));

            // Nobody tries again before the pause is over; the next failure doubles it.
            Assert.Equal(ForwardOutcome.Paused, await Forwarder.ForwardDueAsync());
            var firstPause = first.PausedUntil!.Value - first.LastErrorAt!.Value;
            app.Clock.Advance(firstPause + TimeSpan.FromSeconds(1));
            Assert.Equal(ForwardOutcome.Failed, await Forwarder.ForwardDueAsync());
            var second = await SettingsAsync();
            Assert.Equal(2, second.ConsecutiveFailures);
            Assert.True(second.PausedUntil!.Value - second.LastErrorAt!.Value > firstPause * 1.5);

            // The backlog is visible to the admin: how many, since when, and the last error.
            var page = await admin.GetPageAsync("/admin/lrs/forwarding");
            Assert.Contains("Waiting to try again", page, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(second.LastError!), page, StringComparison.Ordinal);
            Assert.Contains("2 failed attempts in a row", page, StringComparison.Ordinal);

            // It comes back (same address, same data): the backlog drains, nothing lost, nothing twice.
            external = await externalDb.StartNodeAsync(port: port, settings: ExternalSettings);
            app.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(ForwardOutcome.Sent, await Forwarder.ForwardDueAsync());
            Assert.False(await QueuedAsync(during));
            using (var there = new LrsTestClient(external.BaseAddress, ExternalKey, ExternalSecret))
            {
                var all = await there.StatementsAsync(agent: $"{{\"mbox\":\"mailto:{actor}@example.com\"}}");
                Assert.Equal(before.Concat(during).Select(id => id.ToString("D")).Order(), all.Select(s => (string)s!["id"]!).Order());
            }
            var after = await SettingsAsync();
            Assert.Equal(0, after.ConsecutiveFailures);
            Assert.Null(after.PausedUntil);
            Assert.NotNull(after.LastSuccessAt);
        }
        finally
        {
            await DisableAsync(admin);
            await external.StopAsync();
        }
    }

    [Fact]
    public async Task Sending_a_statement_again_is_harmless_and_a_refused_one_is_set_aside_while_the_rest_go()
    {
        await using var externalDb = await SharedDatabase.CreateAsync(app.Provider);
        var external = await externalDb.StartNodeAsync(settings: ExternalSettings);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        try
        {
            await ConfigureAsync(admin, external.BaseAddress);
            using var lrs = await app.CreateLrsClientAsync();
            using var there = new LrsTestClient(external.BaseAddress, ExternalKey, ExternalSecret);
            var actor = LrsTesting.Unique("refused");
            // The external LRS already holds a different statement under the id we are about to use.
            var clash = Guid.NewGuid();
            await there.StoreAsync(LrsTesting.Statement(id: clash.ToString(), actor: "someone-else"));
            var ids = await lrs.StoreAsync(LrsTesting.Statement(actor: actor), LrsTesting.Statement(id: clash.ToString(), actor: actor),
                LrsTesting.Statement(actor: actor));

            Assert.Equal(ForwardOutcome.Refused, await Forwarder.ForwardDueAsync());
            var refused = await app.WithDbAsync(db => db.Set<LrsForwardItem>().AsNoTracking().SingleAsync(i => i.StatementId == clash));
            Assert.NotNull(refused.RefusedAt);
            Assert.Contains("409", refused.LastError, StringComparison.Ordinal);
            Assert.False(await QueuedAsync([ids[0], ids[2]]));
            Assert.Contains("Refused by the other LRS", await admin.GetPageAsync("/admin/lrs/forwarding"), StringComparison.Ordinal);

            // A statement that went out once goes out again (a node died before it removed the row): accepted, still one.
            await app.WithDbAsync(async db =>
            {
                db.Add(new LrsForwardItem { StatementId = ids[0], Stored = app.Clock.GetUtcNow() });
                await db.SaveChangesAsync();
            });
            Assert.Equal(ForwardOutcome.Sent, await Forwarder.ForwardDueAsync());
            var mine = await there.StatementsAsync(agent: $"{{\"mbox\":\"mailto:{actor}@example.com\"}}");
            Assert.Equal(new[] { ids[0], ids[2] }.Select(id => id.ToString("D")).Order(), mine.Select(s => (string)s!["id"]!).Order());
        }
        finally
        {
            await app.WithDbAsync(db => db.Set<LrsForwardItem>().Where(i => i.RefusedAt != null).ExecuteDeleteAsync());
            await DisableAsync(admin);
            await external.StopAsync();
        }
    }

    [Fact]
    public async Task Attachment_data_goes_along_as_multipart()
    {
        await using var externalDb = await SharedDatabase.CreateAsync(app.Provider);
        var external = await externalDb.StartNodeAsync(settings: ExternalSettings);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        try
        {
            await ConfigureAsync(admin, external.BaseAddress);
            using var lrs = await app.CreateLrsClientAsync();
            var data = Encoding.UTF8.GetBytes("notes from the workshop " + Guid.NewGuid());
            var sha2 = Convert.ToHexStringLower(SHA256.HashData(data));
            var id = Guid.NewGuid();
            var statement = LrsTesting.Statement(id: id.ToString(), extra:
                $"\"attachments\":[{{\"usageType\":\"http://example.com/usage/notes\",\"display\":{{\"en-US\":\"Notes\"}},\"contentType\":\"text/plain\",\"length\":{data.Length},\"sha2\":\"{sha2}\"}}]");
            const string boundary = "forwarding-test-boundary";
            var body = new MemoryStream();
            body.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Type: application/json\r\n\r\n{statement}\r\n--{boundary}\r\nContent-Type: text/plain\r\n" +
                                              $"Content-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n"));
            body.Write(data);
            body.Write(Encoding.UTF8.GetBytes($"\r\n--{boundary}--"));
            var content = new ByteArrayContent(body.ToArray());
            content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary={boundary}");
            using (var posted = await lrs.Http.PostAsync("/xapi/statements", content))
            {
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            }

            Assert.Equal(ForwardOutcome.Sent, await Forwarder.ForwardDueAsync());

            using var there = new LrsTestClient(external.BaseAddress, ExternalKey, ExternalSecret);
            using var response = await there.Http.GetAsync($"/xapi/statements?statementId={id}&attachments=true");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("multipart/mixed", response.Content.Headers.ContentType!.MediaType);
            var returned = await response.Content.ReadAsByteArrayAsync();
            Assert.True(returned.AsSpan().IndexOf(data) >= 0, "The attachment data did not reach the external LRS.");
        }
        finally
        {
            await DisableAsync(admin);
            await external.StopAsync();
        }
    }

    [Fact]
    public async Task The_key_and_secret_are_stored_protected_and_the_secret_is_never_shown()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        try
        {
            await ConfigureAsync(admin, new Uri("https://lrs.partner.example/"), key: "partner-key", secret: "partner secret value");
            var settings = await SettingsAsync();
            Assert.Equal("https://lrs.partner.example/xapi/", settings.Endpoint);
            Assert.DoesNotContain("partner-key", settings.ProtectedKey, StringComparison.Ordinal);
            Assert.DoesNotContain("partner secret value", settings.ProtectedSecret, StringComparison.Ordinal);
            var page = await admin.GetPageAsync("/admin/lrs/forwarding");
            Assert.Contains("value=\"partner-key\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("partner secret value", page, StringComparison.Ordinal);
            Assert.Contains("A secret is saved", page, StringComparison.Ordinal);

            // Saving again without a secret keeps the one there is.
            using var again = await admin.PostFormAsync("/admin/lrs/forwarding", "/admin/lrs/forwarding", new Dictionary<string, string>
            {
                ["_handler"] = "forwarding",
                ["Input.Enabled"] = "true",
                ["Input.Endpoint"] = "https://lrs.partner.example/xapi/",
                ["Input.Key"] = "partner-key",
                ["Input.Secret"] = "",
            });
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
            Assert.Equal(settings.ProtectedSecret, (await SettingsAsync()).ProtectedSecret);
        }
        finally
        {
            await DisableAsync(admin);
        }
    }

    [Fact]
    public async Task Bad_settings_are_reported_beside_their_fields_and_change_nothing()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var before = await app.WithDbAsync(db => db.Set<LrsForwardingSettings>().AsNoTracking().FirstOrDefaultAsync());
        using var response = await admin.PostFormAsync("/admin/lrs/forwarding", "/admin/lrs/forwarding", new Dictionary<string, string>
        {
            ["_handler"] = "forwarding",
            ["Input.Enabled"] = "true",
            ["Input.Endpoint"] = "ftp://lrs.example/",
            ["Input.Key"] = "",
            ["Input.Secret"] = "",
        });
        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter an http or https address", page, StringComparison.Ordinal);
        Assert.Contains("Enter the key the other LRS gave Guild.", page, StringComparison.Ordinal);
        var after = await app.WithDbAsync(db => db.Set<LrsForwardingSettings>().AsNoTracking().FirstOrDefaultAsync());
        Assert.Equal(before?.UpdatedAt, after?.UpdatedAt);
    }

    [Fact]
    public async Task Moving_forwarding_to_another_address_needs_the_secret_again_and_without_it_changes_nothing()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        try
        {
            await ConfigureAsync(admin, new Uri("https://lrs.partner.example/"), key: "partner-key", secret: "partner secret value");
            var before = await SettingsAsync();

            // The key is on the form already; the secret is not, and without it the saved one would go to the new host.
            using var moved = await admin.PostFormAsync("/admin/lrs/forwarding", "/admin/lrs/forwarding", new Dictionary<string, string>
            {
                ["_handler"] = "forwarding",
                ["Input.Enabled"] = "true",
                ["Input.Endpoint"] = "https://collector.elsewhere.example/xapi/",
                ["Input.Key"] = "partner-key",
                ["Input.Secret"] = "",
            });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
            Assert.Contains("The endpoint changed: enter the secret again.", await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var after = await SettingsAsync();
            Assert.Equal(before.Endpoint, after.Endpoint);
            Assert.Equal(before.ProtectedSecret, after.ProtectedSecret);
            Assert.Equal(before.UpdatedAt, after.UpdatedAt);

            // The same through the service, switched off this time: still refused.
            var service = await app.AsPersonAsync((await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin])).Id, services =>
                services.GetRequiredService<LrsForwardingService>().SaveAsync(
                    new ForwardingInput(false, "https://collector.elsewhere.example/xapi/", "partner-key", null), CancellationToken.None));
            Assert.Equal(Guild.Web.Platform.ResultStatus.Invalid, service.Status);
            Assert.Contains("secret", service.Errors.Keys);
            Assert.Equal(before.Endpoint, (await SettingsAsync()).Endpoint);

            // With the secret, the new address is saved.
            await ConfigureAsync(admin, new Uri("https://collector.elsewhere.example/"), key: "partner-key", secret: "the collector's secret");
            Assert.Equal("https://collector.elsewhere.example/xapi/", (await SettingsAsync()).Endpoint);
        }
        finally
        {
            await DisableAsync(admin);
        }
    }

    [Fact]
    public async Task A_failed_forwarding_shows_the_status_code_and_never_what_the_other_server_answered()
    {
        const string remoteBody = "<html><body>stack trace of the other server: db password hunter2</body></html>";
        using var other = new HttpListener();
        var port = GuildNode.FreePort();
        other.Prefixes.Add($"http://127.0.0.1:{port}/");
        other.Start();
        var answering = Task.Run(async () =>
        {
            var context = await other.GetContextAsync();
            context.Response.StatusCode = 502;
            context.Response.StatusDescription = "Bad Gateway: internal host db-7.corp";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(remoteBody));
            context.Response.Close();
        });
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        try
        {
            await ConfigureAsync(admin, new Uri($"http://127.0.0.1:{port}/"));
            using var lrs = await app.CreateLrsClientAsync();
            await lrs.StoreAsync(LrsTesting.Statement(actor: LrsTesting.Unique("remote-body")));

            Assert.Equal(ForwardOutcome.Failed, await Forwarder.ForwardDueAsync());
            await answering;
            var settings = await SettingsAsync();
            Assert.Equal("HTTP 502 Bad Gateway", settings.LastError);
            var page = await admin.GetPageAsync("/admin/lrs/forwarding");
            Assert.Contains("HTTP 502 Bad Gateway", page, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", page, StringComparison.Ordinal);
            Assert.DoesNotContain("db-7.corp", page, StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(db => db.Set<LrsForwardItem>().ExecuteDeleteAsync());
            await DisableAsync(admin);
            other.Stop();
        }
    }

    [Fact]
    public async Task Only_learning_admins_see_or_change_forwarding()
    {
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        using var page = await employee.GetAsync("/admin/lrs/forwarding");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var result = await app.AsPersonAsync((await app.CreatePersonAsync()).Id, services =>
            services.GetRequiredService<LrsForwardingService>().SaveAsync(new ForwardingInput(true, "https://x.example/", "k", "s"), CancellationToken.None));
        Assert.Equal(Guild.Web.Platform.ResultStatus.Forbidden, result.Status);
    }

    private static async Task ConfigureAsync(GuildClient admin, Uri external, string key = ExternalKey, string secret = ExternalSecret)
    {
        using var response = await admin.PostFormAsync("/admin/lrs/forwarding", "/admin/lrs/forwarding", new Dictionary<string, string>
        {
            ["_handler"] = "forwarding",
            ["Input.Enabled"] = "true",
            ["Input.Endpoint"] = new Uri(external, "/xapi").ToString(),
            ["Input.Key"] = key,
            ["Input.Secret"] = secret,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Forwarding is one setting for the whole app: every test switches it off again.</summary>
    private static async Task DisableAsync(GuildClient admin)
    {
        using var response = await admin.PostFormAsync("/admin/lrs/forwarding", "/admin/lrs/forwarding", new Dictionary<string, string>
        {
            ["_handler"] = "forwarding",
            ["Input.Endpoint"] = "",
            ["Input.Key"] = "",
            ["Input.Secret"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private Task<LrsForwardingSettings> SettingsAsync() =>
        app.WithDbAsync(db => db.Set<LrsForwardingSettings>().AsNoTracking().SingleAsync());

    private Task<bool> QueuedAsync(IEnumerable<Guid> ids)
    {
        var list = ids.ToList();
        return app.WithDbAsync(db => db.Set<LrsForwardItem>().AnyAsync(i => list.Contains(i.StatementId) && i.RefusedAt == null));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ForwardingTestsOnSqlite(SqliteApp app) : ForwardingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ForwardingTestsOnPostgres(PostgresApp app) : ForwardingTests(app);
