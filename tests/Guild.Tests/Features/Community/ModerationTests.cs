using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Community;

/// <summary>The policing tools: pin, lock, move, hide with a reason the author reads; only the space's moderators, every act audited.</summary>
public abstract class ModerationTests(GuildApp app)
{
    private Task<AuditEntry?> AuditOfAsync(string action, Guid postId) =>
        app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Action == action && e.ObjectId == postId.ToString()));

    [Fact]
    public async Task A_moderator_pins_a_thread_to_the_top_and_locks_it_with_a_reason_then_no_one_replies_until_it_is_unlocked()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (outsider, _) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        var older = await member.StartThreadAsync(space.Id, new { kind = "Discussion", title = "House rules", markdown = "How we talk here." });
        await member.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Lunch talk", markdown = "Anyone?" });

        using (var notModerator = await member.Http.PutAsJsonAsync($"/api/v1/community/threads/{older.Id}/pinned", new { on = true }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);
        }
        using (var notReader = await outsider.Http.PutAsJsonAsync($"/api/v1/community/threads/{older.Id}/pinned", new { on = true }))
        {
            Assert.Equal(HttpStatusCode.NotFound, notReader.StatusCode);
        }
        var pinned = await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/threads/{older.Id}/pinned",
            new { on = true, reason = "Everyone should read this" }), HttpStatusCode.OK);
        Assert.True(pinned.Pinned);
        var list = await AsksTestKit.ReadAsync<List<ThreadSummary>>(await member.GetAsync($"/api/v1/community/spaces/{space.Id}/threads"), HttpStatusCode.OK);
        Assert.Equal(older.Id, list[0].Id);
        Assert.True(list[0].Pinned);
        Assert.Contains("Everyone should read this", (await AuditOfAsync(AuditActions.CommunityThreadPinned, older.Id))!.Details ?? "", StringComparison.Ordinal);

        // Locking needs a reason; a refused lock changes nothing.
        using (var noReason = await moderator.Http.PutAsJsonAsync($"/api/v1/community/threads/{older.Id}/locked", new { on = true, reason = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }
        Assert.False((await member.GetThreadAsync(older.Id)).Locked);
        var locked = await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/threads/{older.Id}/locked",
            new { on = true, reason = "The rules are settled" }), HttpStatusCode.OK);
        Assert.True(locked.Locked);
        using (var reply = await member.Http.PostAsJsonAsync($"/api/v1/community/posts/{older.Id}/replies", new { markdown = "One more thing" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
        }
        var page = WebUtility.HtmlDecode(await member.GetPageAsync($"/community/threads/{older.Id}"));
        Assert.Contains("This thread is locked: no new replies.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Replying.Markdown\"", page, StringComparison.Ordinal);
        Assert.Contains("The rules are settled", (await AuditOfAsync(AuditActions.CommunityThreadLocked, older.Id))!.Details ?? "", StringComparison.Ordinal);

        await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/threads/{older.Id}/locked", new { on = false }), HttpStatusCode.OK);
        await member.ReplyAsync(older.Id, "One more thing after all");
        Assert.NotNull(await AuditOfAsync(AuditActions.CommunityThreadUnlocked, older.Id));
    }

    [Fact]
    public async Task A_hidden_post_tells_its_author_why_shows_colleagues_only_that_it_was_hidden_and_a_hidden_first_post_takes_its_thread_away()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (author, authorPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, authorPerson);
        await moderator.AddMemberAsync(space.Id, colleaguePerson);
        var thread = await colleague.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Team moods", markdown = "How is everyone?" });
        var reply = (await author.ReplyAsync(thread.Id, "Jan from finance is on sick leave again.")).Posts[^1];

        using (var noReason = await moderator.Http.PutAsJsonAsync($"/api/v1/community/posts/{reply.Id}/hidden", new { on = true }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }
        using (var notModerator = await colleague.Http.PutAsJsonAsync($"/api/v1/community/posts/{reply.Id}/hidden", new { on = true, reason = "I do not like it" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);
        }
        await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/posts/{reply.Id}/hidden",
            new { on = true, reason = "Health details of a colleague" }), HttpStatusCode.OK);

        var seen = (await colleague.GetThreadAsync(thread.Id)).Posts.Single(p => p.Id == reply.Id);
        Assert.True(seen.Hidden);
        Assert.Equal("", seen.Html);
        Assert.Null(seen.HiddenReason);
        var colleaguePage = WebUtility.HtmlDecode(await colleague.GetPageAsync($"/community/threads/{thread.Id}"));
        Assert.Contains("This post was hidden by a moderator.", colleaguePage, StringComparison.Ordinal);
        Assert.DoesNotContain("sick leave", colleaguePage, StringComparison.Ordinal);
        Assert.DoesNotContain("Health details", colleaguePage, StringComparison.Ordinal);
        var own = (await author.GetThreadAsync(thread.Id)).Posts.Single(p => p.Id == reply.Id);
        Assert.Equal("Health details of a colleague", own.HiddenReason);
        Assert.Contains("Hidden by a moderator: Health details of a colleague", WebUtility.HtmlDecode(await author.GetPageAsync($"/community/threads/{thread.Id}")),
            StringComparison.Ordinal);
        using (var reaction = await colleague.Http.PutAsJsonAsync($"/api/v1/community/posts/{reply.Id}/reactions", new { kind = "Thanks", on = true }))
        {
            Assert.Equal(HttpStatusCode.Conflict, reaction.StatusCode);
        }
        Assert.Contains("Health details", (await AuditOfAsync(AuditActions.CommunityPostHidden, reply.Id))!.Details ?? "", StringComparison.Ordinal);

        // A hidden first post: the thread is gone for colleagues (404 and off the list), still there for its author and the moderators.
        await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/posts/{thread.Id}/hidden",
            new { on = true, reason = "Off topic for this space" }), HttpStatusCode.OK);
        using (var gone = await author.GetAsync($"/api/v1/community/threads/{thread.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        Assert.DoesNotContain(await AsksTestKit.ReadAsync<List<ThreadSummary>>(await author.GetAsync($"/api/v1/community/spaces/{space.Id}/threads"), HttpStatusCode.OK),
            t => t.Id == thread.Id);
        Assert.True((await colleague.GetThreadAsync(thread.Id)).Hidden);
        Assert.True((await moderator.GetThreadAsync(thread.Id)).Hidden);

        // Shown again: the text is back for everyone, the reason gone.
        await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/posts/{thread.Id}/hidden", new { on = false }), HttpStatusCode.OK);
        await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/posts/{reply.Id}/hidden", new { on = false }), HttpStatusCode.OK);
        var back = (await colleague.GetThreadAsync(thread.Id)).Posts.Single(p => p.Id == reply.Id);
        Assert.False(back.Hidden);
        Assert.Contains("sick leave", back.Html, StringComparison.Ordinal);
        Assert.NotNull(await AuditOfAsync(AuditActions.CommunityPostShown, reply.Id));
    }

    [Fact]
    public async Task A_thread_moves_with_its_replies_and_followers_only_to_a_space_its_moderator_also_moderates()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (otherModerator, otherModeratorPerson) = await app.SignedInAsync(Roles.Employee);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var from = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        var to = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(from.Id, otherModeratorPerson, asModerator: true);
        await moderator.AddMemberAsync(from.Id, memberPerson);
        await moderator.AddMemberAsync(to.Id, memberPerson);
        var thread = await member.StartThreadAsync(from.Id, new { kind = "Question", title = "Where do I book rooms?", markdown = "For a workshop." });
        await otherModerator.ReplyAsync(thread.Id, "Not here, but I know where.");

        // The other moderator moderates only the first space; the move is refused and nothing moves.
        using (var refused = await otherModerator.Http.PostAsJsonAsync($"/api/v1/community/threads/{thread.Id}/move", new { spaceId = to.Id, reason = "Belongs there" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        using (var noReason = await moderator.Http.PostAsJsonAsync($"/api/v1/community/threads/{thread.Id}/move", new { spaceId = to.Id }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Post>().CountAsync(p => p.ThreadId == thread.Id && p.SpaceId == to.Id)));

        var moved = await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PostAsJsonAsync($"/api/v1/community/threads/{thread.Id}/move",
            new { spaceId = to.Id, reason = "Facilities questions go here" }), HttpStatusCode.OK);
        Assert.Equal(to.Id, moved.SpaceId);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<Post>().CountAsync(p => p.ThreadId == thread.Id && p.SpaceId == to.Id)));
        Assert.True(await app.WithDbAsync(db => db.Set<ThreadFollower>().AnyAsync(f => f.ThreadId == thread.Id && f.PersonId == memberPerson.Id)));
        // The other moderator is no member of the new space: the thread is no longer theirs to read.
        using (var gone = await otherModerator.GetAsync($"/api/v1/community/threads/{thread.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        var entry = await AuditOfAsync(AuditActions.CommunityThreadMoved, thread.Id);
        Assert.Contains(to.Id.ToString(), entry!.Details ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Facilities questions go here", entry.Details ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_question_moves_only_to_a_space_that_allows_anonymous_questions()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var from = await moderator.CreateSpaceAsync(SpaceKind.Closed, anonymous: true);
        var named = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        var anonymousToo = await moderator.CreateSpaceAsync(SpaceKind.Closed, anonymous: true);
        await moderator.AddMemberAsync(from.Id, memberPerson);
        var thread = await member.StartThreadAsync(from.Id, new { kind = "Question", title = "Is it normal to feel lost?", markdown = "In my first month.", anonymous = true });

        using (var refused = await moderator.Http.PostAsJsonAsync($"/api/v1/community/threads/{thread.Id}/move", new { spaceId = named.Id, reason = "Belongs there" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("asked anonymously", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Post>().CountAsync(p => p.ThreadId == thread.Id && p.SpaceId == named.Id)));

        var moved = await AsksTestKit.ReadAsync<ThreadView>(await moderator.Http.PostAsJsonAsync($"/api/v1/community/threads/{thread.Id}/move",
            new { spaceId = anonymousToo.Id, reason = "Newcomers ask here" }), HttpStatusCode.OK);
        Assert.Equal(anonymousToo.Id, moved.SpaceId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ModerationTestsOnSqlite(SqliteApp app) : ModerationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ModerationTestsOnPostgres(PostgresApp app) : ModerationTests(app);
