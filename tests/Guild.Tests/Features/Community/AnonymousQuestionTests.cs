using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Community;

/// <summary>Accountable anonymity: colleagues never see who asked; only the space's moderators can reveal it, with a reason, audited.</summary>
public abstract class AnonymousQuestionTests(GuildApp app)
{
    [Fact]
    public async Task Colleagues_never_see_who_asked_through_page_api_notification_mail_or_learning_record_and_the_asker_still_hears_and_marks_the_answer()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var (globalModerator, globalModeratorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed, anonymous: true);
        foreach (var person in new[] { askerPerson, colleaguePerson, globalModeratorPerson })
        {
            await moderator.AddMemberAsync(space.Id, person);
        }
        await AsksTestKit.ReadAsync<SpaceView>(await colleague.Http.PutAsJsonAsync($"/api/v1/community/spaces/{space.Id}/follow", new { following = true }), HttpStatusCode.OK);

        // The question mentions the colleague, whose notification and mail must not name the asker.
        var thread = await asker.StartThreadAsync(space.Id, new
        {
            kind = "Question", title = "How do I say no to my manager?", markdown = $"It keeps happening, @{colleaguePerson.Handle()}", anonymous = true,
        });
        // The asker replies in their own thread: that reply is anonymous too.
        await asker.ReplyAsync(thread.Id, "To add: it is about weekend work.");
        var reply = await colleague.ReplyAsync(thread.Id, "Try saying what you can do instead.");

        foreach (var reader in new[] { colleague, moderator, globalModerator })
        {
            var json = await (await reader.GetAsync($"/api/v1/community/threads/{thread.Id}")).Content.ReadAsStringAsync();
            Assert.DoesNotContain(askerPerson.Id.ToString(), json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(askerPerson.Name, json, StringComparison.Ordinal);
            var page = WebUtility.HtmlDecode(await reader.GetPageAsync($"/community/threads/{thread.Id}"));
            Assert.DoesNotContain(askerPerson.Name, page, StringComparison.Ordinal);
            Assert.Contains("Anonymous colleague", page, StringComparison.Ordinal);
            var home = WebUtility.HtmlDecode(await reader.GetPageAsync($"/community/{space.Slug}"));
            Assert.DoesNotContain(askerPerson.Name, home, StringComparison.Ordinal);
        }
        // The mention and the anonymous reply (the colleague follows the space): neither names the asker, in the centre or by mail.
        var notifications = await app.NotificationsAboutAsync(colleaguePerson.Id, $"thread:{thread.Id}");
        Assert.Equal(2, notifications.Count);
        Assert.All(notifications, n => Assert.Empty(n.RecentActors));
        Assert.DoesNotContain(askerPerson.Name, WebUtility.HtmlDecode(await colleague.GetPageAsync("/notifications")), StringComparison.Ordinal);
        await app.RunDueJobsAsync();
        var mails = app.MailTo(colleaguePerson.Email);
        Assert.Equal(2, mails.Count);
        Assert.All(mails, mail =>
        {
            Assert.DoesNotContain(askerPerson.Name, mail.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain(askerPerson.Name, mail.TextBody, StringComparison.Ordinal);
        });
        var statements = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().Where(e => e.Statement.Contains(thread.Id.ToString())).Select(e => e.Statement).ToListAsync());
        var asked = Assert.Single(statements, s => s.Contains(LearningVerbs.Asked.Iri, StringComparison.Ordinal));
        Assert.DoesNotContain(askerPerson.Id.ToString(), asked, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(askerPerson.Name, asked, StringComparison.Ordinal);
        Assert.All(statements.Where(s => s.Contains(LearningVerbs.Commented.Iri, StringComparison.Ordinal) && !s.Contains(colleaguePerson.Id.ToString(), StringComparison.OrdinalIgnoreCase)),
            s => Assert.DoesNotContain(askerPerson.Id.ToString(), s, StringComparison.OrdinalIgnoreCase));

        // The asker sees it is theirs, heard of the colleague's reply, and marks it as the answer.
        var own = await asker.GetThreadAsync(thread.Id);
        Assert.Equal(askerPerson.Id, own.Posts[0].AuthorId);
        Assert.Contains("You posted this anonymously", WebUtility.HtmlDecode(await asker.GetPageAsync($"/community/threads/{thread.Id}")), StringComparison.Ordinal);
        Assert.Single(await app.NotificationsAboutAsync(askerPerson.Id, $"thread:{thread.Id}"));
        var colleagueReply = reply.Posts.Single(p => p.AuthorId == colleaguePerson.Id);
        var marked = await AsksTestKit.ReadAsync<ThreadView>(await asker.Http.PostAsJsonAsync($"/api/v1/community/threads/{thread.Id}/answer", new { postId = colleagueReply.Id }), HttpStatusCode.OK);
        Assert.Equal(colleagueReply.Id, marked.AnswerId);

        // Revealing: not a colleague, not a global moderator who does not moderate this space; the space's moderator only with a reason.
        foreach (var notAllowed in new[] { colleague, globalModerator })
        {
            using var refused = await notAllowed.Http.PostAsJsonAsync($"/api/v1/community/posts/{thread.Id}/author-reveal", new { reason = "I would like to know who" });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var noReason = await moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{thread.Id}/author-reveal", new { reason = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }
        Assert.False(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.CommunityAuthorRevealed && e.ObjectId == thread.Id.ToString())));
        var revealed = await AsksTestKit.ReadAsync<RevealedPostAuthor>(await moderator.Http.PostAsJsonAsync($"/api/v1/community/posts/{thread.Id}/author-reveal",
            new { reason = "Threats in the question: duty of care" }), HttpStatusCode.OK);
        Assert.Equal(askerPerson.Id, revealed.PersonId);
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().SingleAsync(e => e.Action == AuditActions.CommunityAuthorRevealed && e.ObjectId == thread.Id.ToString()));
        Assert.Contains("duty of care", entry.Details ?? "", StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AnonymousQuestionTestsOnSqlite(SqliteApp app) : AnonymousQuestionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AnonymousQuestionTestsOnPostgres(PostgresApp app) : AnonymousQuestionTests(app);
