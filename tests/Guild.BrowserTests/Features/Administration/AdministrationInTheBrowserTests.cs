using Guild.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Administration;

/// <summary>
/// The states of the administration pages the crawl cannot reach by following links: a new token's
/// secret with its copy button, a form with errors, the audit log with entries, and revoking after the
/// confirm question. Each must work and pass axe, in English on a desktop and in Dutch on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdministrationInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "L&D admin", "Copied to the clipboard.", "Enter a name of 1 to 200 characters.")]
    [InlineData("nl-NL", 360, "L&D-beheerder", "Gekopieerd naar het klembord.", "Vul een naam in van 1 tot 200 tekens.")]
    public async Task Token_secret_form_errors_audit_entries_and_revoking_work_and_pass_axe(
        string locale, int width, string role, string copied, string nameError)
    {
        await using var context = await app.NewContextAsync(width, 800, locale);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await BrowserApp.SignInAsDemoAsync(page, role);
        var problems = new List<string>();

        async Task CheckAsync(string state)
        {
            problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{state}: {v}"));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 1)
            {
                problems.Add($"{state}: page is {overflow}px wider than the screen");
                var wide = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 12).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
                problems.Add($"{state}: sticking out: {string.Join(" | ", wide)}");
            }
        }

        // A new token: the secret is shown once, and the copy button (hidden without script) copies it.
        var name = "Browser token " + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync("/account/api-tokens");
        await page.FillAsync("#token-name", name);
        await page.ClickAsync("form:has(#token-name) button[type=submit]");
        await page.Locator("#new-token-secret").WaitForAsync();
        var secret = await page.InputValueAsync("#new-token-secret");
        Assert.StartsWith("guild_", secret, StringComparison.Ordinal);
        var copy = page.Locator("[data-copy]");
        await copy.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await copy.ClickAsync();
        await page.Locator("[data-copy-status]", new PageLocatorOptions { HasText = copied }).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await CheckAsync("new token");

        // Revoking asks first; accepting revokes.
        await page.GotoAsync("/account/api-tokens");
        string? question = null;
        page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        var row = page.Locator("tr", new PageLocatorOptions { HasText = name });
        await row.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account/api-tokens");
        await page.Locator(".flash--success").WaitForAsync();
        Assert.Contains(name, question, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("tr", new PageLocatorOptions { HasText = name }).Locator("button[type=submit]").CountAsync());
        await CheckAsync("after revoking");

        // Organisation settings with an error: the message is beside the field, and nothing is lost.
        await page.GotoAsync("/admin/organisation");
        await page.FillAsync("#name", "");
        await page.ClickAsync("form:has(#name) button[type=submit]");
        await page.Locator("#name-error", new PageLocatorOptions { HasText = nameError }).WaitForAsync();
        await CheckAsync("settings with an error");

        // The audit log now holds the token's creation and revocation, with details.
        await page.GotoAsync("/admin/audit?action=api-token.created");
        await page.Locator("td", new PageLocatorOptions { HasText = name }).First.WaitForAsync();
        await CheckAsync("audit log");

        await page.GotoAsync("/admin/system");
        await CheckAsync("system");

        problems.AddRange(errors);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
