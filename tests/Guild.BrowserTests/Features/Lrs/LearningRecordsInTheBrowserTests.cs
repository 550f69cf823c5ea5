using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Lrs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Lrs;

/// <summary>
/// The learning records as an L&amp;D admin meets them: the demo sign-in they just made is a statement
/// in the browser; the states the crawl cannot reach (a filtered list, choosing between people, one
/// statement, a forwarding form with errors) work and pass axe, in English on a desktop and Dutch on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LearningRecordsInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "L&D admin", "Learning records of Eva Visser", "Enter the endpoint of the other LRS.")]
    [InlineData("nl-NL", 360, "L&D-beheerder", "Leerregistraties van Eva Visser", "Vul het endpoint van de andere LRS in.")]
    public async Task A_demo_sign_in_shows_in_the_statement_browser_and_the_pages_pass_axe(
        string locale, int width, string role, string heading, string endpointError)
    {
        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await BrowserApp.SignInAsDemoAsync(page, role);
        // The app's worker runs too; this makes the sign-in a statement now rather than within a second.
        await app.Services.GetRequiredService<LearningActsWorker>().DrainAsync();
        var problems = new List<string>();

        async Task CheckAsync(string state)
        {
            problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{state}: {v}"));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 1)
            {
                problems.Add($"{state}: page is {overflow}px wider than the screen");
            }
        }

        await page.GotoAsync("/admin/lrs/statements?actor=Eva%20Visser&verb=" + Uri.EscapeDataString("https://w3id.org/xapi/adl/verbs/logged-in"));
        await page.Locator(".flash--info", new PageLocatorOptions { HasText = heading }).WaitForAsync();
        Assert.True(await page.Locator(".statement-table tbody tr").CountAsync() >= 1, "The demo sign-in is not in the statement browser.");
        await CheckAsync("filtered list");

        await page.Locator(".statement-table tbody tr a").First.ClickAsync();
        await page.Locator("pre.statement-json").WaitForAsync();
        Assert.Contains("https://w3id.org/xapi/adl/verbs/logged-in", await page.Locator("pre.statement-json").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync("one statement");

        // A common given name matches several people: the page asks whose records to show.
        await page.GotoAsync("/admin/lrs/statements?actor=Daan");
        await page.Locator("#choose-person-heading").WaitForAsync();
        await CheckAsync("choosing a person");

        await page.GotoAsync("/admin/lrs/forwarding");
        await page.CheckAsync("#forwarding-enabled");
        await page.FillAsync("#forwarding-endpoint", "");
        await page.ClickAsync("form:has(#forwarding-endpoint) button[type=submit]");
        await page.Locator("#forwarding-endpoint-error", new PageLocatorOptions { HasText = endpointError }).WaitForAsync();
        await CheckAsync("forwarding with an error");

        problems.AddRange(errors);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
