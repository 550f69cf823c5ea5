using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Browse;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Browse;

/// <summary>
/// Saving where I stopped: milestones recorded once each (not every tick), finished at 95 %, bounded values refused with
/// problem details, a draft I may not see is 404, and a cookie call without the antiforgery header is refused.
/// </summary>
public abstract class ResourceProgressTests(GuildApp app)
{
    [Fact]
    public async Task Progress_records_each_milestone_once_and_finishes_at_95_percent()
    {
        var world = await app.WorldAsync();
        var (reader, readerPerson) = await app.SignedInAsync();
        var resource = await world.Anna.CreateAsync(Article(world.Editing, "Tracked"));
        await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{resource.Id}/publication", null), HttpStatusCode.OK);

        foreach (var (position, share) in new[] { (10.0, 0.1), (20.0, 0.3), (25.0, 0.35), (60.0, 0.6), (50.0, 0.5), (96.0, 0.96), (97.0, 0.97) })
        {
            await LibraryShelvesTests.SaveProgressAsync(reader, resource.Id, position, share);
        }

        var row = await app.WithDbAsync(db => db.Set<ResourceProgress>().SingleAsync(p => p.PersonId == readerPerson.Id && p.ResourceId == resource.Id));
        Assert.Equal((97.0, 0.97, 100), (row.PositionSeconds, row.Share, row.Milestone));
        Assert.NotNull(row.CompletedAt);
        var statements = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>()
            .Where(e => e.Statement.Contains($"resources/{resource.Id:D}") && e.Statement.Contains(readerPerson.Id.ToString())).Select(e => e.Statement).ToListAsync());
        // 25 %, 50 % and 100 % (75 % was jumped over, so the next tick recorded 100 %), plus one "completed".
        Assert.Equal(3, statements.Count(s => s.Contains(LearningVerbs.Progressed.Iri, StringComparison.Ordinal)));
        Assert.Single(statements, s => s.Contains(LearningVerbs.Completed.Iri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_values_a_hidden_draft_and_a_missing_antiforgery_header_change_nothing()
    {
        var world = await app.WorldAsync();
        var (reader, readerPerson) = await app.SignedInAsync();
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Draft"));
        var published = await world.Anna.CreateAsync(Article(world.Editing, "Published"));
        await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{published.Id}/publication", null), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, (await reader.Http.PutAsJsonAsync($"/api/v1/resources/{draft.Id}/progress", new { positionSeconds = 1, share = 0.1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.Http.PutAsJsonAsync($"/api/v1/resources/{Guid.NewGuid()}/progress", new { positionSeconds = 1, share = 0.1 })).StatusCode);
        var problem = await ProblemAsync(await reader.Http.PutAsJsonAsync($"/api/v1/resources/{published.Id}/progress", new { positionSeconds = -1, share = 1.5 }), HttpStatusCode.BadRequest);
        Assert.Equal("Give the position in seconds, from 0 to 86,400.", problem.GetProperty("errors").GetProperty("positionSeconds")[0].GetString());
        Assert.Equal("Give the share watched or read as a number from 0 to 1.", problem.GetProperty("errors").GetProperty("share")[0].GetString());
        await ProblemAsync(await reader.Http.PutAsJsonAsync($"/api/v1/resources/{published.Id}/progress", new { share = 0.5 }), HttpStatusCode.BadRequest);

        var crossSite = app.CreateGuildClient();
        crossSite.SendsApiAntiforgery = false;
        await crossSite.SignInAsync(readerPerson.Email, GuildApp.Password);
        Assert.True((int)(await crossSite.Http.PutAsJsonAsync($"/api/v1/resources/{published.Id}/progress", new { positionSeconds = 1, share = 0.5 })).StatusCode >= 400);

        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.Http.PutAsJsonAsync($"/api/v1/resources/{published.Id}/progress", new { positionSeconds = 1, share = 0.5 })).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ResourceProgress>().CountAsync(p => p.PersonId == readerPerson.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ResourceProgressTestsOnSqlite(SqliteApp app) : ResourceProgressTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ResourceProgressTestsOnPostgres(PostgresApp app) : ResourceProgressTests(app);
