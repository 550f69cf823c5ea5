using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Features.Events.Series;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Guild.Tests.Features.Events.Series;

/// <summary>
/// A series' slot: an RFC 5545 rule at a wall-clock time in an IANA zone (12:30 stays 12:30 in Amsterdam across both daylight-saving
/// changes), exceptions skipped, the organisation's public holidays skipped or moved to the next working day, and a rule outside the
/// supported part refused with the reason and nothing made.
/// </summary>
public abstract class SeriesRecurrenceTests(GuildApp app)
{
    private static readonly HashSet<IsoDayOfWeek> WorkingDays = [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday];

    [Fact]
    public void Twelve_thirty_stays_twelve_thirty_in_Amsterdam_across_both_daylight_saving_changes()
    {
        var rule = RecurrenceRule.Parse("RRULE:FREQ=WEEKLY;BYDAY=TU", out var problem)!;
        Assert.Null(problem);

        var spring = SeriesSlots.Occurrences(rule, new LocalDate(2027, 3, 16), new LocalTime(12, 30), 15, "Europe/Amsterdam", new HashSet<LocalDate>(),
            new HashSet<LocalDate>(), HolidayPolicy.Skip, WorkingDays, new LocalDate(2027, 3, 16), new LocalDate(2027, 4, 6));
        var autumn = SeriesSlots.Occurrences(rule, new LocalDate(2027, 10, 19), new LocalTime(12, 30), 15, "Europe/Amsterdam", new HashSet<LocalDate>(),
            new HashSet<LocalDate>(), HolidayPolicy.Skip, WorkingDays, new LocalDate(2027, 10, 19), new LocalDate(2027, 11, 9));

        // Clocks go forward on 28 March 2027 and back on 31 October 2027: the UTC hour moves, the wall clock does not.
        Assert.Equal([new(2027, 3, 16, 11, 30, 0, TimeSpan.Zero), new(2027, 3, 23, 11, 30, 0, TimeSpan.Zero), new(2027, 3, 30, 10, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 4, 6, 10, 30, 0, TimeSpan.Zero)], spring.Select(o => o.StartsAt));
        Assert.Equal([new(2027, 10, 19, 10, 30, 0, TimeSpan.Zero), new(2027, 10, 26, 10, 30, 0, TimeSpan.Zero), new(2027, 11, 2, 11, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 11, 9, 11, 30, 0, TimeSpan.Zero)], autumn.Select(o => o.StartsAt));
        Assert.All(spring.Concat(autumn), o => Assert.Equal(new TimeOnly(12, 30), TimeOnly.FromDateTime(SeriesTestKit.Amsterdam(o.StartsAt))));
        Assert.All(spring.Concat(autumn), o => Assert.Equal(TimeSpan.FromMinutes(15), o.EndsAt - o.StartsAt));
    }

