using System.Text;
using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests;

/// <summary>
/// The People pages the crawl cannot reach by following links: an import's result (rejected, done,
/// and while its job runs), forms showing their errors, and the page an invitation link opens.
/// Each must pass axe, fit a phone screen and log no errors, in English and Dutch.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PeoplePagesTests(BrowserApp app)
{
    public static TheoryData<string, int> Screens() => new() { { "en-GB", 1280 }, { "nl-NL", 360 } };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Import_results_pass_axe_when_rejected_done_and_running(string locale, int width)
    {
        var (context, page, problems) = await OpenAsync(locale, width, Admin(locale));
        await using var _ = context;
        var tag = Guid.NewGuid().ToString("N")[..8];

        await UploadAsync(page, $"email,given_name,family_name,manager_email\nbad-address,Bert,Bad,\nok.{tag}@browser.example,Olga,Ok,nobody.{tag}@browser.example\n");
        await page.Locator(".flash--error").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Equal(2, await page.Locator("table tbody tr").CountAsync());
        await CheckAsync(page, problems, width);

        await UploadAsync(page, $"email;given_name;family_name;department\nnew.{tag}@browser.example;Nina;Nieuw;Browser {tag}\n");
        await page.Locator(".flash--success").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await CheckAsync(page, problems, width);
        await page.GotoAsync("/admin/people/import");
        await CheckAsync(page, problems, width);

        // An import whose job has not started: the page shows the progress bar and follows the job.
        var id = await QueuedImportAsync();
        try
        {
            await page.GotoAsync($"/admin/people/import/{id}");
            Assert.Equal(1, await page.Locator("[data-job-progress] progress").CountAsync());
            await CheckAsync(page, problems, width);
        }
        finally
        {
            await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, JobStatus.Failed).SetProperty(j => j.LastError, "Made by a test.")));
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Forms_with_errors_and_the_invitation_pages_pass_axe(string locale, int width)
    {
        var (context, page, problems) = await OpenAsync(locale, width, Admin(locale));
        await using var _ = context;
        var tag = Guid.NewGuid().ToString("N")[..8];

        // The invitation form, sent empty, then filled in.
        await page.GotoAsync("/admin/people/invite");
        await page.Locator("form:has(#email) button[type=submit]").ClickAsync();
        await page.Locator(".field__error").First.WaitForAsync();
        await CheckAsync(page, problems, width);
        await page.FillAsync("#email", $"invitee.{tag}@browser.example");
        await page.FillAsync("#given-name", "Ivo");
        await page.FillAsync("#family-name", "Invité");
        await page.Locator("form:has(#email) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/people/", StringComparison.Ordinal) && !url.Contains("invite", StringComparison.Ordinal));
        await CheckAsync(page, problems, width);

        // The HR fields with a bad address.
        await page.GotoAsync(page.Url + "/edit");
        await page.FillAsync("#email", "not an address");
        await page.Locator("form:has(#email) button[type=submit]").ClickAsync();
        await page.Locator("#email[aria-invalid=true]").WaitForAsync();
        await CheckAsync(page, problems, width);

        // The invitee opens their link (made here as the mail would make it), first with mismatched passwords.
        var (personId, stamp) = await app.WithDbAsync(db => db.Users.Where(u => u.Email == $"invitee.{tag}@browser.example")
            .Select(u => new ValueTuple<Guid, string>(u.Id, u.SecurityStamp!)).SingleAsync());
        var token = app.Services.GetRequiredService<InvitationTokens>().Create(personId, stamp);
        await using var inviteeContext = await app.NewContextAsync(width, 800, locale);
        var invitee = await inviteeContext.NewPageAsync();
        await invitee.GotoAsync($"/account/accept-invitation?person={personId}&token={token}");
        await CheckAsync(invitee, problems, width);
        await invitee.FillAsync("#password", "a long enough password");
        await invitee.FillAsync("#confirmation", "another long password");
        await invitee.Locator("form:has(#password) button[type=submit]").ClickAsync();
        await invitee.Locator("#confirmation[aria-invalid=true]").WaitForAsync();
        await CheckAsync(invitee, problems, width);
        await invitee.FillAsync("#password", "a long enough password");
        await invitee.FillAsync("#confirmation", "a long enough password");
        await invitee.Locator("form:has(#password) button[type=submit]").ClickAsync();
        await invitee.WaitForURLAsync(url => !url.Contains("accept-invitation", StringComparison.Ordinal));
        await invitee.Locator(".flash--success").WaitForAsync();
        await CheckAsync(invitee, problems, width);

        // The same link again, and a broken one.
        await using var laterContext = await app.NewContextAsync(width, 800, locale);
        var later = await laterContext.NewPageAsync();
        await later.GotoAsync($"/account/accept-invitation?person={personId}&token={token}");
        await CheckAsync(later, problems, width);
        await later.GotoAsync($"/account/accept-invitation?person={personId}&token=broken");
        await CheckAsync(later, problems, width);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static string Admin(string locale) => locale.StartsWith("nl", StringComparison.Ordinal) ? "L&D-beheerder" : "L&D admin";

    private async Task<(IBrowserContext Context, IPage Page, List<string> Problems)> OpenAsync(string locale, int width, string role)
    {
        var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"{page.Url}: {error}");
        await BrowserApp.SignInAsDemoAsync(page, role);
        return (context, page, problems);
    }

    private static async Task UploadAsync(IPage page, string csv)
    {
        await page.GotoAsync("/admin/people/import");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.Locator("form:has(#file) button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/admin/people/import/", StringComparison.Ordinal));
    }

    private static async Task CheckAsync(IPage page, List<string> problems, int width)
    {
        foreach (var violation in await Axe.ViolationsAsync(page))
        {
            problems.Add($"{page.Url}: {violation}");
        }
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 1)
        {
            problems.Add($"{page.Url}: page is {overflow}px wider than the {width}px screen");
        }
    }

    /// <summary>An import whose job is due only tomorrow, so the page shows it waiting with its progress bar.</summary>
    private async Task<Guid> QueuedImportAsync()
    {
        var admin = DemoAccounts.All.Single(a => a.Role == Roles.LearningAdmin);
        return await app.WithDbAsync(async db =>
        {
            var adminId = await db.Set<Person>().Where(p => p.Account.Email == admin.Email).Select(p => p.Id).SingleAsync();
            var now = app.Clock.GetUtcNow();
            var job = new BackgroundJob
            {
                Id = Guid.CreateVersion7(), Kind = PeopleImportJob.JobKind, Payload = "{}", Status = JobStatus.Queued,
                CreatedAt = now, RunAfter = now.AddDays(1), StartedById = adminId,
            };
            db.Add(job);
            db.Add(new PeopleImport { Id = job.Id, FileName = "waiting.csv", StartedById = adminId, StartedAt = now, Status = PeopleImportStatus.Queued });
            await db.SaveChangesAsync();
            return job.Id;
        });
    }
}
