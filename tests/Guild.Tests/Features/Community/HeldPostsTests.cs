using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Features.People;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Digests;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Guild.Tests.Features.Community;

/// <summary>
/// Holding first posts for review: a newcomer's first thread or reply waits for a moderator, and until it is approved no
/// colleague learns anything of it through any surface; moderators edit, approve or decline it, every act audited.
/// </summary>
public abstract class HeldPostsTests(GuildApp app)
{
    private sealed record Setup(GuildClient Moderator, TestPerson ModeratorPerson, GuildClient Newcomer, TestPerson NewcomerPerson, GuildClient Colleague,
        TestPerson ColleaguePerson, SpaceView Space, ThreadView Thread);

    /// <summary>A closed space that holds first posts, a colleague who already posted there (a thread), and a newcomer who has not.</summary>
    private async Task<Setup> SpaceHoldingFirstPostsAsync()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (newcomer, newcomerPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, newcomerPerson);
        await moderator.AddMemberAsync(space.Id, colleaguePerson);
        var thread = await colleague.StartThreadAsync(space.Id, new { kind = "Question", title = "How do you onboard?", markdown = "Tips welcome." });
        var setting = await AsksTestKit.ReadAsync<ConductView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/spaces/{space.Id}/holding",
            new { holdFirstPosts = true }), HttpStatusCode.OK);
        Assert.True(setting.HoldFirstPosts);
        return new Setup(moderator, moderatorPerson, newcomer, newcomerPerson, colleague, colleaguePerson, space, thread);
    }

    private static async Task<ThreadView> ApproveAsync(GuildClient moderator, Guid postId, object? body = null) =>
        await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{postId}/approval", body ?? new { }), HttpStatusCode.OK);

    [Fact]
    public async Task A_held_first_thread_is_absent_from_the_space_home_thread_list_counts_and_thread_page_for_colleagues_and_shows_waiting_to_its_author()
    {
        var s = await SpaceHoldingFirstPostsAsync();
        var held = await s.Newcomer.StartThreadAsync(s.Space.Id, new { kind = "Discussion", title = "Newcomer's secret thread", markdown = "Hello from a newcomer." });
        Assert.Equal(PostReview.Waiting, held.Review);

        var home = await AsksTestKit.ReadAsync<SpaceView>(await s.Colleague.GetAsync($"/api/v1/community/spaces/{s.Space.Id}"), HttpStatusCode.OK);
        Assert.DoesNotContain(home.Recent, t => t.Id == held.Id);
        Assert.DoesNotContain(home.Active, a => a.PersonId == s.NewcomerPerson.Id);
        Assert.DoesNotContain(await AsksTestKit.ReadAsync<List<ThreadSummary>>(await s.Colleague.GetAsync($"/api/v1/community/spaces/{s.Space.Id}/threads"), HttpStatusCode.OK),
            t => t.Id == held.Id);
        using (var gone = await s.Colleague.GetAsync($"/api/v1/community/threads/{held.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        Assert.DoesNotContain("Newcomer's secret thread", WebUtility.HtmlDecode(await s.Colleague.GetPageAsync($"/community/{s.Space.Slug}")), StringComparison.Ordinal);
        // Nobody but its author and the moderators can reply to it, react to it or report it: to them it does not exist.
        foreach (var (path, body) in new (string, object)[]
        {
            ($"/api/v1/community/posts/{held.Id}/replies", new { markdown = "Seen it" }),
            ($"/api/v1/community/posts/{held.Id}/reports", new { reason = "Spam" }),
        })
        {
            using var response = await s.Colleague.Http.PostAsJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var reaction = await s.Colleague.Http.PutAsJsonAsync($"/api/v1/community/posts/{held.Id}/reactions", new { kind = "Thanks", on = true }))
        {
            Assert.Equal(HttpStatusCode.NotFound, reaction.StatusCode);
        }

        // Its author sees it, waiting; so does the moderator, with a badge and the review list.
        var own = WebUtility.HtmlDecode(await s.Newcomer.GetPageAsync($"/community/threads/{held.Id}"));
        Assert.Contains("Waiting for a moderator", own, StringComparison.Ordinal);
        Assert.Contains("Newcomer's secret thread", WebUtility.HtmlDecode(await s.Newcomer.GetPageAsync($"/community/{s.Space.Slug}")), StringComparison.Ordinal);
        Assert.Contains("Waiting for review: 1", WebUtility.HtmlDecode(await s.Moderator.GetPageAsync($"/community/{s.Space.Slug}")), StringComparison.Ordinal);
        var list = await AsksTestKit.ReadAsync<List<HeldPostView>>(await s.Moderator.GetAsync($"/api/v1/community/spaces/{s.Space.Id}/held"), HttpStatusCode.OK);
        Assert.Equal(held.Id, Assert.Single(list).PostId);
        using (var notModerator = await s.Colleague.GetAsync($"/api/v1/community/spaces/{s.Space.Id}/held"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);
        }
        using (var page = await s.Colleague.Http.GetAsync($"/community/{s.Space.Slug}/held"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }
    }

    [Fact]
    public async Task A_held_reply_leaves_no_trace_on_the_thread_for_colleagues_and_does_not_count_as_a_reply_or_an_acknowledgement()
    {
        var s = await SpaceHoldingFirstPostsAsync();
        var after = await s.Newcomer.ReplyAsync(s.Thread.Id, "My held answer");
        var reply = after.Posts.Single(p => p.Mine);
        Assert.Equal(PostReview.Waiting, reply.Review);

        var seen = await s.Colleague.GetThreadAsync(s.Thread.Id);
        Assert.Single(seen.Posts);
        var page = WebUtility.HtmlDecode(await s.Colleague.GetPageAsync($"/community/threads/{s.Thread.Id}"));
        Assert.DoesNotContain("My held answer", page, StringComparison.Ordinal);
        Assert.DoesNotContain("moderator", page, StringComparison.Ordinal);
        var summary = Assert.Single(await AsksTestKit.ReadAsync<List<ThreadSummary>>(await s.Colleague.GetAsync($"/api/v1/community/spaces/{s.Space.Id}/threads"), HttpStatusCode.OK));
        Assert.Equal(0, summary.ReplyCount);
        var head = await app.WithDbAsync(db => db.Set<Post>().AsNoTracking().SingleAsync(p => p.Id == s.Thread.Id));
        Assert.Null(head.FirstAcknowledgedAt);
        // The asker cannot mark a held reply as the answer.
        using (var answer = await s.Colleague.Http.PostAsJsonAsync($"/api/v1/community/threads/{s.Thread.Id}/answer", new { postId = reply.Id }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        }

        var approved = await ApproveAsync(s.Moderator, reply.Id);
        Assert.Contains(approved.Posts, p => p.Id == reply.Id && p.Review is null);
        Assert.Equal(2, (await s.Colleague.GetThreadAsync(s.Thread.Id)).Posts.Count);
        head = await app.WithDbAsync(db => db.Set<Post>().AsNoTracking().SingleAsync(p => p.Id == s.Thread.Id));
        Assert.Equal(1, head.ReplyCount);
        Assert.NotNull(head.FirstAcknowledgedAt);
        Assert.False(head.FirstAcknowledgedByModerator);
    }

    [Fact]
    public async Task A_held_post_notifies_no_mentioned_person_or_follower_and_writes_no_learning_record_until_approved_then_each_once()
    {
        var s = await SpaceHoldingFirstPostsAsync();
        var (follower, followerPerson) = await app.SignedInAsync(Roles.Employee);
        await s.Moderator.AddMemberAsync(s.Space.Id, followerPerson);
        await AsksTestKit.ReadAsync<SpaceView>(await follower.Http.PutAsJsonAsync($"/api/v1/community/spaces/{s.Space.Id}/follow", new { following = true }), HttpStatusCode.OK);
        var held = await s.Newcomer.StartThreadAsync(s.Space.Id,
            new { kind = "Question", title = "Held question", markdown = $"What do you think, @{s.ColleaguePerson.Handle()}?" });
        var subject = $"thread:{held.Id}";

        Assert.Empty(await app.NotificationsAboutAsync(s.ColleaguePerson.Id, subject));
        Assert.Empty(await app.NotificationsAboutAsync(followerPerson.Id, subject));
        Assert.Empty(await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().Where(e => e.Statement.Contains(held.Id.ToString())).ToListAsync()));
        // The moderators hear that something waits.
        Assert.Single(await app.NotificationsAboutAsync(s.ModeratorPerson.Id, $"held:{s.Space.Id}"));

        await ApproveAsync(s.Moderator, held.Id);
        Assert.Equal(CommunityThreads.MentionedKind, Assert.Single(await app.NotificationsAboutAsync(s.ColleaguePerson.Id, subject)).Kind);
        Assert.Equal(CommunityThreads.NewThreadKind, Assert.Single(await app.NotificationsAboutAsync(followerPerson.Id, subject)).Kind);
        var statements = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().Where(e => e.Statement.Contains(held.Id.ToString())).Select(e => e.Statement).ToListAsync());
        var asked = Assert.Single(statements);
        Assert.Contains(LearningVerbs.Asked.Iri, asked, StringComparison.Ordinal);
        Assert.Contains(s.NewcomerPerson.Id.ToString(), asked, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HeldPosts.ApprovedKind, Assert.Single(await app.NotificationsAboutAsync(s.NewcomerPerson.Id, subject), n => n.Kind != CommunityThreads.RepliedKind).Kind);
    }

    [Fact]
    public async Task A_held_thread_is_in_no_digest_no_acknowledgement_queue_and_no_facilitation_figure()
    {
        var s = await SpaceHoldingFirstPostsAsync();
        var (reader, readerPerson) = await app.SignedInAsync(Roles.Employee);
        await s.Moderator.AddMemberAsync(s.Space.Id, readerPerson);
        await AsksTestKit.ReadAsync<SpaceView>(await reader.Http.PutAsJsonAsync($"/api/v1/community/spaces/{s.Space.Id}/follow", new { following = true }), HttpStatusCode.OK);
        var held = await s.Newcomer.StartThreadAsync(s.Space.Id, new { kind = "Question", title = "Held for the digest", markdown = "Nobody sees me." });
        await s.Colleague.StartThreadAsync(s.Space.Id, new { kind = "Discussion", title = "Published for the digest", markdown = "Everyone sees me." });
        await AsksTestKit.ReadAsync<QueueView>(await s.Moderator.Http.PutAsJsonAsync($"/api/v1/community/spaces/{s.Space.Id}/queue/setting", new { withinWorkingHours = 1 }),
            HttpStatusCode.OK);
        await app.RunDueJobsAsync();

        Guid jobId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            jobId = scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(CommunityDigestJob.JobKind, new CommunityDigestJob.Payload(CommunityDigestFrequency.Weekly)).Id;
            await scope.ServiceProvider.GetRequiredService<GuildDb>().SaveChangesAsync();
        }
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(jobId)).Status);
        await app.RunDueJobsAsync();
        var digest = app.MailTo(readerPerson.Email).Single(m => m.Subject?.Contains("community digest", StringComparison.Ordinal) == true);
        var body = WebUtility.HtmlDecode(digest.HtmlBody ?? "");
        Assert.Contains("Published for the digest", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Held for the digest", body, StringComparison.Ordinal);

        // A week later every unacknowledged published thread queues; the held one does not, and the figures count none of it.
        app.Clock.Advance(TimeSpan.FromDays(7));
        var queue = await app.AsPersonAsync(s.ModeratorPerson.Id, async services =>
            (await services.GetRequiredService<AcknowledgementQueue>().GetAsync(s.Space.Id, CancellationToken.None)).Value!);
        Assert.Contains(queue.Items, i => i.ThreadId == s.Thread.Id);
        Assert.DoesNotContain(queue.Items, i => i.ThreadId == held.Id);
        var figures = await app.AsPersonAsync(s.ModeratorPerson.Id, async services =>
            (await services.GetRequiredService<FacilitationFigures>().GetAsync(s.Space.Id, CancellationToken.None)).Value!);
        Assert.Equal(2, figures.Contributions);
        Assert.Equal(1, figures.UnansweredQuestions);
    }

    [Fact]
    public async Task A_moderator_edits_and_approves_a_held_post_which_is_published_as_of_the_approval_and_its_author_is_no_longer_held()
    {
        var s = await SpaceHoldingFirstPostsAsync();
        var held = await s.Newcomer.StartThreadAsync(s.Space.Id, new { kind = "Discussion", title = "frst post", markdown = "Hi all, call me on 0612345678" });
        var postedAt = held.Posts[0].CreatedAt;
        app.Clock.Advance(TimeSpan.FromHours(3));

        // Bad input changes nothing: an empty edited text, or a decline without a reason.
        using (var empty = await s.Moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{held.Id}/approval", new { markdown = "  " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }
        using (var noReason = await s.Moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{held.Id}/decline", new { reason = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }
        using (var notModerator = await s.Newcomer.Http.PostAsJsonAsync($"/api/v1/community/posts/{held.Id}/approval", new { }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);
        }
        Assert.Equal(PostReview.Waiting, (await s.Newcomer.GetThreadAsync(held.Id)).Review);

        var approved = await ApproveAsync(s.Moderator, held.Id, new { markdown = "Hi all, glad to be here.", title = "First post" });
        Assert.Null(approved.Review);
        Assert.Equal("First post", approved.Title);
        var seen = await s.Colleague.GetThreadAsync(held.Id);
        Assert.Contains("glad to be here", seen.Posts[0].Html, StringComparison.Ordinal);
        Assert.DoesNotContain("0612345678", seen.Posts[0].Html, StringComparison.Ordinal);
        Assert.Equal(postedAt.AddHours(3), seen.Posts[0].CreatedAt, TimeSpan.FromSeconds(1));
        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == AuditActions.CommunityPostApproved && e.ObjectId == held.Id.ToString()));
        Assert.Contains("\"edited\":true", audit.Details ?? "", StringComparison.Ordinal);

        // Approving twice: a clear conflict, nothing changes.
        using (var twice = await s.Moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{held.Id}/approval", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Contains("already approved", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // No longer a newcomer: the next reply appears at once.
        var next = await s.Newcomer.ReplyAsync(s.Thread.Id, "Straight through now");
        Assert.Null(next.Posts.Single(p => p.Mine).Review);
    }

    [Fact]
    public async Task A_declined_post_tells_its_author_why_stays_hidden_from_colleagues_and_the_author_is_still_held_next_time()
    {
        var s = await SpaceHoldingFirstPostsAsync();
        var reply = (await s.Newcomer.ReplyAsync(s.Thread.Id, "Buy my course!")).Posts.Single(p => p.Mine);
        var declined = await AsksTestKit.ReadAsync<ThreadView>(await s.Moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{reply.Id}/decline",
            new { reason = "Advertising is not for this space" }), HttpStatusCode.OK);
        Assert.Equal(PostReview.Declined, declined.Posts.Single(p => p.Id == reply.Id).Review);
        using (var twice = await s.Moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{reply.Id}/approval", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }
        var own = await s.Newcomer.GetThreadAsync(s.Thread.Id);
        Assert.Equal("Advertising is not for this space", own.Posts.Single(p => p.Id == reply.Id).ReviewNote);
        Assert.Contains("Declined by a moderator: Advertising is not for this space",
            WebUtility.HtmlDecode(await s.Newcomer.GetPageAsync($"/community/threads/{s.Thread.Id}")), StringComparison.Ordinal);
        Assert.Single((await s.Colleague.GetThreadAsync(s.Thread.Id)).Posts);
        Assert.Contains("Advertising", (await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .SingleAsync(e => e.Action == AuditActions.CommunityPostDeclined && e.ObjectId == reply.Id.ToString()))).Details ?? "", StringComparison.Ordinal);
        Assert.Equal(HeldPosts.DeclinedKind, Assert.Single(await app.NotificationsAboutAsync(s.NewcomerPerson.Id, $"thread:{s.Thread.Id}")).Kind);

        var again = (await s.Newcomer.ReplyAsync(s.Thread.Id, "Sorry, a real answer")).Posts.Single(p => p.Mine && p.Id != reply.Id);
        Assert.Equal(PostReview.Waiting, again.Review);
    }

    [Fact]
    public async Task Moderators_and_members_who_posted_before_holding_began_are_never_held()
    {
        var s = await SpaceHoldingFirstPostsAsync();
        var (second, secondPerson) = await app.SignedInAsync(Roles.Employee);
        await s.Moderator.AddMemberAsync(s.Space.Id, secondPerson, asModerator: true);
        Assert.Null((await second.StartThreadAsync(s.Space.Id, new { kind = "Discussion", title = "From a moderator", markdown = "Straight out." })).Review);
        Assert.Null((await s.Colleague.ReplyAsync(s.Thread.Id, "I posted before")).Posts[^1].Review);
    }

    [Fact]
    public async Task The_review_page_keeps_the_moderators_edit_when_the_text_is_empty_and_a_decline_needs_a_reason()
    {
        var s = await SpaceHoldingFirstPostsAsync();
        var held = await s.Newcomer.StartThreadAsync(s.Space.Id, new { kind = "Discussion", title = "Page review", markdown = "Original words" });
        var page = $"/community/{s.Space.Slug}/held?review={held.Id}";
        Assert.Contains("Original words</textarea>", WebUtility.HtmlDecode(await s.Moderator.GetPageAsync(page)), StringComparison.Ordinal);
        using (var empty = await s.Moderator.PostFormAsync(page, page, [new("_handler", "review"), new("Reviewing.PostId", held.Id.ToString()),
            new("Reviewing.Title", "Edited title"), new("Reviewing.Markdown", ""), new("Reviewing.Decision", "approve")]))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            var html = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
            Assert.Contains("value=\"Edited title\"", html, StringComparison.Ordinal);
        }
        using (var noReason = await s.Moderator.PostFormAsync(page, page, [new("_handler", "review"), new("Reviewing.PostId", held.Id.ToString()),
            new("Reviewing.Markdown", "Edited words"), new("Reviewing.Decision", "decline")]))
        {
            Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
            var html = WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync());
            Assert.Contains("Edited words</textarea>", html, StringComparison.Ordinal);
            Assert.Contains("Say why you decline it", html, StringComparison.Ordinal);
        }
        Assert.Equal(PostReview.Waiting, (await s.Newcomer.GetThreadAsync(held.Id)).Review);
        using (var approve = await s.Moderator.PostFormAsync(page, page, [new("_handler", "review"), new("Reviewing.PostId", held.Id.ToString()),
            new("Reviewing.Title", "Page review"), new("Reviewing.Markdown", "Edited words"), new("Reviewing.Decision", "approve")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        }
        Assert.Contains("Edited words", (await s.Colleague.GetThreadAsync(held.Id)).Posts[0].Html, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HeldPostsTestsOnSqlite(SqliteApp app) : HeldPostsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HeldPostsTestsOnPostgres(PostgresApp app) : HeldPostsTests(app);
