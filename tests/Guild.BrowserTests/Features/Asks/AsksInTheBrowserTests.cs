using System.Text.RegularExpressions;
using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Asks;

/// <summary>
/// The ask loop in a browser: a colleague types a question and sees the library's suggestions, then posts it on a
/// component the demo champion champions; the L&amp;D admin finds it on the restock board; the champion answers it (with a
/// screen recording made on the spot, or in words on a phone in Dutch); the asker confirms "solved"; the ask has left the
/// restock board. Every page axe clean, nothing wider than the screen, no script error.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AsksInTheBrowserTests(BrowserApp app)
{
    [Fact]
    public async Task A_colleague_asks_a_champion_answers_with_a_recording_and_the_asker_confirms_it_solved()
    {
        var problems = new List<string>();
        var question = $"How do I cut a reel for the {Guid.NewGuid().ToString("N")[..6]} launch?";
        var (component, askUrl) = await AskAsync("en-GB", 1280, "Employee", question, problems);
        await SeeOnRestockBoardAsync("en-GB", 1280, component, question, expected: true, problems);

        // The champion's own browser: fake screen and microphone, accepted without asking.
        await using (var browser = await app.Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserApp.Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--auto-accept-this-tab-capture",
                "--auto-select-desktop-capture-source=Entire screen", "--auto-select-tab-capture-source-by-title=Record",
            ],
        }))
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = app.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-GB", BypassCSP = true,
                ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "en-GB" }, Permissions = ["microphone", "camera"],
            });
            var page = await context.NewPageAsync();
            PageProblems.Watch(page, problems);
            await BrowserApp.SignInAsDemoAsync(page, "Knowledge Champion");
            await page.GotoAsync(askUrl);
            await PageProblems.CheckAsync(page, problems);
            await page.Locator("a", new PageLocatorOptions { HasText = "Record your screen for this answer" }).ClickAsync();
            var start = page.Locator("[data-recorder-start]");
            await start.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
            await start.ClickAsync();
            await page.Locator("[data-recorder-live]").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
            await page.WaitForFunctionAsync("() => document.querySelector('[data-recorder-time]').textContent.includes('0:02')", null,
                new PageWaitForFunctionOptions { Timeout = 20_000 });
            await page.Locator("[data-recorder-stop]").ClickAsync();
            await page.Locator("[data-recorder-preview]").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
            await page.Locator("[data-recorder-upload]").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/library/new?kind=ScreenRecording", StringComparison.Ordinal) && url.Contains("ask=", StringComparison.Ordinal),
                new PageWaitForURLOptions { Timeout = 30_000 });
            // The editor proposes the question as the title and says what publishing will do.
            Assert.Equal(question, await page.InputValueAsync("#title"));
            Assert.Contains(question, await page.Locator(".flash--info").TextContentAsync() ?? "", StringComparison.Ordinal);
            Assert.True(await page.Locator($"#component-{component}").IsCheckedAsync());
            await page.FillAsync("#summary", "Trim in the timeline, then export as 9:16.");
            await page.Locator("main form button[type=submit].btn-primary").ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/library/new", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
            await page.Locator(".media-player video").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
            await page.Locator("form button", new PageLocatorOptions { HasText = "Publish now" }).ClickAsync();
            await page.Locator(".flash--success").WaitForAsync();
        }

        await ConfirmSolvedAsync("en-GB", 1280, "Employee", askUrl, "Solved", problems);
        await SeeOnRestockBoardAsync("en-GB", 1280, component, question, expected: false, problems);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task On_a_phone_in_Dutch_a_colleague_asks_a_champion_answers_in_words_and_the_asker_confirms()
    {
        var problems = new List<string>();
        var question = $"Hoe exporteer ik een verticale video voor {Guid.NewGuid().ToString("N")[..6]}?";
        var (component, askUrl) = await AskAsync("nl-NL", 360, "Medewerker", question, problems);
        await SeeOnRestockBoardAsync("nl-NL", 360, component, question, expected: true, problems);

        await using (var context = await app.NewContextAsync(360, 800, "nl-NL"))
        {
            var page = await context.NewPageAsync();
            PageProblems.Watch(page, problems);
            await BrowserApp.SignInAsDemoAsync(page, "Knowledge Champion");
            await page.GotoAsync(askUrl);
            await page.FillAsync("#answer-text", "Kies **Exporteren → 9:16** en zet de bitrate op 8 Mbit/s.");
            await page.Locator("form button[type=submit]", new PageLocatorOptions { HasText = "Beantwoorden" }).ClickAsync();
            await page.Locator(".flash--success").WaitForAsync();
            Assert.Contains("9:16", await page.Locator(".ask-answer").First.TextContentAsync() ?? "", StringComparison.Ordinal);
            await PageProblems.CheckAsync(page, problems);
        }

        await ConfirmSolvedAsync("nl-NL", 360, "Medewerker", askUrl, "Opgelost", problems);
        await SeeOnRestockBoardAsync("nl-NL", 360, component, question, expected: false, problems);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Types a question, sees suggestions appear while typing, chooses the demo champion's component and posts.</summary>
    private async Task<(Guid Component, string AskUrl)> AskAsync(string locale, int width, string login, string question, List<string> problems)
    {
        var component = await app.WithDbAsync(db => db.Set<ComponentChampion>()
            .Where(c => c.EndedAt == null && db.Users.Any(u => u.Id == c.PersonId && u.Email == "daan.bakker@noordwind.example"))
            .OrderBy(c => c.ComponentId).Select(c => c.ComponentId).FirstAsync());
        var known = await app.WithDbAsync(db => db.Set<Resource>()
            .Where(r => r.Status == ResourceStatus.Published && r.Kind == ResourceKind.Article).OrderBy(r => r.Id).Select(r => r.Title).FirstAsync());

        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        PageProblems.Watch(page, problems);
        await BrowserApp.SignInAsDemoAsync(page, login);
        await page.GotoAsync("/asks/new");
        await page.Locator("#ask-title").PressSequentiallyAsync(known, new LocatorPressSequentiallyOptions { Delay = 10 });
        // What the library already has shows while typing, before anything is posted.
        await page.Locator("#ask-suggestions:not([hidden]) [data-suggestion-list] a").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await PageProblems.CheckAsync(page, problems);

        await page.FillAsync("#ask-title", question);
        await page.FillAsync("#ask-body", "I tried the export dialog but the sides are cut off.");
        await page.SelectOptionAsync("#ask-component", component.ToString());
        await page.Locator("form button[type=submit].btn-primary").ClickAsync();
        await page.WaitForURLAsync(url => AskPath().IsMatch(new Uri(url).AbsolutePath), new PageWaitForURLOptions { Timeout = 15_000 });
        Assert.Equal(question, await page.Locator("h1").TextContentAsync());
        await PageProblems.CheckAsync(page, problems);
        return (component, new Uri(page.Url).AbsolutePath);
    }

    private async Task SeeOnRestockBoardAsync(string locale, int width, Guid component, string question, bool expected, List<string> problems)
    {
        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        PageProblems.Watch(page, problems);
        await BrowserApp.SignInAsDemoAsync(page, locale.StartsWith("nl", StringComparison.Ordinal) ? "L&D-beheerder" : "L&D admin");
        await page.GotoAsync($"/restock?kind=Ask&component={component}");
        var board = await page.Locator("main").TextContentAsync() ?? "";
        Assert.True(board.Contains(question, StringComparison.Ordinal) == expected,
            expected ? $"The open ask is not on the restock board: {board}" : "The answered ask is still on the restock board.");
        await PageProblems.CheckAsync(page, problems);
    }

    private async Task ConfirmSolvedAsync(string locale, int width, string login, string askUrl, string solved, List<string> problems)
    {
        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        PageProblems.Watch(page, problems);
        await BrowserApp.SignInAsDemoAsync(page, login);
        await page.GotoAsync(askUrl);
        await page.Locator(".ask-answer").First.WaitForAsync();
        await PageProblems.CheckAsync(page, problems);
        await page.Locator("form button[type=submit]", new PageLocatorOptions { HasText = solved }).ClickAsync();
        await page.Locator(".flash--success").WaitForAsync();
        await PageProblems.CheckAsync(page, problems);
    }

    [GeneratedRegex("^/asks/[0-9a-f-]{36}$")]
    private static partial Regex AskPath();
}
