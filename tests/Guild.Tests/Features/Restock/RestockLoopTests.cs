using System.Net;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Features.Library.Feedback;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Feedback;
using Guild.Web.Features.Restock;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Restock;

/// <summary>
/// The restock loop end to end: a search that found nothing and an "outdated" flag reach the board; an L&amp;D admin asks a
/// champion for both; the champion links a draft to them and publishes it; both requests are done, everyone who waited
/// gets ONE notification that the resource is there (also who waited on both), the champion's act is recorded, and the
/// items leave the board, the flag handled.
/// </summary>
public abstract class RestockLoopTests(GuildApp app)
{
    [Fact]
    public async Task Publishing_the_resource_made_for_requests_tells_everyone_who_waited_once_and_clears_the_board()
    {
        var capability = await app.CreateCapabilityAsync("Gardening", "Composting");
        var component = capability.Components[0].Id;
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (champion, championPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(championPerson.Id, component);
        var (bram, bramPerson) = await app.SignedInAsync();
        var (cas, casPerson) = await app.SignedInAsync();
        var (dirk, dirkPerson) = await app.SignedInAsync();

        // An old resource Bram finds outdated; Bram, Cas and Dirk look for something newer in vain.
        var old = await champion.PublishedAsync(component, "Composting in a wooden bin");
        using (var flagged = await bram.FlagAsync(old.Id, "Outdated", "The council now collects garden waste separately."))
        {
            Assert.True(flagged.IsSuccessStatusCode, await flagged.Content.ReadAsStringAsync());
        }
        var search = await bram.SearchInVainAsync("making compost on a small apartment balcony");
        await cas.SearchInVainAsync("how to compost on a balcony in a flat");
        await dirk.SearchInVainAsync("making compost on a small apartment balcony");
        var board = await app.GroupedBoardAsync(admin);
        var searchItem = Assert.Single(board.Items, i => i.Key == $"search:{search}");
        Assert.Equal(3, searchItem.Demand);
        var flagItem = Assert.Single(board.Items, i => i.Key == $"flag:{old.Id}");
        Assert.Equal(RestockKind.Outdated, flagItem.Kind);
        Assert.Equal(1, flagItem.Demand);
        Assert.Contains(flagItem.Components, c => c.Id == component);

        var forSearch = await RestockTestKit.ReadRequestAsync(await admin.RequestAsync(searchItem.Key, championPerson.Id, app.Today().AddDays(7)), HttpStatusCode.Created);
        var forFlag = await RestockTestKit.ReadRequestAsync(await admin.RequestAsync(flagItem.Key, championPerson.Id, app.Today().AddDays(7)), HttpStatusCode.Created);
        board = await admin.BoardAsync();
        Assert.DoesNotContain(board.Items, i => i.Key == searchItem.Key || i.Key == flagItem.Key);

        // The champion makes one draft for both, links it, then publishes it.
        var draft = await champion.CreateAsync(Article(component, "Balcony composting, the 2026 way"));
        // One through the page (two open requests on it), one through the API.
        using (var linked = await champion.PostFormAsync("/restock/mine", "/restock/mine", new Dictionary<string, string>
               {
                   ["_handler"] = "fulfil-request", ["Fulfil.RequestId"] = forSearch.Id.ToString(), [$"Fulfil.Resources[{forSearch.Id}]"] = draft.Id.ToString(),
               }))
        {
            Assert.True(linked.StatusCode == HttpStatusCode.Redirect, $"{(int)linked.StatusCode}: {await linked.Content.ReadAsStringAsync()}");
        }
        var linkedRequest = await RestockTestKit.ReadRequestAsync(await champion.GetAsync($"/api/v1/restock/requests/{forSearch.Id}"), HttpStatusCode.OK);
        Assert.Equal((RestockStatus.Open, draft.Id), (linkedRequest.Status, linkedRequest.ResourceId));
        Assert.Equal(RestockStatus.Open, (await RestockTestKit.ReadRequestAsync(await champion.FulfilAsync(forFlag.Id, draft.Id), HttpStatusCode.OK)).Status);
        Assert.Empty(await RestockedAsync(bramPerson.Id));
        await ReadAsync(await champion.Http.PostAsync($"/api/v1/resources/{draft.Id}/publication", null), HttpStatusCode.OK);

        foreach (var id in new[] { forSearch.Id, forFlag.Id })
        {
            var done = await RestockTestKit.ReadRequestAsync(await admin.GetAsync($"/api/v1/restock/requests/{id}"), HttpStatusCode.OK);
            Assert.Equal(RestockStatus.Done, done.Status);
            Assert.Equal(draft.Id, done.ResourceId);
        }
        // Bram waited on both items: one notification. Cas and Dirk one each; the champion made it and hears nothing.
        foreach (var person in new[] { bramPerson, casPerson, dirkPerson })
        {
            var told = Assert.Single(await RestockedAsync(person.Id));
            Assert.Equal($"/library/{draft.Id}", told.Link);
            Assert.Equal("Balcony composting, the 2026 way", told.SubjectTitle);
            Assert.Equal(1, told.Count);
        }
        Assert.Empty(await RestockedAsync(championPerson.Id));
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<Notification>().CountAsync(n => n.RecipientId == adminPerson.Id && n.Kind == RestockCompletion.DoneKind)));
        var records = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>()
            .Where(e => e.Statement.Contains(LearningVerbs.Completed.Iri) && e.Statement.Contains(championPerson.Id.ToString()) && e.Statement.Contains("restock/"))
            .CountAsync());
        Assert.Equal(2, records);
        // Bram's flag is answered by the new resource: handled by the champion, off the old resource's waiting flags.
        var flag = await app.WithDbAsync(db => db.Set<ResourceFlag>().AsNoTracking().SingleAsync(f => f.ResourceId == old.Id && f.PersonId == bramPerson.Id));
        Assert.Equal(championPerson.Id, flag.HandledById);
        Assert.NotNull(flag.HandledAt);

        board = await admin.BoardAsync();
        Assert.DoesNotContain(board.Items, i => i.Key == searchItem.Key || i.Key == flagItem.Key);
        Assert.DoesNotContain(board.Requests, r => r.Id == forSearch.Id || r.Id == forFlag.Id);
        using (var page = await bram.GetAsync("/notifications"))
        {
            Assert.Contains("Balcony composting, the 2026 way", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private Task<List<Notification>> RestockedAsync(Guid personId) =>
        app.WithDbAsync(db => db.Set<Notification>().AsNoTracking().Where(n => n.RecipientId == personId && n.Kind == RestockCompletion.RestockedKind).ToListAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class RestockLoopTestsOnSqlite(SqliteApp app) : RestockLoopTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RestockLoopTestsOnPostgres(PostgresApp app) : RestockLoopTests(app);
