using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;

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
        Assert.Contains("AuditLogFilters", page, StringComparison.Ordinal);
        Assert.True(page.Contains("ffmpeg version", StringComparison.Ordinal)
                    || page.Contains("ffmpeg missing: video processing is off until it is installed", StringComparison.Ordinal));
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
