using System.Globalization;
using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Events;

/// <summary>
/// A festival from the organiser's pages to a colleague's schedule, in English on a laptop and in Dutch on a 360 px phone: the L&amp;D admin
/// creates a draft festival, adds a workshop on the workshop form, publishes it (answering the confirm), and Sanne adds the workshop to her
/// schedule. Every page passes axe, fits the screen and logs no errors.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FestivalsInTheBrowserTests(BrowserApp app)
{
    public static TheoryData<string, int> Screens() => new() { { "en-GB", 1280 }, { "nl-NL", 360 } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task An_organiser_creates_a_festival_adds_a_workshop_and_publishes_it_and_a_colleague_schedules_the_workshop(string locale, int width)
    {
        var dutch = locale.StartsWith("nl", StringComparison.Ordinal);
        var name = $"Browser festival {Guid.NewGuid():N}"[..30];
        // Each screen's festival on its own day, well after the demo festival: Sanne's schedule refuses two workshops at the same time.
        var firstDay = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(dutch ? 41 : 40);
        var problems = new List<string>();
        var (adminContext, admin) = await OpenAsync(locale, width, dutch ? "L&D-beheerder" : "L&D admin", problems);
        await using var _ = adminContext;
        admin.Dialog += async (_, dialog) => await dialog.AcceptAsync();

        // A draft festival with two rooms.
        await admin.GotoAsync("/festivals/new");
        await PageProblems.CheckAsync(admin, problems);
        await admin.FillAsync("#name", name);
        await admin.FillAsync("#description", "Workshops by colleagues, for colleagues.");
        await admin.FillAsync("#firstDay", firstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await admin.FillAsync("#lastDay", firstDay.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await admin.FillAsync("#rooms", "Main stage; 40\nStudio; 12");
        await admin.Locator("form:has(input[name=_handler][value=festival-form]) button[type=submit]").ClickAsync();
        await admin.Locator(".flash--success").WaitForAsync();
        var festivalId = await app.WithDbAsync(db => db.Set<Festival>().Where(f => f.Name == name).Select(f => f.Id).SingleAsync());
        await PageProblems.CheckAsync(admin, problems);

        // A workshop in the studio on the first day, hosted by the admin herself.
        var adminEmail = DemoAccounts.All.Single(a => a.Role == Roles.LearningAdmin).Email;
        await admin.GotoAsync($"/festivals/{festivalId}/workshops/new");
        await PageProblems.CheckAsync(admin, problems);
        await admin.FillAsync("#title", "Sketchnoting for beginners");
        await admin.FillAsync("#starts", "10:00");
        await admin.FillAsync("#ends", "11:00");
        await admin.Locator("#room").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await admin.FillAsync("#capacity", "12");
        await admin.FillAsync("#hosts", adminEmail);
        await admin.Locator("#save-workshop").ClickAsync();
        await admin.Locator(".flash--success").WaitForAsync();
        await PageProblems.CheckAsync(admin, problems);
        var workshopId = await app.WithDbAsync(db => db.Set<GuildEvent>().Where(e => e.FestivalId == festivalId).Select(e => e.Id).SingleAsync());

        // Publish, answering the confirm.
        await admin.GotoAsync($"/festivals/{festivalId}/edit");
        await PageProblems.CheckAsync(admin, problems);
        await admin.Locator("#publish-festival").ClickAsync();
        await admin.Locator(".flash--success").WaitForAsync();
        Assert.Equal(FestivalStatus.Published, await app.WithDbAsync(db => db.Set<Festival>().Where(f => f.Id == festivalId).Select(f => f.Status).SingleAsync()));
        await admin.GotoAsync($"/festivals/{festivalId}/partners");
        await PageProblems.CheckAsync(admin, problems);
        await admin.GotoAsync($"/festivals/{festivalId}/proposals");
        await PageProblems.CheckAsync(admin, problems);

        // Sanne finds it in the programme and adds the workshop to her schedule.
        var (sanneContext, sanne) = await OpenAsync(locale, width, dutch ? "Medewerker" : "Employee", problems);
        await using var __ = sanneContext;
        await sanne.GotoAsync($"/festivals/{festivalId}");
        await PageProblems.CheckAsync(sanne, problems);
        await sanne.Locator($"button[name='Form.Add'][value='{workshopId}']:visible").ClickAsync();
        // Either way the answer is on the page; a refusal's own words make a failing test say why.
        await sanne.Locator(".flash--success, #festival-failure").First.WaitForAsync();
        Assert.Equal("", await sanne.Locator("#festival-failure").CountAsync() > 0 ? await sanne.Locator("#festival-failure").InnerTextAsync() : "");
        await sanne.Locator("#schedule-heading").WaitForAsync();
        await PageProblems.CheckAsync(sanne, problems);
        var sanneEmail = DemoAccounts.All.Single(a => a.Role == Roles.Employee).Email;
        Assert.True(await app.WithDbAsync(db => db.Set<FestivalScheduleEntry>()
            .AnyAsync(s => s.EventId == workshopId && db.Set<Guild.Web.Features.People.Person>().Any(p => p.Id == s.PersonId && p.Account.Email == sanneEmail))));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private async Task<(IBrowserContext Context, IPage Page)> OpenAsync(string locale, int width, string role, List<string> problems)
    {
        var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        PageProblems.Watch(page, problems);
        await BrowserApp.SignInAsDemoAsync(page, role);
        return (context, page);
    }
}
