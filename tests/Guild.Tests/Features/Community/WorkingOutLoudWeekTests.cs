using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Community.WorkingOutLoud;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Features.Community;

/// <summary>Working Out Loud weeks: prompts in each member's working hours (once), the shared page by day, the recap, and who may do what.</summary>
public abstract class WorkingOutLoudWeekTests(GuildApp app)
{
    private static readonly string[] ChangedPrompts = ["What are you working on?", "What frustrated you?"];
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Amsterdam).DateTime);

    private static async Task<WeekView> CreateWeekAsync(GuildClient organiser, Guid spaceId, DateOnly startsOn, int days, string[] prompts, params string[] coOrganisers) =>
        await AsksTestKit.ReadAsync<WeekView>(await organiser.Http.PostAsJsonAsync($"/api/v1/community/spaces/{spaceId}/wol-weeks",
            new { title = "Working Out Loud week", startsOn, endsOn = startsOn.AddDays(days - 1), prompts, coOrganisers }, AsksTestKit.Json), HttpStatusCode.Created);

    private Task<List<Notification>> PromptsToAsync(Guid personId, Guid weekId) =>
        app.WithDbAsync(db => db.Set<Notification>().AsNoTracking()
            .Where(n => n.RecipientId == personId && n.Kind == WorkingOutLoudPromptJob.PromptKind && n.SubjectKey.StartsWith($"wol-week:{weekId:N}:")).ToListAsync());

    /// <summary>What the recurring job's run does each night: queue the planner.</summary>
    private async Task QueueDailyPlanAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<JobQueue>().EnqueueNowAsync(WorkingOutLoudPlanJob.JobKind, new { });
    }

    [Fact]
    public async Task Each_member_gets_the_days_prompt_once_at_the_start_of_their_own_working_hours_and_planning_again_queues_nobody_twice()
    {
        // Monday 06:00 UTC: before anyone's working day (Amsterdam starts 08:00 UTC, five hours west 14:00 UTC).
        var monday = app.MoveToMonday(6);
        var today = LocalDate(monday);
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (_, local) = await app.SignedInAsync(Roles.Employee);
        var (_, west) = await app.SignedInAsync(Roles.Employee);
        var (_, outsider) = await app.SignedInAsync(Roles.Employee);
        await app.SetWorkingHoursAsync(west.Id, "Etc/GMT+5", new TimeOnly(9, 0), new TimeOnly(17, 0));
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, local);
        await moderator.AddMemberAsync(space.Id, west);
        var week = await CreateWeekAsync(moderator, space.Id, today, 5, ["What are you working on **this week**?", "What frustrated you?"]);

        await app.RunDueJobsAsync();
        Assert.Empty(await PromptsToAsync(local.Id, week.Id));
        app.Clock.SetUtcNow(monday.AddHours(2));
        await app.RunDueJobsAsync();
        Assert.Single(await PromptsToAsync(local.Id, week.Id));
        Assert.Empty(await PromptsToAsync(west.Id, week.Id));
        app.Clock.SetUtcNow(monday.AddHours(8));
        await app.RunDueJobsAsync();
        Assert.Single(await PromptsToAsync(west.Id, week.Id));

        // The daily run again (as after a restart) and the week saved again: nobody is queued or prompted twice.
        var jobs = await app.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => j.DedupeKey!.StartsWith($"wol.prompt:{week.Id:N}:")));
        await QueueDailyPlanAsync();
        using (var resaved = await moderator.Http.PutAsJsonAsync($"/api/v1/community/wol-weeks/{week.Id}",
            new { title = "Working Out Loud week", startsOn = today, endsOn = today.AddDays(4), prompts = ChangedPrompts },
            AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.OK, resaved.StatusCode);
        }
        await app.RunDueJobsAsync();
        Assert.Equal(jobs, await app.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => j.DedupeKey!.StartsWith($"wol.prompt:{week.Id:N}:"))));
        Assert.Single(await PromptsToAsync(local.Id, week.Id));
        Assert.Single(await PromptsToAsync(west.Id, week.Id));
        Assert.Empty(await PromptsToAsync(outsider.Id, week.Id));

        // Tuesday: the daily run plans the second prompt; each member gets it once, in their hours.
        app.Clock.SetUtcNow(monday.AddDays(1).AddHours(3));
        await QueueDailyPlanAsync();
        await app.RunDueJobsAsync();
        Assert.Equal(2, (await PromptsToAsync(local.Id, week.Id)).Count);
        Assert.Single(await PromptsToAsync(west.Id, week.Id));
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<WorkingOutLoudPromptDelivery>().CountAsync(d => d.WeekId == week.Id && d.PersonId == local.Id)));
        // Wednesday has no prompt: nothing is sent.
        app.Clock.SetUtcNow(monday.AddDays(2).AddHours(3));
        await QueueDailyPlanAsync();
        await app.RunDueJobsAsync();
        Assert.Equal(2, (await PromptsToAsync(local.Id, week.Id)).Count);
    }

    [Fact]
    public async Task The_week_page_shows_the_working_out_loud_posts_of_each_day_and_the_recap_counts_them_once_the_week_is_over()
    {
        var monday = app.MoveToMonday(9);
        var today = LocalDate(monday);
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (first, firstPerson) = await app.SignedInAsync(Roles.Employee);
        var (second, secondPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Open);
        await moderator.AddMemberAsync(space.Id, firstPerson);
        await moderator.AddMemberAsync(space.Id, secondPerson);
        var week = await CreateWeekAsync(moderator, space.Id, today, 3, ["Share an idea", "Share a frustration", "Show progress"]);

        var idea = await first.StartThreadAsync(space.Id, new { kind = "WorkingOutLoud", purpose = "Idea", title = "Templates for onboarding", markdown = "A first sketch." });
        await first.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Lunch on Friday?", markdown = "Anyone?" });
        await second.ReplyAsync(idea.Id, "I would use that.");
        using (var reacted = await second.Http.PutAsJsonAsync($"/api/v1/community/posts/{idea.Id}/reactions", new { kind = "Thanks", on = true }, AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.OK, reacted.StatusCode);
        }
        app.Clock.SetUtcNow(monday.AddDays(1));
        await second.StartThreadAsync(space.Id, new { kind = "WorkingOutLoud", purpose = "Frustration", title = "The booking tool again", markdown = "Three tries." });

        var running = await AsksTestKit.ReadAsync<WeekView>(await moderator.GetAsync($"/api/v1/community/wol-weeks/{week.Id}"), HttpStatusCode.OK);
        Assert.Equal(WeekStage.Running, running.Stage);
        Assert.Equal("Templates for onboarding", Assert.Single(running.Days[0].Posts).Title);
        Assert.Equal(WorkingOutLoudPurpose.Frustration, Assert.Single(running.Days[1].Posts).Purpose);
        Assert.Empty(running.Days[2].Posts);
        var page = WebUtility.HtmlDecode(await first.GetPageAsync($"/community/{space.Slug}/wol/{week.Id}"));
        Assert.Contains("Templates for onboarding", page, StringComparison.Ordinal);
        Assert.Contains("The booking tool again", page, StringComparison.Ordinal);
        Assert.Contains("Share a frustration", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Lunch on Friday?", page, StringComparison.Ordinal);
        Assert.Contains("Working Out Loud week", WebUtility.HtmlDecode(await first.GetPageAsync($"/community/{space.Slug}")), StringComparison.Ordinal);

        // Thursday: over. A post now does not count; the recap has the week's figures and a table for its chart.
        app.Clock.SetUtcNow(monday.AddDays(3));
        await first.StartThreadAsync(space.Id, new { kind = "WorkingOutLoud", purpose = "Progress", title = "Too late for the week", markdown = "Done." });
        var finished = await AsksTestKit.ReadAsync<WeekView>(await moderator.GetAsync($"/api/v1/community/wol-weeks/{week.Id}"), HttpStatusCode.OK);
        Assert.Equal(WeekStage.Finished, finished.Stage);
        Assert.Equal(2, finished.Figures.Posts);
        Assert.Equal(2, finished.Figures.People);
        Assert.Equal(1, finished.Figures.Purposes[WorkingOutLoudPurpose.Idea]);
        Assert.Equal(1, finished.Figures.Purposes[WorkingOutLoudPurpose.Frustration]);
        Assert.Equal(0, finished.Figures.Purposes[WorkingOutLoudPurpose.Progress]);
        Assert.Equal(1, finished.Figures.Replies);
        Assert.Equal(1, finished.Figures.Reactions);
        Assert.Equal(1, finished.Figures.Acknowledged);
        Assert.Equal(0.5, finished.Figures.AcknowledgedShare);
        var recap = WebUtility.HtmlDecode(await first.GetPageAsync($"/community/{space.Slug}/wol/{week.Id}"));
        Assert.Contains("2 posts by 2 people", recap, StringComparison.Ordinal);
        Assert.Contains("id=\"wol-per-day\"", recap, StringComparison.Ordinal);
        Assert.DoesNotContain("Too late for the week", recap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Space_moderators_make_weeks_organisers_change_them_bad_input_changes_nothing_and_a_secret_spaces_week_is_not_found_by_others()
    {
        var monday = app.MoveToMonday(9);
        var today = LocalDate(monday);
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (coOrganiser, coPerson) = await app.SignedInAsync(Roles.Employee);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (outsider, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Secret);
        await moderator.AddMemberAsync(space.Id, coPerson);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        object Week(string title, int days = 5) => new { title, startsOn = today, endsOn = today.AddDays(days - 1), prompts = new[] { "Day one" }, coOrganisers = new[] { "@" + coPerson.Handle() } };

        using (var notModerator = await member.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/wol-weeks", Week("Mine"), AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);
        }
        foreach (var bad in new object[]
        {
            new { title = "Too long", startsOn = today, endsOn = today.AddDays(7), prompts = new[] { "x" } },
            new { title = "Backwards", startsOn = today, endsOn = today.AddDays(-1), prompts = new[] { "x" } },
            new { title = "No prompt", startsOn = today, endsOn = today.AddDays(2), prompts = new[] { "", " " } },
            new { title = "Prompt after the end", startsOn = today, endsOn = today.AddDays(1), prompts = new[] { "a", "b", "c" } },
            new { title = "Huge prompt", startsOn = today, endsOn = today.AddDays(1), prompts = new[] { new string('a', 2_001) } },
            new { title = "Stranger", startsOn = today, endsOn = today.AddDays(1), prompts = new[] { "a" }, coOrganisers = new[] { "@nobody.here" } },
        })
        {
            using var refused = await moderator.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/wol-weeks", bad, AsksTestKit.Json);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        Assert.False(await app.WithDbAsync(db => db.Set<WorkingOutLoudWeek>().AnyAsync(w => w.SpaceId == space.Id)));

        var week = await AsksTestKit.ReadAsync<WeekView>(await moderator.Http.PostAsJsonAsync($"/api/v1/community/spaces/{space.Id}/wol-weeks", Week("Secret week"),
            AsksTestKit.Json), HttpStatusCode.Created);
        Assert.Contains(coPerson.Name, week.CoOrganisers);
        var changed = await AsksTestKit.ReadAsync<WeekView>(await coOrganiser.Http.PutAsJsonAsync($"/api/v1/community/wol-weeks/{week.Id}", Week("Renamed by the co-organiser"),
            AsksTestKit.Json), HttpStatusCode.OK);
        Assert.Equal("Renamed by the co-organiser", changed.Title);
        using (var notOrganiser = await member.Http.PutAsJsonAsync($"/api/v1/community/wol-weeks/{week.Id}", Week("Hijacked"), AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notOrganiser.StatusCode);
        }
        Assert.False((await AsksTestKit.ReadAsync<WeekView>(await member.GetAsync($"/api/v1/community/wol-weeks/{week.Id}"), HttpStatusCode.OK)).CanOrganise);

        // Not a member of the secret space, not even an L&D admin: the week, its list, its page and its edit page are not found.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/community/wol-weeks/{week.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/community/spaces/{space.Id}/wol-weeks")).StatusCode);
        using (var put = await outsider.Http.PutAsJsonAsync($"/api/v1/community/wol-weeks/{week.Id}", Week("Outsider"), AsksTestKit.Json))
        {
            Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/community/{space.Slug}/wol/{week.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/community/{space.Slug}/wol/{week.Id}/edit")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WorkingOutLoudWeekTestsOnSqlite(SqliteApp app) : WorkingOutLoudWeekTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WorkingOutLoudWeekTestsOnPostgres(PostgresApp app) : WorkingOutLoudWeekTests(app);
