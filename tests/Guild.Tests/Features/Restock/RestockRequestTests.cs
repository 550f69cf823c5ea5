using System.Net;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Restock;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Restock;

/// <summary>
/// An L&amp;D admin turns a board item into a request for a champion: the champion hears of it (in the app and by mail) and
/// sees it among their requests, and the item leaves the board while the request is open. Bad input changes nothing, and
/// only L&amp;D admins see the board.
/// </summary>
public abstract class RestockRequestTests(GuildApp app)
{
    [Fact]
    public async Task A_request_goes_to_the_champion_in_the_app_and_by_mail_and_takes_its_item_off_the_board()
    {
        var capability = await app.CreateCapabilityAsync("Crafts", "Knitting");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(championPerson.Id, capability.Components[0].Id);
        var searchId = await (await app.SignedInAsync()).Client.SearchInVainAsync("casting on stitches for a sock heel");
        await app.GroupedBoardAsync(admin);

        var request = await RestockTestKit.ReadRequestAsync(
            await admin.RequestAsync($"search:{searchId}", championPerson.Id, app.Today().AddDays(10), "People ask every week."), HttpStatusCode.Created);

        Assert.Equal(RestockStatus.Open, request.Status);
        Assert.Equal(championPerson.Id, request.ChampionId);
        var notification = await app.WithDbAsync(db => db.Set<Notification>().AsNoTracking()
            .SingleAsync(n => n.RecipientId == championPerson.Id && n.Kind == RestockBoard.AssignedKind));
        Assert.Equal("casting on stitches for a sock heel", notification.SubjectTitle);
        await app.RunDueJobsAsync();
        Assert.Contains(app.MailTo(championPerson.Email), mail => mail.TextBody?.Contains("casting on stitches", StringComparison.Ordinal) == true
            || mail.HtmlBody?.Contains("casting on stitches", StringComparison.Ordinal) == true);
        var board = await admin.BoardAsync();
        Assert.DoesNotContain(board.Items, i => i.Key == $"search:{searchId}");
        Assert.Contains(board.Requests, r => r.Id == request.Id);
        var mine = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<RestockRequestView>>(champion.Http, "/api/v1/restock/requests/mine", Json);
        Assert.Contains(mine!, r => r.Id == request.Id && r.Note == "People ask every week.");
        Assert.Contains("casting on stitches for a sock heel", await champion.GetPageAsync("/restock/mine"), StringComparison.Ordinal);
        // A second request for the same item is a conflict, not a duplicate.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.RequestAsync($"search:{searchId}", championPerson.Id, app.Today().AddDays(3))).StatusCode);
    }

