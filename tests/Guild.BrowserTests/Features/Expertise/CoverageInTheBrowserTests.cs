using Guild.BrowserTests.Infrastructure;
using Guild.Tests.Features.Expertise;
using Guild.Web.Platform.Identity;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Expertise;

/// <summary>
/// The coverage page on a 360 px phone, in English and Dutch: the chart library (ECharts from npm, served from
/// wwwroot/lib) draws its SVG under Guild's real Content-Security-Policy without a console error, the data stays
/// on the page as a table, every value fits the screen, and axe finds nothing.
/// With GUILD_SCREENSHOTS set to a folder, the page is also saved there as a PNG.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CoverageInTheBrowserTests(BrowserApp app)
{
    private const int Width = 360;

    [Theory]
    [InlineData("en-GB", "L&D admin")]
    [InlineData("nl-NL", "L&D-beheerder")]
    public async Task The_coverage_page_draws_its_chart_under_the_real_CSP_and_passes_axe_on_a_phone(string locale, string role)
    {
        var capability = await app.CreateCapabilityAsync("Nieuwe media", "Korte video", "Korte video/Belichting", "Podcasts", "Sociale media");
        var first = await app.CreatePersonAsync("Kim", "Kampioen", [Roles.Employee, Roles.Champion]);
        var second = await app.CreatePersonAsync("Bo", "Bakker", [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(first.Id, capability.Components[0].Id);
        await app.MakeChampionAsync(second.Id, capability.Components[0].Id);
        await app.MakeChampionAsync(first.Id, capability.Components[2].Id);
        var path = $"/admin/coverage/{capability.Id}";

        // Guild's own CSP in force (no bypass): a script or style the policy refuses shows as a console error.
        await using (var strict = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = Width, Height = 780 },
            Locale = locale,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = locale },
        }))
        {
            var page = await strict.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add(message.Text);
                }
            };
            page.PageError += (_, error) => errors.Add(error);
            await BrowserApp.SignInAsDemoAsync(page, role);
            await page.GotoAsync(path);
            var chart = page.Locator("[data-coverage-chart] svg");
            await chart.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            Assert.True(await page.Locator("[data-coverage-chart] svg path").CountAsync() >= 3, "The chart has no bars.");
            Assert.Equal("img", await page.Locator("[data-coverage-chart]").GetAttributeAsync("role"));
            Assert.Equal(3, await page.Locator("#coverage-distribution tbody tr").CountAsync());
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        }

        await using var context = await app.NewContextAsync(Width, 780, locale);
        var audited = await context.NewPageAsync();
        await BrowserApp.SignInAsDemoAsync(audited, role);
        await audited.GotoAsync(path);
        await audited.Locator("[data-coverage-chart] svg").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await SaveAsync(audited, $"coverage-{locale}");
        var problems = new List<string>(await Axe.ViolationsAsync(audited));
        problems.AddRange(await audited.EvaluateAsync<string[]>("""
            () => {
              const problems = [];
              if (document.documentElement.scrollWidth > window.innerWidth + 1) {
                problems.push(`the page is ${document.documentElement.scrollWidth - window.innerWidth}px wider than the screen`);
              }
              for (const cell of document.querySelectorAll('.coverage-table tbody :is(td, th)')) {
                const box = cell.getBoundingClientRect();
                if (box.right > window.innerWidth + 1) {
                  problems.push(`"${cell.textContent.trim().slice(0, 40)}" reaches beyond the screen`);
                }
              }
              return problems;
            }
            """));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        var summary = await audited.Locator("[data-coverage-summary]").InnerTextAsync();
        Assert.Contains(locale.StartsWith("nl", StringComparison.Ordinal) ? "2 van de 4 onderdelen hebben geen kampioen" : "2 of 4 components have no champion",
            summary, StringComparison.Ordinal);
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("GUILD_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }
}
