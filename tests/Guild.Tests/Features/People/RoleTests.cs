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

public abstract class RoleTests(GuildApp app)
{
    private static readonly string[] EmployeeAndModerator = [Roles.Employee, Roles.Moderator];

    [Fact]
    public async Task Changing_roles_on_the_profile_writes_an_audit_entry_with_old_and_new()
    {
        var person = await app.CreatePersonAsync("Rol", "Wissel");
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        using var response = await PostPageFormAsync(admin, $"/people/{person.Id}", "roles", ("roles", Roles.Employee), ("roles", Roles.Champion));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var account = await app.AsPersonAsync(adminPerson.Id, services => services.GetRequiredService<PeopleDirectory>().GetAccountAsync(person.Id, CancellationToken.None));
        Assert.Equal([Roles.Employee, Roles.Champion], account.Value!.Roles);
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "person.roles-changed" && e.ObjectId == person.Id.ToString()));
        Assert.Equal(adminPerson.Id, entry.ActorId);
        using var details = JsonDocument.Parse(entry.Details!);
        Assert.Equal(["Employee"], details.RootElement.GetProperty("before").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["Employee", "Champion"], details.RootElement.GetProperty("after").EnumerateArray().Select(r => r.GetString()));

        // Saving the same roles again is no change and no audit line.
        using var again = await PostPageFormAsync(admin, $"/people/{person.Id}", "roles", ("roles", Roles.Employee), ("roles", Roles.Champion));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == "person.roles-changed" && e.ObjectId == person.Id.ToString())));
    }

    [Fact]
    public async Task Roles_without_employee_or_guest_are_refused_and_nothing_changes()
    {
        var person = await app.CreatePersonAsync(roles: [Roles.Employee, Roles.Moderator]);
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        using var response = await PostPageFormAsync(admin, $"/people/{person.Id}", "roles", ("roles", Roles.Champion));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose Employee or Partner guest", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var account = await app.AsPersonAsync(adminPerson.Id, services => services.GetRequiredService<PeopleDirectory>().GetAccountAsync(person.Id, CancellationToken.None));
        Assert.Equal(EmployeeAndModerator, account.Value!.Roles);
    }

    [Fact]
    public async Task The_last_learning_admin_cannot_give_up_that_role()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        // Make this admin the only active one for the length of the test. Tests of one collection run
        // one after another, so no other test sees the others deactivated; they are restored below.
        var others = await app.WithDbAsync(db => (from role in db.UserRoles
                                                  join user in db.Users on role.UserId equals user.Id
                                                  where role.RoleId == GuildRoleConfiguration.Ids[Roles.LearningAdmin] && user.Id != adminPerson.Id && user.DeactivatedAt == null
                                                  select user.Id).ToListAsync());
        await app.WithDbAsync(db => db.Users.Where(u => others.Contains(u.Id)).ExecuteUpdateAsync(set => set.SetProperty(u => u.DeactivatedAt, app.Clock.GetUtcNow())));
        try
        {
            using var response = await PostPageFormAsync(admin, $"/people/{adminPerson.Id}", "roles", ("roles", Roles.Employee));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("You are the last L&amp;D admin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(await app.WithDbAsync(db => db.UserRoles.AnyAsync(r => r.UserId == adminPerson.Id && r.RoleId == GuildRoleConfiguration.Ids[Roles.LearningAdmin])));
        }
        finally
        {
            await app.WithDbAsync(db => db.Users.Where(u => others.Contains(u.Id)).ExecuteUpdateAsync(set => set.SetProperty(u => u.DeactivatedAt, (DateTimeOffset?)null)));
        }

        // With a second admin, giving it up is fine.
        await app.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        using var allowed = await PostPageFormAsync(admin, $"/people/{adminPerson.Id}", "roles", ("roles", Roles.Employee));
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
    }

    [Fact]
    public async Task A_granted_role_reaches_the_person_as_a_notification()
    {
        var person = await app.CreatePersonAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var ok = await admin.Http.PutAsJsonAsync($"/api/v1/people/{person.Id}/roles", new { roles = new[] { Roles.Employee, Roles.Champion } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var notifications = await app.WithDbAsync(db => db.Set<Guild.Web.Platform.Notifications.Notification>().AsNoTracking()
            .Where(n => n.RecipientId == person.Id).ToListAsync());
        var granted = Assert.Single(notifications);
        Assert.Equal("people.role-granted", granted.Kind);
        Assert.Equal($"/people/{person.Id}", granted.Link);
    }

    [Fact]
    public async Task The_roles_api_replaces_roles_and_answers_problem_details_for_bad_input()
    {
        var person = await app.CreatePersonAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        using var ok = await admin.Http.PutAsJsonAsync($"/api/v1/people/{person.Id}/roles", new { roles = EmployeeAndModerator });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(EmployeeAndModerator, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using var bad = await admin.Http.PutAsJsonAsync($"/api/v1/people/{person.Id}/roles", new { roles = new[] { Roles.Employee, "Wizard" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("roles", out _));

        using var missing = await admin.Http.PutAsJsonAsync($"/api/v1/people/{Guid.NewGuid()}/roles", new { roles = EmployeeAndModerator });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RoleTestsOnSqlite(SqliteApp app) : RoleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RoleTestsOnPostgres(PostgresApp app) : RoleTests(app);
