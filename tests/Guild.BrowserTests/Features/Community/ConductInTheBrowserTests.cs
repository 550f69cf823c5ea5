using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Community;

/// <summary>
/// A code of conduct and a held first post in a browser: the demo Employee replies in a space whose code they have not
/// accepted; the reply is refused with the code shown in the form and their text kept; "I accept and post" sends it, and as
/// their first contribution there it waits for a moderator. The demo Moderator follows the badge to the review list, edits
/// the text and approves it. In English on a desktop and in Dutch on a phone; every page axe clean, nothing wider than the screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConductInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "Employee")]
    [InlineData("nl-NL", 360, "Medewerker")]
    public async Task A_member_accepts_the_code_while_posting_and_a_moderator_edits_and_approves_the_held_reply(string locale, int width, string employeeRole)
    {
        var problems = new List<string>();
        var unique = Guid.NewGuid().ToString("N")[..6];
        var (slug, threadId) = await SpaceWithCodeAndHoldingAsync(unique);

        await using var memberContext = await app.NewContextAsync(width, 800, locale);
        var member = await memberContext.NewPageAsync();
        PageProblems.Watch(member, problems);
        await BrowserApp.SignInAsDemoAsync(member, employeeRole);
        await member.GotoAsync($"/community/threads/{threadId}");
        await member.FillAsync("#reply-text", $"My first words here ({unique})");
        await member.Locator("form:has(#reply-text) button.btn-primary[type=submit]").Last.ClickAsync();
        // Refused: the code is shown inside the form, and the text is still there.
        await member.Locator("#reply-conduct").WaitForAsync();
        Assert.Equal($"My first words here ({unique})", await member.Locator("#reply-text").InputValueAsync());
        await member.Locator("#reply-conduct strong", new PageLocatorOptions { HasText = "kind" }).WaitForAsync();
        await PageProblems.CheckAsync(member, problems);
        await member.Locator("#reply-conduct button[type=submit]").ClickAsync();
        await member.Locator(".flash--success").WaitForAsync();
        // The first contribution in this space waits for a moderator; its author sees it, marked.
        await member.Locator(".post-body", new PageLocatorOptions { HasText = $"My first words here ({unique})" }).WaitForAsync();
        await member.Locator(".post-hidden").First.WaitForAsync();
        await PageProblems.CheckAsync(member, problems);

        await using var moderatorContext = await app.NewContextAsync(width, 800, locale);
        var moderator = await moderatorContext.NewPageAsync();
        PageProblems.Watch(moderator, problems);
        await BrowserApp.SignInAsDemoAsync(moderator, "Moderator");
        await moderator.GotoAsync($"/community/{slug}");
        await moderator.Locator($"a[href='/community/{slug}/held']").ClickAsync();
        await moderator.WaitForURLAsync(url => url.EndsWith($"/community/{slug}/held", StringComparison.Ordinal));
        await PageProblems.CheckAsync(moderator, problems);
        await moderator.Locator($"a[href^='/community/{slug}/held?review=']").First.ClickAsync();
        await moderator.Locator("#review-text").WaitForAsync();
        await PageProblems.CheckAsync(moderator, problems);
        await moderator.FillAsync("#review-text", $"My first words here, tidied by a moderator ({unique})");
        await moderator.Locator("button[value=approve]").ClickAsync();
        await moderator.Locator(".flash--success").WaitForAsync();
        Assert.Equal(0, await moderator.Locator("#review-text").CountAsync());
        await PageProblems.CheckAsync(moderator, problems);

        var published = await app.WithDbAsync(db => db.Set<Post>().AsNoTracking().SingleAsync(p => p.ThreadId == threadId && p.Depth == 1));
        Assert.Null(published.Review);
        Assert.Contains("tidied by a moderator", published.Markdown, StringComparison.Ordinal);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>An open space the demo Moderator moderates, with a code of conduct and first posts held, the demo Employee a member, and a thread to reply to.</summary>
    private async Task<(string Slug, Guid ThreadId)> SpaceWithCodeAndHoldingAsync(string unique)
    {
        var emails = new[] { Roles.Moderator, Roles.Employee }.Select(role => DemoAccounts.All.Single(a => a.Role == role).Email).ToList();
        var slug = $"conduct-{unique}";
        var threadId = Guid.Empty;
        await app.WithDbAsync(async db =>
        {
            var people = await db.Set<Person>().Where(p => emails.Contains(p.Account.Email!)).Select(p => new { p.Id, p.Account.Email }).ToListAsync();
            var moderator = people.Single(p => p.Email == emails[0]).Id;
            var employee = people.Single(p => p.Email == emails[1]).Id;
            var now = app.Clock.GetUtcNow();
            var space = new Space
            {
                Id = Guid.CreateVersion7(now), Slug = slug, Name = $"Conduct {unique}", Description = "A space with house rules.", Kind = SpaceKind.Open,
                HoldFirstPosts = true, CreatedById = moderator, CreatedAt = now, UpdatedAt = now,
            };
            db.Add(space);
            db.Add(new SpaceMember { SpaceId = space.Id, PersonId = moderator, Status = MembershipStatus.Member, IsModerator = true, CreatedAt = now, JoinedAt = now });
            db.Add(new SpaceMember { SpaceId = space.Id, PersonId = employee, Status = MembershipStatus.Member, CreatedAt = now, JoinedAt = now });
            const string code = "Be **kind**, and share what you learn.";
            db.Add(new ConductCode { SpaceId = space.Id, Version = 1, Markdown = code, Html = ArticleRenderer.Render(code).Html, WrittenById = moderator, WrittenAt = now });
            var thread = new Post
            {
                Id = Guid.CreateVersion7(now), SpaceId = space.Id, Kind = PostKind.Discussion, Title = "Introduce yourself", Markdown = "Who are you?",
                Html = ArticleRenderer.Render("Who are you?").Html, AuthorId = moderator, CreatedAt = now, LastActivityAt = now,
            };
            thread.ThreadId = thread.Id;
            db.Add(thread);
            threadId = thread.Id;
            await db.SaveChangesAsync();
        });
        return (slug, threadId);
    }
}
