using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Features.People;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Events.Festivals;

/// <summary>
/// An organiser makes an invitation link per partner organisation; someone who opens a working link makes an account and is signed in
/// as a partner guest of that organisation. An expired, revoked or forged link says so and makes no account.
/// </summary>
public abstract class FestivalInvitationTests(GuildApp app)
{
    [Fact]
    public async Task A_valid_link_makes_a_partner_guest_of_that_organisation_and_an_expired_revoked_or_forged_one_makes_nothing()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Invitation festival", [("Brightside", 2), ("Northlight", 1)]);
        var brightside = festival.Partners.Single(p => p.Name == "Brightside");
        var link = await CreateLinkAsync(admin, festival.Id, brightside.Id, 14);
        var token = TokenOf(link);

        var visitor = app.CreateGuildClient();
        Assert.Contains("Make your account as a guest from Brightside.", await visitor.GetPageAsync($"/festivals/join/{token}"), StringComparison.Ordinal);
        using (var joined = await JoinAsync(visitor, token, "sam.river@brightside.example"))
        {
            Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        }
        Assert.Contains("Invitation festival", await visitor.GetPageAsync($"/festivals/{festival.Id}"), StringComparison.Ordinal);
        var (roles, partnerId, organisation) = await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "sam.river@brightside.example");
            return (
                await db.UserRoles.Where(r => r.UserId == user.Id).Select(r => r.RoleId).ToListAsync(),
                await db.Set<FestivalPartnerMember>().Where(m => m.PersonId == user.Id).Select(m => m.PartnerId).SingleAsync(),
                await db.Set<Person>().Where(p => p.Id == user.Id).Select(p => p.PartnerOrganisation).SingleAsync());
        });
        Assert.Equal([Guild.Web.Platform.Identity.GuildRoleConfiguration.Ids[Roles.PartnerGuest]], roles);
        Assert.Equal((brightside.Id, "Brightside"), (partnerId, organisation));
        // The guest sees no organiser's work.
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.Http.GetAsync($"/api/v1/festivals/{festival.Id}/invitations")).StatusCode);

        // Revoked: the page says so, and a post makes no account.
        using (var revoked = await admin.Http.PostAsync($"/api/v1/festivals/{festival.Id}/invitations/{link.Id}/revocation", null))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }
        await AssertRefusedAsync(token, "This invitation link was withdrawn.", "late@brightside.example");
        // Expired.
        var shortLink = await CreateLinkAsync(admin, festival.Id, brightside.Id, 1);
        app.Clock.Advance(TimeSpan.FromDays(2));
        await AssertRefusedAsync(TokenOf(shortLink), "This invitation link has expired.", "slow@brightside.example");
        // Forged.
        await AssertRefusedAsync(token[..^2] + "xx", "This invitation link is not known.", "forger@example.com");
        Assert.Equal(3, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.ObjectId == festival.Id.ToString()
            && (a.Action == AuditActions.FestivalInvitationCreated || a.Action == AuditActions.FestivalInvitationRevoked))));
    }

    private async Task AssertRefusedAsync(string token, string message, string email)
    {
        var visitor = app.CreateGuildClient();
        Assert.Contains(message, WebUtility.HtmlDecode(await visitor.GetPageAsync($"/festivals/join/{token}")), StringComparison.Ordinal);
        // The page shows no form for a link that does not work; a post made anyway is refused and makes nothing.
        using var response = await visitor.Http.PostAsync($"/festivals/join/{token}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "join", ["Input.GivenName"] = "Sam", ["Input.FamilyName"] = "River", ["Input.Email"] = email, ["Input.Password"] = GuildApp.Password,
        }));
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    private static async Task<InvitationLinkView> CreateLinkAsync(GuildClient admin, Guid festivalId, Guid partnerId, int days)
    {
        using var response = await admin.Http.PostAsJsonAsync($"/api/v1/festivals/{festivalId}/partners/{partnerId}/invitations", new { validForDays = days });
        return await EventsTestKit.ReadAsync<InvitationLinkView>(response, HttpStatusCode.Created);
    }

    private static string TokenOf(InvitationLinkView link)
    {
        var url = link.Url ?? throw new InvalidOperationException("The link was made without its URL.");
        return url[(url.LastIndexOf('/') + 1)..];
    }

    private static Task<HttpResponseMessage> JoinAsync(GuildClient visitor, string token, string email) =>
        visitor.PostFormAsync($"/festivals/join/{token}", $"/festivals/join/{token}", new Dictionary<string, string>
        {
            ["_handler"] = "join", ["Input.GivenName"] = "Sam", ["Input.FamilyName"] = "River", ["Input.Email"] = email, ["Input.Password"] = GuildApp.Password,
        });
}

[Collection(SqliteCollection.Name)]
public sealed class FestivalInvitationTestsOnSqlite(SqliteApp app) : FestivalInvitationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FestivalInvitationTestsOnPostgres(PostgresApp app) : FestivalInvitationTests(app);
