using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Events.Festivals;

/// <summary>
/// A person's festival schedule never holds two overlapping workshops, and it is the database that guarantees it (an exclusion
/// constraint on PostgreSQL, a trigger on SQLite): the API and the page say which workshop it overlaps; back-to-back is fine.
/// Partner guests see only the festivals of their own organisation and no organiser's work.
/// </summary>
public abstract class FestivalScheduleTests(GuildApp app)
{
    [Fact]
    public async Task An_overlapping_workshop_is_refused_by_the_database_with_a_message_naming_the_one_it_overlaps()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Overlap festival", []);
        var first = await admin.AddWorkshopAsync(festival, "Morning writing", adminPerson.Id, 20, new(10, 0), new(11, 30), room: 0);
        var overlapping = await admin.AddWorkshopAsync(festival, "Late-morning audio", adminPerson.Id, 20, new(11, 0), new(12, 0), room: 1);
        var afterwards = await admin.AddWorkshopAsync(festival, "Lunch talk", adminPerson.Id, 20, new(11, 30), new(12, 30), room: 0);
        var (client, person) = await app.SignedInAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.AddToScheduleAsync(festival.Id, first.Id)).StatusCode);
        var refused = await ProblemAsync(await client.AddToScheduleAsync(festival.Id, overlapping.Id), HttpStatusCode.Conflict);
        Assert.Equal("This overlaps 'Morning writing' 10:00–11:30 in your schedule.", refused.GetProperty("detail").GetString());
        // The events API goes the same way (a festival workshop's registration is the festival's).
        var viaEvents = await ProblemAsync(await client.RegisterAsync(overlapping.Id), HttpStatusCode.Conflict);
        Assert.Equal("This overlaps 'Morning writing' 10:00–11:30 in your schedule.", viaEvents.GetProperty("detail").GetString());
        // Nothing of the refused registration stays: no place, no registration.
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Guild.Web.Features.Events.GuildEvent>().Where(e => e.Id == overlapping.Id).Select(e => e.Taken).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<Guild.Web.Features.Events.EventRegistration>().AnyAsync(r => r.EventId == overlapping.Id)));
        // Back to back is no overlap.
        Assert.Equal(HttpStatusCode.OK, (await client.AddToScheduleAsync(festival.Id, afterwards.Id)).StatusCode);

        // The page says it too.
        using var page = await client.PostFormAsync($"/festivals/{festival.Id}", $"/festivals/{festival.Id}",
            new Dictionary<string, string> { ["_handler"] = "schedule", ["Form.Add"] = overlapping.Id.ToString() });
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("This overlaps 'Morning writing' 10:00–11:30 in your schedule.", html, StringComparison.Ordinal);

        // The guarantee is the database's own: an overlapping row written directly is refused.
        var direct = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Add(new FestivalScheduleEntry
            {
                PersonId = person.Id, EventId = overlapping.Id, FestivalId = festival.Id, StartsAt = overlapping.StartsAt, EndsAt = overlapping.EndsAt,
                PoolId = FestivalPlacePool.GeneralPool,
            });
            await db.SaveChangesAsync();
        }));
        Assert.True(FestivalPlaces.IsOverlap(direct));
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<FestivalScheduleEntry>().CountAsync(s => s.PersonId == person.Id)));
    }

    [Fact]
    public async Task A_partner_guest_sees_their_own_festival_but_not_another_nor_organiser_work()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var theirs = await app.CreateFestivalAsync(admin, "Partner festival", [("Brightside", 2)]);
        var other = await app.CreateFestivalAsync(admin, "Staff festival", []);
        await admin.AddWorkshopAsync(other, "Staff only", adminPerson.Id, 10, new(10, 0), new(11, 0));
        var (guest, guestPerson) = await app.SignedInAsync(Roles.PartnerGuest);
        await app.JoinPartnerAsync(guestPerson, theirs.Partners[0].Id);

        Assert.Contains("Partner festival", await guest.GetPageAsync($"/festivals/{theirs.Id}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.Http.GetAsync($"/festivals/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guest.Http.GetAsync($"/api/v1/festivals/{other.Id}")).StatusCode);
        var list = await guest.GetPageAsync("/festivals");
        Assert.Contains("Partner festival", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Staff festival", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.Http.PostAsync($"/api/v1/festivals/{theirs.Id}/publication", null)).StatusCode);
        var programme = await EventsTestKit.ReadAsync<ProgrammeView>(await guest.Http.GetAsync($"/api/v1/festivals/{theirs.Id}"), HttpStatusCode.OK);
        Assert.False(programme.CanOrganise);
        Assert.Equal(theirs.Partners[0].Id, programme.MyPartnerId);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FestivalScheduleTestsOnSqlite(SqliteApp app) : FestivalScheduleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FestivalScheduleTestsOnPostgres(PostgresApp app) : FestivalScheduleTests(app);
