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

public abstract class InvitationTests(GuildApp app)
{
    private static readonly string[] EmployeeOnly = [Roles.Employee];
    private static readonly string[] NoSuchRole = ["Wizard"];

    private static (string, string)[] InviteForm(string email, string given, string family, string language = "", params string[] roles) =>
    [
        ("Input.Email", email), ("Input.GivenName", given), ("Input.FamilyName", family), ("Input.JobTitle", "Verslaggever"),
        ("Input.Department", "Redactie"), ("Input.Language", language),
        .. (roles.Length == 0 ? [Roles.Employee] : roles).Select(role => ("Input.Roles", role)),
    ];

    [Fact]
    public async Task An_invited_person_gets_a_mail_in_their_language_and_accepting_it_signs_them_in()
    {
        var t = Tag();
        var email = $"nieuw.{t}@invite.example";
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        using var invited = await PostPageFormAsync(admin, "/admin/people/invite", "invite", InviteForm(email, "Noor", "Nieuw", "nl", Roles.Employee, Roles.Champion));

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var person = (await PeopleWithEmailsEndingAsync(app, $"{t}@invite.example")).Single();
        Assert.Equal($"/people/{person.Id}", invited.Headers.Location!.AbsolutePath);
        Assert.Equal("Redactie", person.Department!.Name);
        Assert.NotNull(person.InvitedAt);
        Assert.Single(await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == "person.invited" && e.ObjectId == person.Id.ToString() && e.ActorId == adminPerson.Id).ToListAsync()));

        var mail = Assert.Single(await MailToAsync(app, email));
        Assert.StartsWith("Je uitnodiging voor", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Hallo Noor", mail.TextBody, StringComparison.Ordinal);
        var link = InvitationLink(mail);

        using var invitee = app.CreateGuildClient();
        var page = await invitee.GetPageAsync(link);
        Assert.Contains(email, page, StringComparison.Ordinal);
        using var accepted = await invitee.PostFormAsync(link, link, new Dictionary<string, string>
        {
            ["_handler"] = "accept",
            ["Input.Password"] = "een lange zin als wachtwoord",
            ["Input.Confirmation"] = "een lange zin als wachtwoord",
        });

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("Welkom, Noor Nieuw", WebUtility.HtmlDecode(await invitee.GetPageAsync("/")), StringComparison.Ordinal);
        Assert.NotNull((await PeopleWithEmailsEndingAsync(app, $"{t}@invite.example")).Single().InvitationAcceptedAt);

        // The link is used up; the password works from now on.
        Assert.Contains("Invitation already accepted", await app.CreateGuildClient().GetPageAsync(link), StringComparison.Ordinal);
        using var again = app.CreateGuildClient();
        await again.SignInAsync(email, "een lange zin als wachtwoord");
    }

    [Fact]
    public async Task A_weak_or_mismatched_password_is_refused_beside_its_field_and_the_link_keeps_working()
    {
        var t = Tag();
        var email = $"weak.{t}@invite.example";
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var _ = await PostPageFormAsync(admin, "/admin/people/invite", "invite", InviteForm(email, "Wim", "Weak"));
        var link = InvitationLink(Assert.Single(await MailToAsync(app, email)));
        using var invitee = app.CreateGuildClient();

        using var shortPassword = await invitee.PostFormAsync(link, link, new Dictionary<string, string>
        {
            ["_handler"] = "accept", ["Input.Password"] = "kort", ["Input.Confirmation"] = "kort",
        });
        Assert.Equal(HttpStatusCode.OK, shortPassword.StatusCode);
        Assert.Contains("Use at least 12 characters.", await shortPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var mismatch = await invitee.PostFormAsync(link, link, new Dictionary<string, string>
        {
            ["_handler"] = "accept", ["Input.Password"] = "a long enough password", ["Input.Confirmation"] = "another long password",
        });
        Assert.Contains("The two passwords are not the same.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.Null(user.PasswordHash);
        Assert.Contains("Save my password", await invitee.GetPageAsync(link), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_or_broken_link_gets_a_clear_page()
    {
        var t = Tag();
        var email = $"late.{t}@invite.example";
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var _ = await PostPageFormAsync(admin, "/admin/people/invite", "invite", InviteForm(email, "Lea", "Laat"));
        var link = InvitationLink(Assert.Single(await MailToAsync(app, email)));
        using var invitee = app.CreateGuildClient();

        Assert.Contains("This invitation link does not work", await invitee.GetPageAsync(link[..^6] + "AAAAAA"), StringComparison.Ordinal);
        Assert.Contains("This invitation link does not work", await invitee.GetPageAsync("/account/accept-invitation"), StringComparison.Ordinal);

        app.Clock.Advance(InvitationTokens.Lifetime + TimeSpan.FromHours(1));
        var expired = await invitee.GetPageAsync(link);
        Assert.Contains("This invitation has expired", expired, StringComparison.Ordinal);
        using var post = await invitee.PostFormAsync(link, link, new Dictionary<string, string>
        {
            ["_handler"] = "accept", ["Input.Password"] = "a long enough password", ["Input.Confirmation"] = "a long enough password",
        });
        Assert.Null((await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email))).PasswordHash);

        // Sending it again gives a fresh link that works (signed in anew: two weeks later the old session has ended).
        var person = (await PeopleWithEmailsEndingAsync(app, $"{t}@invite.example")).Single();
        var (laterAdmin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var resent = await PostPageFormAsync(laterAdmin, $"/people/{person.Id}", "invite");
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        var mails = await MailToAsync(app, email);
        Assert.Equal(2, mails.Count);
        Assert.Contains("Save my password", await invitee.GetPageAsync(InvitationLink(mails[^1])), StringComparison.Ordinal);
        Assert.Single(await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == "person.invitation-resent" && e.ObjectId == person.Id.ToString()).ToListAsync()));
    }

    [Fact]
    public async Task Inviting_an_address_that_has_an_account_changes_nothing()
    {
        var existing = await app.CreatePersonAsync("Al", "Bekend");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        using var response = await PostPageFormAsync(admin, "/admin/people/invite", "invite", InviteForm(existing.Email.ToUpperInvariant(), "Al", "Dubbel"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("There is already an account with this address", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Person>().CountAsync(p => p.Account.Email == existing.Email)));
        Assert.Empty(await MailToAsync(app, existing.Email));
    }

    [Fact]
    public async Task A_partner_guest_needs_their_organisation()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        using var refused = await PostPageFormAsync(admin, "/admin/people/invite", "invite", InviteForm($"gast.{t}@partner.example", "Gus", "Gast", "", Roles.PartnerGuest));
        Assert.Contains("A partner guest needs the organisation they come from.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var invited = await PostPageFormAsync(admin, "/admin/people/invite", "invite",
            [.. InviteForm($"gast.{t}@partner.example", "Gus", "Gast", "en", Roles.PartnerGuest), ("Input.PartnerOrganisation", "Studio Meridian")]);
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var guest = (await PeopleWithEmailsEndingAsync(app, $"{t}@partner.example")).Single();
        Assert.Equal("Studio Meridian", guest.PartnerOrganisation);
        var mail = Assert.Single(await MailToAsync(app, $"gast.{t}@partner.example"));
        Assert.Contains("As a partner guest", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_invites_with_201_and_answers_problem_details_for_bad_input()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        using var created = await admin.Http.PostAsJsonAsync("/api/v1/people/invitations", new
        {
            email = $"api.{t}@invite.example", givenName = "Ada", familyName = "Api", roles = EmployeeOnly,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/people/{account.GetProperty("id").GetGuid()}", created.Headers.Location!.OriginalString);
        Assert.Single(await MailToAsync(app, $"api.{t}@invite.example"));

        using var bad = await admin.Http.PostAsJsonAsync("/api/v1/people/invitations", new { email = "not an address", givenName = "", roles = NoSuchRole });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("givenName", out _));
        Assert.True(errors.TryGetProperty("familyName", out _));
        Assert.True(errors.TryGetProperty("roles", out _));

        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        using var forbidden = await employee.Http.PostAsJsonAsync("/api/v1/people/invitations", new { email = $"x.{t}@invite.example" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InvitationTestsOnSqlite(SqliteApp app) : InvitationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InvitationTestsOnPostgres(PostgresApp app) : InvitationTests(app);
