using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Talent;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Expertise.Talent;

/// <summary>
/// The talent directory finds people by every filter, counts facets over who matches, says why each person matches,
/// and leaves out people who left. Every test has its own departments, skills and components, so the shared database's
/// other people never count.
/// </summary>
public abstract class TalentDirectoryTests(GuildApp app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Anna (A, Amsterdam, nl+en): skill S can teach it with 2 endorsements, champion of C. Bram (A, en): S uses it.
    /// Cees (B, Utrecht, nl): skill T, which C covers, can explain it. Dirk (B): S can teach it, but he left.
    /// </summary>
    private sealed record World(string Tag, TestPerson Anna, TestPerson Bram, TestPerson Cees, TestPerson Dirk, Guid DepartmentA, Guid DepartmentB,
        Guid Amsterdam, Guid SkillS, Guid SkillT, Guid ComponentC, string ComponentName);

    private async Task<World> WorldAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var anna = await app.CreatePersonAsync("Anna", $"Aalders {tag}", department: $"Dept A {tag}");
        var bram = await app.CreatePersonAsync("Bram", $"Bos {tag}", department: $"Dept A {tag}");
        var cees = await app.CreatePersonAsync("Cees", $"Claes {tag}", department: $"Dept B {tag}");
        var dirk = await app.CreatePersonAsync("Dirk", $"Dekker {tag}", department: $"Dept B {tag}");
        var endorser1 = await app.CreatePersonAsync();
        var endorser2 = await app.CreatePersonAsync();
        await app.PlacePersonAsync(anna.Id, $"Amsterdam {tag}", "nl", "en");
        await app.PlacePersonAsync(bram.Id, null, "en");
        await app.PlacePersonAsync(cees.Id, $"Utrecht {tag}", "nl");
        var skillS = await app.CreateSkillAsync("Video editing");
        var skillT = await app.CreateSkillAsync("Storyboarding");
        var capability = await app.CreateCapabilityAsync("New Media", "Short video");
        var component = capability.Components[0];
        await app.CoverSkillAsync(component.Id, skillT);
        await app.GiveSkillAsync(anna.Id, skillS, ExpertiseLevel.CanTeachIt, endorser1.Id, endorser2.Id);
        await app.GiveSkillAsync(bram.Id, skillS, ExpertiseLevel.UsesIt);
        await app.GiveSkillAsync(cees.Id, skillT, ExpertiseLevel.CanExplainIt);
        await app.GiveSkillAsync(dirk.Id, skillS, ExpertiseLevel.CanTeachIt);
        await app.MakeChampionAsync(anna.Id, component.Id, ExpertiseLevel.CanTeachIt);
        await app.MakeChampionAsync(dirk.Id, component.Id, ExpertiseLevel.CanTeachIt);
        await app.DeactivateAsync(dirk.Id);
        return new World(tag, anna, bram, cees, dirk,
            await app.OrgUnitIdAsync(OrgUnitKind.Department, $"Dept A {tag}"), await app.OrgUnitIdAsync(OrgUnitKind.Department, $"Dept B {tag}"),
            await app.OrgUnitIdAsync(OrgUnitKind.Location, $"Amsterdam {tag}"), skillS, skillT, component.Id, component.Name);
    }

    private static async Task<DirectoryResult> SearchAsync(GuildClient client, string query)
    {
        using var response = await client.GetAsync($"/api/v1/directory?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<DirectoryResult>(body, Json)!;
    }

    private static List<Guid> Ids(DirectoryResult result) => result.People.Items.Select(p => p.Id).ToList();

    private static int Count(IReadOnlyList<FacetValue> values, object value) =>
        values.FirstOrDefault(v => string.Equals(v.Value, value.ToString(), StringComparison.OrdinalIgnoreCase))?.Count ?? 0;

    [Fact]
    public async Task A_skill_finds_its_active_people_with_level_facets_and_reasons()
    {
        var world = await WorldAsync();
        var (client, _) = await app.SignedInAsync(Roles.Employee);

        var found = await SearchAsync(client, $"skill={world.SkillS}");

        Assert.Equal([world.Anna.Id, world.Bram.Id], Ids(found));
        Assert.Equal(2, found.People.TotalCount);
        Assert.Equal(2, Count(found.Facets.Departments, world.DepartmentA));
        Assert.Equal(0, Count(found.Facets.Departments, world.DepartmentB));
        Assert.Equal(1, Count(found.Facets.Locations, world.Amsterdam));
        Assert.Equal(2, Count(found.Facets.Languages, "en"));
        Assert.Equal(1, Count(found.Facets.Languages, "nl"));
        // Levels count "at least": both use it, only Anna can teach it.
        Assert.Equal(2, Count(found.Facets.Levels, ExpertiseLevel.UsesIt));
        Assert.Equal(1, Count(found.Facets.Levels, ExpertiseLevel.CanExplainIt));
        Assert.Equal(1, Count(found.Facets.Levels, ExpertiseLevel.CanTeachIt));
        Assert.Equal(2, Count(found.Facets.Skills, world.SkillS));
        Assert.True(found.Facets.Skills.Single(v => v.Value == world.SkillS.ToString()).Selected);
        var anna = found.People.Items[0];
        var reason = Assert.Single(anna.Reasons, r => r.Kind == MatchReasonKind.Skill);
        Assert.Equal(2, reason.Endorsements);
        Assert.Equal(ExpertiseLevel.CanTeachIt, reason.Level);
        Assert.StartsWith("Skill: Video editing", reason.Text, StringComparison.Ordinal);
        Assert.EndsWith("can teach it, 2 endorsements", reason.Text, StringComparison.Ordinal);

        var teachers = await SearchAsync(client, $"skill={world.SkillS}&level=CanTeachIt");
        Assert.Equal([world.Anna.Id], Ids(teachers));
    }

    [Fact]
    public async Task A_component_finds_its_champions_and_the_people_with_its_skills()
    {
        var world = await WorldAsync();
        var (client, _) = await app.SignedInAsync(Roles.Employee);

        var found = await SearchAsync(client, $"component={world.ComponentC}");

        Assert.Equal([world.Anna.Id, world.Cees.Id], Ids(found));
        var champion = Assert.Single(found.People.Items[0].Reasons, r => r.Kind == MatchReasonKind.Champion);
        Assert.Equal($"Knowledge Champion for {world.ComponentName} (can teach it)", champion.Text);
        Assert.Contains(found.People.Items[1].Reasons, r => r.Kind == MatchReasonKind.Skill && r.Level == ExpertiseLevel.CanExplainIt);
        // Dirk left: his championship no longer counts.
        Assert.Equal(1, Count(found.Facets.Components, world.ComponentC));
        Assert.Equal(2, Count(found.Facets.Levels, ExpertiseLevel.CanExplainIt));
        Assert.Equal(1, Count(found.Facets.Levels, ExpertiseLevel.CanTeachIt));

        Assert.Equal([world.Anna.Id], Ids(await SearchAsync(client, $"component={world.ComponentC}&level=CanTeachIt")));
    }

    [Fact]
    public async Task Departments_locations_and_languages_filter_and_count_as_any_of_their_values()
    {
        var world = await WorldAsync();
        var (client, _) = await app.SignedInAsync(Roles.Employee);

        var both = await SearchAsync(client, $"department={world.DepartmentA}&department={world.DepartmentB}");
        Assert.Equal([world.Anna.Id, world.Bram.Id, world.Cees.Id], Ids(both));

        var dutch = await SearchAsync(client, $"department={world.DepartmentA}&department={world.DepartmentB}&language=nl");
        Assert.Equal([world.Anna.Id, world.Cees.Id], Ids(dutch));
        Assert.Contains(dutch.People.Items[0].Reasons, r => r.Kind == MatchReasonKind.Language && r.Subject == "nl");
        // A facet counts without its own filter, so ticking English too would add Bram.
        Assert.Equal(2, Count(dutch.Facets.Languages, "nl"));
        Assert.Equal(2, Count(dutch.Facets.Languages, "en"));
        Assert.Equal(1, Count(dutch.Facets.Departments, world.DepartmentA));
        Assert.Equal(1, Count(dutch.Facets.Departments, world.DepartmentB));
        Assert.True(dutch.Facets.Departments.Single(v => v.Value == world.DepartmentA.ToString()).Selected);

        var amsterdam = await SearchAsync(client, $"location={world.Amsterdam}");
        Assert.Equal([world.Anna.Id], Ids(amsterdam));
        Assert.Contains(amsterdam.People.Items[0].Reasons, r => r.Kind == MatchReasonKind.Location);
    }

    [Fact]
    public async Task A_name_prefix_finds_people_and_people_who_left_are_never_found()
    {
        var world = await WorldAsync();
        var (client, _) = await app.SignedInAsync(Roles.Employee);

        Assert.Equal([world.Cees.Id], Ids(await SearchAsync(client, $"q=claes {world.Tag}")));
        Assert.Equal([world.Cees.Id], Ids(await SearchAsync(client, $"q=cees claes {world.Tag}")));
        Assert.Empty(Ids(await SearchAsync(client, $"q=dekker {world.Tag}")));
        Assert.Empty(Ids(await SearchAsync(client, $"department={world.DepartmentB}&skill={world.SkillS}")));
    }

    [Fact]
    public async Task The_directory_page_shows_reasons_and_facet_counts_in_english_and_dutch()
    {
        var world = await WorldAsync();
        var (client, _) = await app.SignedInAsync(Roles.Employee);

        var page = WebUtility.HtmlDecode(await client.GetPageAsync($"/people?component={world.ComponentC}"));
        Assert.Contains($"Knowledge Champion for {world.ComponentName} (can teach it)", page, StringComparison.Ordinal);
        Assert.Contains(world.Cees.Name, page, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Dirk.Name, page, StringComparison.Ordinal);
        Assert.Contains($"name=\"department\" value=\"{world.DepartmentA}\"", page, StringComparison.Ordinal);

        using var dutch = app.CreateGuildClient("nl");
        var person = await app.CreatePersonAsync();
        await dutch.SignInAsync(person.Email, GuildApp.Password);
        var dutchPage = WebUtility.HtmlDecode(await dutch.GetPageAsync($"/people?component={world.ComponentC}"));
        Assert.Contains($"Kennis-kampioen voor {world.ComponentName} (kan het onderwijzen)", dutchPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_guest_cannot_use_the_directory_and_a_bad_level_is_a_clear_400()
    {
        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);
        using var api = await guest.GetAsync("/api/v1/directory");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        using var page = await guest.GetAsync("/people?skill=" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);

        var (client, _) = await app.SignedInAsync(Roles.Employee);
        using var bad = await client.GetAsync("/api/v1/directory?level=7");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("level", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TalentDirectoryTestsOnSqlite(SqliteApp app) : TalentDirectoryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TalentDirectoryTestsOnPostgres(PostgresApp app) : TalentDirectoryTests(app);
