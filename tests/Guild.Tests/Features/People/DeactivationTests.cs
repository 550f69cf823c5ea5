using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.People.PeopleTestKit;

namespace Guild.Tests.Features.People;

public abstract class DeactivationTests(GuildApp app)
{
    [Fact]
    public async Task A_deactivated_person_cannot_sign_in_and_keeps_their_profile_as_former_colleague()
    {
        var t = Tag();
        var leaver = await app.CreatePersonAsync("Vertrek", "Ker" + t, department: "Leavers " + t);
        var colleague = await app.CreatePersonAsync("Blijf", "Er" + t, department: "Leavers " + t);
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var profilePage = await admin.GetPageAsync($"/people/{leaver.Id}");
        Assert.Contains("data-confirm=", profilePage, StringComparison.Ordinal);
        Assert.Contains("value=\"deactivate\"", profilePage, StringComparison.Ordinal);

        using var response = await PostPageFormAsync(admin, $"/people/{leaver.Id}", "deactivate");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (person, user) = await app.WithDbAsync(async db =>
            (await db.Set<Person>().AsNoTracking().Include(p => p.Account).SingleAsync(p => p.Id == leaver.Id), await db.Users.AsNoTracking().SingleAsync(u => u.Id == leaver.Id)));
        // One owner: the person reads the account's deactivation.
        Assert.Equal(app.Clock.GetUtcNow(), person.Account.DeactivatedAt);
        Assert.Equal(app.Clock.GetUtcNow(), user.DeactivatedAt);
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "person.deactivated" && e.ObjectId == leaver.Id.ToString()));
        Assert.Equal(adminPerson.Id, entry.ActorId);

        // No sign-in any more.
        using var client = app.CreateGuildClient();
        using var signIn = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new Dictionary<string, string>
        {
            ["_handler"] = "sign-in", ["Input.Email"] = leaver.Email, ["Input.Password"] = GuildApp.Password,
        });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);

        // The profile stays, marked; the list shows them only with former colleagues included.
        var (reader, _) = await app.SignedInAsync(Roles.Employee);
        var profile = WebUtility.HtmlDecode(await reader.GetPageAsync($"/people/{leaver.Id}"));
        Assert.Contains("This person no longer works here", profile, StringComparison.Ordinal);
        var list = await reader.GetPageAsync($"/people?q=vertrek");
        Assert.DoesNotContain(leaver.Id.ToString(), list, StringComparison.Ordinal);
        var withFormer = await reader.GetPageAsync($"/people?q=vertrek&former=true");
        Assert.Contains(leaver.Id.ToString(), withFormer, StringComparison.Ordinal);
        Assert.Contains("Former colleague", withFormer, StringComparison.Ordinal);
        Assert.Contains(colleague.Id.ToString(), await reader.GetPageAsync($"/people?q=blijf"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_session_of_a_deactivated_person_ends_at_the_next_security_check()
    {
        var (session, person) = await app.SignedInAsync(Roles.Employee);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var deactivated = await admin.Http.PostAsync($"/api/v1/people/{person.Id}/deactivate", null);
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(6));

        using var home = await session.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/sign-in", home.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reactivation_lets_them_sign_in_again()
    {
        var person = await app.CreatePersonAsync("Terug", "Keer");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var _ = await admin.Http.PostAsync($"/api/v1/people/{person.Id}/deactivate", null);

        using var response = await PostPageFormAsync(admin, $"/people/{person.Id}", "reactivate");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var client = app.CreateGuildClient();
        await client.SignInAsync(person.Email, GuildApp.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == "person.reactivated" && e.ObjectId == person.Id.ToString())));
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themselves()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var response = await admin.Http.PostAsync($"/api/v1/people/{adminPerson.Id}/deactivate", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("cannot deactivate your own account", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null((await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == adminPerson.Id))).DeactivatedAt);
        // The page offers no such button either.
        Assert.DoesNotContain("value=\"deactivate\"", await admin.GetPageAsync($"/people/{adminPerson.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_learning_admins_deactivate()
    {
        var person = await app.CreatePersonAsync();
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        using var response = await employee.Http.PostAsync($"/api/v1/people/{person.Id}/deactivate", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("value=\"deactivate\"", await employee.GetPageAsync($"/people/{person.Id}"), StringComparison.Ordinal);
        Assert.Null((await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id))).DeactivatedAt);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DeactivationTestsOnSqlite(SqliteApp app) : DeactivationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DeactivationTestsOnPostgres(PostgresApp app) : DeactivationTests(app);
