using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Community;

/// <summary>Posts: sanitised Markdown, size limits, threaded replies, reactions, answers, edits, deletion and ideas.</summary>
public abstract class PostsTests(GuildApp app)
{
    [Fact]
    public async Task Script_and_javascript_links_are_sanitised_and_a_huge_post_is_refused_with_a_clear_message()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Open);
        var thread = await moderator.StartThreadAsync(space.Id, new
        {
            kind = "Discussion", title = "Sanitise me",
            markdown = "Hello <script>alert('x')</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)> **bold**",
        });
        var html = thread.Posts[0].Html;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<strong>bold</strong>", html, StringComparison.Ordinal);
        var preview = await AsksTestKit.ReadAsync<PreviewView>(await moderator.Http.PostAsJsonAsync("/api/v1/community/preview",
            new { markdown = "[x](javascript:alert(1)) <script>bad()</script>" }), HttpStatusCode.OK);
        Assert.DoesNotContain("javascript:", preview.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", preview.Html, StringComparison.OrdinalIgnoreCase);

        using var huge = await moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{thread.Id}/replies", new { markdown = new string('a', 20_001) });
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("at most 20000 characters", (await huge.Content.ReadAsStringAsync()).Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Post>().CountAsync(p => p.ThreadId == thread.Id && p.Depth > 0)));
        using var unknown = await moderator.Http.PostAsJsonAsync($"/api/v1/community/spaces/{Guid.NewGuid()}/threads", new { kind = "Discussion", title = "x", markdown = "y" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Replies_nest_two_levels_reactions_toggle_once_per_person_and_the_asker_marks_the_answer()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var (helper, helperPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, askerPerson);
        await moderator.AddMemberAsync(space.Id, helperPerson);
        var thread = await asker.StartThreadAsync(space.Id, new { kind = "Question", title = "Which microphone?", markdown = "For a small room." });
        var first = (await helper.ReplyAsync(thread.Id, "A lavalier.")).Posts[^1];
        var second = (await asker.ReplyAsync(first.Id, "Which brand?")).Posts.Single(p => p.ParentId == first.Id);
        var third = (await helper.ReplyAsync(second.Id, "Any will do.")).Posts.Single(p => p.ParentId == second.Id);
        var fourth = (await asker.ReplyAsync(third.Id, "Thanks!")).Posts.Single(p => p.ParentId == third.Id);
        var view = await asker.GetThreadAsync(thread.Id);
        Assert.Equal([thread.Id, first.Id, second.Id, third.Id, fourth.Id], view.Posts.Select(p => p.Id));
        Assert.Equal([0, 1, 2, 2, 2], view.Posts.Select(p => p.Depth));

        // The first reply acknowledged the question (by a colleague, not a moderator).
        var acknowledged = await app.WithDbAsync(db => db.Set<Post>().AsNoTracking().FirstAsync(p => p.Id == thread.Id));
        Assert.NotNull(acknowledged.FirstAcknowledgedAt);
        Assert.False(acknowledged.FirstAcknowledgedByModerator);

        foreach (var _ in new[] { 1, 2 })
        {
            await AsksTestKit.ReadAsync<ThreadView>(await asker.Http.PutAsJsonAsync($"/api/v1/community/posts/{first.Id}/reactions", new { kind = "Helpful", on = true }), HttpStatusCode.OK);
        }
        var reacted = await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/posts/{first.Id}/reactions", new { kind = "Helpful", on = true }), HttpStatusCode.OK);
        Assert.Equal(2, reacted.Posts.Single(p => p.Id == first.Id).Reactions[ReactionKind.Helpful]);
        var undone = await AsksTestKit.ReadAsync<ThreadView>(await asker.Http.PutAsJsonAsync($"/api/v1/community/posts/{first.Id}/reactions", new { kind = "Helpful", on = false }), HttpStatusCode.OK);
        Assert.Equal(1, undone.Posts.Single(p => p.Id == first.Id).Reactions[ReactionKind.Helpful]);
        Assert.Empty(undone.Posts.Single(p => p.Id == first.Id).MyReactions);

        using (var notAsker = await helper.Http.PostAsJsonAsync($"/api/v1/community/threads/{thread.Id}/answer", new { postId = first.Id }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAsker.StatusCode);
        }
        var answered = await AsksTestKit.ReadAsync<ThreadView>(await asker.Http.PostAsJsonAsync($"/api/v1/community/threads/{thread.Id}/answer", new { postId = first.Id }), HttpStatusCode.OK);
        Assert.Equal(first.Id, answered.AnswerId);
        var home = await AsksTestKit.ReadAsync<SpaceView>(await helper.GetAsync($"/api/v1/community/spaces/{space.Id}"), HttpStatusCode.OK);
        Assert.DoesNotContain(home.Unanswered, t => t.Id == thread.Id);
        Assert.True(home.Recent.Single(t => t.Id == thread.Id).Answered);
        _ = moderatorPerson;
    }

    [Fact]
    public async Task An_edit_keeps_an_edited_mark_and_a_deleted_post_with_replies_stays_as_a_tombstone()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Open);
        await moderator.AddMemberAsync(space.Id, colleaguePerson);
        var thread = await moderator.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Plans", markdown = "First draft" });
        var reply = (await colleague.ReplyAsync(thread.Id, "A reply")).Posts[^1];
        using (var notMine = await colleague.Http.PutAsJsonAsync($"/api/v1/community/posts/{thread.Id}", new { markdown = "Hijacked" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notMine.StatusCode);
        }
        var edited = await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/posts/{thread.Id}", new { markdown = "Second draft", title = "Plans, revised" }), HttpStatusCode.OK);
        Assert.NotNull(edited.Posts[0].EditedAt);
        Assert.Equal("Plans, revised", edited.Title);
        Assert.Contains("Second draft", edited.Posts[0].Html, StringComparison.Ordinal);

        var tombstone = await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.DeleteAsync($"/api/v1/community/posts/{thread.Id}"), HttpStatusCode.OK);
        Assert.True(tombstone.Posts[0].Deleted);
        Assert.Equal("", tombstone.Posts[0].Html);
        Assert.Equal(reply.Id, tombstone.Posts[1].Id);
        var gone = await AsksTestKit.ReadAsync<ThreadView>(await colleague.Http.DeleteAsync($"/api/v1/community/posts/{reply.Id}"), HttpStatusCode.OK);
        Assert.Single(gone.Posts);
    }

    [Fact]
    public async Task An_idea_moves_to_tried_when_someone_tries_it_and_the_board_groups_ideas_by_stage()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var plain = await moderator.CreateSpaceAsync(SpaceKind.Open);
        using (var notHere = await moderator.Http.PostAsJsonAsync($"/api/v1/community/spaces/{plain.Id}/threads", new { kind = "Idea", title = "x", markdown = "y" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notHere.StatusCode);
        }
        var network = await moderator.CreateSpaceAsync(SpaceKind.Open, innovators: true);
        await moderator.AddMemberAsync(network.Id, colleaguePerson);
        var idea = await moderator.StartThreadAsync(network.Id, new { kind = "Idea", title = "Pair stand-ups", markdown = "Two by two." });
        Assert.Equal(IdeaStage.Idea, idea.Stage);
        var tried = await AsksTestKit.ReadAsync<ThreadView>(await colleague.Http.PostAsJsonAsync($"/api/v1/community/threads/{idea.Id}/trials", new { note = "Worked for us" }), HttpStatusCode.OK);
        Assert.Equal(IdeaStage.Tried, tried.Stage);
        Assert.Equal(colleaguePerson.Id, Assert.Single(tried.Trials).PersonId);
        using (var notTheirs = await colleague.Http.PutAsJsonAsync($"/api/v1/community/threads/{idea.Id}/stage", new { stage = "Adopted" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        }
        await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/threads/{idea.Id}/stage", new { stage = "Adopted" }, AsksTestKit.Json), HttpStatusCode.OK);
        var board = WebUtility.HtmlDecode(await colleague.GetPageAsync($"/community/{network.Slug}"));
        Assert.Contains("Idea board", board, StringComparison.Ordinal);
        Assert.Contains("Adopted (1)", board, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PostsTestsOnSqlite(SqliteApp app) : PostsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostsTestsOnPostgres(PostgresApp app) : PostsTests(app);
