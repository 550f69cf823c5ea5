using System.Security.Cryptography;
using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Events;

/// <summary>
/// An event from the door's point of view, in English on a laptop and in Dutch on a 360 px phone: Sanne registers for the last place,
/// Fatima joins the waiting list, Sanne cancels, Fatima accepts the offered place and shows her ticket, and the L&amp;D admin checks her in
/// by typing the ticket's code on the phone; Fatima then finds a community space's events on its home and subscribes to them. Every page
/// passes axe, fits the screen and logs no errors.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EventsInTheBrowserTests(BrowserApp app)
{
    public static TheoryData<string, int> Screens() => new() { { "en-GB", 1280 }, { "nl-NL", 360 } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Register_wait_accept_an_offer_and_check_in_on_a_phone(string locale, int width)
    {
        var dutch = locale.StartsWith("nl", StringComparison.Ordinal);
        var eventId = await OneSeatEventAsync($"Browser lecture {Guid.NewGuid():N}"[..30]);
        var problems = new List<string>();
        var (sanneContext, sanne) = await OpenAsync(locale, width, dutch ? "Medewerker" : "Employee", problems);
        await using var _ = sanneContext;
        var (fatimaContext, fatima) = await OpenAsync(locale, width, "Moderator", problems);
        await using var __ = fatimaContext;
        var (adminContext, admin) = await OpenAsync(locale, width, dutch ? "L&D-beheerder" : "L&D admin", problems);
        await using var ___ = adminContext;

        // Sanne takes the one place.
        await sanne.GotoAsync("/events");
        await PageProblems.CheckAsync(sanne, problems);
        await sanne.GotoAsync($"/events/{eventId}");
        await sanne.Locator("form:has(input[name=_handler][value=register]) button[type=submit]").ClickAsync();
        await sanne.Locator(".flash--success").WaitForAsync();
        await PageProblems.CheckAsync(sanne, problems);

        // Fatima finds it full and joins the waiting list.
        await fatima.GotoAsync($"/events/{eventId}");
        await fatima.Locator("input[name='Register.JoinWaitingList']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await fatima.Locator("form:has(input[name=_handler][value=register]) button[type=submit]").ClickAsync();
        await fatima.Locator(".flash--success").WaitForAsync();
        await PageProblems.CheckAsync(fatima, problems);

        // Sanne cancels; the place is offered to Fatima, who accepts it and shows her ticket.
        await sanne.Locator("form:has(input[name=_handler][value=cancel-registration]) button[type=submit]").ClickAsync();
        await sanne.Locator(".flash--success").WaitForAsync();
        await fatima.GotoAsync($"/events/{eventId}");
        await fatima.Locator("button[name=answer][value=accept]").ClickAsync();
        await fatima.Locator(".flash--success").WaitForAsync();
        await PageProblems.CheckAsync(fatima, problems);
        await fatima.GotoAsync($"/events/{eventId}/ticket");
        await fatima.Locator(".ticket-qr").WaitForAsync();
        await PageProblems.CheckAsync(fatima, problems);
        var code = (await fatima.Locator("#ticket-code").InnerTextAsync()).Trim();

        // The admin checks her in by typing the code on the phone-sized check-in page; twice is safe.
        await admin.SetViewportSizeAsync(360, 740);
        await admin.GotoAsync($"/events/{eventId}/check-in");
        await PageProblems.CheckAsync(admin, problems);
        await admin.FillAsync("#code", code);
        await admin.Locator("#check-in-form button[type=submit]").ClickAsync();
        await admin.Locator("#check-in-outcome.flash--success").WaitForAsync();
        await PageProblems.CheckAsync(admin, problems);
        await admin.FillAsync("#code", code);
        await admin.Locator("#check-in-form button[type=submit]").ClickAsync();
        await admin.Locator("#check-in-outcome.field__error").WaitForAsync();
        Assert.NotNull(await app.WithDbAsync(db => db.Set<EventRegistration>().Where(r => r.EventId == eventId && r.Status == RegistrationStatus.Registered)
            .Select(r => r.CheckedInAt).SingleAsync()));

        // A community space's home lists its upcoming events ("n of m places") and offers its feed under Fatima's own calendar link
        // (the demo Moderator is in every demo space; "Video makers" has demo events).
        await fatima.GotoAsync("/community/video-makers");
        await fatima.Locator("#space-events-heading").WaitForAsync();
        Assert.True(await fatima.Locator(".space-events__list li").CountAsync() >= 2);
        await PageProblems.CheckAsync(fatima, problems);
        await fatima.Locator("form:has(input[name=_handler][value=space-events-feed]) button[type=submit]").ClickAsync();
        await fatima.Locator("#space-feed-url").WaitForAsync();
        Assert.StartsWith("webcal://", await fatima.Locator("#space-feed-webcal").GetAttributeAsync("href") ?? "", StringComparison.Ordinal);
        await PageProblems.CheckAsync(fatima, problems);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>An event two days ahead with one place, organised by the demo L&amp;D admin.</summary>
    private async Task<Guid> OneSeatEventAsync(string title)
    {
        var admin = DemoAccounts.All.Single(a => a.Role == Roles.LearningAdmin);
        return await app.WithDbAsync(async db =>
        {
            var adminId = await db.Set<Person>().Where(p => p.Account.Email == admin.Email).Select(p => p.Id).SingleAsync();
            var now = app.Clock.GetUtcNow();
            var planned = new GuildEvent
            {
                Id = Guid.CreateVersion7(), Title = title, Description = "One **seat** only.", StartsAt = now.AddDays(2), EndsAt = now.AddDays(2).AddHours(1),
                TimeZone = "Europe/Amsterdam", Room = "Room 1", Capacity = 1, CreatedById = adminId, CreatedAt = now, UpdatedAt = now,
                TicketKey = RandomNumberGenerator.GetBytes(32),
            };
            planned.Organisers.Add(new EventOrganiser { PersonId = adminId });
            db.Add(planned);
            await db.SaveChangesAsync();
            return planned.Id;
        });
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
