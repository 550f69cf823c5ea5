using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs.Forwarding;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.People.PeopleTestKit;

namespace Guild.Tests.Features.Administration;

/// <summary>/admin: the administration's front door, with what needs a look (from the data) and every admin area.</summary>
public abstract partial class AdminHomePageTests(GuildApp app)
{
    [Fact]
    public async Task Admin_overview_lists_every_admin_area_and_what_needs_attention_from_real_data()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        // A job that failed for good, a rejected import (the latest), an act the LRS refused and a statement the other LRS refused.
        var failed = await app.QueueTestJobAsync(new TestJobPayload("admin-home-" + Guid.NewGuid().ToString("N"), Permanent: true));
        Assert.Equal(JobStatus.Failed, (await app.RunJobAsync(failed.Id)).Status);
        var import = await UploadAsync(admin, "email,given_name,family_name\nnot-an-email,Nora,No\n");
        await app.RunJobAsync(import);
        var (actId, statementId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            db.Add(new LearningActOutboxEntry { Id = actId, Statement = "{}", RecordedAt = now, RunAfter = now, RejectedAt = now, LastError = "refused" });
            db.Add(new LrsForwardItem { StatementId = statementId, Stored = now, RefusedAt = now, LastError = "400" });
            await db.SaveChangesAsync();
        });
        try
        {
            var page = WebUtility.HtmlDecode(await admin.GetPageAsync("/admin"));

            Assert.Contains("<h1>Administration</h1>", page, StringComparison.Ordinal);
            Assert.Matches(@"href=""/admin/jobs\?status=Failed""[^>]*>[\d,]+ background jobs? failed<", page);
            Assert.Matches(@"href=""/admin/people/import""[^>]*>The latest people import was rejected or stopped", page);
            Assert.Matches(@"href=""/admin/lrs/counts""[^>]*>[\d,]+ learning records? (was|were) refused by the LRS<", page);
            Assert.Matches(@"href=""/admin/lrs/forwarding""[^>]*>[\d,]+ statements? (was|were) refused by the other LRS<", page);
            Assert.Contains(">Problem<", page, StringComparison.Ordinal);
            // Every administration page the navigation knows, with a line on what it is for.
            var areas = app.Services.GetServices<NavigationItem>().Where(item => item.Area == NavigationArea.Administration).ToList();
            Assert.True(areas.Count >= 11, $"Only {areas.Count} admin areas are registered.");
            Assert.All(areas, area => Assert.Contains($"<a class=\"admin-areas__link\" href=\"{area.Href}\"", RemoveScope(page), StringComparison.Ordinal));
            Assert.Equal(areas.Count, AreaHint().Count(page));

            // In Dutch for a Dutch reader.
            using var dutch = app.CreateGuildClient("nl");
            await dutch.SignInAsync(adminPerson.Email, GuildApp.Password);
            var dutchPage = WebUtility.HtmlDecode(await dutch.GetPageAsync("/admin"));
            Assert.Contains("Vraagt aandacht", dutchPage, StringComparison.Ordinal);
            Assert.Matches(@"[\d.]+ achtergrondta(ak is|ken zijn) mislukt", dutchPage);
            Assert.Contains("De laatste import van medewerkers is afgewezen of gestopt", dutchPage, StringComparison.Ordinal);

            // Once the failure is dealt with, it is gone from the list.
            await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Status == JobStatus.Failed).ExecuteDeleteAsync());
            Assert.DoesNotContain("background job failed", WebUtility.HtmlDecode(await admin.GetPageAsync("/admin")), StringComparison.Ordinal);
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                await db.Set<LearningActOutboxEntry>().Where(e => e.Id == actId).ExecuteDeleteAsync();
                await db.Set<LrsForwardItem>().Where(i => i.StatementId == statementId).ExecuteDeleteAsync();
            });
        }
    }

    [Fact]
    public async Task The_admin_overview_is_linked_from_the_navigation_for_admins_only()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        Assert.Contains("href=\"/admin\"", await admin.GetPageAsync("/"), StringComparison.Ordinal);
        // On an admin page, the page's own entry is the current one, not the overview above it.
        var jobs = await admin.GetPageAsync("/admin/jobs");
        Assert.Matches("<a href=\"/admin/jobs\" aria-current=\"page\"", jobs);
        Assert.DoesNotMatch("<a href=\"/admin\" aria-current=\"page\"", jobs);

        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        Assert.DoesNotContain("href=\"/admin\"", await employee.GetPageAsync("/"), StringComparison.Ordinal);
        using var response = await employee.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("You cannot open this page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string RemoveScope(string page) => ScopeAttribute().Replace(page, "");

    [GeneratedRegex(@" b-[a-z0-9]{10}")]
    private static partial Regex ScopeAttribute();

    [GeneratedRegex("class=\"admin-areas__hint\"")]
    private static partial Regex AreaHint();
}

[Collection(SqliteCollection.Name)]
public sealed class AdminHomePageTestsOnSqlite(SqliteApp app) : AdminHomePageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AdminHomePageTestsOnPostgres(PostgresApp app) : AdminHomePageTests(app);