    [Fact]
    public void Interval_byday_count_until_and_monthly_ordinals_give_the_dates_RFC_5545_gives()
    {
        static List<LocalDate> Dates(string rule, LocalDate first) => RecurrenceRule.Parse(rule, out _)!.Dates(first, first.PlusYears(1)).ToList();

        Assert.Equal([new(2027, 1, 5), new(2027, 1, 7), new(2027, 1, 19), new LocalDate(2027, 1, 21)],
            Dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4", new LocalDate(2027, 1, 5)));
        Assert.Equal([new(2027, 1, 4), new(2027, 2, 1), new LocalDate(2027, 3, 1)], Dates("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20270301", new LocalDate(2027, 1, 1)));
        Assert.Equal([new(2027, 1, 29), new LocalDate(2027, 2, 26)], Dates("FREQ=MONTHLY;BYDAY=-1FR;COUNT=2", new LocalDate(2027, 1, 1)));
        Assert.Equal([new(2027, 1, 1), new(2027, 1, 4), new LocalDate(2027, 1, 7)], Dates("FREQ=DAILY;INTERVAL=3;COUNT=3", new LocalDate(2027, 1, 1)));
        // Monthly on the 31st skips months without one, as RFC 5545 says.
        Assert.Equal([new(2027, 1, 31), new(2027, 3, 31), new LocalDate(2027, 5, 31)], Dates("FREQ=MONTHLY;COUNT=3", new LocalDate(2027, 1, 31)));
        Assert.Equal("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270202", RecurrenceRule.Parse("FREQ=WEEKLY;BYDAY=TU;COUNT=9", out _)!.EndingOn(new LocalDate(2027, 2, 2)).ToString());
    }

    [Fact]
    public async Task An_exception_is_skipped_and_a_public_holiday_is_skipped_or_moved_to_the_next_working_day()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        // Saturdays: a holiday on a Saturday changes nobody else's working calendar in the shared test app.
        var first = app.NextWeekday(DayOfWeek.Saturday, 7);
        var skipped = first.AddDays(14);
        var holiday = first.AddDays(35);
        var added = await app.WithDbAsync(async db =>
        {
            if (await db.Set<PublicHoliday>().AnyAsync(h => h.Date == holiday))
            {
                return false;
            }
            db.Add(new PublicHoliday { Date = holiday, Name = "Test holiday" });
            await db.SaveChangesAsync();
            return true;
        });
        SeriesView skipping, shifting;
        try
        {
            skipping = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Saturday lecture (skip)", "FREQ=WEEKLY;BYDAY=SA;COUNT=7", first, exceptions: [skipped]));
            shifting = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Saturday lecture (shift)", "FREQ=WEEKLY;BYDAY=SA;COUNT=7", first, exceptions: [skipped],
                holidayPolicy: "NextWorkingDay"));
        }
        finally
        {
            // The organisation's holidays are shared by every test in this app (and the holiday page's forms by the permission sweep).
            if (added)
            {
                await app.WithDbAsync(db => db.Set<PublicHoliday>().Where(h => h.Date == holiday).ExecuteDeleteAsync());
            }
        }

        var expected = Enumerable.Range(0, 7).Select(w => first.AddDays(7 * w)).Where(d => d != skipped).ToList();
        Assert.Equal(expected.Where(d => d != holiday), skipping.Upcoming.Select(o => DateOnly.FromDateTime(SeriesTestKit.Amsterdam(o.StartsAt))));
        // Shifted: Saturday's holiday moves over Sunday (no working day) to Monday, at the same wall-clock time, keeping its rule date.
        Assert.Equal(expected.Select(d => d == holiday ? holiday.AddDays(2) : d), shifting.Upcoming.Select(o => DateOnly.FromDateTime(SeriesTestKit.Amsterdam(o.StartsAt))));
        var moved = shifting.Upcoming.Single(o => o.RuleDate == holiday);
        Assert.Equal(new TimeOnly(12, 30), TimeOnly.FromDateTime(SeriesTestKit.Amsterdam(moved.StartsAt)));
        Assert.Contains("Saturday at 12:30 (Europe/Amsterdam)", skipping.Slot, StringComparison.Ordinal);
        // Each occurrence is an event anyone can register for.
        var occurrence = await organiser.GetEventAsync(skipping.Upcoming[0].EventId);
        Assert.Equal(("Saturday lecture (skip)", "Coffee corner", 30), (occurrence.Title, occurrence.Room, occurrence.Capacity));
    }

    [Theory]
    [InlineData("FREQ=HOURLY", "FREQ=HOURLY is not supported: use DAILY, WEEKLY or MONTHLY.")]
    [InlineData("FREQ=WEEKLY;BYSETPOS=1", "BYSETPOS is not supported in a series' recurrence rule: use FREQ, INTERVAL, BYDAY, COUNT or UNTIL.")]
    [InlineData("FREQ=WEEKLY;BYDAY=XX", "BYDAY value \"XX\" is not a weekday such as TU or 2TU.")]
    [InlineData("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "Use COUNT or UNTIL, not both.")]
    [InlineData("BYDAY=TU", "The recurrence rule needs FREQ (DAILY, WEEKLY or MONTHLY).")]
    [InlineData("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0 is not a whole number from 1 to 52.")]
    public async Task An_invalid_recurrence_is_refused_with_a_clear_message_and_nothing_is_made(string rule, string message)
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var title = "Refused series " + Guid.NewGuid().ToString("N")[..6];

        using var response = await organiser.Http.PostAsJsonAsync("/api/v1/events/series", SeriesTestKit.Body(title, rule, app.NextWeekday(DayOfWeek.Tuesday)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(message, problem.RootElement.GetProperty("errors").GetProperty("recurrenceRule")[0].GetString());
        Assert.False(await app.WithDbAsync(db => db.Set<LectureSeries>().AnyAsync(s => s.Title == title)));
        Assert.False(await app.WithDbAsync(db => db.Set<GuildEvent>().AnyAsync(e => e.Title == title)));
    }

    [Fact]
    public async Task A_first_date_in_the_past_is_refused()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        using var response = await organiser.Http.PostAsJsonAsync("/api/v1/events/series",
            SeriesTestKit.Body("Past series", "FREQ=WEEKLY", app.NextWeekday(DayOfWeek.Tuesday, -20)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The first date cannot lie in the past.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesRecurrenceTestsOnSqlite(SqliteApp app) : SeriesRecurrenceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesRecurrenceTestsOnPostgres(PostgresApp app) : SeriesRecurrenceTests(app);
