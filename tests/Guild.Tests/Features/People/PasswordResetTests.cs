using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Guild.Tests.Features.People;

/// <summary>
/// "Forgot your password?": the same answer whether or not the address has an account, a mail only when it has
/// (in the person's language, at most three an hour), a link that works once and for two hours, and a new password
/// that ends other sessions and the lockout.
/// </summary>
public abstract partial class PasswordResetTests(GuildApp app)
{
    private const string NewPassword = "a brand new passphrase for guild";

    private static Dictionary<string, string> RequestForm(string email) => new()
    {
        ["_handler"] = "forgot-password",
        ["Input.Email"] = email,
    };

    private static Task<HttpResponseMessage> RequestResetAsync(GuildClient client, string email) =>
        client.PostFormAsync("/account/forgot-password", "/account/forgot-password", RequestForm(email));

    /// <summary>The page without what differs per response (antiforgery tokens) or per request (the address typed).</summary>
    internal static string Normalised(string page, string email) =>
        TokenValue().Replace(MetaToken().Replace(page.Replace(email, "EMAIL", StringComparison.OrdinalIgnoreCase), ""), "");

    private static string ResetLink(MimeMessage mail)
    {
        var match = ResetLinkPattern().Match(mail.TextBody ?? "");
        Assert.True(match.Success, "The mail has no reset link: " + mail.TextBody);
        return match.Value;
    }

