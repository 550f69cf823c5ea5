using System.Text;
using Guild.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Administration;

/// <summary>
/// An admin on a 360 px phone: the wide tables (audit log, jobs, learning records, an import's columns)
/// turn into cards, so every value is on the screen without scrolling sideways, and the admin overview
/// passes axe. With GUILD_SCREENSHOTS set to a folder, each page is also saved there as a PNG.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneInTheBrowserTests(BrowserApp app)
{
    private const int Width = 360;

    [Theory]
    [InlineData("nl-NL", "L&D-beheerder")]
    [InlineData("en-GB", "L&D admin")]
    public async Task Wide_tables_become_cards_with_every_value_on_a_phone_and_the_admin_overview_passes_axe(string locale, string role)
    {
        await using var context = await app.NewContextAsync(Width, 780, locale);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await BrowserApp.SignInAsDemoAsync(page, role);
        var tag = Guid.NewGuid().ToString("N")[..8];

        // Real entries for the audit log and the jobs: a clean import (people, a department, a role),
        // then a rejected one, which the admin overview shows as needing attention.
        await UploadAsync(page, $"email,given_name,family_name,department,roles\nphone.{tag}@browser.example,Pia,Phone,Phones {tag},Champion\n");
        await page.Locator(".flash--success").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await SaveAsync(page, $"import-done-{locale}");
        await UploadAsync(page, "email,given_name,family_name\nnot-an-email,Nora,No\n");
        await page.Locator(".flash--error").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await SaveAsync(page, $"import-rejected-{locale}");

        // A service token, so the token list has a row to show.
        await page.GotoAsync("/admin/api-tokens");
        await page.FillAsync("#service-name", "Phone " + tag);
        await page.ClickAsync("form:has(#service-name) button[type=submit]");
        await page.Locator("#new-token-secret").WaitForAsync();

        var problems = new List<string>();
        foreach (var path in new[] { "/admin/audit", "/admin/jobs", "/admin/lrs/statements", "/admin/people/import", "/admin/api-tokens", "/admin/system" })
        {
            await page.GotoAsync(path);
            problems.AddRange((await CardProblemsAsync(page)).Select(problem => $"{path}: {problem}"));
            await SaveAsync(page, path.Trim('/').Replace('/', '-') + "-" + locale);
        }
        // The audit log shows the import in words, every value of the entry on the screen.
        await page.GotoAsync("/admin/audit");
        Assert.True(await page.Locator(".audit-table td", new PageLocatorOptions { HasText = locale.StartsWith("nl", StringComparison.Ordinal) ? "Medewerkers geïmporteerd" : "Imported people" }).CountAsync() > 0);

        await page.GotoAsync("/admin");
        await SaveAsync(page, $"admin-{locale}");
        problems.AddRange((await Axe.ViolationsAsync(page)).Select(violation => $"/admin: {violation}"));
        problems.AddRange((await CardProblemsAsync(page)).Select(problem => $"/admin: {problem}"));
        Assert.True(await page.Locator(".attention-list a[href='/admin/people/import']").CountAsync() == 1, "The rejected import is not among what needs attention.");
        Assert.True(await page.Locator(".admin-areas a").CountAsync() >= 11, "The overview does not list every admin area.");

        problems.AddRange(errors);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>
    /// What keeps a value off a phone's screen: a page or table box wider than the screen, a cell that
    /// ends beyond its right edge, or a card's cell without the label that names its column.
    /// </summary>
    private static async Task<IReadOnlyList<string>> CardProblemsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => {
              const problems = [];
              const width = window.innerWidth;
              if (document.documentElement.scrollWidth > width + 1) {
                problems.push(`the page is ${document.documentElement.scrollWidth - width}px wider than the screen`);
              }
              for (const wrap of document.querySelectorAll('.table-wrap')) {
                if (wrap.scrollWidth > wrap.clientWidth + 1) {
                  problems.push(`a table (${wrap.querySelector('table')?.className}) scrolls sideways by ${wrap.scrollWidth - wrap.clientWidth}px`);
                }
              }
              for (const table of document.querySelectorAll('table.table--cards')) {
                if (table.querySelector('thead')?.getBoundingClientRect().height > 1) {
                  problems.push('a card table still shows its header row');
                }
                for (const cell of table.querySelectorAll('tbody td, tbody th')) {
                  const box = cell.getBoundingClientRect();
                  if (box.right > width + 1 || box.left < -1) {
                    problems.push(`"${cell.textContent.trim().slice(0, 40)}" reaches beyond the screen (${Math.round(box.left)}–${Math.round(box.right)}px)`);
                  }
                  const label = getComputedStyle(cell, '::before').content;
                  if (!cell.dataset.label || label === 'none' || label === '""') {
                    problems.push(`"${cell.textContent.trim().slice(0, 40)}" has no column label`);
                  }
                }
              }
              return problems.slice(0, 20);
            }
            """);

    private static async Task UploadAsync(IPage page, string csv)
    {
        await page.GotoAsync("/admin/people/import");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.Locator("form:has(#file) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/admin/people/import/", StringComparison.Ordinal));
    }

    /// <summary>Keeps a full-page picture when asked to (GUILD_SCREENSHOTS=folder), for people to look at.</summary>
    private static async Task SaveAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("GUILD_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }
}
