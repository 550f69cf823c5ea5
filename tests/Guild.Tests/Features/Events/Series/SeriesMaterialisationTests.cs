using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using Guild.Web.Features.Events.Series;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Features.Events.Series;

/// <summary>
/// Occurrences are made a horizon ahead, idempotently (a rerun, or two runs at once, make nothing twice), and a "this and following"
/// change splits the series: earlier occurrences untouched, later free ones made again, those with registrations or a speaker moved with
/// their registrations and a raised SEQUENCE.
/// </summary>
public abstract class SeriesMaterialisationTests(GuildApp app)
{
    [Fact]
    public async Task Making_occurrences_again_or_twice_at_once_makes_nothing_twice()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Idempotent lecture", "FREQ=WEEKLY;BYDAY=WE", app.NextWeekday(DayOfWeek.Wednesday)));
        var before = await OccurrencesAsync(series.Id);
        Assert.InRange(before.Count, 11, 13);

        Assert.Equal(0, await MaterialiseAsync(series.Id));
        await Task.WhenAll(MaterialiseAsync(null), MaterialiseAsync(null));
        Assert.Equal(before, await OccurrencesAsync(series.Id));

        // A week later the horizon has moved on: the next run adds the one new week, once.
        app.Clock.Advance(TimeSpan.FromDays(7));
        await Task.WhenAll(MaterialiseAsync(series.Id), MaterialiseAsync(series.Id));
        Assert.Equal(0, await MaterialiseAsync(series.Id));
        var after = await OccurrencesAsync(series.Id);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal(after.Count, after.Select(o => o.RuleDate).Distinct().Count());
        Assert.All(before, o => Assert.Contains(o, after));
    }

    [Fact]
    public async Task This_and_following_splits_the_series_keeping_earlier_dates_and_moving_registrations_with_a_raised_sequence()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var first = app.NextWeekday(DayOfWeek.Tuesday);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Split lecture", "FREQ=WEEKLY;BYDAY=TU", first));
        var (attendee, _) = await app.SignedInAsync();
        var (speaker, speakerPerson) = await app.SignedInAsync();
        var o = series.Upcoming;
        await EventsTestKit.ReadAsync<EventView>(await attendee.RegisterAsync(o[3].EventId), HttpStatusCode.OK);
        await EventsTestKit.ReadAsync<SeriesView>(await speaker.TalkAsync(o[4].EventId, "sign-up", new { topic = "Shortcuts in the editor" }), HttpStatusCode.OK);

        // From the third date on, the lecture moves to Thursday 13:00.
        using var response = await organiser.Http.PutAsJsonAsync($"/api/v1/events/series/{series.Id}",
            SeriesTestKit.Body("Split lecture", "FREQ=WEEKLY;BYDAY=TH", series.FirstDate, startTime: "13:00", fromDate: o[2].RuleDate));
        var continued = await EventsTestKit.ReadAsync<SeriesView>(response, HttpStatusCode.OK);
        var old = await organiser.GetSeriesAsync(series.Id);

        Assert.NotEqual(series.Id, continued.Id);
        Assert.Equal(series.Id, continued.PreviousSeriesId);
        Assert.Equal(continued.Id, old.NextSeriesId);
        Assert.Equal($"FREQ=WEEKLY;BYDAY=TU;UNTIL={o[2].RuleDate.AddDays(-1):yyyyMMdd}", old.RecurrenceRule);
        // Earlier dates untouched.
        Assert.Equal(o.Take(2).Select(x => (x.EventId, x.StartsAt)), old.Upcoming.Select(x => (x.EventId, x.StartsAt)));
        Assert.All(old.Upcoming, x => Assert.Equal(0, organiser.GetEventAsync(x.EventId).Result.Sequence));
        // The free third date was made again on Thursday; it no longer exists as it was.
        Assert.Equal(HttpStatusCode.NotFound, (await organiser.GetAsync($"/api/v1/events/{o[2].EventId}")).StatusCode);
        Assert.All(continued.Upcoming, x => Assert.Equal((DayOfWeek.Thursday, new TimeOnly(13, 0)),
            (SeriesTestKit.Amsterdam(x.StartsAt).DayOfWeek, TimeOnly.FromDateTime(SeriesTestKit.Amsterdam(x.StartsAt)))));
        // The date with a registration moved (same event, registration kept, SEQUENCE raised), to the Thursday of its week.
        var moved = await attendee.GetEventAsync(o[3].EventId);
        Assert.Equal((RegistrationStatus.Registered, 1), (moved.Mine!.Status, moved.Sequence));
        Assert.Equal(DateOnly.FromDateTime(SeriesTestKit.Amsterdam(o[3].StartsAt)).AddDays(2), DateOnly.FromDateTime(SeriesTestKit.Amsterdam(moved.StartsAt)));
        Assert.Contains(continued.Upcoming, x => x.EventId == o[3].EventId);
        // So did the speaker's date, speaker and topic with it.
        var talk = continued.Upcoming.Single(x => x.EventId == o[4].EventId);
        Assert.Equal((TalkStatus.Confirmed, speakerPerson.Id, "Shortcuts in the editor"), (talk.TalkStatus, talk.Speaker!.Id, talk.Topic));
        Assert.Equal(continued.Upcoming.Count, continued.Upcoming.Select(x => x.RuleDate).Distinct().Count());
    }

    [Fact]
    public async Task A_split_from_a_date_not_in_the_series_or_in_the_past_is_refused_and_changes_nothing()
    {
        var (organiser, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var series = await organiser.CreateSeriesAsync(SeriesTestKit.Body("Unsplit lecture", "FREQ=WEEKLY;BYDAY=TU", app.NextWeekday(DayOfWeek.Tuesday)));

        using var notInSeries = await organiser.Http.PutAsJsonAsync($"/api/v1/events/series/{series.Id}",
            SeriesTestKit.Body("Unsplit lecture", "FREQ=WEEKLY;BYDAY=TU", series.FirstDate, startTime: "13:00", fromDate: series.Upcoming[2].RuleDate.AddDays(1)));
        using var past = await organiser.Http.PutAsJsonAsync($"/api/v1/events/series/{series.Id}",
            SeriesTestKit.Body("Unsplit lecture", "FREQ=WEEKLY;BYDAY=TU", series.FirstDate, startTime: "13:00", fromDate: series.FirstDate.AddDays(-14)));

        Assert.Equal(HttpStatusCode.BadRequest, notInSeries.StatusCode);
        Assert.Contains("That date is not a date of this series.", await notInSeries.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("The change cannot start in the past.", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await organiser.GetSeriesAsync(series.Id);
        Assert.Equal(series.Upcoming.Select(x => (x.EventId, x.StartsAt)), after.Upcoming.Select(x => (x.EventId, x.StartsAt)));
        Assert.Null(after.NextSeriesId);
    }

    private async Task<int> MaterialiseAsync(Guid? seriesId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SeriesMaterialiser>().MaterialiseAsync(seriesId, CancellationToken.None);
    }

    private Task<List<(Guid EventId, DateOnly RuleDate, DateTimeOffset StartsAt)>> OccurrencesAsync(Guid seriesId) =>
        app.WithDbAsync(async db => (await (from t in db.Set<SeriesTalk>()
                                            join e in db.Set<GuildEvent>() on t.EventId equals e.Id
                                            where e.SeriesId == seriesId
                                            select new { e.Id, t.RuleDate, e.StartsAt }).ToListAsync())
            .Select(x => (x.Id, x.RuleDate, x.StartsAt)).OrderBy(x => x.StartsAt).ToList());
}

[Collection(SqliteCollection.Name)]
public sealed class SeriesMaterialisationTestsOnSqlite(SqliteApp app) : SeriesMaterialisationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SeriesMaterialisationTestsOnPostgres(PostgresApp app) : SeriesMaterialisationTests(app);
