using System.Security.Cryptography;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Events.Series;

/// <summary>
/// The weekly "Coffee-machine lecture" for the demo: Tuesdays 12:30 Europe/Amsterdam, organised by Daan (the demo champion) and the
/// demo L&amp;D admin, with past talks by colleagues of different departments (the latest one's recording is in the library) and the
/// coming twelve weeks: two confirmed speakers, the demo Employee proposed for the third date (so that login can confirm or decline),
/// the rest open. Small: eight past weeks; large: a year of past talks. Runs after events and the library.
/// </summary>
internal sealed class SeriesDemoContent(GuildDb db, BulkInserter bulk) : IDemoContent
{
    public int Order => 75;

    private static readonly string[] Topics =
    [
        "Writing headlines that work", "Keyboard shortcuts that save an hour a week", "Colour grading in five minutes", "What our readers search for",
        "Interviewing under time pressure", "Captions everyone can read", "A spreadsheet trick for data stories", "Better audio with a phone",
        "Fact-checking a viral photo", "Planning a newsletter", "Short video for social", "Accessible charts",
    ];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var employees = context.People.Where(p => !p.IsGuest && p.Roles.Contains(Roles.Employee)).ToList();
        if (employees.Count < 20)
        {
            return;
        }
        var demo = DemoAccounts.All.Select(a => context.People.FirstOrDefault(p => p.DisplayName == a.Name)).OfType<DemoPerson>().ToList();
        var daan = demo.FirstOrDefault(p => p.Roles.Contains(Roles.Champion)) ?? employees.First(p => p.Roles.Contains(Roles.Champion) || p.Roles.Contains(Roles.LearningAdmin));
        var admin = demo.FirstOrDefault(p => p.Roles.Contains(Roles.LearningAdmin)) ?? daan;
        var employee = demo.FirstOrDefault(p => p.Roles.Count == 1 && p.Roles[0] == Roles.Employee) ?? employees[1];
        var recording = await db.Set<Resource>().AsNoTracking().Where(r => r.Status == ResourceStatus.Published && (r.Kind == ResourceKind.Video || r.Kind == ResourceKind.ScreenRecording))
            .OrderBy(r => r.Id).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        var random = context.Random;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, zone).DateTime);
        var thisTuesday = today.AddDays(((int)DayOfWeek.Tuesday - (int)today.DayOfWeek + 7) % 7);
        var pastWeeks = context.Size == DemoSize.Large ? 52 : 8;
        var first = thisTuesday.AddDays(-7 * pastWeeks);
        var series = new LectureSeries
        {
            Id = Guid.CreateVersion7(context.Now.AddDays(-7 * pastWeeks - 14)), Title = "Coffee-machine lecture",
            Description = "Every Tuesday after lunch, ten minutes by a colleague at the coffee machine on the second floor: one thing you know that others should. **Sign up for a date**, or ask a colleague.",
            RecurrenceRule = "FREQ=WEEKLY;BYDAY=TU", FirstDate = first, StartTime = new TimeOnly(12, 30), DurationMinutes = 15, TimeZone = zone.Id, Online = false,
            Room = "Coffee machine, 2nd floor", Capacity = 40, HolidayPolicy = HolidayPolicy.NextWorkingDay, SpeakerDeadlineDays = 7, CreatedById = daan.Id,
            CreatedAt = context.Now.AddDays(-7 * pastWeeks - 14), UpdatedAt = context.Now.AddDays(-7 * pastWeeks - 14),
        };
        var organisers = new List<SeriesOrganiser> { new() { SeriesId = series.Id, PersonId = daan.Id } };
        if (admin.Id != daan.Id)
        {
            organisers.Add(new SeriesOrganiser { SeriesId = series.Id, PersonId = admin.Id });
        }
        // Speakers from as many departments as possible, nobody twice, never the demo logins (they have their own parts).
        var speakers = employees.Where(p => demo.All(d => d.Id != p.Id)).OrderBy(_ => random.Next()).GroupBy(p => p.DepartmentId)
            .SelectMany(g => g.Select((p, i) => (p, i))).OrderBy(x => x.i).Select(x => x.p).ToList();
        var events = new List<GuildEvent>();
        var eventOrganisers = new List<EventOrganiser>();
        var talks = new List<SeriesTalk>();
        var nextSpeaker = 0;
        for (var week = 0; week < pastWeeks + 12; week++)
        {
            var day = first.AddDays(7 * week);
            var starts = EventPlanner.ToInstant(day.ToDateTime(series.StartTime), zone);
            var occurrence = new GuildEvent
            {
                Id = Guid.CreateVersion7(starts), Title = series.Title, Description = series.Description, StartsAt = starts, EndsAt = starts.AddMinutes(15),
                TimeZone = zone.Id, Room = series.Room, Capacity = series.Capacity, Status = EventStatus.Scheduled, TicketKey = RandomNumberGenerator.GetBytes(32),
                CreatedById = daan.Id, CreatedAt = series.CreatedAt, UpdatedAt = series.CreatedAt, SeriesId = series.Id,
            };
            events.Add(occurrence);
            eventOrganisers.AddRange(organisers.Select(o => new EventOrganiser { EventId = occurrence.Id, PersonId = o.PersonId }));
            var talk = new SeriesTalk { EventId = occurrence.Id, SeriesId = series.Id, RuleDate = day, Status = TalkStatus.Open, ChangedAt = series.CreatedAt };
            var ahead = week - pastWeeks;
            if (ahead < 2 && nextSpeaker < speakers.Count)
            {
                // Past talks and the next two dates have a confirmed speaker.
                (talk.Status, talk.SpeakerId, talk.Topic) = (TalkStatus.Confirmed, speakers[nextSpeaker++].Id, Topics[week % Topics.Length]);
                talk.SpokeRecordedAt = ahead < 0 ? occurrence.EndsAt : null;
                talk.RecordingResourceId = ahead == -1 ? recording : null;
            }
            else if (ahead == 2)
            {
                (talk.Status, talk.SpeakerId, talk.ProposedById, talk.Topic) = (TalkStatus.Proposed, employee.Id, daan.Id, "Something you know that others should");
            }
            talks.Add(talk);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await bulk.InsertAsync([series], cancellationToken);
        await bulk.InsertAsync(organisers, cancellationToken);
        await bulk.InsertAsync(events, cancellationToken);
        await bulk.InsertAsync(eventOrganisers, cancellationToken);
        await bulk.InsertAsync(talks, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
