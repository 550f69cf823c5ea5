using System.Security.Cryptography;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Events;

/// <summary>
/// Events that belong to community spaces, so a space's home shows its upcoming events and offers its feed: a meet-up and a hands-on
/// session in "Video makers" (English) and a recording afternoon in "Podcast en audio" (Dutch), organised by the demo champion with
/// colleagues of the space registered. The large organisation has no spaces of the small set: its first two open spaces get the same.
/// Runs after the community's spaces and the events.
/// </summary>
internal sealed class SpaceEventsDemoContent(GuildDb db, BulkInserter bulk) : IDemoContent
{
    public int Order => 80;

    private static readonly (int Space, string Title, string Description, bool Online, string? Room, int? Capacity, int DaysAhead, int Hour)[] Plans =
    [
        (0, "Video makers meet-up: show your latest clip", "Bring a clip of two minutes or less; we watch three and give each other **one tip** each.",
            true, null, 30, 4, 16),
        (0, "Hands-on: lighting a webcam explainer", "Two lamps, one window and a phone: we light a desk together and film a test shot.", false, "Studio 1", 8, 12, 14),
        (1, "Opnamemiddag in de geluidsstudio", "Neem een idee voor een korte aflevering mee: we nemen om de beurt op en luisteren samen terug.", false, "Geluidsstudio", 6, 9, 13),
    ];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var spaces = await db.Set<Space>().AsNoTracking().Where(s => s.Slug == "video-makers" || s.Slug == "podcast-en-audio")
            .OrderByDescending(s => s.Slug == "video-makers").Select(s => s.Id).ToListAsync(cancellationToken);
        if (spaces.Count < 2)
        {
            spaces = await db.Set<Space>().AsNoTracking().Where(s => s.Kind == SpaceKind.Open).OrderBy(s => s.Slug).Select(s => s.Id).Take(2)
                .ToListAsync(cancellationToken);
        }
        var champion = context.People.FirstOrDefault(p => p.DisplayName == DemoAccounts.All.First(a => a.Role == Roles.Champion).Name)
            ?? context.People.FirstOrDefault(p => p.Roles.Contains(Roles.Champion));
        if (spaces.Count < 2 || champion is null)
        {
            return;
        }
        var members = await db.Set<SpaceMember>().AsNoTracking().Where(m => spaces.Contains(m.SpaceId) && m.Status == MembershipStatus.Member)
            .Select(m => new { m.SpaceId, m.PersonId }).ToListAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, zone).DateTime);
        var random = context.Random;
        var events = new List<GuildEvent>();
        var organisers = new List<EventOrganiser>();
        var registrations = new List<EventRegistration>();
        foreach (var (space, title, description, online, room, capacity, daysAhead, hour) in Plans)
        {
            var starts = EventPlanner.ToInstant(today.AddDays(daysAhead).ToDateTime(new TimeOnly(hour, 0)), zone);
            var planned = new GuildEvent
            {
                Id = Guid.CreateVersion7(starts), Title = title, Description = description, StartsAt = starts, EndsAt = starts.AddMinutes(90), TimeZone = zone.Id,
                Online = online, MeetingLink = online ? $"https://meet.noordwind.example/{random.Next(100_000, 999_999)}" : null, Room = room,
                Capacity = capacity, Status = EventStatus.Scheduled, TicketKey = RandomNumberGenerator.GetBytes(32), CreatedById = champion.Id,
                CreatedAt = context.Now.AddDays(-10), UpdatedAt = context.Now.AddDays(-10), SpaceId = spaces[space],
            };
            events.Add(planned);
            organisers.Add(new EventOrganiser { EventId = planned.Id, PersonId = champion.Id });
            // Some of the space's members have a place: "5 of 8".
            var coming = members.Where(m => m.SpaceId == planned.SpaceId && m.PersonId != champion.Id).Select(m => m.PersonId)
                .OrderBy(_ => random.Next()).Take((capacity ?? 20) * 2 / 3).ToList();
            foreach (var person in coming)
            {
                var at = context.Now.AddMinutes(-random.Next(60, 60 * 24 * 8));
                var registration = new EventRegistration
                {
                    Id = Guid.CreateVersion7(at), EventId = planned.Id, PersonId = person, Status = RegistrationStatus.Registered, CreatedAt = at, UpdatedAt = at,
                    TicketCode = "",
                };
                registration.TicketCode = Registrations.TicketCode(planned.TicketKey, registration.Id);
                planned.Taken++;
                registrations.Add(registration);
            }
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await bulk.InsertAsync(events, cancellationToken);
        await bulk.InsertAsync(organisers, cancellationToken);
        await bulk.InsertAsync(registrations, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
