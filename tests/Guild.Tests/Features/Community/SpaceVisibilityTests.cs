using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Features.People;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Community;

/// <summary>A secret space is nothing to outsiders, a closed one shows only its name, and leaving takes access away.</summary>
public abstract class SpaceVisibilityTests(GuildApp app)
{
    [Fact]
    public async Task A_secret_space_answers_404_to_an_outsider_on_every_page_and_api_and_never_shows_in_lists_mentions_or_notifications()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (outsider, outsiderPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Secret);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        // A mention of the outsider and a follow by the member: only the member hears of it.
        var thread = await moderator.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Secret agenda item", markdown = $"@{outsiderPerson.Handle()} @{memberPerson.Handle()} please look" });

        foreach (var path in new[]
                 {
                     $"/api/v1/community/spaces/{space.Id}", $"/api/v1/community/spaces/{space.Id}/threads", $"/api/v1/community/threads/{thread.Id}",
                     $"/community/{space.Slug}", $"/community/threads/{thread.Id}",
                 })
        {
            using var response = await outsider.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }
        foreach (var (path, body) in new (string, object)[]
                 {
                     ($"/api/v1/community/spaces/{space.Id}/membership", new { message = "let me in" }),
                     ($"/api/v1/community/spaces/{space.Id}/threads", new { kind = "Discussion", title = "x", markdown = "y" }),
                     ($"/api/v1/community/posts/{thread.Id}/replies", new { markdown = "hello" }),
                     ($"/api/v1/community/posts/{thread.Id}/author-reveal", new { reason = "I want to know who it was" }),
                     ($"/api/v1/community/threads/{thread.Id}/answer", new { postId = (Guid?)null }),
                 })
        {
            using var response = await outsider.Http.PostAsJsonAsync(path, body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path} answered {(int)response.StatusCode}");
        }
        using (var react = await outsider.Http.PutAsJsonAsync($"/api/v1/community/posts/{thread.Id}/reactions", new { kind = "Thanks", on = true }))
        {
            Assert.Equal(HttpStatusCode.NotFound, react.StatusCode);
        }
        using (var follow = await outsider.Http.PutAsJsonAsync($"/api/v1/community/spaces/{space.Id}/follow", new { following = true }))
        {
            Assert.Equal(HttpStatusCode.NotFound, follow.StatusCode);
        }

        var list = await AsksTestKit.ReadAsync<List<SpaceSummary>>(await outsider.GetAsync("/api/v1/community/spaces"), HttpStatusCode.OK);
        Assert.DoesNotContain(list, s => s.Id == space.Id);
        var listPage = await outsider.GetPageAsync("/community");
        Assert.DoesNotContain(space.Name, listPage, StringComparison.Ordinal);
        Assert.Empty(await app.NotificationsAboutAsync(outsiderPerson.Id, $"thread:{thread.Id}"));
        Assert.Single(await app.NotificationsAboutAsync(memberPerson.Id, $"thread:{thread.Id}"));

