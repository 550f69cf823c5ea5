using Guild.BrowserTests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Guild.BrowserTests.Features.Community;

/// <summary>
/// The facilitation composer in a browser: the demo Employee's question has waited days in Video makers; the demo Moderator
/// opens the acknowledgement queue, picks "ask for an example" beside it, adapts the text that fills the reply box and posts
/// it. The question leaves the queue and its author is notified; the space's facilitation figures are one link away. In English on a desktop and in Dutch on a phone; every page
/// axe clean, nothing wider than the screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FacilitationInTheBrowserTests(BrowserApp app)
{
    [Theory]
    [InlineData("en-GB", 1280, "Ask for an example", "Could you give an example")]
    [InlineData("nl-NL", 360, "Vraag om een voorbeeld", "Kun je een voorbeeld geven")]
    public async Task A_moderator_picks_a_suggested_question_on_the_queue_adapts_it_and_the_post_leaves_the_queue(string locale, int width,
        string suggestionLabel, string suggestionText)
    {
        var problems = new List<string>();
        var title = $"Which microphone for outdoor interviews? {Guid.NewGuid().ToString("N")[..6]}";
        var threadId = await WaitingQuestionAsync(title);

        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        PageProblems.Watch(page, problems);
        await BrowserApp.SignInAsDemoAsync(page, "Moderator");
        await page.GotoAsync("/community/video-makers/queue");
        var item = page.Locator(".thread-list > li", new PageLocatorOptions { HasText = title });
        await item.Locator("summary").ClickAsync();
        await PageProblems.CheckAsync(page, problems);
        await item.Locator("a", new LocatorLocatorOptions { HasText = suggestionLabel }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/community/threads/{threadId}?suggest=", StringComparison.Ordinal));

        // The suggestion is in the reply box, for the moderator to make their own; it is never posted as it is.
        var reply = page.Locator("#reply-text");
        Assert.Contains(suggestionText, await reply.InputValueAsync(), StringComparison.Ordinal);
        await PageProblems.CheckAsync(page, problems);
        var adapted = $"{await reply.InputValueAsync()} Sanne, which interview went wrong last time?";
        await reply.FillAsync(adapted);
        await page.Locator("form:has(#reply-text) button[type=submit]").ClickAsync();
        await page.Locator(".flash--success").WaitForAsync();
        await page.Locator(".post-body", new PageLocatorOptions { HasText = "which interview went wrong last time" }).WaitForAsync();
        await PageProblems.CheckAsync(page, problems);

        await page.GotoAsync("/community/video-makers/queue");
        await page.Locator("#queue-heading").WaitForAsync();
        Assert.Equal(0, await page.Locator(".thread-list > li", new PageLocatorOptions { HasText = title }).CountAsync());
        await PageProblems.CheckAsync(page, problems);

        // The space's facilitation figures, one link away: a summary, the chart over its weekly table.
        await page.Locator("a[href='/community/video-makers/figures']").ClickAsync();
        await page.Locator("#facilitation-weeks").WaitForAsync();
        await page.Locator(".facilitation-chart svg").WaitForAsync();
        await PageProblems.CheckAsync(page, problems);

        var employee = DemoAccounts.All.Single(a => a.Role == Roles.Employee);
        var (acknowledgedByModerator, authorHeard) = await app.WithDbAsync(async db => (
            await db.Set<Post>().Where(p => p.Id == threadId).Select(p => p.FirstAcknowledgedByModerator).SingleAsync(),
            await (from n in db.Set<Notification>()
                   join u in db.Set<GuildUser>() on n.RecipientId equals u.Id
                   where u.Email == employee.Email && n.Kind == CommunityThreads.RepliedKind && n.SubjectKey == $"thread:{threadId}"
                   select n).AnyAsync()));
        Assert.True(acknowledgedByModerator);
        Assert.True(authorHeard, "The question's author was not notified of the moderator's reply.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>A question by the demo Employee in Video makers that has waited ten days without a response.</summary>
    private async Task<Guid> WaitingQuestionAsync(string title)
    {
        var employee = DemoAccounts.All.Single(a => a.Role == Roles.Employee);
        var (employeeId, spaceId) = await app.WithDbAsync(async db => (
            await db.Set<Person>().Where(p => p.Account.Email == employee.Email).Select(p => p.Id).SingleAsync(),
            await db.Set<Space>().Where(s => s.Slug == "video-makers").Select(s => s.Id).SingleAsync()));
        var started = await app.AsPersonAsync(employeeId, services => services.GetRequiredService<CommunityThreads>()
            .StartAsync(spaceId, new ThreadRequest(PostKind.Question, title, "Mostly outdoors, with wind."), CancellationToken.None));
        var threadId = started.Value!.Id;
        // Backdated rather than moving the shared clock: ten days are past 24 working hours whatever the weekends and holidays.
        var before = app.Clock.GetUtcNow().AddDays(-10);
        await app.WithDbAsync(db => db.Set<Post>().Where(p => p.Id == threadId)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.CreatedAt, before).SetProperty(p => p.LastActivityAt, before)));
        return threadId;
    }
}
