using System.Security.Cryptography;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>
/// The demo "Guild Festival": two days, three rooms, twelve workshops, two partner organisations (Brightside, whose guest is the demo
/// login "Partner guest", and Northlight), one workshop hosted by Brightside's guest and two of the guest's proposals (one open, one
/// declined), and schedules for the demo logins (the Employee's nearly full). A festival is the same size in the small and the large organisation: a dozen rows, so no bulk insert. Runs after events.
/// </summary>
internal sealed class FestivalsDemoContent(GuildDb db) : IDemoContent
{
    public int Order => 75;

    private static readonly (string Title, int Day, int Hour, int Room)[] Workshops =
    [
        ("Storytelling with short video", 0, 10, 0), ("Headlines that travel", 0, 10, 1), ("Podcast editing in an hour", 0, 10, 2),
        ("Data visualisation for the newsroom", 0, 13, 0), ("Brightside: publishing for young readers", 0, 13, 1), ("Accessible captions", 0, 13, 2),
        ("Mobile journalism kit", 1, 10, 0), ("Interviewing under time pressure", 1, 10, 1), ("Newsletter design clinic", 1, 10, 2),
        ("Colour grading basics", 1, 13, 0), ("Northlight: audio branding", 1, 13, 1), ("Fact-checking with open sources", 1, 13, 2),
    ];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var employees = context.People.Where(p => !p.IsGuest && p.Roles.Contains(Roles.Employee)).ToList();
        if (employees.Count < 20)
        {
            return;
        }
        var demo = DemoAccounts.All.Select(a => (Account: a, Person: context.People.FirstOrDefault(p => p.DisplayName == a.Name))).Where(d => d.Person is not null).ToList();
        var admin = demo.FirstOrDefault(d => d.Account.Role == Roles.LearningAdmin).Person ?? employees[0];
        var employee = demo.FirstOrDefault(d => d.Account.Role == Roles.Employee).Person ?? employees[1];
        var guest = demo.FirstOrDefault(d => d.Account.Role == Roles.PartnerGuest).Person;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, zone).DateTime).AddDays(10);
        var festival = new Festival
        {
            Id = Guid.CreateVersion7(context.Now), Name = "Guild Festival", TimeZone = zone.Id, FirstDay = firstDay, LastDay = firstDay.AddDays(1),
            Description = "Two days of workshops by colleagues and our partners Brightside and Northlight. Build your own schedule.",
            Status = FestivalStatus.Published, QuotaReturnDays = 3, CreatedById = admin.Id, CreatedAt = context.Now.AddDays(-20),
        };
        festival.Rooms.AddRange([
            new FestivalRoom { Id = Guid.CreateVersion7(), Name = "Main stage", Capacity = 40, Position = 0 },
            new FestivalRoom { Id = Guid.CreateVersion7(), Name = "Studio 2", Capacity = 16, Position = 1 },
            new FestivalRoom { Id = Guid.CreateVersion7(), Name = "Room Texel", Capacity = 12, Position = 2 },
        ]);
        var brightside = new FestivalPartner { Id = Guid.CreateVersion7(), Name = "Brightside", QuotaPerWorkshop = 3 };
        var northlight = new FestivalPartner { Id = Guid.CreateVersion7(), Name = "Northlight", QuotaPerWorkshop = 2 };
        festival.Partners.AddRange([brightside, northlight]);
        db.Add(festival);
        if (guest is not null)
        {
            db.Add(new FestivalPartnerMember { PersonId = guest.Id, PartnerId = brightside.Id });
        }
        var components = await KnowHowMap.LiveComponents(db).AsNoTracking().Select(c => c.Id).Take(12).ToListAsync(cancellationToken);
        var random = context.Random;
        var planned = new List<GuildEvent>();
        foreach (var (title, day, hour, roomIndex) in Workshops)
        {
            var room = festival.Rooms[roomIndex];
            var starts = EventPlanner.ToInstant(firstDay.AddDays(day).ToDateTime(new TimeOnly(hour, 0)), zone);
            var workshop = new GuildEvent
            {
                Id = Guid.CreateVersion7(starts), Title = title, Description = $"A festival workshop: {title.ToLowerInvariant()}.", StartsAt = starts,
                EndsAt = starts.AddMinutes(90), TimeZone = zone.Id, Room = room.Name, Capacity = room.Capacity, Status = EventStatus.Scheduled,
                TicketKey = RandomNumberGenerator.GetBytes(32), CreatedById = admin.Id, CreatedAt = festival.CreatedAt, UpdatedAt = festival.CreatedAt,
                FestivalId = festival.Id,
            };
            workshop.Organisers.Add(new EventOrganiser { PersonId = admin.Id });
            if (components.Count > 0)
            {
                workshop.Components.Add(new EventComponent { ComponentId = components[planned.Count % components.Count] });
            }
            var hostedByGuest = guest is not null && title.StartsWith("Brightside", StringComparison.Ordinal);
            var host = hostedByGuest ? guest! : employees[random.Next(employees.Count)];
            db.Add(workshop);
            db.Add(new FestivalWorkshop
            {
                EventId = workshop.Id, FestivalId = festival.Id, RoomId = room.Id, PartnerId = hostedByGuest ? brightside.Id : null,
                Hosts = [new FestivalWorkshopHost { EventId = workshop.Id, PersonId = host.Id }],
            });
            db.AddRange(FestivalPlaces.SplitPlaces(workshop.Id, room.Capacity, [brightside, northlight]));
            planned.Add(workshop);
        }
        await db.SaveChangesAsync(cancellationToken);

        // Schedules: the demo Employee has all but one slot filled; other colleagues fill places in the general pool.
        void Schedule(GuildEvent workshop, Guid personId, Guid poolId)
        {
            var at = context.Now.AddHours(-random.Next(1, 200));
            var registration = new EventRegistration
            {
                Id = Guid.CreateVersion7(at), EventId = workshop.Id, PersonId = personId, Status = RegistrationStatus.Registered, CreatedAt = at, UpdatedAt = at, TicketCode = "",
            };
            registration.TicketCode = Registrations.TicketCode(workshop.TicketKey, registration.Id);
            db.Add(registration);
            db.Add(new FestivalScheduleEntry
            {
                PersonId = personId, EventId = workshop.Id, FestivalId = festival.Id, StartsAt = workshop.StartsAt, EndsAt = workshop.EndsAt, PoolId = poolId,
            });
        }
        var taken = planned.ToDictionary(w => w.Id, _ => new Dictionary<Guid, int>());
        void Count(GuildEvent workshop, Guid poolId) => taken[workshop.Id][poolId] = taken[workshop.Id].GetValueOrDefault(poolId) + 1;
        foreach (var index in new[] { 0, 3, 6 })
        {
            Schedule(planned[index], employee.Id, FestivalPlacePool.GeneralPool);
            Count(planned[index], FestivalPlacePool.GeneralPool);
        }
        if (guest is not null)
        {
            Schedule(planned[1], guest.Id, brightside.Id);
            Count(planned[1], brightside.Id);
            // The partner guest's proposals: one waiting for the organisers, one declined with a message.
            db.Add(new FestivalProposal
            {
                Id = Guid.CreateVersion7(), FestivalId = festival.Id, PartnerId = brightside.Id, GuestId = guest.Id, Title = "Headlines that travel",
                Description = "How we test headlines with young readers before we print, with the worksheets we use.", Minutes = 60,
                PreferredDay = firstDay.AddDays(1), State = ProposalState.Open, CreatedAt = context.Now.AddDays(-3),
            });
            db.Add(new FestivalProposal
            {
                Id = Guid.CreateVersion7(), FestivalId = festival.Id, PartnerId = brightside.Id, GuestId = guest.Id, Title = "Print production walk-through",
                Description = "From the last proof to the press, with samples.", Minutes = 120, State = ProposalState.Declined, CreatedAt = context.Now.AddDays(-8),
                DecidedAt = context.Now.AddDays(-5), DecidedById = admin.Id,
                Message = "The rooms are too small for the press samples this time; let's plan it for the spring festival.",
            });
        }
        foreach (var workshop in planned)
        {
            var room = festival.Rooms.First(r => r.Name == workshop.Room);
            var fill = Math.Min(room.Capacity - 6, random.Next(2, 10));
            foreach (var person in employees.Where(p => p.Id != employee.Id && p.Id != admin.Id).OrderBy(_ => random.Next()).Take(fill))
            {
                if (!db.Set<FestivalScheduleEntry>().Local.Any(s => s.PersonId == person.Id && s.StartsAt < workshop.EndsAt && workshop.StartsAt < s.EndsAt))
                {
                    Schedule(workshop, person.Id, FestivalPlacePool.GeneralPool);
                    Count(workshop, FestivalPlacePool.GeneralPool);
                }
            }
        }
        foreach (var workshop in planned)
        {
            foreach (var (poolId, count) in taken[workshop.Id])
            {
                db.Set<FestivalPlacePool>().Local.First(p => p.EventId == workshop.Id && p.PartnerId == poolId).Taken += count;
                workshop.Taken += count;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
