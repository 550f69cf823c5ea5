using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Expertise.Map.MapTestKit;

namespace Guild.Tests.Features.Expertise.Map;

public abstract class MapEditingTests(GuildApp app)
{
    [Fact]
    public async Task An_admin_creates_renames_and_reorders_capabilities_and_components()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var owner = await app.CreatePersonAsync("Owner", "Of Media " + t);
        var first = await admin.CreateCapabilityAsync($"First {t}");
        var second = await admin.CreateCapabilityAsync($"  Second {t}  ", "Why we need it", owner.Email.ToUpperInvariant());
        Assert.Equal($"Second {t}", second.Name);
        Assert.Equal(owner.Id, second.Owner?.Id);
        Assert.True(second.Position > first.Position);

        var video = await admin.CreateComponentAsync(second.Id, "Video");
        var audio = await admin.CreateComponentAsync(second.Id, "Audio");
        var editing = await admin.CreateComponentAsync(second.Id, "Editing", video.Id, "Cutting clips", owner.Email, "Video editing " + t, "video EDITING " + t);
        Assert.Equal(2, editing.Depth);
        Assert.Equal(["Video", "Editing"], editing.Path);
        Assert.Single(editing.Skills);

        // Rename with a skill list replaced.
        using (var renamed = await admin.Http.PutAsJsonAsync($"/api/v1/components/{editing.Id}",
                   new ComponentRequest("Video editing", "Cutting and pacing", owner.Email, ["Colour grading " + t])))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
            var view = (await renamed.Content.ReadFromJsonAsync<ComponentView>())!;
            Assert.Equal("Video editing", view.Name);
            Assert.Equal(["Colour grading " + t], view.Skills.Select(s => s.Name));
        }
        using (var renamedCapability = await admin.Http.PutAsJsonAsync($"/api/v1/capabilities/{second.Id}", new CapabilityRequest($"New Media {t}", null, null)))
        {
            Assert.Equal(HttpStatusCode.OK, renamedCapability.StatusCode);
        }

        // Audio before Video; the second capability before the first.
        using (var moved = await admin.Http.PostAsJsonAsync($"/api/v1/components/{audio.Id}/move", new ComponentMoveRequest(null, 0)))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }
        using (var movedCapability = await admin.Http.PostAsJsonAsync($"/api/v1/capabilities/{second.Id}/move", new CapabilityMoveRequest(0)))
        {
            Assert.Equal(HttpStatusCode.OK, movedCapability.StatusCode);
        }
        var map = await admin.MapOfAsync(second.Id);
        Assert.Equal($"New Media {t}", map.Name);
        Assert.Null(map.Owner);
        Assert.Equal(["Audio", "Video"], map.Components.Select(c => c.Name));
        Assert.Equal(["Video editing"], map.Components[1].Children.Select(c => c.Name));
        var list = (await admin.Http.GetFromJsonAsync<List<CapabilitySummary>>("/api/v1/capabilities"))!;
        Assert.True(list.FindIndex(c => c.Id == second.Id) < list.FindIndex(c => c.Id == first.Id));
        Assert.Equal(3, list.Single(c => c.Id == second.Id).ComponentCount);

        // Every change is in the audit log.
        var actions = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.ObjectId == second.Id.ToString() || e.ObjectId == editing.Id.ToString() || e.ObjectId == audio.Id.ToString())
            .Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.CapabilityCreated, actions);
        Assert.Contains(AuditActions.CapabilityChanged, actions);
        Assert.Contains(AuditActions.CapabilityMoved, actions);
        Assert.Contains(AuditActions.ComponentCreated, actions);
        Assert.Contains(AuditActions.ComponentChanged, actions);
        Assert.Contains(AuditActions.ComponentMoved, actions);
    }

    [Fact]
    public async Task Empty_and_duplicate_names_are_refused_with_field_errors_and_change_nothing()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var capability = await admin.CreateCapabilityAsync($"Names {t}");
        var video = await admin.CreateComponentAsync(capability.Id, "Video");
        var before = await CountsAsync(capability.Id);

        using (var empty = await admin.Http.PostAsJsonAsync($"/api/v1/capabilities/{capability.Id}/components", new NewComponentRequest(null, "   ", null, null, null)))
        {
            Assert.Equal(["Fill this in."], (await FieldErrorsAsync(empty))["name"]);
        }
        using (var duplicate = await admin.Http.PostAsJsonAsync($"/api/v1/capabilities/{capability.Id}/components", new NewComponentRequest(null, " VIDEO ", null, null, null)))
        {
            Assert.Contains("already a component called", (await FieldErrorsAsync(duplicate))["name"][0], StringComparison.Ordinal);
        }
        using (var tooLong = await admin.Http.PutAsJsonAsync($"/api/v1/components/{video.Id}", new ComponentRequest(new string('x', 151), null, "nobody@nowhere.example", null)))
        {
            var errors = await FieldErrorsAsync(tooLong);
            Assert.Contains("150", errors["name"][0], StringComparison.Ordinal);
            Assert.Contains("nobody@nowhere.example", errors["ownerEmail"][0], StringComparison.Ordinal);
        }
        using (var duplicateCapability = await admin.Http.PostAsJsonAsync("/api/v1/capabilities", new CapabilityRequest($"names {t}", null, null)))
        {
            Assert.Contains("already a capability", (await FieldErrorsAsync(duplicateCapability))["name"][0], StringComparison.Ordinal);
        }
        // The same name under another parent is fine: names are unique among siblings only.
        await admin.CreateComponentAsync(capability.Id, "Video", video.Id);

        // The page shows the error at the field, in Dutch for a Dutch reader, and keeps what was typed.
        using var dutch = app.CreateGuildClient("nl");
        var person = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        await dutch.SignInAsync(person.Email, GuildApp.Password);
        using var page = await dutch.PostFormAsync($"/admin/map/{capability.Id}", $"/admin/map/{capability.Id}", new Dictionary<string, string>
        {
            ["_handler"] = "add-component", ["NewComponent.Name"] = "video", ["NewComponent.Description"] = "kept text",
        });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Er is op deze plek al een onderdeel met de naam ‘video’.", html, StringComparison.Ordinal);
        Assert.Contains("kept text", html, StringComparison.Ordinal);

        var after = await CountsAsync(capability.Id);
        Assert.Equal(before.Components + 1, after.Components);
        Assert.Equal(before.Capabilities, after.Capabilities);
        Assert.Equal("Video", (await admin.MapOfAsync(capability.Id)).Components.Single().Name);
    }

    [Fact]
    public async Task A_fourth_level_is_refused_when_adding_or_moving()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var capability = await admin.CreateCapabilityAsync($"Depth {t}");
        var one = await admin.CreateComponentAsync(capability.Id, "One");
        var two = await admin.CreateComponentAsync(capability.Id, "Two", one.Id);
        var three = await admin.CreateComponentAsync(capability.Id, "Three", two.Id);
        Assert.Equal(3, three.Depth);
        var other = await admin.CreateComponentAsync(capability.Id, "Other");
        var child = await admin.CreateComponentAsync(capability.Id, "Child", other.Id);

        using (var four = await admin.Http.PostAsJsonAsync($"/api/v1/capabilities/{capability.Id}/components", new NewComponentRequest(three.Id, "Four", null, null, null)))
        {
            Assert.Contains("at most 3 levels", (await FieldErrorsAsync(four))["parentId"][0], StringComparison.Ordinal);
        }
        // "Other" has a child: under "Two" (depth 2) the child would be on level 4.
        using (var move = await admin.Http.PostAsJsonAsync($"/api/v1/components/{other.Id}/move", new ComponentMoveRequest(two.Id, null)))
        {
            Assert.Contains("at most 3 levels", (await FieldErrorsAsync(move))["parentId"][0], StringComparison.Ordinal);
        }
        // Nor under itself.
        using (var intoItself = await admin.Http.PostAsJsonAsync($"/api/v1/components/{one.Id}/move", new ComponentMoveRequest(three.Id, null)))
        {
            Assert.True((await FieldErrorsAsync(intoItself)).ContainsKey("parentId"));
        }
        // Under "One" (depth 1) it fits, and its child follows to level 3.
        using (var fits = await admin.Http.PostAsJsonAsync($"/api/v1/components/{other.Id}/move", new ComponentMoveRequest(one.Id, null)))
        {
            Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        }
        var depths = await app.WithDbAsync(db => db.Set<KnowHowComponent>().AsNoTracking()
            .Where(c => c.CapabilityId == capability.Id).ToDictionaryAsync(c => c.Name, c => c.Depth));
        Assert.Equal(2, depths["Other"]);
        Assert.Equal(3, depths["Child"]);
        Assert.DoesNotContain("Four", depths.Keys);
        Assert.Equal(child.Id, (await admin.MapOfAsync(capability.Id)).AllComponents().Single(c => c.Name == "Child").Id);
    }

    [Fact]
    public async Task Employees_browse_the_map_but_cannot_change_it_and_guests_do_not_see_it()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var capability = await admin.CreateCapabilityAsync($"Visible {t}", "For everyone inside");
        var component = await admin.CreateComponentAsync(capability.Id, "Podcasting", skills: "Audio editing " + t);
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);

        var browse = WebUtility.HtmlDecode(await employee.GetPageAsync("/map"));
        Assert.Contains($"Visible {t}", browse, StringComparison.Ordinal);
        Assert.Contains("Audio editing " + t, browse, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/map", browse, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync($"/map/{capability.Id}")).StatusCode);
        Assert.Equal("Podcasting", (await employee.MapOfAsync(capability.Id)).Components.Single().Name);

        using (var put = await employee.Http.PutAsJsonAsync($"/api/v1/capabilities/{capability.Id}", new CapabilityRequest("Taken over", null, null)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        }
        using (var create = await employee.Http.PostAsJsonAsync("/api/v1/capabilities", new CapabilityRequest($"Mine {t}", null, null)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }
        using (var archive = await employee.Http.PostAsync($"/api/v1/components/{component.Id}/archive", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, archive.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync($"/admin/map/{capability.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync($"/api/v1/capabilities/{capability.Id}/export.csv")).StatusCode);

        // A guest gets 403 for a capability that exists and for one that does not: the answer tells nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/api/v1/capabilities/{capability.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/api/v1/capabilities/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync("/map")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/map/{capability.Id}")).StatusCode);

        var unchanged = await admin.MapOfAsync(capability.Id);
        Assert.Equal($"Visible {t}", unchanged.Name);
        Assert.Null(unchanged.Components.Single().ArchivedAt);
    }

    private Task<(int Capabilities, int Components)> CountsAsync(Guid capabilityId) =>
        app.WithDbAsync(async db => (await db.Set<Capability>().CountAsync(), await db.Set<KnowHowComponent>().CountAsync(c => c.CapabilityId == capabilityId)));
}

[Collection(SqliteCollection.Name)]
public sealed class MapEditingTestsOnSqlite(SqliteApp app) : MapEditingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MapEditingTestsOnPostgres(PostgresApp app) : MapEditingTests(app);
