using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Features.People;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Community;

/// <summary>A space's code of conduct: versions its moderators write, accepted once per version by each member before they post.</summary>
public abstract class ConductTests(GuildApp app)
{
    private static async Task<ConductView> SetConductAsync(GuildClient moderator, Guid spaceId, string markdown) =>
        await AsksTestKit.ReadAsync<ConductView>(await moderator.Http.PutAsJsonAsync($"/api/v1/community/spaces/{spaceId}/conduct", new { markdown }), HttpStatusCode.OK);

    private static async Task<ConductView> ConductOfAsync(GuildClient client, Guid spaceId) =>
        await AsksTestKit.ReadAsync<ConductView>(await client.GetAsync($"/api/v1/community/spaces/{spaceId}/conduct"), HttpStatusCode.OK);

    [Fact]
    public async Task A_member_accepts_the_current_code_once_before_posting_and_each_new_version_asks_again()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        // A space without a code asks nothing.
        var thread = await member.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Hello", markdown = "First words." });
        Assert.Null((await ConductOfAsync(member, space.Id)).Version);

        var written = await SetConductAsync(moderator, space.Id, "Be **kind**. <script>alert(1)</script>");
        Assert.Equal(1, written.Version);
        Assert.Contains("<strong>kind</strong>", written.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", written.Html, StringComparison.Ordinal);
        var seen = await ConductOfAsync(member, space.Id);
        Assert.True(seen.MustAccept);
        Assert.Null(seen.Markdown);
        Assert.Null(seen.AcceptedCount);

        using (var refused = await member.Http.PostAsJsonAsync($"/api/v1/community/posts/{thread.Id}/replies", new { markdown = "Before accepting" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("code of conduct", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var refusedThread = await member.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/threads", new { kind = "Discussion", title = "Second", markdown = "Text" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refusedThread.StatusCode);
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Post>().CountAsync(p => p.SpaceId == space.Id && p.AuthorId == memberPerson.Id)));

        // Bad acceptances change nothing: no version, or one that is not the current.
        using (var noVersion = await member.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/conduct/acceptance", new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        }
        using (var wrongVersion = await member.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/conduct/acceptance", new { version = 2 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, wrongVersion.StatusCode);
        }
        var accepted = await AsksTestKit.ReadAsync<ConductAcceptanceView>(await member.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/conduct/acceptance",
            new { version = 1 }), HttpStatusCode.OK);
        Assert.Equal(1, accepted.Version);
        // Accepting twice records it once.
        await AsksTestKit.ReadAsync<ConductAcceptanceView>(await member.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/conduct/acceptance",
            new { version = 1 }), HttpStatusCode.OK);
        var audits = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == AuditActions.CommunityConductAccepted && e.ObjectId == space.Id.ToString() && e.ActorId == memberPerson.Id).ToListAsync());
        Assert.Contains("\"version\":1", Assert.Single(audits).Details ?? "", StringComparison.Ordinal);
        var row = await app.WithDbAsync(db => db.Set<ConductAcceptance>().AsNoTracking().SingleAsync(a => a.SpaceId == space.Id && a.PersonId == memberPerson.Id));
        Assert.Equal(1, row.Version);
        await member.ReplyAsync(thread.Id, "After accepting");

