using System.Net.Http.Json;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Asks;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Features.Asks;

/// <summary>Working time and "solved the same day" in the asker's own time zone, hours, weekends and the organisation's holidays.</summary>
public abstract class WorkingCalendarTests(GuildApp app)
{
    private static readonly string[] ThreeDays = ["Monday", "Tuesday", "Wednesday"];
    private static readonly HashSet<DayOfWeek> Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static WorkingSchedule Schedule(string zone, params DateOnly[] holidays) =>
        new(TimeZoneInfo.FindSystemTimeZoneById(zone), new TimeOnly(9, 0), new TimeOnly(17, 0), Weekdays, holidays.ToHashSet());

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Working_time_and_same_day_follow_the_time_zone_weekends_and_holidays()
    {
        var amsterdam = Schedule("Europe/Amsterdam");
        var newYork = Schedule("America/New_York");
        // Friday 4 December 2026, 15:00 UTC: 16:00 in Amsterdam (an hour of work left), 10:00 in New York.
        var friday = Utc(12, 4, 15);
        // Solved Monday 7 December 09:30 in Amsterdam (08:30 UTC): an hour on Friday and half an hour on Monday; the weekend is not counted.
        Assert.Equal(TimeSpan.FromMinutes(90), amsterdam.WorkingTimeBetween(friday, Utc(12, 7, 8, 30)));
        Assert.False(amsterdam.SameWorkingDay(friday, Utc(12, 7, 8, 30)));
        // The same moments for someone in New York: Friday 10:00-17:00 and nothing on Monday before 03:30 their time.
        Assert.Equal(TimeSpan.FromHours(7), newYork.WorkingTimeBetween(friday, Utc(12, 7, 8, 30)));
        // Solved Friday 21:00 UTC: after Amsterdam's day, within New York's (16:00 there).
        Assert.False(amsterdam.SameWorkingDay(friday, Utc(12, 4, 21)));
        Assert.True(newYork.SameWorkingDay(friday, Utc(12, 4, 21)));
        // Asked on Saturday: it belongs to Monday, and solving it on Monday is the same working day…
        Assert.True(amsterdam.SameWorkingDay(Utc(12, 5, 11), Utc(12, 7, 15)));
        Assert.Equal(TimeSpan.FromHours(7), amsterdam.WorkingTimeBetween(Utc(12, 5, 11), Utc(12, 7, 15)));
        // …unless Monday is a public holiday: then it belongs to Tuesday, and the holiday counts no time.
        var withHoliday = Schedule("Europe/Amsterdam", new DateOnly(2026, 12, 7));
        Assert.Equal(new DateOnly(2026, 12, 8), withHoliday.WorkingDayOf(Utc(12, 5, 11)));
        Assert.Equal(TimeSpan.Zero, withHoliday.WorkingTimeBetween(Utc(12, 5, 11), Utc(12, 7, 15)));
        Assert.False(withHoliday.IsWorking(Utc(12, 7, 10)));
        // Two working hours after Friday 16:00 in Amsterdam is Monday 10:00 (Tuesday with the holiday).
        Assert.Equal(Utc(12, 7, 9), amsterdam.AddWorkingTime(friday, TimeSpan.FromHours(2)));
        Assert.Equal(Utc(12, 8, 9), withHoliday.AddWorkingTime(friday, TimeSpan.FromHours(2)));
    }

    [Fact]
    public async Task A_solved_ask_stores_its_times_in_the_askers_own_calendar()
    {
        // Monday 09:00 UTC; the asker works in New York (04:00 there), from 09:00 to 17:00 their time.
        var monday = app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Sales", "Quotes");
        var quotes = capability.Components[0].Id;
        var champion = await app.CreatePersonAsync("Quinn", "Quotes", [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(champion.Id, quotes);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        await app.SetWorkingHoursAsync(askerPerson.Id, "America/New_York", new TimeOnly(9, 0), new TimeOnly(17, 0));
        var ask = await asker.AskAsync(new { title = "Which discount may I give?", componentId = quotes });
        var calendar = app.Services.GetRequiredService<WorkingCalendar>();
        Assert.False((await calendar.ForAsync(askerPerson.Id, CancellationToken.None)).IsWorking(monday));

        // Answered at 15:00 UTC (10:00 in New York): one working hour of the asker's, not six.
        app.Clock.SetUtcNow(monday.AddHours(6));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var answered = await scope.ServiceProvider.GetRequiredService<AskAnswers>()
                .PostAsync(ask.Id, champion.Id, new AnswerDraft("Up to 10 % without approval."), AnswerChannel.Mail, CancellationToken.None);
            Assert.True(answered.IsOk, answered.Message);
        }
        app.Clock.SetUtcNow(monday.AddHours(7));
        var solved = await AsksTestKit.ReadAsync<AskView>(await asker.Http.PostAsJsonAsync($"/api/v1/asks/{ask.Id}/confirmation", new { solved = true }),
            System.Net.HttpStatusCode.OK);
        Assert.Equal(60, solved.FirstResponseMinutes);
        Assert.Equal(120, solved.SolutionMinutes);
        Assert.True(solved.SolvedSameDay);
        var stored = await app.WithDbAsync(db => db.Set<Ask>().AsNoTracking().FirstAsync(a => a.Id == ask.Id));
        Assert.Equal(120, stored.SolutionMinutes);
    }

    [Fact]
    public async Task People_set_their_own_working_hours_and_only_they_and_admins_may()
    {
        var (person, personRow) = await app.SignedInAsync(Roles.Employee);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var saved = await AsksTestKit.ReadAsync<WorkingHoursView>(await person.Http.PutAsJsonAsync($"/api/v1/people/{personRow.Id}/working-hours",
            new { timeZone = "Asia/Tokyo", start = "08:00:00", end = "16:00:00", days = ThreeDays }), System.Net.HttpStatusCode.OK);
        Assert.Equal(("Asia/Tokyo", new TimeOnly(8, 0), 3, true), (saved.TimeZone, saved.Start, saved.Days.Count, saved.Own));
        var schedule = await app.Services.GetRequiredService<WorkingCalendar>().ForAsync(personRow.Id, CancellationToken.None);
        Assert.False(schedule.IsWorkingDay(new DateOnly(2026, 12, 10)));
        using var bad = await person.Http.PutAsJsonAsync($"/api/v1/people/{personRow.Id}/working-hours", new { timeZone = "Mars/Olympus", start = "18:00:00", end = "09:00:00" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        using var other = await colleague.Http.PutAsJsonAsync($"/api/v1/people/{personRow.Id}/working-hours", new { timeZone = "UTC" });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("Asia/Tokyo", (await AsksTestKit.ReadAsync<WorkingHoursView>(await person.GetAsync($"/api/v1/people/{personRow.Id}/working-hours"),
            System.Net.HttpStatusCode.OK)).TimeZone);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WorkingCalendarTestsOnSqlite(SqliteApp app) : WorkingCalendarTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WorkingCalendarTestsOnPostgres(PostgresApp app) : WorkingCalendarTests(app);
