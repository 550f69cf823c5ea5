using System.Net;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Feedback;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.Extensions.DependencyInjection;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Feedback;

/// <summary>
/// The authors' reach: views (one per person and day), distinct people and "did this help?" answers per week, for one
/// resource or all of an author's together (a person who saw two of them that week is one person reached); only its
/// authors and L&amp;D admins see it.
/// </summary>
public abstract class ReachTests(GuildApp app)
{
    [Fact]
    public async Task Reach_counts_views_people_and_answers_per_week_for_one_resource_and_all_together()
    {
        var world = await app.WorldAsync();
        var first = await world.Anna.PublishedAsync(world.Editing, "First");
        var second = await world.Anna.PublishedAsync(world.Editing, "Second");
        var (sanne, sannePerson) = await app.SignedInAsync();
        var (tim, timPerson) = await app.SignedInAsync();
        var eva = await app.CreatePersonAsync();
        var zone = (await app.Services.GetRequiredService<OrganisationProfile>().GetAsync()).TimeZone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone).DateTime);
        var lastWeek = today.AddDays(-7);
        await app.WithDbAsync(async db =>
        {
            db.AddRange(
                View(first.Id, sannePerson.Id, today), View(first.Id, timPerson.Id, today), View(second.Id, sannePerson.Id, today),
                View(first.Id, sannePerson.Id, lastWeek), View(second.Id, sannePerson.Id, lastWeek), View(second.Id, eva.Id, lastWeek),
                // Before the twelve weeks shown.
                View(first.Id, eva.Id, today.AddDays(-7 * 13)));
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await sanne.AnswerAsync(first.Id, true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tim.AnswerAsync(first.Id, false)).StatusCode);

        var all = await ReachAsync(world.Anna, "/api/v1/resources/reach");
        Assert.Equal(ResourceFeedback.ReachWeeks, all.Weeks.Count);
        Assert.Equal((3, 2, 1, 1), Counts(all.Weeks[^1]));
        // Sanne saw both last week: three views, two people.
        Assert.Equal((3, 2, 0, 0), Counts(all.Weeks[^2]));
        Assert.All(all.Weeks.Take(ResourceFeedback.ReachWeeks - 2), w => Assert.Equal((0, 0, 0, 0), Counts(w)));
        Assert.Equal(6, all.TotalViews);
        Assert.Equal([second.Id, first.Id], all.Resources.Select(r => r.Id).Take(2));

        var one = await ReachAsync(world.Anna, $"/api/v1/resources/{first.Id}/reach");
        Assert.Equal((2, 2, 1, 1), Counts(one.Weeks[^1]));
        Assert.Equal((1, 1, 0, 0), Counts(one.Weeks[^2]));
        Assert.Equal(today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), one.Weeks[^1].Monday);

        // The page: the summary sentence, the table the chart is drawn from.
        var page = await world.Anna.GetPageAsync($"/library/mine/reach?resource={first.Id}");
        Assert.Contains("was viewed 3 times. Did it help? Yes: 1, no: 1.", page, StringComparison.Ordinal);
        Assert.Contains("data-reach-chart=\"reach-weeks\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_look_just_after_midnight_on_monday_counts_in_that_week_in_the_organisations_time_zone()
    {
        var world = await app.WorldAsync();
        var resource = await world.Anna.PublishedAsync(world.Editing, "Monday morning");
        var (reader, _) = await app.SignedInAsync();
        // Half past midnight on the next Monday in the organisation's zone (Amsterdam): still Sunday evening in UTC.
        var zone = (await app.Services.GetRequiredService<OrganisationProfile>().GetAsync()).TimeZone;
        var local = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), zone);
        var monday = DateOnly.FromDateTime(local.DateTime).AddDays(7 - (((int)local.DayOfWeek + 6) % 7));
        var justAfterMidnight = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(monday.ToDateTime(new TimeOnly(0, 30)), zone), TimeSpan.Zero);
        Assert.Equal(DayOfWeek.Sunday, justAfterMidnight.UtcDateTime.DayOfWeek);
        app.Clock.Advance(justAfterMidnight - app.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/library/{resource.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.AnswerAsync(resource.Id, true, "Planning the week")).StatusCode);

        var reach = await ReachAsync(world.Anna, $"/api/v1/resources/{resource.Id}/reach");
        Assert.Equal(monday, reach.Weeks[^1].Monday);
        Assert.Equal((1, 1, 1, 0), Counts(reach.Weeks[^1]));
        Assert.Equal((0, 0, 0, 0), Counts(reach.Weeks[^2]));
    }

    [Fact]
    public async Task Only_its_authors_and_learning_admins_see_a_resources_reach()
    {
        var world = await app.WorldAsync();
        var resource = await world.Anna.PublishedAsync(world.Editing);
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Draft"));
        var (reader, _) = await app.SignedInAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/resources/{resource.Id}/reach")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Bram.GetAsync($"/api/v1/resources/{draft.Id}/reach")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/library/mine/reach?resource={resource.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/resources/{resource.Id}/reach")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Anna.GetAsync($"/api/v1/resources/{draft.Id}/reach")).StatusCode);
        // Someone with no resources sees an empty page that says so.
        Assert.Contains("None of your resources is published yet.", await reader.GetPageAsync("/library/mine/reach"), StringComparison.Ordinal);
    }

    private static ResourceView View(Guid resource, Guid person, DateOnly day) => new() { ResourceId = resource, PersonId = person, Day = day };

    private static (int, int, int, int) Counts(ReachWeek week) => (week.Views, week.People, week.Helpful, week.NotHelpful);

    private static async Task<ReachReport> ReachAsync(GuildClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<ReachReport>(body, Json)!;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReachTestsOnSqlite(SqliteApp app) : ReachTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReachTestsOnPostgres(PostgresApp app) : ReachTests(app);
