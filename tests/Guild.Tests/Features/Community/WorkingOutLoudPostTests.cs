using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Community.WorkingOutLoud;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Community;

/// <summary>The Working Out Loud post kind: a purpose (idea, frustration, question, progress) shown wherever the post is.</summary>
public abstract class WorkingOutLoudPostTests(GuildApp app)
{
    [Fact]
    public async Task A_working_out_loud_post_keeps_its_purpose_in_the_api_the_thread_and_space_pages_and_is_recorded_as_shared()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, memberPerson);

        var thread = await member.StartThreadAsync(space.Id, new
        {
            kind = "WorkingOutLoud", purpose = "Frustration", title = "The onboarding checklist keeps growing", markdown = "Three new steps this month.",
        });
        Assert.Equal(PostKind.WorkingOutLoud, thread.Kind);
        Assert.Equal(WorkingOutLoudPurpose.Frustration, thread.Purpose);
        Assert.Equal(WorkingOutLoudPurpose.Frustration, (await moderator.GetThreadAsync(thread.Id)).Purpose);
        var listed = await AsksTestKit.ReadAsync<List<ThreadSummary>>(await moderator.GetAsync($"/api/v1/community/spaces/{space.Id}/threads?kind=WorkingOutLoud"),
            HttpStatusCode.OK);
        Assert.Equal(WorkingOutLoudPurpose.Frustration, Assert.Single(listed).Purpose);

        Assert.Contains("Working Out Loud: Frustration", WebUtility.HtmlDecode(await moderator.GetPageAsync($"/community/threads/{thread.Id}")), StringComparison.Ordinal);
        var home = WebUtility.HtmlDecode(await moderator.GetPageAsync($"/community/{space.Slug}"));
        Assert.Contains("The onboarding checklist keeps growing", home, StringComparison.Ordinal);
        Assert.Contains("Frustration", home, StringComparison.Ordinal);

        var statement = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().Where(e => e.Statement.Contains(thread.Id.ToString()))
            .Select(e => e.Statement).SingleAsync());
        Assert.Contains(LearningVerbs.Shared.Iri, statement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_working_out_loud_post_without_a_purpose_or_a_purpose_on_another_kind_is_refused_with_a_message_and_nothing_is_saved()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Open);
        foreach (var request in new object[]
        {
            new { kind = "WorkingOutLoud", title = "No purpose", markdown = "Text" },
            new { kind = "Discussion", purpose = "Progress", title = "Purpose on a discussion", markdown = "Text" },
        })
        {
            using var refused = await moderator.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/threads", request, AsksTestKit.Json);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("purpose", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.False(await app.WithDbAsync(db => db.Set<Post>().AnyAsync(p => p.SpaceId == space.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WorkingOutLoudPostTestsOnSqlite(SqliteApp app) : WorkingOutLoudPostTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WorkingOutLoudPostTestsOnPostgres(PostgresApp app) : WorkingOutLoudPostTests(app);
