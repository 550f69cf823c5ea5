using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Identity;

public abstract class SignInTests(GuildApp app)
{
    private static Dictionary<string, string> Form(string email, string password) => new()
    {
        ["_handler"] = "sign-in",
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    [Fact]
    public async Task Sign_in_with_the_right_password_opens_the_home_page()
    {
        var person = await app.CreatePersonAsync("Anna", "Sign");
        using var client = app.CreateGuildClient();
        await client.SignInAsync(person.Email, GuildApp.Password);
        var home = await client.GetPageAsync("/");
        Assert.Contains("Welcome, Anna Sign", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_shows_an_error_in_the_page_and_signs_nobody_in()
    {
        var person = await app.CreatePersonAsync();
        using var client = app.CreateGuildClient();
        using var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", Form(person.Email, "not the password"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("do not match an account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task Empty_fields_are_reported_beside_each_field()
    {
        using var client = app.CreateGuildClient();
        using var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", Form("", ""));
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter your email address.", page, StringComparison.Ordinal);
        Assert.Contains("Enter your password.", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var person = await app.CreatePersonAsync();
        using var client = app.CreateGuildClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var _ = await client.PostFormAsync("/account/sign-in", "/account/sign-in", Form(person.Email, "wrong " + attempt));
        }
        using var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", Form(person.Email, GuildApp.Password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked for 15 minutes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id));
        Assert.Equal(app.Clock.GetUtcNow().AddMinutes(15), user.LockoutEnd);
    }

    [Fact]
    public async Task Deactivated_person_cannot_sign_in()
    {
        var person = await app.CreatePersonAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.DeactivatedAt, app.Clock.GetUtcNow())));
        using var client = app.CreateGuildClient();
        using var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", Form(person.Email, GuildApp.Password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task Sign_in_post_without_antiforgery_token_is_refused()
    {
        var person = await app.CreatePersonAsync();
        using var client = app.CreateGuildClient();
        using var response = await client.Http.PostAsync("/account/sign-in", new FormUrlEncodedContent(Form(person.Email, GuildApp.Password)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Password_policy_requires_twelve_characters()
    {
        var result = await app.WithDbAsync(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
            return await users.CreateAsync(new GuildUser { Id = Guid.CreateVersion7(), UserName = $"short{Guid.NewGuid():N}@test.example", Email = $"short{Guid.NewGuid():N}@test.example" }, "short");
        });
        Assert.Contains(result.Errors, e => e.Code == "PasswordTooShort");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SignInTestsOnSqlite(SqliteApp app) : SignInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SignInTestsOnPostgres(PostgresApp app) : SignInTests(app);
