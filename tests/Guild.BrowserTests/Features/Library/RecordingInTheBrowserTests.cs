using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Library;

/// <summary>
/// The demo champion records a screen with Chromium's fake media devices (its own browser, launched with the flags that
/// accept the share and the microphone without asking), previews and trims it, uploads it, describes it in the editor,
/// follows the processing, publishes it and plays it; the recorder page is axe clean in both languages and at phone width.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecordingInTheBrowserTests(BrowserApp app)
{
    [Fact]
    public async Task A_champion_records_the_screen_uploads_describes_publishes_and_plays_it()
    {
        await using var browser = await app.Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserApp.Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--auto-accept-this-tab-capture",
                "--auto-select-desktop-capture-source=Entire screen", "--auto-select-tab-capture-source-by-title=Record",
            ],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-GB",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "en-GB" }, BypassCSP = true,
            Permissions = ["microphone", "camera"],
        });
        var page = await context.NewPageAsync();
        await BrowserApp.SignInAsDemoAsync(page, "Knowledge Champion");
        await page.GotoAsync("/library/record");
        var start = page.Locator("[data-recorder-start]");
        await start.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        Assert.Empty(await Axe.ViolationsAsync(page));

        await start.ClickAsync();
        await page.Locator("[data-recorder-live]").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await page.Locator("[data-recorder-pause]").ClickAsync();
        await page.Locator("[data-recorder-continue]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-recorder-time]').textContent.includes('0:03')", null,
            new PageWaitForFunctionOptions { Timeout = 20_000 });
        await page.Locator("[data-recorder-stop]").ClickAsync();
        await page.Locator("[data-recorder-preview]").WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
        await page.Locator("[data-recorder-trim-start]").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Locator("[data-recorder-upload]").ClickAsync();

        try
        {
            await page.WaitForURLAsync(url => url.Contains("/library/new?kind=ScreenRecording", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No editor after the upload; the recorder says: {await page.Locator("[data-recorder-status]").TextContentAsync()}");
        }
        Assert.Contains("trimStart=0.5", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#title", "Recorded in the browser");
        await page.FillAsync("#summary", "A screen recording made with the studio.");
        // A component the demo champion champions (the editor lists the whole map).
        var championed = await app.WithDbAsync(db => db.Set<ComponentChampion>()
            .Where(c => c.EndedAt == null && db.Users.Any(u => u.Id == c.PersonId && u.Email == "daan.bakker@noordwind.example"))
            .Select(c => c.ComponentId).FirstAsync());
        await page.Locator($"#component-{championed}").CheckAsync();
        await page.Locator("main form button[type=submit].btn-primary").ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/library/new", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var said = await page.Locator(".flash--error, .field-error, [role=alert], [data-upload-status]").AllTextContentsAsync();
            Assert.Fail($"The editor did not save the recording: {string.Join(" | ", said)}");
        }

        // The transcode runs on the media queue; the progress component reloads the page when it ends.
        await page.Locator(".media-player video").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        await page.Locator("form button", new PageLocatorOptions { HasText = "Publish now" }).ClickAsync();
        await page.Locator(".flash--success").WaitForAsync();
        Assert.NotNull(await page.Locator(".media-player video").GetAttributeAsync("data-resource-progress"));
    }
}
