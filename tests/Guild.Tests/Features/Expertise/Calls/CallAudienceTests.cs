using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Expertise.Calls.CallsTestKit;

namespace Guild.Tests.Features.Expertise.Calls;

public abstract class CallAudienceTests(GuildApp app)
{
    [Fact]
    public async Task A_call_to_departments_reaches_no_one_outside_them()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var inside = await app.CreatePersonAsync("Binnen", department: $"Redactie {tag}");
        var alsoInside = await app.CreatePersonAsync("Ook", department: $"Redactie {tag}");
        var outside = await app.CreatePersonAsync("Buiten", department: $"Sales {tag}");
        var leftInside = await app.CreatePersonAsync("Weg", department: $"Redactie {tag}");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == leftInside.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.DeactivatedAt, app.Clock.GetUtcNow())));
        var department = await app.WithDbAsync(db => db.Set<OrgUnit>().SingleAsync(u => u.Name == $"Redactie {tag}"));
        var capability = await app.CreateCapabilityAsync("New Media", "Short video", "Podcasts");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var callId = await SendCallAsync(app, admin, Draft(capability, await LocalDateAsync(app, 10), orgUnitIds: [department.Id]));

        Assert.Equal(new[] { inside.Id, alsoInside.Id }.Order(), (await RecipientsAsync(app, callId)).Order());
        // Outside the audience the call does not exist for them: no page, no API, no answer.
        var stranger = app.CreateGuildClient();
        await stranger.SignInAsync(outside.Email, GuildApp.Password);
        using var page = await stranger.GetAsync($"/calls/{callId}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        using var api = await stranger.GetAsync($"/api/v1/calls/{callId}");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        using var answer = await AnswerAsync(stranger, callId, Answer((capability.Components[0].Id, "CanTeachIt")));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<Volunteering>().AnyAsync(v => v.CallId == callId)));

        // Those inside see it, in the banner too, until they answer.
        var member = app.CreateGuildClient();
        await member.SignInAsync(inside.Email, GuildApp.Password);
        Assert.Contains($"/calls/{callId}", await member.GetPageAsync("/"), StringComparison.Ordinal);
        using var answered = await AnswerAsync(member, callId, Answer((capability.Components[0].Id, "CanExplainIt")));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.DoesNotContain($"/calls/{callId}", await member.GetPageAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closing_date_in_the_past_is_refused_and_nothing_is_created()
    {
        var capability = await app.CreateCapabilityAsync("Data", "Dashboards");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var before = await app.WithDbAsync(db => db.Set<ChampionCall>().CountAsync());

        using var response = await admin.Http.PostAsJsonAsync("/api/v1/calls", Draft(capability, await LocalDateAsync(app, -1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");
        Assert.Contains("closing date has passed", errors.GetProperty("closesOn")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<ChampionCall>().CountAsync()));

        // The page says so beside the field, in the reader's words.
        using var form = await admin.PostFormAsync("/admin/calls/new", "/admin/calls/new", [
            new("_handler", "call"), new("Input.Title", "Late"), new("Input.Message", "Too late."),
            new("Input.CapabilityId", capability.Id.ToString()), new("Input.ComponentIds", capability.Components[0].Id.ToString()),
            new("Input.Audience", "all"), new("Input.ClosesOn", (await LocalDateAsync(app, -3)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("The closing date has passed", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<ChampionCall>().CountAsync()));
    }

    [Fact]
    public async Task Archived_components_are_not_offered_and_cannot_be_answered()
    {
        var capability = await app.CreateCapabilityAsync("Audio", "Podcasts", "Voice-over");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (employee, _) = await app.SignedInAsync();
        var callId = await SendCallAsync(app, admin, Draft(capability, await LocalDateAsync(app, 10)));
        var archived = capability.Components[1];
        await app.WithDbAsync(db => db.Set<Guild.Web.Features.Expertise.Map.KnowHowComponent>().Where(c => c.Id == archived.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ArchivedAt, app.Clock.GetUtcNow())));

        var call = await employee.GetJsonAsync<System.Text.Json.JsonElement>($"/api/v1/calls/{callId}");
        Assert.Equal([capability.Components[0].Id], call.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
        Assert.DoesNotContain("Voice-over", await employee.GetPageAsync($"/calls/{callId}"), StringComparison.Ordinal);

        using var refused = await AnswerAsync(employee, callId, Answer((archived.Id, "CanTeachIt")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<Volunteering>().AnyAsync(v => v.CallId == callId)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CallAudienceTestsOnSqlite(SqliteApp app) : CallAudienceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CallAudienceTestsOnPostgres(PostgresApp app) : CallAudienceTests(app);
