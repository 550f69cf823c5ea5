using System.Net;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Features.Library.Feedback;
using Guild.Tests.Features.Library.Search;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Search;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Browse;

/// <summary>
/// "Recommended for me" from my department's demand: what colleagues of my department looked for in vain (an unanswered
/// search about a component) or asked a question about (a "question" flag) brings that component's published resources
/// to my recommended shelf, with the reason named in my language; another department's demand does not.
/// </summary>
public abstract class DepartmentDemandTests(GuildApp app)
{
    [Fact]
    public async Task What_my_department_looked_for_in_vain_or_asked_about_is_recommended_to_me_and_other_departments_demand_is_not()
    {
        var world = await app.WorldAsync();
        // A made-up word per resource, so that a search for one guesses only its component.
        var (tag, soundTag, gripTag) = (SearchTestKit.Tag(), SearchTestKit.Tag(), SearchTestKit.Tag());
        var capability = await app.CreateCapabilityAsync("Set", "Lighting", "Sound", "Grip");
        var (lighting, sound, grip) = (capability.Components[0].Id, capability.Components[1].Id, capability.Components[2].Id);
        foreach (var component in new[] { lighting, sound, grip })
        {
            await app.MakeChampionAsync(world.AnnaPerson.Id, component);
        }
        var department = "Marketing " + tag;
        var reader = await SignedInAsync(department);
        var searcher = await SignedInAsync(department);
        var asker = await SignedInAsync(department);
        var outsider = await SignedInAsync("Finance " + tag);

        var keyLight = await world.Anna.PublishedAsync(lighting, $"Key light {tag}");
        var boomMic = await world.Anna.PublishedAsync(sound, $"Boom microphone {soundTag}");
        var dolly = await world.Anna.PublishedAsync(grip, $"Dolly track {gripTag}");

        // A colleague searches, gets results about lighting and opens none: once the click window has passed it is an
        // unanswered search about lighting. Another asks a question about the boom microphone (sound).
        var search = await searcher.SearchAsync($"key light {tag}");
        Assert.Contains(search.Results, r => r.Id == keyLight.Id);
        Assert.Equal(HttpStatusCode.Created, (await asker.FlagAsync(boomMic.Id, "Question", "Which windshield outdoors?")).StatusCode);
        // Someone of another department looks for grip in vain and asks about it too.
        await outsider.SearchAsync($"dolly track {gripTag}");
        Assert.Equal(HttpStatusCode.Created, (await outsider.FlagAsync(dolly.Id, "Question", "How long can the track be?")).StatusCode);
        app.Clock.Advance(LibrarySearchService.ClickWindow + TimeSpan.FromMinutes(1));
        await app.RunDueJobsAsync();

        var recommended = Section(await reader.GetPageAsync("/library"), "shelf-recommended");
        var reason = $"Colleagues in {department} looked for this";
        Assert.Contains(reason, Card(recommended, $"Key light {tag}"), StringComparison.Ordinal);
        Assert.Contains(reason, Card(recommended, $"Boom microphone {soundTag}"), StringComparison.Ordinal);
        Assert.DoesNotContain($"Dolly track {gripTag}", recommended, StringComparison.Ordinal);

        // The outsider's own department sees grip's resource; mine is not theirs.
        var outsiderShelf = Section(await outsider.GetPageAsync("/library"), "shelf-recommended");
        Assert.DoesNotContain($"Key light {tag}", outsiderShelf, StringComparison.Ordinal);

        var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(reader.Email, GuildApp.Password);
        Assert.Contains($"Collega's van {department} zochten hiernaar", WebUtility.HtmlDecode(Section(await dutch.GetPageAsync("/library"), "shelf-recommended")),
            StringComparison.Ordinal);
    }

    private async Task<SignedIn> SignedInAsync(string department)
    {
        var person = await app.CreatePersonAsync(department: department);
        var client = app.CreateGuildClient();
        await client.SignInAsync(person.Email, GuildApp.Password);
        return new SignedIn(client, person.Email);
    }

    private sealed record SignedIn(GuildClient Client, string Email)
    {
        public Task<SearchAnswer> SearchAsync(string query) => Client.SearchAsync(query);

        public Task<HttpResponseMessage> FlagAsync(Guid resourceId, string kind, string text) => Client.FlagAsync(resourceId, kind, text);

        public Task<string> GetPageAsync(string path) => Client.GetPageAsync(path);
    }

    private static string Section(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No shelf {id} on the page.");
        var end = page.IndexOf("</section>", start, StringComparison.Ordinal);
        return page[start..end];
    }

    /// <summary>The shelf card whose title is <paramref name="title"/>, with its reason.</summary>
    private static string Card(string shelf, string title)
    {
        var at = shelf.IndexOf(title, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{title} is not on the shelf: {shelf}");
        var end = shelf.IndexOf("</li>", at, StringComparison.Ordinal);
        return WebUtility.HtmlDecode(shelf[at..end]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DepartmentDemandTestsOnSqlite(SqliteApp app) : DepartmentDemandTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DepartmentDemandTestsOnPostgres(PostgresApp app) : DepartmentDemandTests(app);
