using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Coverage;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Resources;

/// <summary>
/// Who sees and makes what: drafts stay with their authors, reviewer and L&amp;D admins (404 for anyone else, like a
/// missing id); only champions of a component make resources about it; bad input changes nothing; Markdown is
/// sanitised; views are recorded once a day; coverage counts published resources.
/// </summary>
public abstract class ResourceAccessTests(GuildApp app)
{
    [Fact]
    public async Task A_stranger_gets_404_for_a_draft_on_the_page_and_in_the_API_while_its_reviewer_and_admins_see_it()
    {
        var world = await app.WorldAsync();
        var (stranger, _) = await app.SignedInAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Secret draft"));

        foreach (var client in new[] { stranger, world.Bram, world.Cas })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/resources/{draft.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/resources/{draft.Id}/revisions")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/library/{draft.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/library/{draft.Id}/history")).StatusCode);
        }
        // Exactly what a missing id answers: nothing tells a draft from nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/resources/{Guid.NewGuid()}")).StatusCode);
        Assert.DoesNotContain("Secret draft", await stranger.GetPageAsync("/library/reviews"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/resources/{draft.Id}")).StatusCode);

        await ReadAsync(await world.Anna.Http.PostAsJsonAsync($"/api/v1/resources/{draft.Id}/review-request", new { reviewerId = world.BramPerson.Id }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await world.Bram.GetAsync($"/library/{draft.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/resources/{draft.Id}")).StatusCode);
        // A partner guest does not reach the library at all.
        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync("/api/v1/resources")).StatusCode);
    }

    [Fact]
    public async Task Only_champions_of_one_of_its_components_create_a_resource_and_others_are_told_why()
    {
        var world = await app.WorldAsync();
        var (employee, employeePerson) = await app.SignedInAsync();

        var refused = await ProblemAsync(await employee.Http.PostAsJsonAsync("/api/v1/resources", Article(world.Editing)), HttpStatusCode.Forbidden);
        Assert.Contains("Only Knowledge Champions", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var page = await employee.GetAsync("/library/new");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Only Knowledge Champions and L&amp;D admins make resources.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Cas champions Filming, not Editing.
        var other = await ProblemAsync(await world.Cas.Http.PostAsJsonAsync("/api/v1/resources", Article(world.Editing)), HttpStatusCode.Forbidden);
        Assert.Contains("component you are a champion of", other.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Resource>().CountAsync(r => r.CreatedById == employeePerson.Id || r.CreatedById == world.CasPerson.Id)));
        // An L&D admin may, without championing anything.
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await admin.CreateAsync(Article(world.Editing));
    }

    [Fact]
    public async Task Bad_input_gets_a_message_per_field_and_changes_nothing()
    {
        var world = await app.WorldAsync();

        var problem = await ProblemAsync(await world.Anna.Http.PostAsJsonAsync("/api/v1/resources", new
        {
            kind = "Link", title = " ", summary = "Fine.", language = "de", components = new[] { world.Editing, Guid.NewGuid() }, url = "javascript:alert(1)",
        }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal("Give it a title.", errors.GetProperty("title")[0].GetString());
        Assert.Equal("Use a full web address starting with https:// or http://.", errors.GetProperty("url")[0].GetString());
        Assert.Equal("One of the components is not on the know-how map (or archived).", errors.GetProperty("components")[0].GetString());
        Assert.Equal("Choose English (en) or Dutch (nl).", errors.GetProperty("language")[0].GetString());
        foreach (var url in new[] { "ftp://example.com/file", "not a url", "/relative/path", "data:text/html,hi" })
        {
            var bad = await ProblemAsync(await world.Anna.Http.PostAsJsonAsync("/api/v1/resources", new
            {
                kind = "Link", title = "Link", summary = "Fine.", language = "en", components = new[] { world.Editing }, url,
            }), HttpStatusCode.BadRequest);
            Assert.True(bad.GetProperty("errors").TryGetProperty("url", out _), url);
        }

        // The page's form shows the messages beside the fields.
        using var posted = await world.Anna.PostFormAsync("/library/new?kind=Article", "/library/new?kind=Article", new List<KeyValuePair<string, string>>
        {
            new("_handler", "resource"), new("Input.Title", ""), new("Input.Summary", "Fine."), new("Input.Language", "en"), new("Input.Markdown", "Text."),
            new("Input.Components", world.Editing.ToString()),
        });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Give it a title.", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Editing a published resource with bad input keeps it as it was, with no new version.
        var published = await world.Anna.CreateAsync(Article(world.Editing, "Kept title"));
        await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{published.Id}/publication", null), HttpStatusCode.OK);
        await ProblemAsync(await world.Anna.Http.PutAsJsonAsync($"/api/v1/resources/{published.Id}", Article(world.Editing, "", "")), HttpStatusCode.BadRequest);
        var after = await ReadAsync(await world.Bram.GetAsync($"/api/v1/resources/{published.Id}"), HttpStatusCode.OK);
        Assert.Equal(("Kept title", 1), (after.Title, after.Revisions));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Resource>().CountAsync(r => r.CreatedById == world.AnnaPerson.Id)));
    }

    [Fact]
    public async Task The_editor_form_creates_a_draft_and_its_author_edits_it()
    {
        var world = await app.WorldAsync();
        var form = await world.Anna.GetPageAsync("/library/new?kind=Link");
        Assert.Contains($"value=\"{world.Editing}\"", form, StringComparison.Ordinal);

        using var created = await world.Anna.PostFormAsync("/library/new?kind=Link", "/library/new?kind=Link", new List<KeyValuePair<string, string>>
        {
            new("_handler", "resource"), new("Input.Title", "Colour wheels explained"), new("Input.Summary", "A good explainer."), new("Input.Language", "nl"),
            new("Input.Url", "https://example.com/colour-wheels"), new("Input.Components", world.Editing.ToString()),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.OriginalString;
        var id = Guid.Parse(path.TrimEnd('/').Split('/')[^1]);
        var edit = await world.Anna.GetPageAsync($"/library/{id}/edit");
        Assert.Contains("value=\"https://example.com/colour-wheels\"", edit, StringComparison.Ordinal);
        using var saved = await world.Anna.PostFormAsync($"/library/{id}/edit", $"/library/{id}/edit", new List<KeyValuePair<string, string>>
        {
            new("_handler", "resource"), new("Input.Title", "Colour wheels, explained"), new("Input.Summary", "A good explainer."), new("Input.Language", "nl"),
            new("Input.Url", "https://example.com/colour-wheels"), new("Input.Components", world.Editing.ToString()),
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var resource = await ReadAsync(await world.Anna.GetAsync($"/api/v1/resources/{id}"), HttpStatusCode.OK);
        Assert.Equal((ResourceKind.Link, ResourceStatus.Draft, "Colour wheels, explained", "nl"), (resource.Kind, resource.Status, resource.Title, resource.Language));
        // Another champion of the same component may not edit it: the page sends them to the resource (once they may see it).
        using var other = await world.Bram.GetAsync($"/library/{id}/edit");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Scripts_event_handlers_and_dangerous_links_in_Markdown_are_removed()
    {
        var world = await app.WorldAsync();
        const string markdown = """
            # Safe heading

            <script>alert('x')</script>
            <img src="https://example.com/a.png" onerror="alert(1)" alt="remote">
            <a href="#" onclick="steal()">click</a>

            [bad](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) and [site](https://example.com/page) and [home](/library)

            ![tracked](http://tracker.example/pixel.png) ![own](/files/pictures/a.png)
            """;

        var article = await world.Anna.CreateAsync(Article(world.Editing, "Sanitised", markdown));

        var html = article.Html!;
        Assert.Contains("<h1>Safe heading</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tracker.example", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.com/page\" rel=\"noopener noreferrer nofollow\">site</a>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/library\">home</a>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"https://example.com/a.png\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/files/pictures/a.png\"", html, StringComparison.Ordinal);
        // The source is kept as written, for the next edit; the reading time comes from the words.
        Assert.Equal(markdown, article.Markdown);
        Assert.Equal(1, article.ReadingMinutes);
        var words = string.Join(' ', Enumerable.Repeat("word", 450));
        Assert.Equal(3, (await world.Anna.CreateAsync(Article(world.Editing, "Long", words))).ReadingMinutes);
    }

    [Fact]
    public async Task A_reader_viewing_a_published_resource_is_recorded_once_a_day()
    {
        var world = await app.WorldAsync();
        var (reader, readerPerson) = await app.SignedInAsync();
        var resource = await world.Anna.CreateAsync(Article(world.Editing, "Viewed"));
        // Viewing a draft (the author) records nothing.
        await world.Anna.GetPageAsync($"/library/{resource.Id}");
        await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{resource.Id}/publication", null), HttpStatusCode.OK);

        await reader.GetPageAsync($"/library/{resource.Id}");
        await reader.GetPageAsync($"/library/{resource.Id}");
        await reader.GetAsync($"/api/v1/resources/{resource.Id}");
        Assert.Equal(1, await ViewsAsync(resource.Id, readerPerson.Id));
        app.Clock.Advance(TimeSpan.FromDays(1));
        await reader.GetPageAsync($"/library/{resource.Id}");
        Assert.Equal(2, await ViewsAsync(resource.Id, readerPerson.Id));
        // The author's own looks are not "viewed".
        await world.Anna.GetPageAsync($"/library/{resource.Id}");
        Assert.Equal(0, await ViewsAsync(resource.Id, world.AnnaPerson.Id));
    }

    [Fact]
    public async Task Coverage_counts_published_resources_per_component()
    {
        var world = await app.WorldAsync();
        var published = await world.Anna.CreateAsync(Article(world.Editing, "Counted"));
        await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{published.Id}/publication", null), HttpStatusCode.OK);
        await world.Anna.CreateAsync(Article(world.Editing, "A draft does not count"));

        var counts = await app.WithDbAsync(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var source = scope.ServiceProvider.GetServices<ICoverageSignals>().Single(s => s.Measure == CoverageMeasure.Resources);
            return await source.CountAsync([world.Editing, world.Filming], CancellationToken.None);
        });

        Assert.Equal(1, counts[world.Editing]);
        Assert.False(counts.ContainsKey(world.Filming));
    }

    [Fact]
    public async Task The_coverage_page_counts_a_resource_as_soon_as_it_is_published_though_it_keeps_its_reads()
    {
        var world = await app.WorldAsync();
        var capabilityId = await app.WithDbAsync(db => db.Set<Guild.Web.Features.Expertise.Map.KnowHowComponent>()
            .Where(k => k.Id == world.Editing).Select(k => k.CapabilityId).FirstAsync());
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        Assert.Equal(0, await ResourcesOnCoverageAsync(admin, capabilityId, world.Editing));

        var published = await world.Anna.CreateAsync(Article(world.Editing, "Counted at once"));
        await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{published.Id}/publication", null), HttpStatusCode.OK);

        // Coverage keeps what it read (the counts too), until a change to what it counts is saved: this publication.
        Assert.Equal(1, await ResourcesOnCoverageAsync(admin, capabilityId, world.Editing));
    }

    private static async Task<int?> ResourcesOnCoverageAsync(GuildClient admin, Guid capabilityId, Guid componentId)
    {
        using var response = await admin.GetAsync($"/api/v1/capabilities/{capabilityId}/coverage");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var coverage = (await response.Content.ReadFromJsonAsync<CapabilityCoverage>(Json))!;
        return coverage.Components.Single(c => c.Id == componentId).Resources;
    }

    private Task<int> ViewsAsync(Guid resourceId, Guid personId) =>
        app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().CountAsync(e => e.Statement.Contains($"resources/{resourceId:D}")
            && e.Statement.Contains(LearningVerbs.Experienced.Iri) && e.Statement.Contains(personId.ToString())));
}

[Collection(SqliteCollection.Name)]
public sealed class ResourceAccessTestsOnSqlite(SqliteApp app) : ResourceAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ResourceAccessTestsOnPostgres(PostgresApp app) : ResourceAccessTests(app);
