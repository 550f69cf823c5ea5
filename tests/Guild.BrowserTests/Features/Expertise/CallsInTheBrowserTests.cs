using Guild.BrowserTests.Infrastructure;
using Guild.Tests.Features.Expertise;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Expertise;

/// <summary>
/// The call for champions from end to end, as people click through it: an L&amp;D admin writes and sends a call, the
/// demo employee sees the banner and volunteers, the admin approves, and the new champion sees the onboarding
/// checklist. Every step passes axe and fits the screen, in English on a desktop and in Dutch on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CallsInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "L&D admin", "Employee", "Answer the call", "Complete your profile")]
    [InlineData("nl-NL", 360, "L&D-beheerder", "Medewerker", "Beantwoord de oproep", "Maak je profiel compleet")]
    public async Task Admin_sends_a_call_employee_volunteers_admin_approves_and_the_champion_sees_the_checklist(
        string locale, int width, string adminRole, string employeeRole, string answerCall, string completeProfile)
    {
        var capability = await app.CreateCapabilityAsync("Browser know-how", "Screen recording", "Voice-over");
        var title = "Browser call " + Guid.NewGuid().ToString("N")[..6];
        var problems = new List<string>();

        async Task CheckAsync(IPage page, string state)
        {
            problems.AddRange((await Axe.ViolationsAsync(page)).Select(v => $"{state}: {v}"));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 1)
            {
                var wide = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className)");
                problems.Add($"{state}: page is {overflow}px wider than the screen: {string.Join(" | ", wide)}");
            }
        }

        // The admin writes the call and sends it.
        await using var adminContext = await app.NewContextAsync(width, 800, locale);
        var admin = await adminContext.NewPageAsync();
        admin.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await BrowserApp.SignInAsDemoAsync(admin, adminRole);
        await admin.GotoAsync("/admin/calls/new");
        await CheckAsync(admin, "new call");
        await admin.FillAsync("#title", title);
        await admin.FillAsync("#message", "Who would share what they know?");
        await admin.SelectOptionAsync("#capability", capability.Id.ToString());
        foreach (var component in capability.Components)
        {
            await admin.CheckAsync($"#component-{component.Id}");
        }
        await admin.CheckAsync("#audience-all");
        // Sooner than the demo's open call, so the banner shows this one first.
        await admin.FillAsync("#closes-on", app.Clock.GetUtcNow().AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await admin.ClickAsync("form:has(#title) button[type=submit]");
        await admin.WaitForURLAsync(url => !url.EndsWith("/admin/calls/new", StringComparison.Ordinal));
        var callPath = new Uri(admin.Url).AbsolutePath;
        await CheckAsync(admin, "draft");
        await admin.ClickAsync("form[data-confirm] button[type=submit]");
        await admin.Locator(".flash--success").WaitForAsync();
        await CheckAsync(admin, "sent call");
        var callId = callPath["/admin/calls/".Length..];

        // The employee sees the banner and volunteers.
        await using var employeeContext = await app.NewContextAsync(width, 800, locale);
        var employee = await employeeContext.NewPageAsync();
        await BrowserApp.SignInAsDemoAsync(employee, employeeRole);
        await employee.GotoAsync("/");
        var banner = employee.Locator(".call-banner", new PageLocatorOptions { HasText = title });
        await banner.WaitForAsync();
        await CheckAsync(employee, "home with the banner");
        await banner.Locator("a", new LocatorLocatorOptions { HasText = answerCall }).ClickAsync();
        await employee.WaitForURLAsync($"**/calls/{callId}");
        await CheckAsync(employee, "the call");
        var first = capability.Components[0].Id;
        await employee.CheckAsync($"#offer-{first}");
        await employee.SelectOptionAsync($"#level-{first}", "CanTeachIt");
        await employee.FillAsync("#hours", "4");
        await employee.CheckAsync("#format-ScreenRecording");
        await employee.ClickAsync("form:has(#hours) button[type=submit]");
        await employee.Locator(".flash--success").WaitForAsync();
        await CheckAsync(employee, "answered");

        // The admin approves in the review queue.
        await admin.GotoAsync($"/admin/calls/{callId}/review");
        await CheckAsync(admin, "review queue");
        await admin.Locator("tbody tr").First.Locator("input[type=checkbox]").CheckAsync();
        await admin.FillAsync("#decision-message", "Welcome!");
        await admin.ClickAsync("button[value=approve]");
        await admin.Locator(".flash--success").WaitForAsync();
        await CheckAsync(admin, "approved");

        // The new champion sees the checklist.
        await employee.GotoAsync("/champion");
        await employee.Locator(".checklist", new PageLocatorOptions { HasText = completeProfile }).WaitForAsync();
        await CheckAsync(employee, "checklist");

        Assert.Empty(problems);
    }
}
