using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Library;

/// <summary>
/// Searching from the header of any page over the demo library: the box is in the header, the results page shows the
/// question's words marked, opening a result lands on the resource (through the click record), and the results page passes
/// axe, logs no console error under the CSP and fits a 360 px phone, in English and Dutch.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 360)]
    [InlineData("nl-NL", 360)]
    [InlineData("en-GB", 1280)]
    public async Task A_member_searches_from_the_header_and_opens_a_result(string locale, int width)
    {
        // A word of a published demo resource's title, so the search has something to find whatever the demo holds.
        var title = await app.WithDbAsync(db => db.Set<ResourceSearchEntry>()
            .Where(e => db.Set<Resource>().Any(r => r.Id == e.ResourceId && r.Status == ResourceStatus.Published))
            .OrderBy(e => e.Id).Select(e => e.Title).FirstAsync());
        var word = SearchTerms.Of(title).OrderByDescending(w => w.Length).First();
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
        await BrowserApp.SignInAsDemoAsync(page, "Knowledge Champion");

        await page.GotoAsync("/library");
        await page.Locator("#header-search-q").FillAsync(word);
        await page.Locator("#header-search-q").PressAsync("Enter");
        await page.WaitForURLAsync("**/library/search?q=*");
        var first = page.Locator(".search-hit__title").First;
        await first.WaitForAsync();
        Assert.True(await page.Locator(".search-hit mark").CountAsync() > 0);

        var problems = (await Axe.ViolationsAsync(page)).Select(v => $"results: {v}").ToList();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 1)
        {
            problems.Add($"results: {overflow}px wider than the screen");
        }

        await first.ClickAsync();
        await page.WaitForURLAsync("**/library/*-*-*-*-*");
        Assert.Matches("/library/[0-9a-f-]{36}$", new Uri(page.Url).AbsolutePath);
        problems.AddRange(errors);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
