using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Community;

/// <summary>
/// The facilitation composer: deepening questions and a reply template chosen by the post's kind (and a Working Out Loud
/// post's purpose) and the space's components, in the reader's language, for the space's moderators only; a picked
/// suggestion fills the reply box, and the moderator's adapted reply acknowledges the contribution and takes it off the queue.
/// </summary>
public abstract class FacilitationTests(GuildApp app)
{
    private async Task<(SpaceView Space, ExpertiseTestKit.TestCapability Map)> SpaceAboutComponentsAsync(GuildClient moderator)
    {
        var map = await app.CreateCapabilityAsync("Video know-how", "Storyboarding", "Lighting");
        var name = $"Space {Guid.NewGuid():N}"[..20];
        var space = await AsksTestKit.ReadAsync<SpaceView>(await moderator.Http.PostAsJsonAsync("/api/v1/community/spaces",
            new { name, kind = "Closed", description = "Making videos together", componentIds = map.Components.Select(c => c.Id).ToArray() }, AsksTestKit.Json),
            HttpStatusCode.Created);
        return (space, map);
    }

    [Fact]
    public async Task A_moderator_gets_a_template_for_the_posts_kind_and_purpose_and_questions_naming_the_spaces_components_in_english_and_dutch()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (outsider, _) = await app.SignedInAsync(Roles.Employee);
        var (space, map) = await SpaceAboutComponentsAsync(moderator);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        var frustration = await member.StartThreadAsync(space.Id, new { kind = "WorkingOutLoud", purpose = "Frustration", title = "Render farm queue", markdown = "Forty minutes again." });
        var question = await member.StartThreadAsync(space.Id, new { kind = "Question", title = "Which microphone?", markdown = "For interviews." });

        var forFrustration = await AsksTestKit.ReadAsync<List<FacilitationSuggestion>>(await moderator.GetAsync($"/api/v1/community/threads/{frustration.Id}/suggestions"), HttpStatusCode.OK);
        var template = forFrustration[0];
        Assert.Equal((FacilitationPrompts.Template, SuggestionKind.Template), (template.Id, template.Kind));
        Assert.Contains("that sounds frustrating", template.Text, StringComparison.Ordinal);
        Assert.Contains(forFrustration, s => s.Id == FacilitationPrompts.Example && s.Kind == SuggestionKind.Question);
        Assert.Contains(forFrustration, s => s.Id == FacilitationPrompts.Experience);
        // One connecting question per component the space is about, naming it.
        foreach (var component in map.Components)
        {
            var connect = Assert.Single(forFrustration, s => s.Id == FacilitationPrompts.ConnectPrefix + component.Id.ToString("N"));
            Assert.Contains(component.Name, connect.Text, StringComparison.Ordinal);
            Assert.Contains(component.Name, connect.Label, StringComparison.Ordinal);
        }

        // A question gets the question's template and asks what was tried; a different text from the Working Out Loud post's.
        var forQuestion = await AsksTestKit.ReadAsync<List<FacilitationSuggestion>>(await moderator.GetAsync($"/api/v1/community/threads/{question.Id}/suggestions"), HttpStatusCode.OK);
        Assert.Contains("Thank you for asking", forQuestion[0].Text, StringComparison.Ordinal);
        Assert.Contains("What have you tried so far", Assert.Single(forQuestion, s => s.Id == FacilitationPrompts.Experience).Text, StringComparison.Ordinal);

        // In Dutch for a Dutch-speaking moderator.
        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(moderatorPerson.Email, GuildApp.Password);
        var inDutch = await AsksTestKit.ReadAsync<List<FacilitationSuggestion>>(await dutch.GetAsync($"/api/v1/community/threads/{frustration.Id}/suggestions"), HttpStatusCode.OK);
        Assert.Contains("dat klinkt frustrerend", inDutch[0].Text, StringComparison.Ordinal);
        Assert.Equal(forFrustration.Select(s => s.Id), inDutch.Select(s => s.Id));

