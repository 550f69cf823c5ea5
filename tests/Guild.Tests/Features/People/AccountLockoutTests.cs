using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.People;

/// <summary>
/// A lockout that people can live with: an L&amp;D admin sees it on the profile and lifts it, nobody else can, and the
/// sign-in page answers an address without an account exactly like one with an account, locked or not.
/// </summary>
public abstract class AccountLockoutTests(GuildApp app)
{
    private static Dictionary<string, string> SignInForm(string email, string password) => new()
    {
        ["_handler"] = "sign-in",
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    private async Task LockOutAsync(string email)
    {
        using var client = app.CreateGuildClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var _ = await client.PostFormAsync("/account/sign-in", "/account/sign-in", SignInForm(email, "wrong " + attempt));
        }
    }

    private async Task<bool> CanSignInAsync(string email)
    {
        using var client = app.CreateGuildClient();
        using var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", SignInForm(email, GuildApp.Password));
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    [Fact]
    public async Task An_admin_sees_the_lockout_on_the_profile_and_unlocks_it()
    {
        var person = await app.CreatePersonAsync("Locked", "Out");
        await LockOutAsync(person.Email);
        Assert.False(await CanSignInAsync(person.Email));
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var profile = await admin.GetPageAsync($"/people/{person.Id}");
        Assert.Contains("Locked out", profile, StringComparison.Ordinal);
        Assert.Contains("signing in is blocked until", profile, StringComparison.Ordinal);
        var account = await admin.GetJsonAsync<JsonElement>($"/api/v1/people/{person.Id}/account");
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(15), account.GetProperty("lockedOutUntil").GetDateTimeOffset());

        using var unlocked = await PeopleTestKit.PostPageFormAsync(admin, $"/people/{person.Id}", "unlock");
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        var after = await admin.GetPageAsync($"/people/{person.Id}");
        Assert.Contains("Locked Out can sign in again.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("signing in is blocked until", after, StringComparison.Ordinal);
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .SingleAsync(e => e.Action == "person.unlocked" && e.ObjectId == person.Id.ToString()));
        Assert.Equal(adminPerson.Id, entry.ActorId);
        Assert.True(await CanSignInAsync(person.Email));
    }

    [Fact]
    public async Task An_admin_unlocks_through_the_api()
    {
        var person = await app.CreatePersonAsync();
        await LockOutAsync(person.Email);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        using var response = await admin.Http.PostAsync($"/api/v1/people/{person.Id}/unlock", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, account.GetProperty("lockedOutUntil").ValueKind);
        Assert.True(await CanSignInAsync(person.Email));
    }

    [Fact]
    public async Task An_employee_cannot_unlock_anyone()
    {
        var person = await app.CreatePersonAsync();
        await LockOutAsync(person.Email);
        var (employee, _) = await app.SignedInAsync(Roles.Employee);

        using var api = await employee.Http.PostAsync($"/api/v1/people/{person.Id}/unlock", null);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        var profile = await employee.GetPageAsync($"/people/{person.Id}");
        Assert.DoesNotContain("Unlock now", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("Locked out", profile, StringComparison.Ordinal);
        // Posting the admin's form by hand changes nothing either: the service checks the role.
        using var _ = await PeopleTestKit.PostPageFormAsync(employee, $"/people/{person.Id}", "unlock");

        Assert.NotNull((await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id))).LockoutEnd);
        Assert.False(await CanSignInAsync(person.Email));
        Assert.False(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == "person.unlocked" && e.ObjectId == person.Id.ToString())));
    }

    [Fact]
    public async Task Unknown_and_known_addresses_get_identical_answers_through_six_wrong_attempts()
    {
        var person = await app.CreatePersonAsync();
        var unknown = $"nobody.{PeopleTestKit.Tag()}@test.example";
        using var knownClient = app.CreateGuildClient();
        using var unknownClient = app.CreateGuildClient();
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            using var known = await knownClient.PostFormAsync("/account/sign-in", "/account/sign-in", SignInForm(person.Email, "wrong " + attempt));
            using var nobody = await unknownClient.PostFormAsync("/account/sign-in", "/account/sign-in", SignInForm(unknown, "wrong " + attempt));
            Assert.Equal(known.StatusCode, nobody.StatusCode);
            Assert.Equal(
                PasswordResetTests.Normalised(await known.Content.ReadAsStringAsync(), person.Email),
                PasswordResetTests.Normalised(await nobody.Content.ReadAsStringAsync(), unknown));
        }
        // The known account is locked by now, and still answers like the unknown one — even with the right password.
        Assert.NotNull((await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id))).LockoutEnd);
        using var right = await knownClient.PostFormAsync("/account/sign-in", "/account/sign-in", SignInForm(person.Email, GuildApp.Password));
        using var guess = await unknownClient.PostFormAsync("/account/sign-in", "/account/sign-in", SignInForm(unknown, GuildApp.Password));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(
            PasswordResetTests.Normalised(await right.Content.ReadAsStringAsync(), person.Email),
            PasswordResetTests.Normalised(await guess.Content.ReadAsStringAsync(), unknown));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountLockoutTestsOnSqlite(SqliteApp app) : AccountLockoutTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AccountLockoutTestsOnPostgres(PostgresApp app) : AccountLockoutTests(app);
