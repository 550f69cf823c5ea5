using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Events;

internal static class EventsTestKit
{
    /// <summary>Creates an event through the API as <paramref name="organiser"/>, starting <paramref name="startsIn"/> from the app's clock (Amsterdam time).</summary>
    public static async Task<EventView> CreateEventAsync(this GuildApp app, GuildClient organiser, string title, int? capacity = 10, int maxGuests = 0,
        TimeSpan? startsIn = null, bool online = false, string timeZone = "Europe/Amsterdam")
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var starts = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow() + (startsIn ?? TimeSpan.FromDays(7)), zone).DateTime;
        starts = new DateTime(starts.Year, starts.Month, starts.Day, starts.Hour, 0, 0, DateTimeKind.Unspecified);
        using var response = await organiser.Http.PostAsJsonAsync("/api/v1/events", new
        {
            title, description = "A test event.", startsAt = starts, endsAt = starts.AddHours(1), timeZone, online,
            meetingLink = online ? "https://meet.example/room-1" : null, room = online ? null : "Room 1", capacity, maxGuests,
        });
        return await ReadAsync<EventView>(response, HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> RegisterAsync(this GuildClient client, Guid eventId, int? guests = 0, bool joinWaitingList = false) =>
        client.Http.PostAsJsonAsync($"/api/v1/events/{eventId}/registration", new { guests, joinWaitingList });

    public static async Task<EventView> GetEventAsync(this GuildClient client, Guid eventId)
    {
        using var response = await client.GetAsync($"/api/v1/events/{eventId}");
        return await ReadAsync<EventView>(response, HttpStatusCode.OK);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }
}