        // The member reads the thread but is no moderator: refused; a colleague outside the closed space learns nothing.
        using (var refused = await member.GetAsync($"/api/v1/community/threads/{question.Id}/suggestions"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var hidden = await outsider.GetAsync($"/api/v1/community/threads/{question.Id}/suggestions"))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }
        // Nor does the member's thread page offer them.
        var memberPage = WebUtility.HtmlDecode(await member.GetPageAsync($"/community/threads/{question.Id}?suggest=example"));
        Assert.DoesNotContain("facilitation-suggestions", memberPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Could you give an example", memberPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suggestion_picked_on_the_queue_fills_the_reply_box_and_the_adapted_reply_acknowledges_the_post_and_notifies_its_author()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (space, _) = await SpaceAboutComponentsAsync(moderator);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        var question = await member.StartThreadAsync(space.Id, new { kind = "Question", title = "Which microphone for interviews?", markdown = "Outdoors, mostly." });

        // Ten days on the wall clock are over 24 working hours whatever the weekend and holidays: the question queues.
        app.Clock.Advance(TimeSpan.FromDays(10));
        using var again = app.CreateGuildClient();
        await again.SignInAsync(moderatorPerson.Email, GuildApp.Password);
        var queuePage = WebUtility.HtmlDecode(await again.GetPageAsync($"/community/{space.Slug}/queue"));
        Assert.Contains($"/community/threads/{question.Id}?suggest={FacilitationPrompts.Example}#reply", queuePage, StringComparison.Ordinal);
        Assert.Contains("Ask for an example", queuePage, StringComparison.Ordinal);

        // Picking it opens the thread with the suggestion in the reply box, where the moderator makes it their own.
        var threadPage = WebUtility.HtmlDecode(await again.GetPageAsync($"/community/threads/{question.Id}?suggest={FacilitationPrompts.Example}"));
        Assert.Matches("<textarea[^>]*id=\"reply-text\"[^>]*>Good question. Could you give an example of the situation", threadPage);
        Assert.Contains("Adapt it to this person", threadPage, StringComparison.Ordinal);

        var adapted = "Good question! Could you give an example of an interview you recorded outdoors, and what went wrong with the sound?";
        using var posted = await again.PostFormAsync($"/community/threads/{question.Id}?suggest={FacilitationPrompts.Example}", $"/community/threads/{question.Id}?suggest={FacilitationPrompts.Example}",
            [new("_handler", "reply"), new("Replying.ParentId", question.Id.ToString()), new("Replying.Markdown", adapted)]);
        Assert.True(posted.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found, $"Posting answered {(int)posted.StatusCode}");

        var (acknowledged, byModerator, reply) = await app.WithDbAsync(async db =>
        {
            var head = await db.Set<Post>().AsNoTracking().FirstAsync(p => p.Id == question.Id);
            var replies = await db.Set<Post>().AsNoTracking().Where(p => p.ThreadId == question.Id && p.Depth == 1).Select(p => p.Markdown).ToListAsync();
            return (head.FirstAcknowledgedAt, head.FirstAcknowledgedByModerator, Assert.Single(replies));
        });
        Assert.NotNull(acknowledged);
        Assert.True(byModerator);
        Assert.Equal(adapted, reply);
        Assert.DoesNotContain($"/community/threads/{question.Id}?suggest", WebUtility.HtmlDecode(await again.GetPageAsync($"/community/{space.Slug}/queue")), StringComparison.Ordinal);
        Assert.Equal(CommunityThreads.RepliedKind, Assert.Single(await app.NotificationsAboutAsync(memberPerson.Id, $"thread:{question.Id}")).Kind);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FacilitationTestsOnSqlite(SqliteApp app) : FacilitationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FacilitationTestsOnPostgres(PostgresApp app) : FacilitationTests(app);
