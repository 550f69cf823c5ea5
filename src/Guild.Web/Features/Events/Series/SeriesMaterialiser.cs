using System.Security.Cryptography;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Extensions;

namespace Guild.Web.Features.Events.Series;

/// <summary>Settings of lecture series (<c>Events:Series</c>).</summary>
public sealed class SeriesOptions
{
    /// <summary>How far ahead occurrences exist as events (registrations and speakers need a row).</summary>
    public int HorizonWeeks { get; set; } = 12;
}

/// <summary>
/// Makes each series' occurrences a rolling horizon ahead as <see cref="GuildEvent"/> rows with a <see cref="SeriesTalk"/> beside them.
/// Safe to run again and on two nodes at once: an occurrence whose rule date has a talk row is never made again (the existing rows are
/// read first, and the unique (series, rule date) index refuses a second one made concurrently: that series is then left to the other).
/// </summary>
public sealed class SeriesMaterialiser(GuildDb db, OrganisationProfile organisation, EventMails mails, TimeProvider clock, IOptions<SeriesOptions> options,
    Platform.LearningRecords.LearningRecorder recorder, ILogger<SeriesMaterialiser> logger)
{
    /// <summary>
    /// Records "presented at" for every confirmed speaker whose talk is over (once: the talk remembers it), in one unit of work with
    /// the mark, so a rerun records nothing twice.
    /// </summary>
    public async Task<int> RecordTalksGivenAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var given = await (from t in db.Set<SeriesTalk>()
                           join e in db.Set<GuildEvent>() on t.EventId equals e.Id
                           join p in db.Set<People.Person>() on t.SpeakerId equals p.Id
                           where t.Status == TalkStatus.Confirmed && t.SpokeRecordedAt == null && e.EndsAt <= now && e.Status == EventStatus.Scheduled
                           select new { Talk = t, Event = e, Name = p.GivenName + " " + p.FamilyName }).Take(500).ToListAsync(cancellationToken);
        foreach (var row in given)
        {
            row.Talk.SpokeRecordedAt = now;
            await recorder.AddAsync(db, new Platform.LearningRecords.LearningAct(new Platform.LearningRecords.LearningActor(row.Talk.SpeakerId!.Value, row.Name),
                Platform.LearningRecords.LearningVerbs.Presented, Registrations.ActivityOf(row.Event)) { At = row.Event.EndsAt }, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return given.Count;
    }

    /// <summary>Makes the missing occurrences of one series (or every series); answers how many it made.</summary>
    public async Task<int> MaterialiseAsync(Guid? seriesId, CancellationToken cancellationToken)
    {
        var ids = seriesId is { } one ? [one] : await db.Set<LectureSeries>().AsNoTracking().Select(s => s.Id).ToListAsync(cancellationToken);
        var context = await ContextAsync(cancellationToken);
        var made = 0;
        foreach (var id in ids)
        {
            made += await MaterialiseOneAsync(id, context, cancellationToken);
        }
        return made;
    }

    /// <summary>The organisation's holidays and working days, read once per run.</summary>
    internal sealed record Calendar(IReadOnlySet<LocalDate> Holidays, IReadOnlySet<IsoDayOfWeek> WorkingDays);

    internal async Task<Calendar> ContextAsync(CancellationToken cancellationToken)
    {
        var view = await organisation.GetAsync(cancellationToken);
        var holidays = await db.Set<PublicHoliday>().AsNoTracking().Select(h => h.Date).ToListAsync(cancellationToken);
        return new Calendar(holidays.Select(d => d.ToLocalDate()).ToHashSet(), view.WorkingDays.Select(NodaTime.Utility.BclConversions.ToIsoDayOfWeek).ToHashSet());
    }

    /// <summary>The series' planned occurrences from <paramref name="from"/> to the horizon.</summary>
    internal IReadOnlyList<PlannedOccurrence> Plan(LectureSeries series, Calendar calendar, LocalDate from)
    {
        var rule = RecurrenceRule.Parse(series.RecurrenceRule, out _) ?? throw new InvalidOperationException($"Series {series.Id} has an unreadable rule.");
        var through = Today(series).PlusWeeks(options.Value.HorizonWeeks);
        return SeriesSlots.Occurrences(rule, series.FirstDate.ToLocalDate(), series.StartTime.ToLocalTime(), series.DurationMinutes, series.TimeZone,
            series.Exceptions.Select(x => x.Date.ToLocalDate()).ToHashSet(), calendar.Holidays, series.HolidayPolicy, calendar.WorkingDays, from, through);
    }

    /// <summary>Today in the series' zone.</summary>
    internal LocalDate Today(LectureSeries series) =>
        clock.GetUtcNow().ToInstant().InZone(DateTimeZoneProviders.Tzdb[series.TimeZone]).Date;

    private async Task<int> MaterialiseOneAsync(Guid id, Calendar calendar, CancellationToken cancellationToken)
    {
        var series = await db.Set<LectureSeries>().AsNoTracking().Include(s => s.Organisers).Include(s => s.Components).Include(s => s.Exceptions)
            .AsSplitQuery().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var taken = (await db.Set<SeriesTalk>().Where(t => t.SeriesId == id).Select(t => t.RuleDate).ToListAsync(cancellationToken)).ToHashSet();
        var missing = Plan(series, calendar, Today(series)).Where(o => !taken.Contains(o.RuleDate.ToDateOnly()) && o.StartsAt > now).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }
        foreach (var occurrence in missing)
        {
            var planned = NewOccurrence(series, occurrence, now);
            db.Add(planned);
            db.Add(new SeriesTalk { EventId = planned.Id, SeriesId = series.Id, RuleDate = occurrence.RuleDate.ToDateOnly(), Status = TalkStatus.Open });
            mails.ScheduleReminders(planned);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return missing.Count;
        }
        catch (DbUpdateException exception)
        {
            // Another node (or a concurrent run) made them first: its rows stand, ours are dropped; the next run fills any gap.
            logger.LogInformation(exception, "Occurrences of series {SeriesId} were made concurrently; leaving them to the other run.", id);
            db.ChangeTracker.Clear();
            return 0;
        }
    }

    /// <summary>A new occurrence of a series as an event: the series' title, place, organisers and components.</summary>
    internal static GuildEvent NewOccurrence(LectureSeries series, PlannedOccurrence occurrence, DateTimeOffset now)
    {
        var planned = new GuildEvent
        {
            Id = Guid.CreateVersion7(), Title = series.Title, Description = series.Description, StartsAt = occurrence.StartsAt, EndsAt = occurrence.EndsAt,
            TimeZone = series.TimeZone, Online = series.Online, MeetingLink = series.MeetingLink, Room = series.Room, Capacity = series.Capacity,
            MaxGuests = 0, Status = EventStatus.Scheduled, Sequence = 0, TicketKey = RandomNumberGenerator.GetBytes(32), CreatedById = series.CreatedById,
            CreatedAt = now, UpdatedAt = now, SeriesId = series.Id,
        };
        planned.Organisers.AddRange(series.Organisers.Select(o => new EventOrganiser { PersonId = o.PersonId }));
        planned.Components.AddRange(series.Components.Select(c => new EventComponent { ComponentId = c.ComponentId }));
        return planned;
    }
}

/// <summary>The recurring job (<c>series.materialise</c>, daily) that records the talks given and keeps every series' occurrences made a horizon ahead.</summary>
internal sealed class SeriesMaterialiseJob(SeriesMaterialiser materialiser) : IJobHandler
{
    public const string JobKind = "series.materialise";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        await materialiser.RecordTalksGivenAsync(cancellationToken);
        await materialiser.MaterialiseAsync(null, cancellationToken);
    }
}
