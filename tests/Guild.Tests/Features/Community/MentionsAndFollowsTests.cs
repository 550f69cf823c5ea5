using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Community;

/// <summary>Mentions and follows reach each person once, only people who may read the space, and floods are refused.</summary>
public abstract class MentionsAndFollowsTests(GuildApp app)
{
    [Fact]
    public async Task A_reply_notifies_mentioned_people_and_followers_once_each_and_never_its_author()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Open);
        var people = new List<(GuildClient Client, TestPerson Person)>();
        for (var i = 0; i < 5; i++)
        {
            var signedIn = await app.SignedInAsync(Roles.Employee);
            await AsksTestKit.ReadAsync<SpaceView>(await signedIn.Client.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/membership", new { }), HttpStatusCode.OK);
            people.Add(signedIn);
        }
        var (author, threadFollower, spaceFollower, replier, mentionedOnly) = (people[0], people[1], people[2], people[3], people[4]);
        var thread = await author.Client.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Shared agenda", markdown = "What shall we do?" });
        await AsksTestKit.ReadAsync<ThreadView>(await threadFollower.Client.Http.PutAsJsonAsync($"/api/v1/community/threads/{thread.Id}/follow", new { following = true }), HttpStatusCode.OK);
        await AsksTestKit.ReadAsync<SpaceView>(await spaceFollower.Client.Http.PutAsJsonAsync($"/api/v1/community/spaces/{space.Id}/follow", new { following = true }), HttpStatusCode.OK);

        // The thread follower is mentioned too (and twice): one notification, the mention.
        await replier.Client.ReplyAsync(thread.Id,
            $"@{threadFollower.Person.Handle()} and @{mentionedOnly.Person.Handle()}, what do you think? Also @{threadFollower.Person.Handle()} again, and me @{replier.Person.Handle()}.");

        var subject = $"thread:{thread.Id}";
        var followerEntries = await app.NotificationsAboutAsync(threadFollower.Person.Id, subject);
        var entry = Assert.Single(followerEntries);
        Assert.Equal(CommunityThreads.MentionedKind, entry.Kind);
        Assert.Equal(1, entry.Count);
        Assert.Equal(CommunityThreads.MentionedKind, Assert.Single(await app.NotificationsAboutAsync(mentionedOnly.Person.Id, subject)).Kind);
        Assert.Equal(CommunityThreads.RepliedKind, Assert.Single(await app.NotificationsAboutAsync(spaceFollower.Person.Id, subject)).Kind);
        // The author follows their own thread from the start.
        Assert.Equal(CommunityThreads.RepliedKind, Assert.Single(await app.NotificationsAboutAsync(author.Person.Id, subject)).Kind);
        Assert.Empty(await app.NotificationsAboutAsync(replier.Person.Id, subject));
    }

    [Fact]
    public async Task A_mention_flood_and_a_group_mention_by_a_non_moderator_are_refused_with_a_clear_message_and_change_nothing()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (other, otherPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        await moderator.AddMemberAsync(space.Id, otherPerson);
        var thread = await moderator.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Meeting notes", markdown = "Notes" });

        var flood = string.Join(" ", Enumerable.Range(0, 11).Select(i => $"@colleague{i}"));
        using (var refused = await member.Http.PostAsJsonAsync($"/api/v1/community/posts/{thread.Id}/replies", new { markdown = flood }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("at most 10 people", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var group = await member.Http.PostAsJsonAsync($"/api/v1/community/posts/{thread.Id}/replies", new { markdown = "Hey @space-members look" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, group.StatusCode);
            Assert.Contains("Only the space's moderators can mention @space-members", await group.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Empty((await member.GetThreadAsync(thread.Id)).Posts.Skip(1));

        // A moderator may call everyone; the outsider mentioned by name hears nothing of a closed space.
        var (_, outsider) = await app.SignedInAsync(Roles.Employee);
        await moderator.ReplyAsync(thread.Id, $"@space-members please read, and @{outsider.Handle()}");
        var subject = $"thread:{thread.Id}";
        Assert.Equal(CommunityThreads.MentionedKind, Assert.Single(await app.NotificationsAboutAsync(memberPerson.Id, subject)).Kind);
        Assert.Equal(CommunityThreads.MentionedKind, Assert.Single(await app.NotificationsAboutAsync(otherPerson.Id, subject)).Kind);
        Assert.Empty(await app.NotificationsAboutAsync(outsider.Id, subject));
        Assert.Empty(await app.NotificationsAboutAsync(moderatorPerson.Id, subject));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MentionsAndFollowsTestsOnSqlite(SqliteApp app) : MentionsAndFollowsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MentionsAndFollowsTestsOnPostgres(PostgresApp app) : MentionsAndFollowsTests(app);
