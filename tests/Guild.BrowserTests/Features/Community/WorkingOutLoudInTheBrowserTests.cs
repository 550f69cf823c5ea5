using System.Globalization;
using Guild.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Community;

/// <summary>
/// A Working Out Loud week in a browser: the demo Moderator makes a week with prompts in a space they moderate, the demo
/// Employee (a member) answers today's prompt with a Working Out Loud post from the week's page, and the page shows it under
/// today. In English on a desktop and in Dutch on a phone; every page axe clean, nothing wider than the screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkingOutLoudInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "Employee", "Frustration")]
    [InlineData("nl-NL", 360, "Medewerker", "Frustratie")]
    public async Task An_organiser_makes_a_week_with_prompts_a_member_posts_for_the_days_prompt_and_the_week_page_shows_it(string locale, int width,
        string employeeRole, string purposeLabel)
    {
        var problems = new List<string>();
        var unique = Guid.NewGuid().ToString("N")[..6];
        await using var organiserContext = await app.NewContextAsync(width, 800, locale);
        var organiser = await organiserContext.NewPageAsync();
        PageProblems.Watch(organiser, problems);
        await BrowserApp.SignInAsDemoAsync(organiser, "Moderator");
        await organiser.GotoAsync("/community/video-makers");
        await organiser.Locator("a[href='/community/video-makers/wol/new']").ClickAsync();
        await organiser.WaitForURLAsync(url => url.EndsWith("/wol/new", StringComparison.Ordinal));
        await PageProblems.CheckAsync(organiser, problems);
        // The week runs from today (the organisation is in Amsterdam).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).DateTime);
        await organiser.FillAsync("#week-title", $"Week {unique}");
        await organiser.FillAsync("#week-starts", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await organiser.FillAsync("#week-ends", today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await organiser.FillAsync("#week-prompt-0", $"What **slowed you down** today? ({unique})");
        await organiser.FillAsync("#week-prompt-1", "What did you learn from a colleague?");
        await organiser.Locator("form:has(#week-title) button[type=submit]").ClickAsync();
        await organiser.WaitForURLAsync(url => url.Contains("/community/video-makers/wol/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
        await organiser.Locator(".wol-prompt strong", new PageLocatorOptions { HasText = "slowed you down" }).First.WaitForAsync();
        var weekUrl = organiser.Url;
        await PageProblems.CheckAsync(organiser, problems);

        await using var memberContext = await app.NewContextAsync(width, 800, locale);
        var member = await memberContext.NewPageAsync();
        PageProblems.Watch(member, problems);
        await BrowserApp.SignInAsDemoAsync(member, employeeRole);
        await member.GotoAsync(weekUrl);
        await member.Locator("#today-heading").WaitForAsync();
        await PageProblems.CheckAsync(member, problems);
        var title = $"Waiting for the render farm {unique}";
        await member.SelectOptionAsync("#wol-purpose", new SelectOptionValue { Label = purposeLabel });
        await member.FillAsync("#wol-title", title);
        await member.FillAsync("#wol-text", "Forty minutes for a five-minute clip.");
        await member.Locator("form:has(#wol-title) button[type=submit]").ClickAsync();
        await member.Locator(".flash--success").WaitForAsync();
        var todayDay = member.Locator($"#day-{today:yyyy-MM-dd}").Locator("xpath=..");
        await todayDay.Locator("a", new LocatorLocatorOptions { HasText = title }).WaitForAsync();
        // Today lists every Working Out Loud post of the space that day (an earlier run's too); this one carries its purpose.
        var posted = todayDay.Locator("li", new LocatorLocatorOptions { HasText = title });
        Assert.Equal(1, await posted.Locator(".badge", new LocatorLocatorOptions { HasText = purposeLabel }).CountAsync());
        await PageProblems.CheckAsync(member, problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
