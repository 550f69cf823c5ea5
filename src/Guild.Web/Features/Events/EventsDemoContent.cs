using System.Security.Cryptography;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Events;

/// <summary>
/// Events for the demo: upcoming ones (an online lecture, a room workshop that is full with a waiting list the demo Employee is first
/// on), one Daan (the demo champion) organises, and past ones with attendance, so every page has something real. The demo logins hold
/// registrations. Small: a dozen events; large: 2,000 more across two years with their registrations through <see cref="BulkInserter"/>.
/// Runs after people and the know-how map.
/// </summary>
internal sealed class EventsDemoContent(GuildDb db, BulkInserter bulk) : IDemoContent
{
    public int Order => 70;

    private static readonly (string Title, string Description, bool Online, string? Room, int? Capacity, int MaxGuests, int DaysAhead, int Hour)[] Plans =
    [
        ("Coffee-machine lecture: writing headlines that work", "Ten minutes on **headlines**: what makes people read on, with examples from our own front pages.",
            true, null, 50, 0, 3, 10),
        ("Workshop: colour grading in DaVinci Resolve", "Bring a laptop. We grade one short clip together, step by step.", false, "Studio 2", 6, 1, 6, 14),
        ("Podcast recording basics", "Microphones, rooms and levels: a practical hour in the sound booth.", false, "Sound booth", 8, 0, 10, 15),
        ("Learning lunch: accessible video", "Captions, contrast and audio description for everything we publish.", true, null, null, 0, 14, 12),
        ("Data journalism clinic", "Bring a spreadsheet and a question; we find the story in it together.", false, "Room De Wadden", 20, 2, 21, 13),
        ("Past: interviewing under time pressure", "How to get the quote you need in five minutes.", false, "Room Texel", 15, 0, -7, 10),
        ("Past: newsletter design review", "We looked at our newsletters side by side.", true, null, 40, 0, -21, 11),
    ];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var employees = context.People.Where(p => !p.IsGuest && p.Roles.Contains(Roles.Employee)).ToList();
        if (employees.Count < 20)
        {
            return;
        }
        var demo = DemoAccounts.All.Select(a => context.People.FirstOrDefault(p => p.DisplayName == a.Name)).OfType<DemoPerson>().ToList();
        var organisers = context.People.Where(p => p.Roles.Contains(Roles.Champion) || p.Roles.Contains(Roles.LearningAdmin)).ToList();
        var daan = demo.FirstOrDefault(p => p.Roles.Contains(Roles.Champion)) ?? organisers.FirstOrDefault() ?? employees[0];
        var admin = demo.FirstOrDefault(p => p.Roles.Contains(Roles.LearningAdmin)) ?? daan;
        var employee = demo.FirstOrDefault(p => p.Roles.Count == 1 && p.Roles[0] == Roles.Employee) ?? employees[1];
        var components = await KnowHowMap.LiveComponents(db).AsNoTracking().Select(c => c.Id).Take(20).ToListAsync(cancellationToken);
        var random = context.Random;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, zone).DateTime);
        var events = new List<GuildEvent>();
        var eventOrganisers = new List<EventOrganiser>();
        var eventComponents = new List<EventComponent>();
        var registrations = new List<EventRegistration>();
        var registered = new HashSet<(Guid, Guid)>();

        GuildEvent Plan(string title, string description, bool online, string? room, int? capacity, int maxGuests, DateOnly day, int hour, DemoPerson organiser)
        {
            var starts = EventPlanner.ToInstant(day.ToDateTime(new TimeOnly(hour, 0)), zone);
            var planned = new GuildEvent
            {
                Id = Guid.CreateVersion7(starts), Title = title, Description = description, StartsAt = starts, EndsAt = starts.AddHours(1), TimeZone = zone.Id,
                Online = online, MeetingLink = online ? $"https://meet.noordwind.example/{random.Next(100_000, 999_999)}" : null, Room = room,
                Capacity = capacity, MaxGuests = maxGuests, Status = EventStatus.Scheduled, TicketKey = RandomNumberGenerator.GetBytes(32),
                CreatedById = organiser.Id, CreatedAt = context.Now.AddDays(-30), UpdatedAt = context.Now.AddDays(-30),
            };
            events.Add(planned);
            eventOrganisers.Add(new EventOrganiser { EventId = planned.Id, PersonId = organiser.Id });
            if (components.Count > 0)
            {
                eventComponents.Add(new EventComponent { EventId = planned.Id, ComponentId = components[random.Next(components.Count)] });
            }
            return planned;
        }

        void Register(GuildEvent planned, DemoPerson person, RegistrationStatus status, int guests, int minutesAgo)
        {
            if (!registered.Add((planned.Id, person.Id)))
            {
                return;
            }
            var at = context.Now.AddMinutes(-minutesAgo);
            var registration = new EventRegistration
            {
                Id = Guid.CreateVersion7(at), EventId = planned.Id, PersonId = person.Id, Guests = guests, Status = status, CreatedAt = at, UpdatedAt = at,
                WaitingSince = status == RegistrationStatus.Waiting ? at : null, TicketCode = "",
            };
            registration.TicketCode = Registrations.TicketCode(planned.TicketKey, registration.Id);
            if (status == RegistrationStatus.Registered)
            {
                planned.Taken += registration.Places;
                if (planned.EndsAt < context.Now && random.Next(5) > 0)
                {
                    registration.CheckedInAt = planned.StartsAt.AddMinutes(-random.Next(1, 10));
                    registration.CheckedInById = planned.CreatedById;
                }
            }
            registrations.Add(registration);
        }

        foreach (var (title, description, online, room, capacity, maxGuests, daysAhead, hour) in Plans)
        {
            var planned = Plan(title, description, online, room, capacity, maxGuests, today.AddDays(daysAhead), hour,
                title.Contains("colour grading", StringComparison.Ordinal) ? daan : organisers[random.Next(organisers.Count)]);
            var fill = capacity ?? 12;
            // The workshop is full: the demo Employee is first on its waiting list, two colleagues behind.
            var full = title.Contains("colour grading", StringComparison.Ordinal);
            if (full)
            {
                Register(planned, admin, RegistrationStatus.Registered, 0, 600);
            }
            else if (daysAhead > 0)
            {
                Register(planned, employee, RegistrationStatus.Registered, 0, 500);
            }
            else
            {
                Register(planned, employee, RegistrationStatus.Registered, 0, 60 * 24 * 20);
            }
            var target = full ? fill : fill * 2 / 3;
            for (var i = 0; planned.Taken < target && i < 200; i++)
            {
                var person = employees[random.Next(employees.Count)];
                if (person.Id == employee.Id)
                {
                    continue;
                }
                var guests = planned.MaxGuests > 0 && random.Next(4) == 0 && (capacity is null || planned.Taken + 2 <= capacity) ? 1 : 0;
                Register(planned, person, RegistrationStatus.Registered, guests, random.Next(60, 60 * 24 * 10));
            }
            if (full)
            {
                Register(planned, employee, RegistrationStatus.Waiting, 0, 90);
                Register(planned, employees[random.Next(employees.Count)], RegistrationStatus.Waiting, 0, 60);
                Register(planned, employees[random.Next(employees.Count)], RegistrationStatus.Waiting, 0, 30);
            }
        }

        if (context.Size == DemoSize.Large)
        {
            // Two years of events by many organisers, a few dozen registrations each.
            for (var n = 0; n < 2_000; n++)
            {
                var day = today.AddDays(random.Next(-500, 230));
                var planned = Plan($"{Topics[n % Topics.Length]} #{n + 1}", "", n % 3 == 0, n % 3 == 0 ? null : $"Room {1 + n % 9}", 10 + random.Next(60), n % 4,
                    day, 9 + random.Next(8), organisers[random.Next(organisers.Count)]);
                for (var i = 0; i < planned.Capacity!.Value * 3 / 4; i++)
                {
                    Register(planned, employees[random.Next(employees.Count)], RegistrationStatus.Registered, 0, random.Next(60, 60 * 24 * 30));
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await bulk.InsertAsync(events, cancellationToken);
        await bulk.InsertAsync(eventOrganisers, cancellationToken);
        await bulk.InsertAsync(eventComponents, cancellationToken);
        await bulk.InsertAsync(registrations, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static readonly string[] Topics =
    [
        "Coffee-machine lecture", "Editing clinic", "Camera basics", "Interview techniques", "Accessible publishing", "Data visualisation",
        "Podcast lab", "Social video", "Headline workshop", "Fact-checking hour",
    ];
}
