using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Infrastructure;

/// <summary>
/// Guild as a newcomer meets it: Development environment, the small demo organisation seeded on
/// first start, background jobs running, on SQLite; and one headless Chromium (Debian's) to drive it.
/// </summary>
public sealed class BrowserApp : GuildApp
{
    public const string Chromium = "/usr/bin/chromium";

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string EnvironmentName => "Development";

    public IPlaywright Playwright { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Jobs:Enabled"] = "true";
        settings["Jobs:PollInterval"] = "00:00:00.250";
        settings["RateLimits:SignInPerMinute"] = "10000";
    }

    public override async Task InitializeAsync()
    {
        // Pages read the clock; the demo organisation is generated "now" in real time.
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
        await base.InitializeAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (cookies, viewport, language) for one visitor.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900, string locale = "en-GB") =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
            // axe-core is injected as a script; the page's CSP (rightly) forbids that.
            BypassCSP = true,
        });

    /// <summary>Signs in with the demo login button for a role, as a newcomer would.</summary>
    public static async Task SignInAsDemoAsync(IPage page, string roleLabel)
    {
        await page.GotoAsync("/account/sign-in");
        await page.Locator(".demo-sign-in__button", new PageLocatorOptions { HasText = roleLabel }).First.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        Playwright?.Dispose();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "Guild in a browser";
}

/// <summary>
/// The every-page crawl on a Guild and a Chromium of its own, so xUnit runs it beside the feature tests: each side spends
/// much of its time waiting on the other process (the server renders while Chromium idles, and back), so on two cores
/// the pair takes little longer than the longer of the two.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EveryPageCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "Guild in a browser, every page";
}
