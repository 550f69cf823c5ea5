using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Browse;

/// <summary>
/// The shelves on /library: recommended with its reason (a skill I am learning), popular in my department (colleagues'
/// views, not other departments'), continue where I stopped (started, not finished), new this week, a shelf per capability,
/// and the capability filter.
/// </summary>
public abstract class LibraryShelvesTests(GuildApp app)
{
    [Fact]
    public async Task Each_shelf_shows_what_it_promises_with_its_reason()
    {
        var world = await app.WorldAsync();
        var unique = Guid.NewGuid().ToString("N")[..6];
        var department = "Sales " + unique;
        var reader = await app.CreatePersonAsync(department: department);
        var colleague = await app.CreatePersonAsync(department: department);
        var outsider = await app.CreatePersonAsync(department: "Finance " + unique);
        var readerClient = app.CreateGuildClient();
        await readerClient.SignInAsync(reader.Email, GuildApp.Password);

        var learnIt = await PublishAsync(world, "Learn colour " + unique);
        var popular = await PublishAsync(world, "Popular in sales " + unique);
        var elsewhere = await PublishAsync(world, "Popular in finance " + unique);
        var started = await PublishAsync(world, "Half watched " + unique);
        var finished = await PublishAsync(world, "Finished " + unique);

        var skillName = "Colour grading " + unique;
        await app.WithDbAsync(async db =>
        {
            var skill = new Skill { Id = Guid.CreateVersion7(), Name = skillName, NameKey = skillName.ToLowerInvariant(), CreatedAt = app.Clock.GetUtcNow() };
            db.Add(skill);
            db.Add(new ComponentSkill { ComponentId = world.Editing, SkillId = skill.Id });
            db.Add(new PersonSkill { PersonId = reader.Id, SkillId = skill.Id, Level = ExpertiseLevel.UsesIt, UpdatedAt = app.Clock.GetUtcNow() });
            var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
            db.Add(new ResourceView { ResourceId = popular.Id, PersonId = colleague.Id, Day = today });
            db.Add(new ResourceView { ResourceId = elsewhere.Id, PersonId = outsider.Id, Day = today });
            await db.SaveChangesAsync();
        });
        await SaveProgressAsync(readerClient, started.Id, 30, 0.4);
        await SaveProgressAsync(readerClient, finished.Id, 100, 0.97);

        var page = await readerClient.GetPageAsync("/library");
        var recommended = Section(page, "shelf-recommended");
        Assert.Contains("Learn colour " + unique, recommended, StringComparison.Ordinal);
        Assert.Contains($"Because you are learning {skillName}", recommended, StringComparison.Ordinal);
        Assert.DoesNotContain("Finished " + unique, recommended, StringComparison.Ordinal);

        var popularShelf = Section(page, "shelf-popular");
        Assert.Contains($"Popular in {department}", popularShelf, StringComparison.Ordinal);
        Assert.Contains("Popular in sales " + unique, popularShelf, StringComparison.Ordinal);
        Assert.DoesNotContain("Popular in finance " + unique, popularShelf, StringComparison.Ordinal);

        var continuing = Section(page, "shelf-continue");
        Assert.Contains("Half watched " + unique, continuing, StringComparison.Ordinal);
        Assert.Contains("40% done", continuing, StringComparison.Ordinal);
        Assert.DoesNotContain("Finished " + unique, continuing, StringComparison.Ordinal);

        Assert.Contains("Learn colour " + unique, Section(page, "shelf-new"), StringComparison.Ordinal);
        var capability = await app.WithDbAsync(db => db.Set<KnowHowComponent>().Where(c => c.Id == world.Editing).Select(c => c.CapabilityId).FirstAsync());
        Assert.Contains("Learn colour " + unique, Section(page, $"shelf-{capability}"), StringComparison.Ordinal);

        // The capability filter lists its resources; Dutch readers read the reasons in Dutch.
        Assert.Contains("Half watched " + unique, await readerClient.GetPageAsync($"/library?scope={capability}"), StringComparison.Ordinal);
        var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(reader.Email, GuildApp.Password);
        Assert.Contains($"Omdat je {skillName} aan het leren bent", await dutch.GetPageAsync("/library"), StringComparison.Ordinal);
    }

    private static string Section(string page, string id)
    {
        var start = page.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No shelf {id} on the page.");
        var end = page.IndexOf("</section>", start, StringComparison.Ordinal);
        return page[start..end];
    }

    private static async Task<ResourceDetails> PublishAsync(World world, string title)
    {
        var resource = await world.Anna.CreateAsync(Article(world.Editing, title));
        return await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{resource.Id}/publication", null), HttpStatusCode.OK);
    }

    internal static async Task SaveProgressAsync(GuildClient client, Guid resource, double position, double share)
    {
        using var response = await client.Http.PutAsJsonAsync($"/api/v1/resources/{resource}/progress", new { positionSeconds = position, share });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LibraryShelvesTestsOnSqlite(SqliteApp app) : LibraryShelvesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LibraryShelvesTestsOnPostgres(PostgresApp app) : LibraryShelvesTests(app);
