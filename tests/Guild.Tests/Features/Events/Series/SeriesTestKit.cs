using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events.Series;

namespace Guild.Tests.Features.Events.Series;

internal static class SeriesTestKit
{
    /// <summary>The first <paramref name="day"/> at least <paramref name="daysAhead"/> days after the app's today in Amsterdam.</summary>
    public static DateOnly NextWeekday(this GuildApp app, DayOfWeek day, int daysAhead = 3)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).DateTime);
        var date = today.AddDays(daysAhead);
        while (date.DayOfWeek != day)
        {
            date = date.AddDays(1);
        }
        return date;
    }

    public static object Body(string title, string rule, DateOnly first, string startTime = "12:30", DateOnly[]? exceptions = null,
        string holidayPolicy = "Skip", DateOnly? fromDate = null, string room = "Coffee corner", int capacity = 30, int deadline = 7) => new
    {
        title, description = "Ten minutes by a colleague.", recurrenceRule = rule, firstDate = first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        startTime, durationMinutes = 15, timeZone = "Europe/Amsterdam", online = false, room, capacity, holidayPolicy,
        exceptions = (exceptions ?? []).Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        speakerDeadlineDays = deadline, fromDate = fromDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<SeriesView> CreateSeriesAsync(this GuildClient organiser, object body)
    {
        using var response = await organiser.Http.PostAsJsonAsync("/api/v1/events/series", body);
        return await EventsTestKit.ReadAsync<SeriesView>(response, HttpStatusCode.Created);
    }

    public static async Task<SeriesView> GetSeriesAsync(this GuildClient client, Guid id)
    {
        using var response = await client.GetAsync($"/api/v1/events/series/{id}");
        return await EventsTestKit.ReadAsync<SeriesView>(response, HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> TalkAsync(this GuildClient client, Guid eventId, string action, object? body = null) =>
        client.Http.PostAsJsonAsync($"/api/v1/events/series/talks/{eventId}/{action}", body ?? new { });

    /// <summary>The occurrence's wall-clock start in Amsterdam.</summary>
    public static DateTime Amsterdam(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).DateTime;
}
