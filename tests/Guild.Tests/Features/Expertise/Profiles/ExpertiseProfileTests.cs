using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Expertise.Profiles;

/// <summary>People keep their own skills, topics and availability; managers see their team's in full.</summary>
public abstract class ExpertiseProfileTests(GuildApp app)
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task A_skill_named_in_other_words_is_one_skill()
    {
        var tag = Tag();
        var (first, _) = await app.SignedInAsync(Roles.Employee);
        var (second, _) = await app.SignedInAsync(Roles.Employee);

        var a = (await first.ListSkillsAsync($"Video Editing {tag}"))[0];
        var b = (await second.ListSkillsAsync($"  vídeo   editing {tag.ToUpperInvariant()} "))[0];

        Assert.Equal(a, b);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Skill>().CountAsync(s => s.NameKey == $"video editing {tag}")));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_per_field_and_changes_nothing()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee);
        var tag = Tag();
        await client.ListSkillsAsync("Kept " + tag);
        using var _ = await client.Http.PutAsJsonAsync("/api/v1/me/topics", new { topics = (string[])["Kept topic"] });

        var refusals = new (string Path, object Body, string Field, string Message)[]
        {
            ("/api/v1/me/topics", new { topics = new[] { new string('x', 81) } }, "topics", "at most 80 characters"),
            ("/api/v1/me/topics", new { topics = Enumerable.Range(1, 11).Select(i => $"Topic {i}").ToArray() }, "topics", "at most 10 topics"),
            ("/api/v1/me/topics", new { topics = new[] { "Excel", "excel " } }, "topics", "is in the list twice"),
            ("/api/v1/me/skills", new { skills = new[] { new { skillId = (Guid?)Guid.CreateVersion7(), name = (string?)null, level = "UsesIt" } } }, "skills[0]", "There is no such skill"),
            ("/api/v1/me/skills", new { skills = new[] { new { skillId = (Guid?)null, name = (string?)"No level", level = (string?)null } } }, "skills[0]", "Choose how well"),
            ("/api/v1/me/availability", new { hoursPerMonth = 500 }, "hoursPerMonth", "between 0 and 160"),
            ("/api/v1/me/availability", new { awayUntil = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-1) }, "awayUntil", "That date has passed"),
        };
        foreach (var (path, body, field, message) in refusals)
        {
            using var response = await client.Http.PutAsJsonAsync(path, body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} {JsonSerializer.Serialize(body)} answered {(int)response.StatusCode}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(message, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        var profile = await client.GetJsonAsync<JsonElement>($"/api/v1/people/{person.Id}");
        var expertise = profile.GetProperty("expertise");
        Assert.Equal(["Kept " + tag], expertise.GetProperty("skills").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["Kept topic"], expertise.GetProperty("askMeAbout").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Null, expertise.GetProperty("availability").ValueKind);
        Assert.False(await app.WithDbAsync(db => db.Set<Skill>().AnyAsync(s => s.Name == "No level")));
    }

    [Fact]
    public async Task Topics_keep_their_order_and_the_edit_page_refuses_a_long_one()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee);
        using var saved = await client.Http.PutAsJsonAsync("/api/v1/me/topics", new { topics = (string[])["Working Out Loud", "Excel formulas", "Podcasts"] });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        using var reordered = await client.Http.PutAsJsonAsync("/api/v1/me/topics", new { topics = (string[])["Podcasts", "Working out loud"] });
        Assert.Equal(["Podcasts", "Working out loud"], (await reordered.Content.ReadFromJsonAsync<string[]>())!);

        using var page = await client.PostFormAsync($"/people/{person.Id}/expertise", $"/people/{person.Id}/expertise",
            new Dictionary<string, string> { ["_handler"] = "topics", ["Topics"] = "Short\n" + new string('y', 81) });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("at most 80 characters", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(["Podcasts", "Working out loud"], (await client.GetJsonAsync<string[]>("/api/v1/me/topics"))!);
        Assert.Contains("Working out loud", await client.GetPageAsync($"/people/{person.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_sees_the_availability_note_of_their_team_and_other_colleagues_do_not()
    {
        var (report, reportPerson) = await app.SignedInAsync(Roles.Employee);
        var (manager, managerPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        await app.WithDbAsync(db => db.Set<Person>().Where(p => p.Id == reportPerson.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.ManagerId, managerPerson.Id)));
        // Tests on the shared app move its clock: the date is a month after whatever "now" is.
        var away = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(30);
        using var saved = await report.Http.PutAsJsonAsync("/api/v1/me/availability", new { awayUntil = away, hoursPerMonth = 4, note = "Mornings only please" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        foreach (var (client, seesNote) in new[] { (manager, true), (admin, true), (report, true), (colleague, false) })
        {
            var availability = (await client.GetJsonAsync<JsonElement>($"/api/v1/people/{reportPerson.Id}")).GetProperty("expertise").GetProperty("availability");
            Assert.Equal(4, availability.GetProperty("hoursPerMonth").GetInt32());
            Assert.Equal(away.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), availability.GetProperty("awayUntil").GetString());
            Assert.Equal(seesNote ? "Mornings only please" : null, availability.GetProperty("note").GetString());
            Assert.Equal(seesNote, (await client.GetPageAsync($"/people/{reportPerson.Id}")).Contains("Mornings only please", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task My_team_shows_a_manager_their_direct_reports_with_notes_and_skills()
    {
        var tag = Tag();
        var (report, reportPerson) = await app.SignedInAsync(Roles.Employee);
        var (manager, managerPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        await app.WithDbAsync(db => db.Set<Person>().Where(p => p.Id == reportPerson.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.ManagerId, managerPerson.Id)));
        await report.ListSkillsAsync("Team skill " + tag);
        using var _ = await report.Http.PutAsJsonAsync("/api/v1/me/availability", new { note = "Back after lunch " + tag });

        var page = await manager.GetPageAsync("/my-team");

        Assert.Contains(reportPerson.Id.ToString(), page, StringComparison.Ordinal);
        Assert.Contains("Back after lunch " + tag, page, StringComparison.Ordinal);
        Assert.Contains("Team skill " + tag, page, StringComparison.Ordinal);
        Assert.Contains("href=\"/my-team\"", await manager.GetPageAsync($"/people/{managerPerson.Id}"), StringComparison.Ordinal);
        var other = await colleague.GetPageAsync("/my-team");
        Assert.DoesNotContain("Back after lunch " + tag, other, StringComparison.Ordinal);
        Assert.Contains("Nobody reports to you", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Active_champion_roles_show_as_badges_and_ended_ones_do_not()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var capability = await app.CreateCapabilityAsync("New Media", "Short video", "Podcasts");
        await app.MakeChampionAsync(person.Id, capability.Components[0].Id);
        await app.MakeChampionAsync(person.Id, capability.Components[1].Id);
        await app.WithDbAsync(db => db.Set<ComponentChampion>().Where(c => c.PersonId == person.Id && c.ComponentId == capability.Components[1].Id)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.EndedAt, app.Clock.GetUtcNow())));

        var (viewer, _) = await app.SignedInAsync(Roles.Employee);
        var badges = (await viewer.GetJsonAsync<JsonElement>($"/api/v1/people/{person.Id}")).GetProperty("expertise").GetProperty("badges");

        var badge = Assert.Single(badges.EnumerateArray());
        Assert.Equal(("Short video", capability.Name, "CanTeachIt"),
            (badge.GetProperty("component").GetString(), badge.GetProperty("capability").GetString(), badge.GetProperty("level").GetString()));
        Assert.Contains("Short video", await viewer.GetPageAsync($"/people/{person.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivating_the_account_is_what_every_reader_sees()
    {
        var tag = Tag();
        var leaver = await app.CreatePersonAsync("Owner" + tag, "Single");
        var (reader, _) = await app.SignedInAsync(Roles.Employee);
        Assert.Contains(leaver.Id.ToString(), await reader.GetPageAsync($"/api/v1/people?q=owner{tag}"), StringComparison.Ordinal);

        // Only the account changes: there is no second copy to keep in step.
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == leaver.Id).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.DeactivatedAt, app.Clock.GetUtcNow()).SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString())));

        var profile = await reader.GetJsonAsync<JsonElement>($"/api/v1/people/{leaver.Id}");
        Assert.Equal(app.Clock.GetUtcNow(), profile.GetProperty("deactivatedAt").GetDateTimeOffset());
        Assert.DoesNotContain(leaver.Id.ToString(), await reader.GetPageAsync($"/api/v1/people?q=owner{tag}"), StringComparison.Ordinal);
        Assert.Contains(leaver.Id.ToString(), await reader.GetPageAsync($"/api/v1/people?q=owner{tag}&includeFormer=true"), StringComparison.Ordinal);
        using var client = app.CreateGuildClient();
        using var signIn = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["Input.Email"] = leaver.Email, ["Input.Password"] = GuildApp.Password,
        });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        // Former colleagues' skills cannot be endorsed.
        Assert.DoesNotContain("endorse:", await reader.GetPageAsync($"/people/{leaver.Id}"), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ExpertiseProfileTestsOnSqlite(SqliteApp app) : ExpertiseProfileTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ExpertiseProfileTestsOnPostgres(PostgresApp app) : ExpertiseProfileTests(app);
