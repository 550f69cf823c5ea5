using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Health;
using Guild.Web.Platform.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Guild.Tests.Features.Administration;

public abstract class SystemPageTests(GuildApp app)
{
    [Fact]
    public async Task System_page_shows_each_readiness_check_and_the_facts_of_this_node()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var page = await client.GetPageAsync("/admin/system");

        foreach (var check in new[] { "Database", "File storage", "Mail", "Video processing (ffmpeg)" })
        {
            Assert.Contains($"<th scope=\"row\"", page, StringComparison.Ordinal);
            Assert.Contains(check, page, StringComparison.Ordinal);
        }
        Assert.Contains("Mail goes to pickup folder", page, StringComparison.Ordinal);
        Assert.Contains(app.Provider == Guild.Web.Platform.Data.DatabaseProvider.Postgres ? "PostgreSQL" : "SQLite", page, StringComparison.Ordinal);
        Assert.Contains(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, page, StringComparison.Ordinal);
        Assert.Contains("Testing", page, StringComparison.Ordinal);
        Assert.Contains("Local disk of this server", page, StringComparison.Ordinal);
        // The schema version is the newest migration's name, whatever that is today.
        var newest = await app.WithDbAsync(db => Task.FromResult(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetMigrations(db.Database).Last()));
        Assert.Contains(newest[(newest.IndexOf('_', StringComparison.Ordinal) + 1)..], page, StringComparison.Ordinal);
        Assert.True(page.Contains("ffmpeg version", StringComparison.Ordinal)
                    || page.Contains("ffmpeg missing: video processing is off until it is installed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task System_page_says_what_each_check_found_in_dutch_for_a_dutch_reader()
    {
        var (_, admin) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(admin.Email, GuildApp.Password);
        var page = System.Net.WebUtility.HtmlDecode(await dutch.GetPageAsync("/admin/system"));

        Assert.Contains("Guild bereikt de database.", page, StringComparison.Ordinal);
        Assert.Contains("Bestanden kunnen worden opgeslagen.", page, StringComparison.Ordinal);
        Assert.Contains("E-mail gaat naar opvangmap ", page, StringComparison.Ordinal);
        Assert.True(page.Contains("Geïnstalleerd: ffmpeg version", StringComparison.Ordinal)
                    || page.Contains("ffmpeg is niet geïnstalleerd", StringComparison.Ordinal));
        foreach (var english in new[] { "Mail goes to", "accepts writes", "LocalFileStore", "pickup folder", "Healthy", "Degraded" })
        {
            Assert.DoesNotContain(english, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_failing_check_shows_its_error_to_admins_but_only_its_status_to_anonymous_callers()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var root = app.Services.GetRequiredService<IConfiguration>()["Storage:LocalRoot"]!;
        var aside = root + ".aside";
        // Storage that cannot take a write: its folder replaced by a plain file for the length of this test.
        Directory.Move(root, aside);
        await File.WriteAllTextAsync(root, "not a folder");
        try
        {
            var page = await client.GetPageAsync("/admin/system");
            Assert.Contains("File storage does not accept writes.", page, StringComparison.Ordinal);
            Assert.Contains("Error:", page, StringComparison.Ordinal);
            Assert.Contains(".probe-", page, StringComparison.Ordinal);

            // /health/ready answers from its last evaluation for a few seconds: let that pass first.
            app.Clock.Advance(app.Services.GetRequiredService<IOptions<ReadinessOptions>>().Value.ReadyCacheFor);
            using var anonymous = app.CreateGuildClient();
            using var ready = await anonymous.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = await ready.Content.ReadAsStringAsync();
            Assert.Contains("\"storage\":\"Unhealthy\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("probe", body, StringComparison.Ordinal);
            Assert.DoesNotContain("does not accept", body, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(root);
            Directory.Move(aside, root);
        }
    }

    [Fact]
    public async Task System_page_says_the_keys_are_not_encrypted_and_why()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var page = await client.GetPageAsync("/admin/system");
        Assert.Contains("Key protection", page, StringComparison.Ordinal);
        Assert.Contains("Not encrypted", page, StringComparison.Ordinal);
        Assert.Contains("Allowed in the Testing environment only; production needs a certificate (DataProtection:Certificate).", page, StringComparison.Ordinal);

        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync((await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin])).Email, GuildApp.Password);
        var nl = await dutch.GetPageAsync("/admin/system");
        Assert.Contains("Niet versleuteld", nl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task System_page_counts_the_background_job_backlog()
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var before = await app.WithDbAsync(db => Task.FromResult(db.Set<BackgroundJob>().Count(j => j.Status == JobStatus.Failed)));
        await app.WithDbAsync(async db =>
        {
            db.Add(new BackgroundJob
            {
                Id = Guid.CreateVersion7(), Kind = "test.failed-for-the-system-page", Payload = "{}", Status = JobStatus.Failed,
                CreatedAt = app.Clock.GetUtcNow(), RunAfter = app.Clock.GetUtcNow(), FinishedAt = app.Clock.GetUtcNow(), LastError = "boom",
            });
            await db.SaveChangesAsync();
        });
        var page = await client.GetPageAsync("/admin/system");
        Assert.Matches($"Failed</dt>\\s*<dd[^>]*>\\s*{before + 1}", page);
        Assert.Contains("needs a look", page, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SystemPageTestsOnSqlite(SqliteApp app) : SystemPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SystemPageTestsOnPostgres(PostgresApp app) : SystemPageTests(app);