        // The moderators see how many members accepted the current version (the writer accepted their own).
        var counted = await ConductOfAsync(moderator, space.Id);
        Assert.Equal(2, counted.AcceptedCount);
        Assert.Equal(2, counted.MemberCount);
        Assert.NotNull(await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .FirstOrDefaultAsync(e => e.Action == AuditActions.CommunityConductChanged && e.ObjectId == space.Id.ToString())));

        // A new version asks again; saving the same text makes no version.
        Assert.Equal(2, (await SetConductAsync(moderator, space.Id, "Be kind. Share what you learn.")).Version);
        Assert.Equal(2, (await SetConductAsync(moderator, space.Id, "Be kind. Share what you learn.")).Version);
        Assert.Equal(1, (await ConductOfAsync(moderator, space.Id)).AcceptedCount);
        using (var again = await member.Http.PostAsJsonAsync($"/api/v1/community/posts/{thread.Id}/replies", new { markdown = "New version" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<ConductCode>().CountAsync(c => c.SpaceId == space.Id)));

        // Taking the code away (empty text) asks nothing any more.
        Assert.Null((await SetConductAsync(moderator, space.Id, "")).Version);
        await member.ReplyAsync(thread.Id, "No code now");
    }

    [Fact]
    public async Task Only_the_spaces_moderators_write_the_code_and_a_secret_space_answers_404_to_everyone_else()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (outsider, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var secret = await moderator.CreateSpaceAsync(SpaceKind.Secret);
        var open = await moderator.CreateSpaceAsync(SpaceKind.Open);
        await moderator.AddMemberAsync(secret.Id, memberPerson);
        await SetConductAsync(moderator, secret.Id, "What is said here stays here.");
        await SetConductAsync(moderator, open.Id, "Be kind.");

        using (var notModerator = await member.Http.PutAsJsonAsync($"/api/v1/community/spaces/{secret.Id}/conduct", new { markdown = "Mine now" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);
        }
        using (var tooLong = await moderator.Http.PutAsJsonAsync($"/api/v1/community/spaces/{secret.Id}/conduct", new { markdown = new string('x', 20_001) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        }
        Assert.Equal("What is said here stays here.", (await ConductOfAsync(moderator, secret.Id)).Markdown);
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, $"/api/v1/community/spaces/{secret.Id}/conduct", null),
            (HttpMethod.Put, $"/api/v1/community/spaces/{secret.Id}/conduct", new { markdown = "x" }),
            (HttpMethod.Post, $"/api/v1/community/spaces/{secret.Id}/conduct/acceptance", new { version = 1 }),
            (HttpMethod.Put, $"/api/v1/community/spaces/{secret.Id}/holding", new { holdFirstPosts = true }),
            (HttpMethod.Get, $"/api/v1/community/spaces/{secret.Id}/held", null),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await outsider.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var page = await outsider.Http.GetAsync($"/community/{secret.Slug}/conduct"))
        {
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }
        // An open space's code is for every colleague to read; accepting it is for members.
        Assert.Equal("Be kind.", WebUtility.HtmlDecode((await ConductOfAsync(outsider, open.Id)).Html).Replace("<p>", "", StringComparison.Ordinal).Replace("</p>", "", StringComparison.Ordinal).Trim());
        using (var notMember = await outsider.Http.PostAsJsonAsync($"/api/v1/community/spaces/{open.Id}/conduct/acceptance", new { version = 1 }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notMember.StatusCode);
        }
    }

    [Fact]
    public async Task A_refused_reply_on_the_page_keeps_the_typed_text_and_shows_the_code_and_accepting_posts_it()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        var thread = await moderator.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Welcome", markdown = "Say hello." });
        await SetConductAsync(moderator, space.Id, "Assume *good intent*.");
        var page = $"/community/threads/{thread.Id}";

        using (var refused = await PeopleTestKit.PostPageFormAsync(member, page, "reply", ("Replying.ParentId", thread.Id.ToString()), ("Replying.Markdown", "Hello from the new one")))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.Contains("Hello from the new one</textarea>", html, StringComparison.Ordinal);
            Assert.Contains("<em>good intent</em>", html, StringComparison.Ordinal);
            Assert.Contains("I accept and post", html, StringComparison.Ordinal);
            Assert.Contains("accept its code of conduct", html, StringComparison.Ordinal);
        }
        Assert.Single((await member.GetThreadAsync(thread.Id)).Posts);
        using (var posted = await PeopleTestKit.PostPageFormAsync(member, page, "reply", ("Replying.ParentId", thread.Id.ToString()),
            ("Replying.Markdown", "Hello from the new one"), ("Replying.AcceptVersion", "1")))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }
        Assert.Contains((await member.GetThreadAsync(thread.Id)).Posts, p => p.Html.Contains("Hello from the new one", StringComparison.Ordinal));
        Assert.False((await ConductOfAsync(member, space.Id)).MustAccept);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConductTestsOnSqlite(SqliteApp app) : ConductTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ConductTestsOnPostgres(PostgresApp app) : ConductTests(app);
