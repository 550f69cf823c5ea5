using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Expertise.Map.MapTestKit;

namespace Guild.Tests.Features.Expertise.Map;

public abstract class MapCsvTests(GuildApp app)
{
    private static MultipartFormDataContent Upload(byte[] content, string field = "file")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        return new MultipartFormDataContent { { file, field, "map.csv" } };
    }

    [Fact]
    public async Task An_import_with_errors_lists_every_problem_with_its_line_and_changes_nothing()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var owner = await app.CreatePersonAsync("Map", "Owner " + t);
        var before = await app.WithDbAsync(async db => (await db.Set<Capability>().CountAsync(), await db.Set<KnowHowComponent>().CountAsync(), await db.Set<Skill>().CountAsync()));
        var csv = Encoding.UTF8.GetBytes(
            "capability,component,parent,description,owner_email,skills\n" +
            $"Framework {t},,,The frame,{owner.Email},\n" +                                  // 2 fine
            $"Framework {t},Video,,,,Editing {t}\n" +                                           // 3 fine
            $",Orphan,,,,\n" +                                                                  // 4 empty capability
            $"Framework {t},video,,,,\n" +                                                      // 5 duplicate among siblings
            $"Framework {t},Cutting,Nothing here,,,\n" +                                         // 6 unknown parent
            $"Framework {t},Two,Video,,,\n" +                                                   // 7 fine
            $"Framework {t},Three,Video > Two,,,\n" +                                           // 8 fine
            $"Framework {t},Four,Video > Two > Three,,,\n" +                                    // 9 too deep
            $"Framework {t},Owned,,,nobody.{t}@nowhere.example,\n");                            // 10 unknown owner
        var latin1 = Encoding.Latin1.GetBytes($"Framework {t},Caf\u00e9,,,,\n");              // 11 not UTF-8
        var file = csv.Concat(latin1).ToArray();

        using var response = await admin.Http.PostAsync("/api/v1/map/import", Upload(file));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var rejection = (await response.Content.ReadFromJsonAsync<MapImportRejection>(JsonSerializerOptions.Web))!;
        var lines = rejection.Problems.Select(p => p.Line).Order().ToList();
        Assert.Equal([4, 5, 6, 9, 10, 11], lines);
        Assert.Contains(rejection.Problems, p => p.Line == 4 && p.Column == "capability" && p.Message == "Fill this in.");
        Assert.Contains(rejection.Problems, p => p.Line == 5 && p.Message.Contains("line 3", StringComparison.Ordinal));
        Assert.Contains(rejection.Problems, p => p.Line == 6 && p.Column == "parent" && p.Message.Contains("Nothing here", StringComparison.Ordinal));
        Assert.Contains(rejection.Problems, p => p.Line == 9 && p.Message.Contains("3 levels", StringComparison.Ordinal));
        Assert.Contains(rejection.Problems, p => p.Line == 10 && p.Column == "owner_email");
        Assert.Contains(rejection.Problems, p => p.Line == 11 && p.Message.Contains("UTF-8", StringComparison.Ordinal));
        var after = await app.WithDbAsync(async db => (await db.Set<Capability>().CountAsync(), await db.Set<KnowHowComponent>().CountAsync(), await db.Set<Skill>().CountAsync()));
        Assert.Equal(before, after);

        // The page lists them too, each with its line.
        using var page = await admin.PostMultipartAsync("/admin/map/import", "/admin/map/import", WithHandler(Upload(file, "File"), "import"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("The file has 6 problem(s)", html, StringComparison.Ordinal);
        Assert.Contains("The parent “Nothing here” is neither in the file nor on the map of this capability.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_imports_again_unchanged_and_into_a_new_capability_as_the_same_tree()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var owner = await app.CreatePersonAsync("Round", "Trip " + t);
        var capability = await admin.CreateCapabilityAsync($"Round trip {t}", "Why, with a comma", owner.Email);
        var video = await admin.CreateComponentAsync(capability.Id, "Video", description: "Clips; \"quoted\"", ownerEmail: owner.Email, skills: ["Editing " + t, "Storyboarding " + t]);
        var editing = await admin.CreateComponentAsync(capability.Id, "Editing", video.Id);
        await admin.CreateComponentAsync(capability.Id, "Colour grading", editing.Id, skills: "Colour " + t);
        await admin.CreateComponentAsync(capability.Id, "Podcasting");

        using var export = await admin.GetAsync($"/api/v1/capabilities/{capability.Id}/export.csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(csv);
        Assert.Contains($"Round trip {t},Colour grading,Video > Editing,,,Colour {t}", text, StringComparison.Ordinal);

        // Again: nothing changes.
        var shape = Shape(await admin.MapOfAsync(capability.Id));
        using (var again = await admin.Http.PostAsync("/api/v1/map/import", Upload(csv)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var outcome = (await again.Content.ReadFromJsonAsync<MapImportOutcome>())!;
            Assert.Equal((0, 0, 0, 0), (outcome.CapabilitiesCreated, outcome.CapabilitiesUpdated, outcome.ComponentsCreated, outcome.ComponentsUpdated));
            Assert.Equal([capability.Id], outcome.Capabilities);
        }
        Assert.Equal(shape, Shape(await admin.MapOfAsync(capability.Id)));
        Assert.Equal(4, await app.WithDbAsync(db => db.Set<KnowHowComponent>().CountAsync(c => c.CapabilityId == capability.Id)));

        // Under another name it becomes a second capability with the same tree, owners and skills.
        var renamed = text.Replace($"Round trip {t}", $"Copy {t}", StringComparison.Ordinal);
        using var copy = await admin.Http.PostAsync("/api/v1/map/import", Upload(Encoding.UTF8.GetBytes(renamed)));
        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        var created = (await copy.Content.ReadFromJsonAsync<MapImportOutcome>())!;
        Assert.Equal(1, created.CapabilitiesCreated);
        Assert.Equal(4, created.ComponentsCreated);
        var original = await admin.MapOfAsync(capability.Id);
        var imported = await admin.MapOfAsync(created.Capabilities.Single());
        Assert.Equal(Shape(original), Shape(imported));
        Assert.Equal(original.Description, imported.Description);
        Assert.Equal(owner.Id, imported.Owner?.Id);
    }

    private static MultipartFormDataContent WithHandler(MultipartFormDataContent content, string handler)
    {
        content.Add(new StringContent(handler), "_handler");
        return content;
    }

    private static List<string> Shape(CapabilityView map) => map.AllComponents()
        .Select(c => $"{c.Depth}|{c.Name}|{c.Description}|{c.Owner?.Id}|{string.Join(";", c.Skills.Select(s => s.Id))}").ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class MapCsvTestsOnSqlite(SqliteApp app) : MapCsvTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MapCsvTestsOnPostgres(PostgresApp app) : MapCsvTests(app);
