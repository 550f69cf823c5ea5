using Guild.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Library;

/// <summary>
/// A colleague answers "did this help you do your job?" under a demo article with the keyboard-reachable buttons (what
/// for, then yes), sees their answer kept; the demo champion then sees the reach page with its chart drawn from the table;
/// axe finds nothing, nothing is wider than the screen and no script fails, in English on a desktop and Dutch on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FeedbackInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "Employee", "Yes, it helped", "Knowledge Champion")]
    [InlineData("nl-NL", 360, "Medewerker", "Ja, het hielp", "Knowledge Champion")]
    public async Task A_colleague_marks_an_article_helpful_and_its_champion_sees_the_reach_chart(string locale, int width, string employee,
        string yes, string champion)
    {
        var problems = new List<string>();
        await using (var context = await app.NewContextAsync(width, 800, locale))
        {
            var page = await context.NewPageAsync();
            PageProblems.Watch(page, problems);
            await BrowserApp.SignInAsDemoAsync(page, employee);
            await page.GotoAsync("/library");
            var article = await page.Locator("section[aria-labelledby=shelf-new] .shelf-card__title").First.GetAttributeAsync("href");
            await page.GotoAsync(article!);
            await page.FillAsync("#helpful-what-for", "Preparing my first reel");
            await page.Locator("#helpful button", new PageLocatorOptions { HasText = yes }).ClickAsync();
            await page.Locator(".flash--success").WaitForAsync();
            Assert.Equal("true", await page.Locator("#helpful button", new PageLocatorOptions { HasText = yes }).GetAttributeAsync("aria-pressed"));
            await PageProblems.CheckAsync(page, problems);
        }

        await using (var context = await app.NewContextAsync(width, 800, locale))
        {
            var page = await context.NewPageAsync();
            PageProblems.Watch(page, problems);
            await BrowserApp.SignInAsDemoAsync(page, champion);
            await page.GotoAsync("/library/mine/reach");
            await page.Locator("#reach-weeks").WaitForAsync();
            // The chart is drawn from the table once ECharts has loaded (the CSP allows it: no console error).
            await page.Locator(".reach-chart:not([hidden]) svg").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            Assert.False(string.IsNullOrWhiteSpace(await page.Locator("[data-reach-summary]").TextContentAsync()));
            await PageProblems.CheckAsync(page, problems);
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
