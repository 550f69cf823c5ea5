using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Events.Festivals;

/// <summary>
/// A festival workshop's places are split into a pool per partner organisation and the general pool: a partner's people take from
/// their own pool until it is full (and are refused while the general pool still has places); before the deadline the unused partner
/// places flow back to the general pool (once, however often the job runs); parallel registrations never overbook either counter.
/// </summary>
public abstract class FestivalPlacesTests(GuildApp app)
{
    [Fact]
    public async Task Partner_people_fill_their_quota_then_are_refused_and_unused_partner_places_flow_back_before_the_deadline_once()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Quota festival", [("Brightside", 2), ("Northlight", 2)]);
        var workshop = await admin.AddWorkshopAsync(festival, "Six places", adminPerson.Id, capacity: 6, new(10, 0), new(11, 0));
        var brightside = festival.Partners.Single(p => p.Name == "Brightside").Id;
        var guests = new List<GuildClient>();
        for (var i = 0; i < 3; i++)
        {
            var (client, person) = await app.SignedInAsync(Roles.PartnerGuest);
            await app.JoinPartnerAsync(person, brightside);
            guests.Add(client);
        }

        Assert.Equal(HttpStatusCode.OK, (await guests[0].AddToScheduleAsync(festival.Id, workshop.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guests[1].AddToScheduleAsync(festival.Id, workshop.Id)).StatusCode);
        var refused = await ProblemAsync(await guests[2].AddToScheduleAsync(festival.Id, workshop.Id), HttpStatusCode.Conflict);
        Assert.StartsWith("Your organisation's places for this workshop are taken.", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The general pool still has places: a colleague gets one.
        var (employee, _) = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.OK, (await employee.AddToScheduleAsync(festival.Id, workshop.Id)).StatusCode);

        // Before the deadline the job changes nothing; after it, Northlight's two unused places go to the general pool, once.
        await app.RunDueJobsAsync();
        Assert.Equal(2, await GeneralQuotaAsync(workshop.Id));
        app.Clock.Advance(TimeSpan.FromDays(8));
        await app.RunDueJobsAsync();
        await RunQuotaReturnAsync();
        await RunQuotaReturnAsync();
        var pools = await app.WithDbAsync(db => db.Set<FestivalPlacePool>().AsNoTracking().Where(p => p.EventId == workshop.Id).ToListAsync());
        Assert.Equal(4, pools.Single(p => p.PartnerId == FestivalPlacePool.GeneralPool).Quota);
        Assert.Equal(1, pools.Single(p => p.PartnerId == FestivalPlacePool.GeneralPool).Taken);
        Assert.All(pools.Where(p => p.PartnerId != FestivalPlacePool.GeneralPool), p => Assert.NotNull(p.ReturnedAt));
        Assert.Equal(6, pools.Sum(p => p.Quota));

        // The refused partner guest now takes a place from the general pool.
        Assert.Equal(HttpStatusCode.OK, (await guests[2].AddToScheduleAsync(festival.Id, workshop.Id)).StatusCode);
        Assert.Equal(4, await app.WithDbAsync(db => db.Set<GuildEvent>().Where(e => e.Id == workshop.Id).Select(e => e.Taken).SingleAsync()));
        Assert.Contains("4 of 6 places taken", await employee.GetPageAsync($"/festivals/{festival.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thirty_parallel_registrations_never_overbook_the_partner_pool_the_general_pool_or_the_workshop()
    {
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var festival = await app.CreateFestivalAsync(admin, "Busy festival", [("Brightside", 4)]);
        var workshop = await admin.AddWorkshopAsync(festival, "Ten places", adminPerson.Id, capacity: 10, new(10, 0), new(11, 0));
        var people = new List<GuildClient>();
        for (var i = 0; i < 30; i++)
        {
            if (i % 3 == 0)
            {
                var (client, person) = await app.SignedInAsync(Roles.PartnerGuest);
                await app.JoinPartnerAsync(person, festival.Partners[0].Id);
                people.Add(client);
            }
            else
            {
                people.Add((await app.SignedInAsync()).Client);
            }
        }

        var statuses = await Task.WhenAll(people.Select(async client =>
        {
            using var response = await client.AddToScheduleAsync(festival.Id, workshop.Id);
            return response.StatusCode;
        }));

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Conflict));
        var (taken, pools, registered, scheduled) = await app.WithDbAsync(async db => (
            await db.Set<GuildEvent>().Where(e => e.Id == workshop.Id).Select(e => e.Taken).SingleAsync(),
            await db.Set<FestivalPlacePool>().AsNoTracking().Where(p => p.EventId == workshop.Id).ToListAsync(),
            await db.Set<EventRegistration>().CountAsync(r => r.EventId == workshop.Id && r.Status == RegistrationStatus.Registered),
            await db.Set<FestivalScheduleEntry>().CountAsync(s => s.EventId == workshop.Id)));
        Assert.Equal((10, 10, 10), (taken, registered, scheduled));
        Assert.Equal(4, pools.Single(p => p.PartnerId != FestivalPlacePool.GeneralPool).Taken);
        Assert.Equal(6, pools.Single(p => p.PartnerId == FestivalPlacePool.GeneralPool).Taken);
    }

    private Task<int> GeneralQuotaAsync(Guid workshopId) =>
        app.WithDbAsync(db => db.Set<FestivalPlacePool>().Where(p => p.EventId == workshopId && p.PartnerId == FestivalPlacePool.GeneralPool).Select(p => p.Quota).SingleAsync());

    private async Task RunQuotaReturnAsync()
    {
        var job = await app.WithDbAsync(async db =>
        {
            var queued = new Guild.Web.Platform.Jobs.JobQueue(db, app.Clock, app.Services.GetRequiredService<Guild.Web.Platform.Jobs.JobSignal>())
                .Enqueue(QuotaReturnJob.JobKind, new QuotaReturnDue(Guid.Empty));
            await db.SaveChangesAsync();
            return queued;
        });
        Assert.Equal(Guild.Web.Platform.Jobs.JobStatus.Succeeded, (await app.RunJobAsync(job.Id)).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FestivalPlacesTestsOnSqlite(SqliteApp app) : FestivalPlacesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FestivalPlacesTestsOnPostgres(PostgresApp app) : FestivalPlacesTests(app);
