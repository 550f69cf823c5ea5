using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Asks;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Platform.Organisation;

namespace Guild.Tests.Features.Asks;

internal static class AsksTestKit
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Moves the shared clock on to the next Monday at <paramref name="hourUtc"/> UTC (10:00 in Amsterdam for 9): inside the
    /// organisation's working hours (09:00-17:30, Europe/Amsterdam) whatever earlier tests did to the clock.
    /// </summary>
    public static DateTimeOffset MoveToMonday(this GuildApp app, int hourUtc = 9)
    {
        var day = app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }
        var at = new DateTimeOffset(day.AddHours(hourUtc), TimeSpan.Zero);
        app.Clock.SetUtcNow(at);
        return at;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static async Task<AskView> AskAsync(this GuildClient client, object request) =>
        await ReadAsync<AskView>(await client.Http.PostAsJsonAsync("/api/v1/asks", request), HttpStatusCode.Created);

    public static async Task<AskView> GetAskAsync(this GuildClient client, Guid id) =>
        await ReadAsync<AskView>(await client.GetAsync($"/api/v1/asks/{id}"), HttpStatusCode.OK);

    public static Task SetAwayAsync(this GuildApp app, Guid personId, int days) =>
        app.WithDbAsync(async db =>
        {
            db.Add(new Availability { PersonId = personId, AwayUntil = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(days), UpdatedAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });

    public static Task SetWorkingHoursAsync(this GuildApp app, Guid personId, string timeZone, TimeOnly? start = null, TimeOnly? end = null) =>
        app.WithDbAsync(async db =>
        {
            db.Add(new PersonWorkingHours { PersonId = personId, TimeZoneId = timeZone, WorkdayStart = start, WorkdayEnd = end, UpdatedAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });

    /// <summary>Gives someone <paramref name="count"/> claimed, unanswered asks (of a throwaway asker).</summary>
    public static async Task LoadWithClaimsAsync(this GuildApp app, Guid championId, int count)
    {
        var asker = await app.CreatePersonAsync();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                db.Add(new Ask
                {
                    Id = Guid.CreateVersion7(), Title = $"Busy {i}", AuthorId = asker.Id, Status = AskStatus.Claimed, ClaimedById = championId,
                    ClaimedAt = app.Clock.GetUtcNow(), CreatedAt = app.Clock.GetUtcNow(),
                });
            }
            await db.SaveChangesAsync();
        });
    }
}
