using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Community;

/// <summary>
/// The community hub in a browser: the demo Employee joins the innovators network, posts an idea written with the toolbar
/// (bold, previewed) that mentions the demo champion; in English on a desktop and in Dutch
/// on a phone. Every page axe clean, nothing wider than the screen, no script error.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CommunityInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "Employee", "Idea")]
    [InlineData("nl-NL", 360, "Medewerker", "Idee")]
    public async Task A_colleague_joins_a_space_posts_with_the_toolbar_and_mentions_someone(string locale, int width, string role, string ideaLabel)
    {
        var problems = new List<string>();
        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        PageProblems.Watch(page, problems);
        await BrowserApp.SignInAsDemoAsync(page, role);
        await page.GotoAsync("/community");
        await PageProblems.CheckAsync(page, problems);
        await page.GotoAsync("/community/innovators");
        await PageProblems.CheckAsync(page, problems);
        var join = page.Locator("form:has(input[name='_handler'][value='join']) button[type=submit]");
        if (await join.CountAsync() > 0)
        {
            await join.ClickAsync();
            await page.Locator(".flash--success").WaitForAsync();
        }

        var title = $"Idea {Guid.NewGuid().ToString("N")[..6]}";
        await page.SelectOptionAsync("#thread-kind", new SelectOptionValue { Label = ideaLabel });
        await page.FillAsync("#thread-title", title);
        var text = page.Locator("#thread-text");
        await text.FillAsync("Ask @daan.bakker about ");
        await text.PressAsync("End");
        await page.Locator("[data-post-editor] [data-editor-action=bold]").First.ClickAsync();
        await page.Keyboard.TypeAsync("pairing");
        Assert.Equal("Ask @daan.bakker about **pairing**", await text.InputValueAsync());
        await page.Locator("[data-post-editor] [data-editor-action=preview]").First.ClickAsync();
        await page.Locator(".post-preview strong", new PageLocatorOptions { HasText = "pairing" }).WaitForAsync();
        await PageProblems.CheckAsync(page, problems);
        await page.Locator("[data-post-editor] [data-editor-action=preview]").First.ClickAsync();
        await page.Locator("form:has(#thread-title) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/community/threads/", StringComparison.Ordinal));
        await page.Locator(".post-body strong", new PageLocatorOptions { HasText = "pairing" }).WaitForAsync();
        await PageProblems.CheckAsync(page, problems);
        var daanHeard = await app.WithDbAsync(db => (from n in db.Set<Notification>()
                                                      join u in db.Set<Guild.Web.Platform.Identity.GuildUser>() on n.RecipientId equals u.Id
                                                      where u.Email == "daan.bakker@noordwind.example" && n.Kind == CommunityThreads.MentionedKind && n.SubjectTitle == title
                                                      select n).AnyAsync());
        Assert.True(daanHeard, "The mentioned champion was not notified.");

        // React to a colleague's post in a thread of another space: the button stays pressed after the page comes back.
        await page.GotoAsync("/community/video-makers");
        await page.Locator("a[href^='/community/threads/']", new PageLocatorOptions { HasNotText = title }).First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/community/threads/", StringComparison.Ordinal));
        var reaction = page.Locator(".post-reactions button[aria-pressed=false]").First;
        var target = await reaction.GetAttributeAsync("value");
        await reaction.ClickAsync();
        await page.Locator(".flash--success").WaitForAsync();
        Assert.Equal("true", await page.Locator($".post-reactions button[value='{target}']").GetAttributeAsync("aria-pressed"));
        await PageProblems.CheckAsync(page, problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
