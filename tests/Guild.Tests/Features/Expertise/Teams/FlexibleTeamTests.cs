using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.Expertise.Teams;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Expertise.Teams;

/// <summary>
/// A member describes a problem, Guild proposes a team that covers every component (available people first, spread over
/// departments, champions before skills), the proposer adjusts and invites, invitees answer; nobody else sees the team.
/// </summary>
public abstract class FlexibleTeamTests(GuildApp app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Editing: P1 (Sales, champion, can explain it) and P2 (Sales, champion, can teach it, but away).
    /// Filming: Q1 (Sales) and Q2 (Studio), both champions who can teach it. Lighting: nobody champions it; R1 has its
    /// skill at "can teach it" with two endorsements, R2 only uses it.
    /// </summary>
    private sealed record World(Guid Editing, Guid Filming, Guid Lighting, TestPerson P1, TestPerson P2, TestPerson Q1, TestPerson Q2, TestPerson R1, TestPerson R2, string Studio);

    private async Task<World> WorldAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var capability = await app.CreateCapabilityAsync("Video", "Editing", "Filming", "Lighting");
        var (editing, filming, lighting) = (capability.Components[0].Id, capability.Components[1].Id, capability.Components[2].Id);
        var p1 = await app.CreatePersonAsync("Piet", $"Een {tag}", department: $"Sales {tag}");
        var p2 = await app.CreatePersonAsync("Pam", $"Twee {tag}", department: $"Sales {tag}");
        var q1 = await app.CreatePersonAsync("Quinn", $"Een {tag}", department: $"Sales {tag}");
        var q2 = await app.CreatePersonAsync("Quirine", $"Twee {tag}", department: $"Studio {tag}");
        var r1 = await app.CreatePersonAsync("Roos", $"Een {tag}", department: $"Studio {tag}");
        var r2 = await app.CreatePersonAsync("Rik", $"Twee {tag}", department: $"Finance {tag}");
        await app.MakeChampionAsync(p1.Id, editing, ExpertiseLevel.CanExplainIt);
        await app.MakeChampionAsync(p2.Id, editing, ExpertiseLevel.CanTeachIt);
        await app.MakeChampionAsync(q1.Id, filming, ExpertiseLevel.CanTeachIt);
        await app.MakeChampionAsync(q2.Id, filming, ExpertiseLevel.CanTeachIt);
        var light = await app.CreateSkillAsync("Lighting");
        await app.CoverSkillAsync(lighting, light);
        var e1 = await app.CreatePersonAsync();
        var e2 = await app.CreatePersonAsync();
        await app.GiveSkillAsync(r1.Id, light, ExpertiseLevel.CanTeachIt, e1.Id, e2.Id);
        await app.GiveSkillAsync(r2.Id, light, ExpertiseLevel.UsesIt);
        await app.WithDbAsync(async db =>
        {
            db.Add(new Availability { PersonId = p2.Id, AwayUntil = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(10), UpdatedAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        return new World(editing, filming, lighting, p1, p2, q1, q2, r1, r2, $"Studio {tag}");
    }

    private DateOnly InDays(int days) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(days);

    private static async Task<TeamView> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<TeamView>(body, Json)!;
    }

    private async Task<TeamView> ProposeAsync(GuildClient proposer, World world) =>
        await ReadAsync(await proposer.Http.PostAsJsonAsync("/api/v1/teams",
            new { name = "Spring videos", purpose = "Short videos for the spring campaign.", endsOn = InDays(30), components = new[] { world.Editing, world.Filming, world.Lighting } }),
            HttpStatusCode.Created);

    [Fact]
    public async Task A_proposal_covers_each_component_with_available_people_spread_over_departments()
    {
        var world = await WorldAsync();
        var (proposer, _) = await app.SignedInAsync(Roles.Employee);

        var team = await ProposeAsync(proposer, world);

        Assert.All(team.Components, c => Assert.Equal(1, c.CoveredBy));
        var members = team.Members.ToDictionary(m => m.PersonId);
        Assert.All(team.Members, m => Assert.Equal(TeamMemberStatus.Proposed, m.Status));
        // P2 can teach it but is away: P1 covers editing.
        Assert.Contains(world.P1.Id, members.Keys);
        Assert.DoesNotContain(world.P2.Id, members.Keys);
        // Q1 is from Sales like P1: Q2 from the Studio spreads the team.
        Assert.Contains(world.Q2.Id, members.Keys);
        Assert.DoesNotContain(world.Q1.Id, members.Keys);
        // Nobody champions lighting: the best skilled person.
        Assert.Contains(world.R1.Id, members.Keys);
        Assert.Equal(3, team.Members.Count);

        Assert.Contains("Champion for Editing", members[world.P1.Id].Reason, StringComparison.Ordinal);
        Assert.Contains("available", members[world.P1.Id].Reason, StringComparison.Ordinal);
        Assert.Contains($"from {world.Studio} — no one else from {world.Studio} yet", members[world.Q2.Id].Reason, StringComparison.Ordinal);
        Assert.Contains("can teach it, 2 endorsements", members[world.R1.Id].Reason, StringComparison.Ordinal);

        // Nobody was told yet: a proposed person does not even see the team.
        var invitee = app.CreateGuildClient();
        await invitee.SignInAsync(world.P1.Email, GuildApp.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await invitee.GetAsync($"/api/v1/teams/{team.Id}")).StatusCode);
        Assert.Empty(await app.WithDbAsync(db => db.Set<Notification>().Where(n => n.RecipientId == world.P1.Id && n.SubjectKey == $"team:{team.Id}").ToListAsync()));
    }

    [Fact]
    public async Task Invitees_are_notified_and_accept_or_decline_and_the_proposer_hears_of_it()
    {
        var world = await WorldAsync();
        var (proposer, proposerPerson) = await app.SignedInAsync(Roles.Employee);
        var team = await ProposeAsync(proposer, world);

        var invited = await ReadAsync(await proposer.Http.PostAsync($"/api/v1/teams/{team.Id}/invitations", null), HttpStatusCode.OK);
        Assert.All(invited.Members, m => Assert.Equal(TeamMemberStatus.Invited, m.Status));
        var notified = await app.WithDbAsync(db => db.Set<Notification>()
            .Where(n => n.SubjectKey == $"team:{team.Id}" && n.Kind == TeamFormation.InvitedKind).Select(n => n.RecipientId).ToListAsync());
        Assert.Equal(invited.Members.Select(m => m.PersonId).Order(), notified.Order());

        using var p1 = app.CreateGuildClient();
        await p1.SignInAsync(world.P1.Email, GuildApp.Password);
        var page = WebUtility.HtmlDecode(await p1.GetPageAsync($"/teams/{team.Id}"));
        Assert.Contains("Short videos for the spring campaign.", page, StringComparison.Ordinal);
        Assert.Contains("You are invited to join this team.", page, StringComparison.Ordinal);
        // Reasons are for the proposer's eyes.
        Assert.DoesNotContain("Champion for Editing", page, StringComparison.Ordinal);
        var accepted = await ReadAsync(await p1.Http.PostAsync($"/api/v1/teams/{team.Id}/accept", null), HttpStatusCode.OK);
        Assert.Equal(TeamMemberStatus.Accepted, accepted.CallerStatus);
        Assert.Null(accepted.Members.Single(m => m.PersonId == world.P1.Id).Reason);

        using var r1 = app.CreateGuildClient();
        await r1.SignInAsync(world.R1.Email, GuildApp.Password);
        using var decline = await r1.PostFormAsync($"/teams/{team.Id}", $"/teams/{team.Id}", new Dictionary<string, string> { ["_handler"] = "decline" });
        Assert.Equal(HttpStatusCode.Redirect, decline.StatusCode);

        var final = await ReadAsync(await proposer.GetAsync($"/api/v1/teams/{team.Id}"), HttpStatusCode.OK);
        Assert.Equal(TeamMemberStatus.Accepted, final.Members.Single(m => m.PersonId == world.P1.Id).Status);
        Assert.Equal(TeamMemberStatus.Declined, final.Members.Single(m => m.PersonId == world.R1.Id).Status);
        Assert.Equal(0, final.Components.Single(c => c.Id == world.Lighting).CoveredBy);
        var answered = await app.WithDbAsync(db => db.Set<Notification>()
            .SingleAsync(n => n.RecipientId == proposerPerson.Id && n.SubjectKey == $"team:{team.Id}" && n.Kind == TeamFormation.AnsweredKind));
        Assert.Equal(2, answered.Count);
        // Joining is a learning act; declining is not.
        var acts = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().Where(e => e.Statement.Contains($"teams/{team.Id:D}")).Select(e => e.Statement).ToListAsync());
        var act = Assert.Single(acts);
        Assert.Contains(LearningVerbs.Joined.Iri, act, StringComparison.Ordinal);
        Assert.Contains(world.P1.Id.ToString("D"), act, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_not_on_the_team_gets_404_and_an_invitee_cannot_change_it()
    {
        var world = await WorldAsync();
        var (proposer, _) = await app.SignedInAsync(Roles.Employee);
        var team = await ProposeAsync(proposer, world);
        await ReadAsync(await proposer.Http.PostAsync($"/api/v1/teams/{team.Id}/invitations", null), HttpStatusCode.OK);

        var (stranger, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/teams/{team.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/teams/{team.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsync($"/api/v1/teams/{team.Id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.PostAsync($"/api/v1/teams/{team.Id}/invitations", null)).StatusCode);
        Assert.DoesNotContain(team.Id.ToString(), await stranger.GetPageAsync("/teams"), StringComparison.Ordinal);

        using var invitee = app.CreateGuildClient();
        await invitee.SignInAsync(world.Q2.Email, GuildApp.Password);
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync($"/api/v1/teams/{team.Id}")).StatusCode);
        Assert.Contains(team.Id.ToString(), await invitee.GetPageAsync("/teams"), StringComparison.Ordinal);
        using var remove = await invitee.Http.DeleteAsync($"/api/v1/teams/{team.Id}/members/{world.P1.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, remove.StatusCode);
        Assert.Equal(3, (await ReadAsync(await proposer.GetAsync($"/api/v1/teams/{team.Id}"), HttpStatusCode.OK)).Members.Count);

        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/api/v1/teams/{team.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_proposer_removes_adds_and_asks_for_someone_else()
    {
        var world = await WorldAsync();
        var (proposer, _) = await app.SignedInAsync(Roles.Employee);
        var team = await ProposeAsync(proposer, world);

        // Someone else for filming: Q2 makes way, Q1 is the next champion.
        var reproposed = await ReadAsync(await proposer.Http.PostAsJsonAsync($"/api/v1/teams/{team.Id}/repropose", new { componentId = world.Filming }), HttpStatusCode.OK);
        Assert.DoesNotContain(reproposed.Members, m => m.PersonId == world.Q2.Id);
        Assert.Contains(reproposed.Members, m => m.PersonId == world.Q1.Id);

        var removed = await ReadAsync(await proposer.Http.DeleteAsync($"/api/v1/teams/{team.Id}/members/{world.R1.Id}"), HttpStatusCode.OK);
        Assert.DoesNotContain(removed.Members, m => m.PersonId == world.R1.Id);
        Assert.Equal(0, removed.Components.Single(c => c.Id == world.Lighting).CoveredBy);

        // Added by hand through the page's search and form.
        var search = WebUtility.HtmlDecode(await proposer.GetPageAsync($"/teams/{team.Id}?find={Uri.EscapeDataString(world.R2.Name)}"));
        Assert.Contains(world.R2.Name, search, StringComparison.Ordinal);
        // A form without an action posts to the page's own address, search included (the form is on the page only then).
        var withSearch = $"/teams/{team.Id}?find={Uri.EscapeDataString(world.R2.Name)}";
        using var add = await proposer.PostFormAsync(withSearch, withSearch,
            new Dictionary<string, string> { ["_handler"] = "add", ["personId"] = world.R2.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        var final = await ReadAsync(await proposer.GetAsync($"/api/v1/teams/{team.Id}"), HttpStatusCode.OK);
        Assert.Equal("Added by the proposer", final.Members.Single(m => m.PersonId == world.R2.Id).Reason);

        using var twice = await proposer.Http.PostAsJsonAsync($"/api/v1/teams/{team.Id}/members", new { personId = world.R2.Id });
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_clear_messages_and_creates_nothing()
    {
        var world = await WorldAsync();
        var (proposer, person) = await app.SignedInAsync(Roles.Employee);

        using var empty = await proposer.Http.PostAsJsonAsync("/api/v1/teams",
            new { name = " ", purpose = "Why", endsOn = InDays(-1), components = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var problem = await empty.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Equal("Give the team a name.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("The end date cannot be in the past.", errors.GetProperty("endsOn")[0].GetString());
        Assert.Equal("Pick at least one component.", errors.GetProperty("components")[0].GetString());

        using var unknown = await proposer.Http.PostAsJsonAsync("/api/v1/teams",
            new { name = "Team", purpose = "Why", endsOn = InDays(1), components = new[] { world.Editing, Guid.NewGuid() } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var page = WebUtility.HtmlDecode(await (await proposer.PostFormAsync("/teams/new", "/teams/new", new Dictionary<string, string>
        {
            ["_handler"] = "propose-team", ["Input.Name"] = "", ["Input.Purpose"] = "Why", ["Input.EndsOn"] = InDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })).Content.ReadAsStringAsync());
        Assert.Contains("Give the team a name.", page, StringComparison.Ordinal);
        Assert.Contains("The end date cannot be in the past.", page, StringComparison.Ordinal);
        Assert.Contains("Pick at least one component.", page, StringComparison.Ordinal);

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<FlexibleTeam>().CountAsync(t => t.ProposerId == person.Id)));
    }

    [Fact]
    public async Task The_form_proposes_a_team_and_shows_the_proposer_why_each_person_was_chosen()
    {
        var world = await WorldAsync();
        var (proposer, _) = await app.SignedInAsync(Roles.Employee);

        var form = await proposer.GetPageAsync("/teams/new");
        Assert.Contains($"value=\"{world.Editing}\"", form, StringComparison.Ordinal);
        using var posted = await proposer.PostFormAsync("/teams/new", "/teams/new", new List<KeyValuePair<string, string>>
        {
            new("_handler", "propose-team"), new("Input.Name", "Lights"), new("Input.Purpose", "Better light in our videos."),
            new("Input.EndsOn", InDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), new("Input.Components", world.Lighting.ToString()),
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = WebUtility.HtmlDecode(await proposer.GetPageAsync(posted.Headers.Location!.OriginalString));
        Assert.Contains("Better light in our videos.", page, StringComparison.Ordinal);
        Assert.Contains(world.R1.Name, page, StringComparison.Ordinal);
        Assert.Contains("can teach it, 2 endorsements", page, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FlexibleTeamTestsOnSqlite(SqliteApp app) : FlexibleTeamTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FlexibleTeamTestsOnPostgres(PostgresApp app) : FlexibleTeamTests(app);
