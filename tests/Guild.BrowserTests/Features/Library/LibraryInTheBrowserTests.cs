using Guild.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Library;

/// <summary>
/// The library's pages over the demo organisation on a 360 px phone and a desktop, in English and Dutch: browse, a
/// published article, its history, the editor, my resources and the review queue. Each must pass axe, log no console
/// error under Guild's CSP and never scroll sideways on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LibraryInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", "Knowledge Champion", 360)]
    [InlineData("nl-NL", "Knowledge Champion", 360)]
    [InlineData("en-GB", "L&D admin", 1280)]
    [InlineData("nl-NL", "L&D-beheerder", 360)]
    public async Task The_library_pages_pass_axe_and_fit_a_phone(string locale, string role, int width)
    {
        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
        await BrowserApp.SignInAsDemoAsync(page, role);

        await page.GotoAsync("/library");
        // The newest article of the demo library (the "new this week" shelf), then its history; and a collection.
        var first = await page.Locator("section[aria-labelledby=shelf-new] .shelf-card__title").First.GetAttributeAsync("href");
        Assert.NotNull(first);
        var paths = new List<string> { "/library", first!, $"{first}/history", "/library/mine", "/library/reviews", "/library/new?kind=Article",
            "/library/new?kind=Video", "/library/record", "/library/collections", "/library/search?q=video" };
        var component = await page.Locator(".library-browse__component a").First.GetAttributeAsync("href");
        paths.Add(component!);

        var problems = new List<string>();
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(path);
            if (response?.Status is not (200 or 403))
            {
                problems.Add($"{path}: {response?.Status}");
                continue;
            }
            problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{path}: {v}"));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 1)
            {
                problems.Add($"{path}: {overflow}px wider than the screen");
            }
        }
        problems.AddRange(errors);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
