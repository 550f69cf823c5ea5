using Microsoft.Playwright;

namespace Guild.BrowserTests.Infrastructure;

/// <summary>
/// What a browser test collects on every page it visits, to assert once at the end: script errors and failed loads (as
/// the console reports them), axe violations, and anything wider than the screen.
/// </summary>
public static class PageProblems
{
    /// <summary>Notes every console error and uncaught script error of the page from now on.</summary>
    public static void Watch(IPage page, List<string> problems)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"{page.Url}: {error}");
    }

    /// <summary>Notes the page's axe violations and how much wider than the screen it is, if it is.</summary>
    public static async Task CheckAsync(IPage page, List<string> problems)
    {
        problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{page.Url}: {v}"));
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 1)
        {
            problems.Add($"{page.Url}: {overflow}px wider than the screen");
        }
    }
}
