using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Organisation;

/// <summary>
/// A person's own working hours, when they differ from the organisation's (a colleague in another time zone, a
/// part-timer). Every field is optional: what is null follows the organisation's settings.
/// </summary>
public sealed class PersonWorkingHours
{
    public Guid PersonId { get; set; }
    /// <summary>IANA time zone id ("Europe/London"); null: the organisation's.</summary>
    public string? TimeZoneId { get; set; }
    public TimeOnly? WorkdayStart { get; set; }
    public TimeOnly? WorkdayEnd { get; set; }
    /// <summary>Days they work; null: the organisation's working days.</summary>
    public List<DayOfWeek>? WorkingDays { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A public holiday of the organisation: nobody is expected to work that (local) day.</summary>
public sealed class PublicHoliday
{
    public DateOnly Date { get; set; }
    public required string Name { get; set; }
}

internal sealed class PersonWorkingHoursConfiguration : IEntityTypeConfiguration<PersonWorkingHours>
{
    public void Configure(EntityTypeBuilder<PersonWorkingHours> builder)
    {
        builder.ToTable("person_working_hours");
        builder.HasKey(h => h.PersonId);
        builder.Property(h => h.TimeZoneId).HasMaxLength(64);
        builder.Property(h => h.WorkingDays).HasConversion(
            days => string.Join(',', days!.Select(d => (int)d)),
            stored => stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => (DayOfWeek)int.Parse(d, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<DayOfWeek>?>(
                (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b), days => days == null ? 0 : days.Aggregate(0, (hash, day) => hash * 8 + (int)day),
                days => days == null ? null : days.ToList()))
            .HasMaxLength(20);
        builder.HasOne<Features.People.Person>().WithMany().HasForeignKey(h => h.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PublicHolidayConfiguration : IEntityTypeConfiguration<PublicHoliday>
{
    public void Configure(EntityTypeBuilder<PublicHoliday> builder)
    {
        builder.ToTable("public_holidays");
        builder.HasKey(h => h.Date);
        builder.Property(h => h.Name).HasMaxLength(100);
    }
}

/// <summary>When one person works: their zone, hours and days, and the organisation's holidays (local dates).</summary>
public sealed record WorkingSchedule(TimeZoneInfo TimeZone, TimeOnly Start, TimeOnly End, IReadOnlySet<DayOfWeek> Days, IReadOnlySet<DateOnly> Holidays)
{
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>Whether this is a working day (a working weekday that is no public holiday).</summary>
    public bool IsWorkingDay(DateOnly date) => Days.Contains(date.DayOfWeek) && !Holidays.Contains(date);

    /// <summary>Whether the person is working at <paramref name="instant"/>.</summary>
    public bool IsWorking(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return IsWorkingDay(DateOnly.FromDateTime(local.DateTime)) && time >= Start && time < End;
    }

    /// <summary>The working period of a local date as instants (start, end); null on a day off.</summary>
    public (DateTimeOffset Start, DateTimeOffset End)? Period(DateOnly date)
    {
        if (!IsWorkingDay(date) || End <= Start)
        {
            return null;
        }
        return (Instant(date.ToDateTime(Start)), Instant(date.ToDateTime(End)));
    }

    private DateTimeOffset Instant(DateTime local)
    {
        if (TimeZone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Working time between two instants: only the parts inside working periods count.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }
        var total = TimeSpan.Zero;
        // A day of slack on either side covers zones far from UTC; years-long spans are bounded for safety.
        for (var date = LocalDate(from).AddDays(-1); date <= LocalDate(to).AddDays(1) && total < TimeSpan.FromDays(3650); date = date.AddDays(1))
        {
            if (Period(date) is { } period)
            {
                var start = period.Start > from ? period.Start : from;
                var end = period.End < to ? period.End : to;
                if (end > start)
                {
                    total += end - start;
                }
            }
        }
        return total;
    }

    /// <summary>The instant when <paramref name="amount"/> of working time has passed after <paramref name="from"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan amount)
    {
        var left = amount;
        for (var date = LocalDate(from).AddDays(-1); date <= LocalDate(from).AddDays(400); date = date.AddDays(1))
        {
            if (Period(date) is not { } period || period.End <= from)
            {
                continue;
            }
            var start = period.Start > from ? period.Start : from;
            if (period.End - start >= left)
            {
                return start + left;
            }
            left -= period.End - start;
        }
        return from + amount;
    }

    /// <summary>
    /// The working day a moment belongs to: its own local date when it falls before that day's end on a working day,
    /// else the next working day (a question asked on Saturday belongs to Monday).
    /// </summary>
    public DateOnly WorkingDayOf(DateTimeOffset instant)
    {
        var date = LocalDate(instant);
        for (var i = 0; i < 400; i++, date = date.AddDays(1))
        {
            if (Period(date) is { } period && instant < period.End)
            {
                return date;
            }
        }
        return LocalDate(instant);
    }

    /// <summary>Whether <paramref name="done"/> happened by the end of the working day that <paramref name="started"/> belongs to.</summary>
    public bool SameWorkingDay(DateTimeOffset started, DateTimeOffset done) =>
        Period(WorkingDayOf(started)) is { } period && done <= period.End;
}

/// <summary>
/// The one answer to "is this person working at t" and "how much working time lies between a and b for this person":
/// each person's own hours (<see cref="PersonWorkingHours"/>) over the organisation's, and the organisation's public
/// holidays. Routing asks prefers people who are working; asks measure time to answer in the asker's working time.
/// </summary>
public sealed class WorkingCalendar(IDbContextFactory<GuildDb> contexts, OrganisationProfile organisation)
{
    /// <summary>Each person's schedule (people without hours of their own get the organisation's).</summary>
    public async Task<IReadOnlyDictionary<Guid, WorkingSchedule>> ForAsync(IReadOnlyCollection<Guid> people, CancellationToken cancellationToken)
    {
        var settings = await organisation.GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = people.Distinct().ToList();
        var own = ids.Count == 0 ? [] : await db.Set<PersonWorkingHours>().AsNoTracking().Where(h => ids.Contains(h.PersonId)).ToListAsync(cancellationToken);
        var holidays = (await db.Set<PublicHoliday>().AsNoTracking().Select(h => h.Date).ToListAsync(cancellationToken)).ToHashSet();
        var byPerson = own.ToDictionary(h => h.PersonId);
        return ids.ToDictionary(id => id, id => Schedule(settings, byPerson.GetValueOrDefault(id), holidays));
    }

    /// <summary>One person's schedule.</summary>
    public async Task<WorkingSchedule> ForAsync(Guid personId, CancellationToken cancellationToken) =>
        (await ForAsync([personId], cancellationToken))[personId];

    /// <summary>The organisation's own schedule (escalation deadlines, people who set nothing).</summary>
    public async Task<WorkingSchedule> OrganisationAsync(CancellationToken cancellationToken)
    {
        var settings = await organisation.GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var holidays = (await db.Set<PublicHoliday>().AsNoTracking().Select(h => h.Date).ToListAsync(cancellationToken)).ToHashSet();
        return Schedule(settings, null, holidays);
    }

    public static WorkingSchedule Schedule(OrganisationView settings, PersonWorkingHours? own, IReadOnlySet<DateOnly> holidays) => new(
        own?.TimeZoneId is { } zone ? OrganisationProfile.FindTimeZone(zone) : settings.TimeZone,
        own?.WorkdayStart ?? settings.WorkdayStart,
        own?.WorkdayEnd ?? settings.WorkdayEnd,
        (own?.WorkingDays is { Count: > 0 } days ? days : settings.WorkingDays).ToHashSet(),
        holidays);
}