    [Fact]
    public async Task A_past_due_day_an_unknown_person_or_someone_who_champions_nothing_is_refused_with_a_reason_and_nothing_changes()
    {
        var capability = await app.CreateCapabilityAsync("Crafts", "Weaving");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var champion = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(champion.Id, capability.Components[0].Id);
        var employee = await app.CreatePersonAsync();
        var searchId = await (await app.SignedInAsync()).Client.SearchInVainAsync("warping a floor loom for tapestry");
        await app.GroupedBoardAsync(admin);
        var key = $"search:{searchId}";

        var past = await ProblemAsync(await admin.RequestAsync(key, champion.Id, app.Today().AddDays(-1)), HttpStatusCode.BadRequest);
        Assert.Equal("The due day cannot be in the past.", past.GetProperty("errors").GetProperty("dueOn")[0].GetString());
        var unknown = await ProblemAsync(await admin.RequestAsync(key, Guid.NewGuid(), app.Today().AddDays(5)), HttpStatusCode.BadRequest);
        Assert.Equal("There is no such person.", unknown.GetProperty("errors").GetProperty("championId")[0].GetString());
        var notChampion = await ProblemAsync(await admin.RequestAsync(key, employee.Id, app.Today().AddDays(5)), HttpStatusCode.BadRequest);
        Assert.Equal("This person is not an active Knowledge Champion.", notChampion.GetProperty("errors").GetProperty("championId")[0].GetString());
        var noItem = await ProblemAsync(await admin.RequestAsync("search:" + Guid.NewGuid(), champion.Id, app.Today().AddDays(5)), HttpStatusCode.BadRequest);
        Assert.True(noItem.GetProperty("errors").TryGetProperty("itemKey", out _));

        Assert.False(await app.WithDbAsync(db => db.Set<RestockRequest>().AnyAsync(r => r.ItemKey == key)));
        Assert.False(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.Kind == RestockBoard.AssignedKind
            && (n.RecipientId == champion.Id || n.RecipientId == employee.Id))));
        Assert.Contains((await admin.BoardAsync()).Items, i => i.Key == key);

        // The page says the same beside the field.
        var page = await admin.PostFormAsync($"/restock/new?item={Uri.EscapeDataString(key)}", $"/restock/new?item={Uri.EscapeDataString(key)}",
            new Dictionary<string, string>
            {
                ["_handler"] = "restock-request", ["Input.ItemKey"] = key, ["Input.ChampionId"] = champion.Id.ToString(),
                ["Input.DueOn"] = app.Today().AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("The due day cannot be in the past.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<RestockRequest>().AnyAsync(r => r.ItemKey == key)));
    }

    [Fact]
    public async Task Cancelling_a_request_on_the_board_puts_its_item_back_and_both_are_audited()
    {
        var capability = await app.CreateCapabilityAsync("Crafts", "Embroidery");
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var champion = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(champion.Id, capability.Components[0].Id);
        var searchId = await (await app.SignedInAsync()).Client.SearchInVainAsync("french knots that do not unravel");
        await app.GroupedBoardAsync(admin);
        var request = await RestockTestKit.ReadRequestAsync(await admin.RequestAsync($"search:{searchId}", champion.Id, app.Today().AddDays(4)), HttpStatusCode.Created);

        using var cancelled = await admin.PostFormAsync("/restock", "/restock", new Dictionary<string, string>
        {
            ["_handler"] = "cancel-request", ["requestId"] = request.Id.ToString(),
        });

        Assert.True(cancelled.StatusCode == HttpStatusCode.Redirect, $"{(int)cancelled.StatusCode}: {await cancelled.Content.ReadAsStringAsync()}");
        Assert.Equal(RestockStatus.Cancelled, (await app.WithDbAsync(db => db.Set<RestockRequest>().AsNoTracking().SingleAsync(r => r.Id == request.Id))).Status);
        Assert.Contains((await admin.BoardAsync()).Items, i => i.Key == $"search:{searchId}");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Http.PostAsync($"/api/v1/restock/requests/{request.Id}/cancellation", null)).StatusCode);
        // Both the request and its cancellation are in the audit log, once each, with who did it.
        var audited = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().Where(e => e.ObjectId == request.Id.ToString())
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.ActorId }).ToListAsync());
        Assert.Equal([AuditActions.RestockRequested, AuditActions.RestockCancelled], audited.Select(e => e.Action));
        Assert.All(audited, e => Assert.Equal(adminPerson.Id, e.ActorId));
    }

    [Fact]
    public async Task Only_learning_admins_see_the_board_and_only_its_champion_sees_a_request()
    {
        var capability = await app.CreateCapabilityAsync("Crafts", "Pottery");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (employee, _) = await app.SignedInAsync();
        var (otherChampion, otherPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var champion = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(champion.Id, capability.Components[0].Id);
        await app.MakeChampionAsync(otherPerson.Id, capability.Components[0].Id);
        var searchId = await employee.SearchInVainAsync("centering clay on a kick wheel");
        await app.GroupedBoardAsync(admin);
        var request = await RestockTestKit.ReadRequestAsync(await admin.RequestAsync($"search:{searchId}", champion.Id, app.Today().AddDays(4)), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/v1/restock")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherChampion.GetAsync("/api/v1/restock")).StatusCode);
        using (var page = await employee.GetAsync("/restock"))
        {
            Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain("centering clay", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await otherChampion.GetAsync($"/api/v1/restock/requests/{request.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/api/v1/restock/requests/{request.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherChampion.FulfilAsync(request.Id, Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.RequestAsync($"search:{searchId}", champion.Id, app.Today().AddDays(4))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/restock/requests/{request.Id}")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RestockRequestTestsOnSqlite(SqliteApp app) : RestockRequestTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RestockRequestTestsOnPostgres(PostgresApp app) : RestockRequestTests(app);
