using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Coverage;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Expertise.Coverage;

/// <summary>
/// Coverage of a capability: its live components in map order with their active champions and the gaps, on the page
/// (/admin/coverage/{id}) and through the API (GET /api/v1/capabilities/{id}/coverage), for those the coverage rule admits.
/// </summary>
public abstract class CoverageTests(GuildApp app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Gaps_follow_the_number_of_active_champions_in_map_order()
    {
        var capability = await app.CreateCapabilityAsync("Video know-how", "Lighting", "Editing", "Editing/Colour", "Sound");
        var (lighting, editing, colour, sound) = (capability.Components[0], capability.Components[1], capability.Components[2], capability.Components[3]);
        var champions = await PeopleAsync(4);
        await app.MakeChampionAsync(champions[0].Id, editing.Id);
        await app.MakeChampionAsync(champions[1].Id, sound.Id);
        await app.MakeChampionAsync(champions[2].Id, sound.Id, ExpertiseLevel.CanExplainIt);
        await app.MakeChampionAsync(champions[3].Id, sound.Id, ExpertiseLevel.UsesIt);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var coverage = await CoverageAsync(admin, capability.Id);

        Assert.Equal(capability.Name, coverage.Name);
        Assert.Equal([lighting.Id, editing.Id, colour.Id, sound.Id], coverage.Components.Select(c => c.Id));
        Assert.Equal([1, 1, 2, 1], coverage.Components.Select(c => c.Depth));
        Assert.Equal(editing.Id, coverage.Components[2].ParentId);
        Assert.Equal([0, 1, 0, 3], coverage.Components.Select(c => c.ChampionCount));
        // The library supplies resources: none published here yet, so every component also lacks one.
        Assert.Equal([CoverageGap.NoChampion, CoverageGap.NoResource], coverage.Components[0].Gaps);
        Assert.Equal([CoverageGap.SingleChampion, CoverageGap.NoResource], coverage.Components[1].Gaps);
        Assert.Equal([CoverageGap.NoResource], coverage.Components[3].Gaps);
        Assert.Equal(champions[0].Id, Assert.Single(coverage.Components[1].Champions).PersonId);
        Assert.Equal(ExpertiseLevel.UsesIt, coverage.Components[3].Champions.Single(c => c.PersonId == champions[3].Id).Level);
        Assert.Equal(new CoverageSummary(4, 2, 1, 1, 4, 0), coverage.Summary);
        // The library supplies resources and asks the open demand (none here); nothing supplies engagement yet, and no
        // number is made up for it.
        Assert.Equal([CoverageMeasure.Resources, CoverageMeasure.OpenDemand], coverage.Measures);
        Assert.All(coverage.Components, c => Assert.True(c.Resources == 0 && c.OpenDemand == 0 && c.Engagement is null));
    }

    [Fact]
    public async Task A_deactivated_or_ended_champion_leaves_the_counts_but_keeps_their_history()
    {
        var capability = await app.CreateCapabilityAsync("Podcasting", "Interviewing", "Mixing");
        var (interviewing, mixing) = (capability.Components[0], capability.Components[1]);
        var people = await PeopleAsync(3);
        foreach (var person in people)
        {
            await app.MakeChampionAsync(person.Id, interviewing.Id);
        }
        await app.MakeChampionAsync(people[0].Id, mixing.Id);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        Assert.Equal([3, 1], (await CoverageAsync(admin, capability.Id)).Components.Select(c => c.ChampionCount));

        // One champion leaves the organisation (deactivated by an admin), another steps down from interviewing.
        using (var deactivated = await admin.Http.PostAsync($"/api/v1/people/{people[0].Id}/deactivate", null))
        {
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        }
        await app.WithDbAsync(db => db.Set<ComponentChampion>().Where(c => c.PersonId == people[1].Id && c.ComponentId == interviewing.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.EndedAt, app.Clock.GetUtcNow())));

        var coverage = await CoverageAsync(admin, capability.Id);
        Assert.Equal([1, 0], coverage.Components.Select(c => c.ChampionCount));
        Assert.Equal(people[2].Id, Assert.Single(coverage.Components[0].Champions).PersonId);
        Assert.Equal([CoverageGap.SingleChampion, CoverageGap.NoResource], coverage.Components[0].Gaps);
        Assert.Equal([CoverageGap.NoChampion, CoverageGap.NoResource], coverage.Components[1].Gaps);
        // Their championships are still on record.
        Assert.Equal(4, await app.WithDbAsync(db => db.Set<ComponentChampion>().CountAsync(c => c.ComponentId == interviewing.Id || c.ComponentId == mixing.Id)));
        var chooser = await admin.GetPageAsync("/admin/coverage");
        Assert.Contains(capability.Name, chooser, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coverage_keeps_its_read_until_a_change_is_saved_here_or_half_a_minute_passes()
    {
        var capability = await app.CreateCapabilityAsync("Livestreaming", "Encoding");
        var encoding = capability.Components[0];
        var people = await PeopleAsync(2);
        await app.MakeChampionAsync(people[0].Id, encoding.Id);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        Assert.Equal(1, (await CoverageAsync(admin, capability.Id)).Components[0].ChampionCount);

        // A change saved through this node shows at once.
        await app.MakeChampionAsync(people[1].Id, encoding.Id);
        Assert.Equal(2, (await CoverageAsync(admin, capability.Id)).Components[0].ChampionCount);

        // A change this node did not save (another node's, here a bare statement) shows once the read is half a minute old.
        await app.WithDbAsync(db => db.Set<ComponentChampion>().Where(c => c.PersonId == people[1].Id && c.ComponentId == encoding.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.EndedAt, app.Clock.GetUtcNow())));
        Assert.Equal(2, (await CoverageAsync(admin, capability.Id)).Components[0].ChampionCount);
        app.Clock.Advance(CoverageCache.MaxAge);
        Assert.Equal(1, (await CoverageAsync(admin, capability.Id)).Components[0].ChampionCount);
    }

    [Fact]
    public async Task Archived_components_and_capabilities_are_absent()
    {
        var capability = await app.CreateCapabilityAsync("Social media", "Short video", "Old platform", "Old platform/Old format");
        var archived = await app.CreateCapabilityAsync("Print", "Typesetting");
        await app.MakeChampionAsync((await PeopleAsync(1))[0].Id, capability.Components[1].Id);
        await app.WithDbAsync(async db =>
        {
            var old = new[] { capability.Components[1].Id, capability.Components[2].Id };
            await db.Set<KnowHowComponent>().Where(k => old.Contains(k.Id)).ExecuteUpdateAsync(set => set.SetProperty(k => k.ArchivedAt, app.Clock.GetUtcNow()));
            await db.Set<Capability>().Where(c => c.Id == archived.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.ArchivedAt, app.Clock.GetUtcNow()));
        });
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var coverage = await CoverageAsync(admin, capability.Id);

        Assert.Equal(capability.Components[0].Id, Assert.Single(coverage.Components).Id);
        Assert.Equal(new CoverageSummary(1, 1, 0, 0, 1, 0), coverage.Summary);
        var page = await admin.GetPageAsync($"/admin/coverage/{capability.Id}");
        Assert.DoesNotContain("Old platform", page, StringComparison.Ordinal);
        Assert.DoesNotContain(archived.Name, await admin.GetPageAsync("/admin/coverage"), StringComparison.Ordinal);
        using var response = await admin.GetAsync($"/api/v1/capabilities/{archived.Id}/coverage");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Sorting_by_gap_puts_components_without_a_champion_first_through_plain_links()
    {
        var capability = await app.CreateCapabilityAsync("Data journalism", "Charts", "Sources", "Spreadsheets", "Maps");
        var (charts, sources, spreadsheets, maps) = (capability.Components[0], capability.Components[1], capability.Components[2], capability.Components[3]);
        var people = await PeopleAsync(2);
        await app.MakeChampionAsync(people[0].Id, charts.Id);
        await app.MakeChampionAsync(people[1].Id, charts.Id);
        await app.MakeChampionAsync(people[0].Id, sources.Id);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        Assert.Equal([spreadsheets.Id, maps.Id, sources.Id, charts.Id], (await CoverageAsync(admin, capability.Id, "Gap")).Components.Select(c => c.Id));
        Assert.Equal([spreadsheets.Id, maps.Id, sources.Id, charts.Id], (await CoverageAsync(admin, capability.Id, "Champions")).Components.Select(c => c.Id));
        Assert.Equal([charts.Id, maps.Id, sources.Id, spreadsheets.Id], (await CoverageAsync(admin, capability.Id, "Name")).Components.Select(c => c.Id));

        // The page sorts the same way from links in the page (no script needed), and says which order is current.
        var page = await admin.GetPageAsync($"/admin/coverage/{capability.Id}");
        Assert.Contains($"href=\"/admin/coverage/{capability.Id}?sort=gap\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/coverage/{capability.Id}?sort=champions\"", page, StringComparison.Ordinal);
        var sorted = WebUtility.HtmlDecode(await admin.GetPageAsync($"/admin/coverage/{capability.Id}?sort=gap"));
        Assert.Contains($"href=\"/admin/coverage/{capability.Id}?sort=gap\" aria-current=\"true\"", sorted, StringComparison.Ordinal);
        var rows = System.Text.RegularExpressions.Regex.Matches(sorted, "<th scope=\"row\" data-label=\"Component\" class=\"coverage-depth-1\">([^<]+)").Select(m => m.Groups[1].Value);
        Assert.Equal(["Spreadsheets", "Maps", "Sources", "Charts"], rows);
        // Gaps are words with an icon, never colour alone.
        Assert.Matches("<span aria-hidden=\"true\"[^>]*>✕ </span>No champion", sorted);
        Assert.Matches("<span aria-hidden=\"true\"[^>]*>! </span>Single champion", sorted);
    }

    [Fact]
    public async Task Employees_champions_moderators_and_guests_are_refused_while_a_capability_owner_sees_their_own()
    {
        var owner = await app.CreatePersonAsync(roles: [Roles.Employee]);
        var owned = await app.CreateCapabilityAsync("Owned", "Part");
        var other = await app.CreateCapabilityAsync("Not owned", "Part");
        await app.WithDbAsync(db => db.Set<Capability>().Where(c => c.Id == owned.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.OwnerId, owner.Id)));

        foreach (var roles in new[] { new[] { Roles.Employee }, [Roles.Employee, Roles.Champion], [Roles.Employee, Roles.Moderator], [Roles.PartnerGuest] })
        {
            var (client, _) = await app.SignedInAsync(roles);
            using (client)
            {
                foreach (var path in new[] { $"/api/v1/capabilities/{other.Id}/coverage", $"/api/v1/capabilities/{Guid.NewGuid()}/coverage",
                             "/admin/coverage", $"/admin/coverage/{other.Id}", $"/admin/coverage/{Guid.NewGuid()}" })
                {
                    using var response = await client.GetAsync(path);
                    // A missing capability answers as an existing one does: nobody learns which ids exist.
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{string.Join('+', roles)} GET {path}: {(int)response.StatusCode}");
                }
            }
        }

        using var ownerClient = app.CreateGuildClient();
        await ownerClient.SignInAsync(owner.Email, GuildApp.Password);
        Assert.Equal(owned.Id, (await CoverageAsync(ownerClient, owned.Id)).CapabilityId);
        var chooser = await ownerClient.GetPageAsync("/admin/coverage");
        Assert.Contains(owned.Name, chooser, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Name, chooser, StringComparison.Ordinal);
        using (var refused = await ownerClient.GetAsync($"/api/v1/capabilities/{other.Id}/coverage"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var missing = await admin.GetAsync($"/api/v1/capabilities/{Guid.NewGuid()}/coverage");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var missingPage = await admin.GetAsync($"/admin/coverage/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missingPage.StatusCode);
    }

    [Fact]
    public async Task The_page_says_the_summary_in_a_sentence_and_gives_the_chart_data_as_a_table_in_both_languages()
    {
        var capability = await app.CreateCapabilityAsync("Newsletters", "Writing", "Layout", "Analytics");
        var people = await PeopleAsync(2);
        await app.MakeChampionAsync(people[0].Id, capability.Components[0].Id);
        await app.MakeChampionAsync(people[1].Id, capability.Components[0].Id);
        await app.MakeChampionAsync(people[0].Id, capability.Components[1].Id);
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var page = WebUtility.HtmlDecode(await admin.GetPageAsync($"/admin/coverage/{capability.Id}"));

        Assert.Contains("1 of 3 components has no champion, 1 has a single champion and 1 has two or more.", page, StringComparison.Ordinal);
        // The chart is drawn from this table by the page's script; the table stays for everyone.
        Assert.Contains("data-coverage-chart=\"coverage-distribution\"", page, StringComparison.Ordinal);
        Assert.Contains("<table id=\"coverage-distribution\" data-chart-table", page, StringComparison.Ordinal);
        Assert.Matches("<th scope=\"row\"[^>]*>No champion</th>\\s*<td class=\"numeric\" data-value=\"1\"[^>]*>1</td>", page);
        Assert.Matches("<th scope=\"row\"[^>]*>Two or more</th>\\s*<td class=\"numeric\" data-value=\"1\"[^>]*>1</td>", page);
        Assert.Contains("Not measured yet: engagement.", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/people/{people[0].Id}\"", page, StringComparison.Ordinal);

        using var dutch = app.CreateGuildClient("nl");
        await dutch.SignInAsync(adminPerson.Email, GuildApp.Password);
        var dutchPage = WebUtility.HtmlDecode(await dutch.GetPageAsync($"/admin/coverage/{capability.Id}"));
        Assert.Contains("1 van de 3 onderdelen heeft geen kampioen, 1 heeft één kampioen en 1 heeft er twee of meer.", dutchPage, StringComparison.Ordinal);
        Assert.Matches("<th scope=\"row\"[^>]*>Geen kampioen</th>\\s*<td class=\"numeric\" data-value=\"1\"[^>]*>1</td>", dutchPage);
    }

    [Fact]
    public async Task The_admin_overview_counts_components_without_a_champion()
    {
        await app.CreateCapabilityAsync("Overview", "Uncovered");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var page = WebUtility.HtmlDecode(await admin.GetPageAsync("/admin"));

        Assert.Matches(@"href=""/admin/coverage\?sort=gap""[^>]*>[\d,]+ components? (has|have) no champion<", page);
    }

    private static async Task<CapabilityCoverage> CoverageAsync(GuildClient client, Guid capabilityId, string? sort = null)
    {
        using var response = await client.GetAsync($"/api/v1/capabilities/{capabilityId}/coverage{(sort is null ? "" : "?sort=" + sort)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CapabilityCoverage>(Json))!;
    }

    private async Task<List<TestPerson>> PeopleAsync(int count)
    {
        var people = new List<TestPerson>();
        for (var i = 0; i < count; i++)
        {
            people.Add(await app.CreatePersonAsync(roles: [Roles.Employee, Roles.Champion]));
        }
        return people;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CoverageTestsOnSqlite(SqliteApp app) : CoverageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CoverageTestsOnPostgres(PostgresApp app) : CoverageTests(app);

/// <summary>The gap rules without a database: what a measure supplied by another feature adds, and that a missing one adds nothing.</summary>
public sealed class CoverageGapRulesTests
{
    [Fact]
    public void A_measure_nobody_supplies_never_makes_a_gap()
    {
        Assert.Empty(CoverageReports.GapsOf(2, resources: null, openDemand: null));
        Assert.Equal([CoverageGap.NoChampion], CoverageReports.GapsOf(0, resources: null, openDemand: null));
    }

    [Fact]
    public void Supplied_resources_and_demand_flag_no_resource_and_unanswered_demand_worst_first()
    {
        Assert.Equal([CoverageGap.NoChampion, CoverageGap.UnansweredDemand, CoverageGap.NoResource], CoverageReports.GapsOf(0, resources: 0, openDemand: 3));
        Assert.Equal([CoverageGap.SingleChampion], CoverageReports.GapsOf(1, resources: 4, openDemand: 0));

        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var rows = new List<CoverageReports.ComponentRow>
        {
            new() { Id = a, Depth = 1, Name = "A", Position = 0 },
            new() { Id = b, Depth = 1, Name = "B", Position = 1, Champions = [new() { PersonId = Guid.NewGuid(), GivenName = "C", FamilyName = "D", SortKey = "d c" }, new() { PersonId = Guid.NewGuid(), GivenName = "E", FamilyName = "F", SortKey = "f e" }] },
        };
        var measures = new Dictionary<CoverageMeasure, IReadOnlyDictionary<Guid, int>>
        {
            [CoverageMeasure.Resources] = new Dictionary<Guid, int> { [b] = 2 },
            [CoverageMeasure.OpenDemand] = new Dictionary<Guid, int> { [b] = 1 },
        };
        var coverage = CoverageReports.Build(Guid.NewGuid(), "Capability", CoverageSort.Gap, rows, measures);
        Assert.Equal([CoverageMeasure.Resources, CoverageMeasure.OpenDemand], coverage.Measures);
        Assert.Equal([CoverageGap.NoChampion, CoverageGap.NoResource], coverage.Components[0].Gaps);
        Assert.Equal(0, coverage.Components[0].Resources);
        Assert.Null(coverage.Components[0].Engagement);
        Assert.Equal([CoverageGap.UnansweredDemand], coverage.Components[1].Gaps);
        Assert.Equal(new CoverageSummary(2, 1, 0, 1, 1, 1), coverage.Summary);
    }
}