    private static Dictionary<string, string> ResetForm(string link, string password, string? confirmation = null)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        return new Dictionary<string, string>
        {
            ["_handler"] = "reset-password",
            ["Input.Person"] = query["person"]!,
            ["Input.Token"] = query["token"]!,
            ["Input.Password"] = password,
            ["Input.Confirmation"] = confirmation ?? password,
        };
    }

    private async Task<string> MailedLinkAsync(string email)
    {
        await app.RunDueJobsAsync();
        return ResetLink(app.MailTo(email)[^1]);
    }

    private async Task<bool> CanSignInAsync(string email, string password)
    {
        using var client = app.CreateGuildClient();
        using var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return response.StatusCode == HttpStatusCode.Redirect;
    }

    [Fact]
    public async Task Known_and_unknown_addresses_get_the_same_page_and_only_the_known_one_gets_a_mail_in_its_language()
    {
        var person = await app.CreatePersonAsync("Vergeet", "Achtig");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).ExecuteUpdateAsync(set => set.SetProperty(u => u.PreferredLanguage, "nl")));
        var unknown = $"niemand.{PeopleTestKit.Tag()}@test.example";
        var jobsBefore = await app.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => j.Kind == "account.password-reset"));

        using var client = app.CreateGuildClient();
        Assert.Contains("Forgot your password?", await client.GetPageAsync("/account/sign-in"), StringComparison.Ordinal);
        using var known = await RequestResetAsync(client, person.Email);
        using var nobody = await RequestResetAsync(client, unknown);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(known.StatusCode, nobody.StatusCode);
        var knownPage = await known.Content.ReadAsStringAsync();
        Assert.Contains($"If an account exists for {person.Email}, we sent it a link", knownPage, StringComparison.Ordinal);
        Assert.Equal(Normalised(knownPage, person.Email), Normalised(await nobody.Content.ReadAsStringAsync(), unknown));
        // The same work too: each request queued one job; what it finds is decided out of sight.
        Assert.Equal(jobsBefore + 2, await app.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => j.Kind == "account.password-reset")));

        await app.RunDueJobsAsync();
        var mail = Assert.Single(app.MailTo(person.Email));
        Assert.Equal($"Kies een nieuw wachtwoord voor {await OrganisationNameAsync()} op Guild", mail.Subject);
        Assert.Contains("Hallo Vergeet,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/account/reset-password?person=" + person.Id, mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(app.MailTo(unknown));
    }

    [Fact]
    public async Task A_request_without_a_valid_address_gets_a_field_error_and_queues_nothing()
    {
        var jobsBefore = await app.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => j.Kind == "account.password-reset"));
        using var client = app.CreateGuildClient("nl");
        using var empty = await RequestResetAsync(client, "  ");
        using var broken = await RequestResetAsync(client, "not an address");
        Assert.Contains("Vul het e-mailadres in waarmee je je aanmeldt.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await broken.Content.ReadAsStringAsync();
        Assert.Contains("Vul een e-mailadres in, zoals naam@voorbeeld.nl.", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
        Assert.Equal(jobsBefore, await app.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => j.Kind == "account.password-reset")));
    }

    [Fact]
    public async Task The_link_sets_a_new_password_once_ends_other_sessions_and_the_lockout_and_is_audited()
    {
        var person = await app.CreatePersonAsync("Reset", "Once");
        using var otherSession = app.CreateGuildClient();
        await otherSession.SignInAsync(person.Email, GuildApp.Password);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.False(await CanSignInAsync(person.Email, "wrong " + attempt));
        }
        Assert.NotNull((await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id))).LockoutEnd);

        using var browser = app.CreateGuildClient();
        using (var requested = await RequestResetAsync(browser, person.Email))
        {
            Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        }
        var link = await MailedLinkAsync(person.Email);
        var form = await browser.GetPageAsync(link);
        Assert.Contains("Choose a new password for " + person.Email, form, StringComparison.Ordinal);

        using var mismatch = await browser.PostFormAsync(link, "/account/reset-password", ResetForm(link, NewPassword, "something else entirely"));
        Assert.Contains("The two passwords are not the same.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var tooShort = await browser.PostFormAsync(link, "/account/reset-password", ResetForm(link, "short"));
        Assert.Contains("Use at least 12 characters.", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var reset = await browser.PostFormAsync(link, "/account/reset-password", ResetForm(link, NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("Your new password is set", await browser.GetPageAsync("/"), StringComparison.Ordinal);

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == person.Id));
        Assert.Null(user.LockoutEnd);
        Assert.Equal(0, user.AccessFailedCount);
        var entry = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .SingleAsync(e => e.Action == "person.password-reset" && e.ObjectId == person.Id.ToString()));
        Assert.Equal(person.Id, entry.ActorId);

        // Once: the second use of the same link is refused and changes nothing.
        using var stranger = app.CreateGuildClient();
        Assert.Contains("This link does not work", await stranger.GetPageAsync(link), StringComparison.Ordinal);
        using var again = await stranger.PostFormAsync(link, "/account/reset-password", ResetForm(link, "yet another passphrase here"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(await CanSignInAsync(person.Email, "yet another passphrase here"));

        Assert.False(await CanSignInAsync(person.Email, GuildApp.Password));
        Assert.True(await CanSignInAsync(person.Email, NewPassword));

        // The session opened with the old password ends at its next security check.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        using var home = await otherSession.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/sign-in", home.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var person = await app.CreatePersonAsync();
        using var browser = app.CreateGuildClient();
        using (var _ = await RequestResetAsync(browser, person.Email))
        {
        }
        var link = await MailedLinkAsync(person.Email);
        Assert.Contains("Choose a new password", await browser.GetPageAsync(link), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));

        Assert.Contains("This link has expired", await browser.GetPageAsync(link), StringComparison.Ordinal);
        using var late = await browser.PostFormAsync(link, "/account/reset-password", ResetForm(link, NewPassword));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("This link has expired", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await CanSignInAsync(person.Email, NewPassword));
        Assert.True(await CanSignInAsync(person.Email, GuildApp.Password));
    }

    [Fact]
    public async Task Requests_beyond_three_an_hour_are_dropped_with_the_same_answer()
    {
        var person = await app.CreatePersonAsync();
        using var client = app.CreateGuildClient();
        var pages = new List<string>();
        for (var request = 0; request < 4; request++)
        {
            using var response = await RequestResetAsync(client, person.Email);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(Normalised(await response.Content.ReadAsStringAsync(), person.Email));
            await app.RunDueJobsAsync();
        }
        Assert.Single(pages.Distinct());
        Assert.Equal(3, app.MailTo(person.Email).Count);

        // An hour later the person may ask again.
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        using (var _ = await RequestResetAsync(client, person.Email))
        {
        }
        await app.RunDueJobsAsync();
        Assert.Equal(4, app.MailTo(person.Email).Count);
    }

    [Fact]
    public async Task A_deactivated_account_gets_no_mail()
    {
        var person = await app.CreatePersonAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.DeactivatedAt, app.Clock.GetUtcNow())));
        using var client = app.CreateGuildClient();
        using var response = await RequestResetAsync(client, person.Email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("If an account exists for", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.RunDueJobsAsync();
        Assert.Empty(app.MailTo(person.Email));
    }

    private Task<string> OrganisationNameAsync() =>
        app.WithDbAsync(db => db.Set<Guild.Web.Platform.Organisation.OrganisationSettings>().Select(s => s.Name).SingleAsync());

    [GeneratedRegex(@"/account/reset-password\?person=[0-9a-f-]{36}&token=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLinkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"[^\"]+\"")]
    private static partial Regex TokenValue();

    [GeneratedRegex("<meta name=\"guild-antiforgery\" content=\"[^\"]+\"\\s*/?>")]
    private static partial Regex MetaToken();
}

[Collection(SqliteCollection.Name)]
public sealed class PasswordResetTestsOnSqlite(SqliteApp app) : PasswordResetTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PasswordResetTestsOnPostgres(PostgresApp app) : PasswordResetTests(app);
