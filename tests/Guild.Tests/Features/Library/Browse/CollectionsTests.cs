using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Browse;

/// <summary>
/// Collections: champions make them, curators reorder, drafts stay invisible to others (404), only published resources go
/// in, and a reader sees their progress through one.
/// </summary>
public abstract class CollectionsTests(GuildApp app)
{
    [Fact]
    public async Task A_champion_curates_a_collection_others_see_it_only_once_published_with_their_progress()
    {
        var world = await app.WorldAsync();
        var (reader, _) = await app.SignedInAsync();
        var first = await PublishedAsync(world, "First step");
        var second = await PublishedAsync(world, "Second step");
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Unpublished"));

        // Employees do not curate; unpublished resources do not go in.
        await ProblemAsync(await reader.Http.PostAsJsonAsync("/api/v1/collections", new { title = "Mine", resources = new[] { first } }), HttpStatusCode.Forbidden);
        var refused = await ProblemAsync(await world.Anna.Http.PostAsJsonAsync("/api/v1/collections",
            new { title = "Path", resources = new[] { first, draft.Id } }), HttpStatusCode.BadRequest);
        Assert.Equal("One of the resources is not published (or does not exist).", refused.GetProperty("errors").GetProperty("resources")[0].GetString());

        var created = await JsonAsync(await world.Anna.Http.PostAsJsonAsync("/api/v1/collections",
            new { title = "Editing pathway", description = "In order.", published = false, resources = new[] { first, second } }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        // A draft: 404 for everyone but its curators and admins, on the page and in the API, and not listed.
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/collections/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/library/collections/{id}")).StatusCode);
        Assert.DoesNotContain(id.ToString(), await reader.GetPageAsync("/library/collections"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Bram.Http.PutAsJsonAsync($"/api/v1/collections/{id}", new { title = "Hijack", resources = new[] { first } })).StatusCode);

        // Reordered and published by its owner.
        var updated = await JsonAsync(await world.Anna.Http.PutAsJsonAsync($"/api/v1/collections/{id}",
            new { title = "Editing pathway", description = "In order.", published = true, resources = new[] { second, first } }), HttpStatusCode.OK);
        Assert.Equal([second, first], updated.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("resource").GetProperty("id").GetGuid()).ToArray());

        // The reader sees it, and their progress: one of two finished.
        await LibraryShelvesTests.SaveProgressAsync(reader, second, 60, 1);
        var seen = await JsonAsync(await reader.GetAsync($"/api/v1/collections/{id}"), HttpStatusCode.OK);
        Assert.Equal((1, false), (seen.GetProperty("done").GetInt32(), seen.GetProperty("canEdit").GetBoolean()));
        Assert.Contains("You finished 1 of 2", await reader.GetPageAsync($"/library/collections/{id}"), StringComparison.Ordinal);
        Assert.Contains("Editing pathway", await reader.GetPageAsync("/library/collections"), StringComparison.Ordinal);
        // Another champion may not change or delete it; its owner deletes it.
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Bram.Http.DeleteAsync($"/api/v1/collections/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Bram.Http.PutAsJsonAsync($"/api/v1/collections/{id}", new { title = "Hijack", resources = new[] { first } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Anna.Http.DeleteAsync($"/api/v1/collections/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/collections/{id}")).StatusCode);
    }

    private static async Task<Guid> PublishedAsync(World world, string title)
    {
        var resource = await world.Anna.CreateAsync(Article(world.Editing, title));
        await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{resource.Id}/publication", null), HttpStatusCode.OK);
        return resource.Id;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CollectionsTestsOnSqlite(SqliteApp app) : CollectionsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CollectionsTestsOnPostgres(PostgresApp app) : CollectionsTests(app);
