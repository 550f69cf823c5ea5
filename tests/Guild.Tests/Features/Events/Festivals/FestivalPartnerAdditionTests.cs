using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Events.Festivals;

/// <summary>
/// A partner organisation added after the festival was made (on the partners page or through the API): its places per workshop come
/// out of the free general places of every upcoming workshop, it gets invitation links like the others, and the addition is audited. A
/// taken name or a quota out of range is a form error (or a field's problem detail) and adds nothing; only organisers may add one.
/// </summary>
public abstract class FestivalPartnerAdditionTests(GuildApp app)
{
    [Fact]
    public async Task An_organiser_adds_a_partner_whose_places_come_from_the_free_general_places_of_upcoming_workshops()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Growing festival", []);
        var workshop = await admin.AddWorkshopAsync(festival, "Growing workshop", adminPerson.Id, capacity: 10, new(10, 0), new(11, 0));
        var path = $"/festivals/{festival.Id}/partners";

        using (var added = await admin.PostFormAsync(path, path,
               [new("_handler", "add-partner"), new("NewPartner.Name", "Brightside"), new("NewPartner.QuotaPerWorkshop", "3")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }
        var brightside = await PartnerAsync(festival.Id, "Brightside");
        Assert.Equal(3, brightside.QuotaPerWorkshop);
        Assert.Equal((3, 7), await PoolsAsync(workshop.Id, brightside.Id));

        // The same name again: a form error on the page, nothing added.
        using (var refused = await admin.PostFormAsync(path, path,
               [new("_handler", "add-partner"), new("NewPartner.Name", "brightside"), new("NewPartner.QuotaPerWorkshop", "1")]))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("brightside is already a partner of this festival.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<FestivalPartner>().CountAsync(p => p.FestivalId == festival.Id)));

        // Through the API: a quota larger than the free general places takes what is free.
        using var bad = await admin.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/partners", new { name = "Northlight", quotaPerWorkshop = 20_000 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("quotaPerWorkshop", out _));
        var northlight = await EventsTestKit.ReadAsync<FestivalPartnerView>(
            await admin.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/partners", new { name = "Northlight", quotaPerWorkshop = 20 }), HttpStatusCode.Created);
        Assert.Equal((7, 0), await PoolsAsync(workshop.Id, northlight.Id));

        // Its people come in through an invitation link, as the other partners' do; the page lists it with its quota.
        await EventsTestKit.ReadAsync<InvitationLinkView>(
            await admin.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/partners/{northlight.Id}/invitations", new { validForDays = 7 }), HttpStatusCode.Created);
        Assert.Contains($"id=\"quota-{northlight.Id}\"", await admin.GetPageAsync(path), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(a => a.ObjectId == festival.Id.ToString() && a.Action == AuditActions.FestivalPartnerAdded)));

        // A colleague who sees the festival may not add one.
        var (employee, _) = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.Forbidden,
            (await employee.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/partners", new { name = "Sneaky", quotaPerWorkshop = 1 })).StatusCode);
    }

    private Task<FestivalPartner> PartnerAsync(Guid festivalId, string name) =>
        app.WithDbAsync(db => db.Set<FestivalPartner>().AsNoTracking().SingleAsync(p => p.FestivalId == festivalId && p.Name == name));

    /// <summary>The partner's places at the workshop and the general pool's.</summary>
    private Task<(int Partner, int General)> PoolsAsync(Guid workshopId, Guid partnerId) =>
        app.WithDbAsync(async db =>
        {
            var pools = await db.Set<FestivalPlacePool>().AsNoTracking().Where(p => p.EventId == workshopId).ToListAsync();
            return (pools.Single(p => p.PartnerId == partnerId).Quota, pools.Single(p => p.PartnerId == FestivalPlacePool.GeneralPool).Quota);
        });
}

[Collection(SqliteCollection.Name)]
public sealed class FestivalPartnerAdditionTestsOnSqlite(SqliteApp app) : FestivalPartnerAdditionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FestivalPartnerAdditionTestsOnPostgres(PostgresApp app) : FestivalPartnerAdditionTests(app);