        // Its member sees it in the list and reads it.
        var memberList = await AsksTestKit.ReadAsync<List<SpaceSummary>>(await member.GetAsync("/api/v1/community/spaces"), HttpStatusCode.OK);
        Assert.Contains(memberList, s => s.Id == space.Id);
        Assert.Equal("Secret agenda item", (await member.GetThreadAsync(thread.Id)).Title);
    }

    [Fact]
    public async Task A_closed_space_shows_its_name_not_its_posts_a_request_is_decided_by_its_moderator_and_a_member_who_leaves_loses_access()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        var thread = await moderator.StartThreadAsync(space.Id, new { kind = "Question", title = "Closed circle question", markdown = "Only for members" });

        var seen = await AsksTestKit.ReadAsync<SpaceView>(await colleague.GetAsync($"/api/v1/community/spaces/{space.Id}"), HttpStatusCode.OK);
        Assert.False(seen.CanRead);
        Assert.True(seen.CanJoin);
        Assert.Empty(seen.Recent);
        Assert.Empty(seen.Unanswered);
        using (var threads = await colleague.GetAsync($"/api/v1/community/spaces/{space.Id}/threads"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, threads.StatusCode);
        }
        using (var read = await colleague.GetAsync($"/api/v1/community/threads/{thread.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
        var page = await colleague.GetPageAsync($"/community/{space.Slug}");
        Assert.Contains(space.Name, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Closed circle question", page, StringComparison.Ordinal);

        var requested = await AsksTestKit.ReadAsync<SpaceView>(await colleague.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/membership",
            new { message = "I lead a team since May" }), HttpStatusCode.OK);
        Assert.Equal(MembershipStatus.Requested, requested.Membership);
        Assert.Single(await app.NotificationsAboutAsync(moderatorPerson.Id, $"space:{space.Id}"));
        // Only the space's moderators decide.
        using (var notAllowed = await colleague.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/requests/{colleaguePerson.Id}/decision", new { approve = true }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        }
        await AsksTestKit.ReadAsync<SpaceView>(await moderator.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/requests/{colleaguePerson.Id}/decision",
            new { approve = true, message = "Welcome!" }), HttpStatusCode.OK);
        Assert.Equal("Closed circle question", (await colleague.GetThreadAsync(thread.Id)).Title);
        await AsksTestKit.ReadAsync<ThreadView>(await colleague.Http.PutAsJsonAsync($"/api/v1/community/threads/{thread.Id}/follow", new { following = true }),
            HttpStatusCode.OK);

        await AsksTestKit.ReadAsync<SpaceView>(await colleague.Http.DeleteAsync($"/api/v1/community/spaces/{space.Id}/membership"), HttpStatusCode.OK);
        using (var after = await colleague.GetAsync($"/api/v1/community/threads/{thread.Id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        }
        // Having left, a new reply tells them nothing.
        await moderator.ReplyAsync(thread.Id, "A reply after they left");
        Assert.Empty(await app.NotificationsAboutAsync(colleaguePerson.Id, $"thread:{thread.Id}"));
    }

    [Fact]
    public async Task Two_join_requests_on_the_space_page_are_each_decided_with_their_own_message()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (first, firstPerson) = await app.SignedInAsync(Roles.Employee);
        var (second, secondPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        foreach (var asker in new[] { first, second })
        {
            await AsksTestKit.ReadAsync<SpaceView>(await asker.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/membership",
                new { message = "Please let me in" }), HttpStatusCode.OK);
        }
        var page = $"/community/{space.Slug}";
        // The page shows both requests, under one form (a repeated form name would have its posts refused).
        var html = await moderator.GetPageAsync(page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "name=\"_handler\" value=\"decide\""));

        using (var declined = await PeopleTestKit.PostPageFormAsync(moderator, page, "decide", ("Decision.Choice", $"decline:{secondPerson.Id}"),
            ($"Decision.Messages[{firstPerson.Id}]", ""), ($"Decision.Messages[{secondPerson.Id}]", "Next cohort, sorry")))
        {
            Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        }
        var secondSees = await AsksTestKit.ReadAsync<SpaceView>(await second.GetAsync($"/api/v1/community/spaces/{space.Id}"), HttpStatusCode.OK);
        Assert.Equal((MembershipStatus?)MembershipStatus.Declined, secondSees.Membership);
        Assert.Equal("Next cohort, sorry", secondSees.DecisionMessage);
        Assert.Equal((MembershipStatus?)MembershipStatus.Requested,
            (await AsksTestKit.ReadAsync<SpaceView>(await first.GetAsync($"/api/v1/community/spaces/{space.Id}"), HttpStatusCode.OK)).Membership);

        using (var approved = await PeopleTestKit.PostPageFormAsync(moderator, page, "decide", ("Decision.Choice", $"approve:{firstPerson.Id}"),
            ($"Decision.Messages[{firstPerson.Id}]", "Welcome aboard")))
        {
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }
        var firstSees = await AsksTestKit.ReadAsync<SpaceView>(await first.GetAsync($"/api/v1/community/spaces/{space.Id}"), HttpStatusCode.OK);
        Assert.Equal((MembershipStatus?)MembershipStatus.Member, firstSees.Membership);
        Assert.True(firstSees.CanRead);
    }

    [Fact]
    public async Task Only_moderators_and_learning_admins_make_spaces_and_an_unknown_space_is_404()
    {
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        using var refused = await employee.Http.PostAsJsonAsync("/api/v1/community/spaces", new { name = "Mine", kind = "Open" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var missing = await employee.GetAsync($"/api/v1/community/spaces/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var missingPage = await employee.GetAsync("/community/no-such-space-here");
        Assert.Equal(HttpStatusCode.NotFound, missingPage.StatusCode);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var made = await admin.CreateSpaceAsync(SpaceKind.Open);
        Assert.True(made.CanManage);
        using var taken = await admin.Http.PostAsJsonAsync("/api/v1/community/spaces", new { name = "Other", slug = made.Slug, kind = "Open" });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("address is taken", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SpaceVisibilityTestsOnSqlite(SqliteApp app) : SpaceVisibilityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SpaceVisibilityTestsOnPostgres(PostgresApp app) : SpaceVisibilityTests(app);
