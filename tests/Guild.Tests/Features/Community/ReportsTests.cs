using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Community;

/// <summary>Member reports: to that space's moderators, once per person and post, rate limited, resolved by hiding or keeping with a note.</summary>
public abstract class ReportsTests(GuildApp app)
{
    [Fact]
    public async Task A_report_reaches_that_spaces_moderators_once_per_person_and_a_moderator_hides_the_post_with_a_note_its_author_reads()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (author, authorPerson) = await app.SignedInAsync(Roles.Employee);
        var (reporter, reporterPerson) = await app.SignedInAsync(Roles.Employee);
        var (second, secondPerson) = await app.SignedInAsync(Roles.Employee);
        var (outsider, _) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        foreach (var person in new[] { authorPerson, reporterPerson, secondPerson })
        {
            await moderator.AddMemberAsync(space.Id, person);
        }
        var thread = await reporter.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Quarterly review", markdown = "How did it go?" });
        var reply = (await author.ReplyAsync(thread.Id, "Only idiots liked it.")).Posts[^1];

        var receipt = await AsksTestKit.ReadAsync<ReportReceipt>(await reporter.Http.PostAsJsonAsync($"/api/v1/community/posts/{reply.Id}/reports",
            new { reason = "Disrespectful", note = "Calls people names" }, AsksTestKit.Json), HttpStatusCode.Created);
        Assert.Equal(reply.Id, receipt.PostId);
        using (var again = await reporter.Http.PostAsJsonAsync($"/api/v1/community/posts/{reply.Id}/reports", new { reason = "Spam" }, AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        using (var own = await author.Http.PostAsJsonAsync($"/api/v1/community/posts/{reply.Id}/reports", new { reason = "Spam" }, AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        }
        using (var notReader = await outsider.Http.PostAsJsonAsync($"/api/v1/community/posts/{reply.Id}/reports", new { reason = "Spam" }, AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.NotFound, notReader.StatusCode);
        }
        using (var noNote = await second.Http.PostAsJsonAsync($"/api/v1/community/posts/{reply.Id}/reports", new { reason = "Other" }, AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        }
        await AsksTestKit.ReadAsync<ReportReceipt>(await second.Http.PostAsJsonAsync($"/api/v1/community/posts/{reply.Id}/reports",
            new { reason = "Other", note = "Not kind" }, AsksTestKit.Json), HttpStatusCode.Created);

        // The space's moderator hears of it and sees a count on the space's home; an L&D admin outside the space does not.
        Assert.NotEmpty(await app.NotificationsAboutAsync(moderatorPerson.Id, $"reports:{space.Id}"));
        Assert.Empty(await app.NotificationsAboutAsync(adminPerson.Id, $"reports:{space.Id}"));
        Assert.Contains("Reports to look at: 2", WebUtility.HtmlDecode(await moderator.GetPageAsync($"/community/{space.Slug}")), StringComparison.Ordinal);
        Assert.DoesNotContain("Reports to look at", WebUtility.HtmlDecode(await reporter.GetPageAsync($"/community/{space.Slug}")), StringComparison.Ordinal);
        // The reporter learns nothing about other reports.
        using (var list = await reporter.GetAsync($"/api/v1/community/spaces/{space.Id}/reports"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }
        // An L&D admin who is no member sees that the closed space exists, not its reports.
        using (var list = await admin.GetAsync($"/api/v1/community/spaces/{space.Id}/reports"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }
        var open = await AsksTestKit.ReadAsync<List<ReportView>>(await moderator.GetAsync($"/api/v1/community/spaces/{space.Id}/reports"), HttpStatusCode.OK);
        Assert.Equal([reporterPerson.Name, secondPerson.Name], open.Select(r => r.ReporterName));
        Assert.Contains("Calls people names", WebUtility.HtmlDecode(await moderator.GetPageAsync($"/community/{space.Slug}/reports")), StringComparison.Ordinal);

        using (var notModerator = await reporter.Http.PostAsJsonAsync($"/api/v1/community/reports/{receipt.Id}/resolution", new { outcome = "Keep", note = "Fine by me" }, AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.NotFound, notModerator.StatusCode);
        }
        var resolution = await AsksTestKit.ReadAsync<ReportResolution>(await moderator.Http.PostAsJsonAsync($"/api/v1/community/reports/{receipt.Id}/resolution",
            new { outcome = "Hide", note = "Name-calling is not how we talk here" }, AsksTestKit.Json), HttpStatusCode.OK);
        Assert.Equal(2, resolution.Reports);
        var hidden = (await author.GetThreadAsync(thread.Id)).Posts.Single(p => p.Id == reply.Id);
        Assert.Equal("Name-calling is not how we talk here", hidden.HiddenReason);
        Assert.Empty(await AsksTestKit.ReadAsync<List<ReportView>>(await moderator.GetAsync($"/api/v1/community/spaces/{space.Id}/reports"), HttpStatusCode.OK));
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.CommunityReportResolved && e.ObjectId == reply.Id.ToString())));
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.CommunityPostHidden && e.ObjectId == reply.Id.ToString())));
    }

    [Fact]
    public async Task A_flood_of_reports_is_refused_after_ten_an_hour_with_a_clear_message_and_nothing_saved()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (reporter, reporterPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Open);
        var posts = new List<Guid>();
        for (var i = 0; i < PostReports.PerHourMax + 1; i++)
        {
            posts.Add((await moderator.StartThreadAsync(space.Id, new { kind = "Discussion", title = $"Post {i}", markdown = "Text" })).Id);
        }
        foreach (var post in posts.Take(PostReports.PerHourMax))
        {
            await AsksTestKit.ReadAsync<ReportReceipt>(await reporter.Http.PostAsJsonAsync($"/api/v1/community/posts/{post}/reports", new { reason = "Spam" }, AsksTestKit.Json),
                HttpStatusCode.Created);
        }
        using var flood = await reporter.Http.PostAsJsonAsync($"/api/v1/community/posts/{posts[^1]}/reports", new { reason = "Spam" }, AsksTestKit.Json);
        Assert.Equal(HttpStatusCode.TooManyRequests, flood.StatusCode);
        Assert.Contains("at most 10 posts an hour", await flood.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(PostReports.PerHourMax, await app.WithDbAsync(db => db.Set<PostReport>().CountAsync(r => r.ReporterId == reporterPerson.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReportsTestsOnSqlite(SqliteApp app) : ReportsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReportsTestsOnPostgres(PostgresApp app) : ReportsTests(app);
