using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Events.Festivals;

namespace Guild.Tests.Features.Events.Festivals;

internal static class FestivalsTestKit
{
    /// <summary>Creates a published festival through the API, its first day <paramref name="daysAhead"/> from the app's clock, with two rooms.</summary>
    public static async Task<ProgrammeView> CreateFestivalAsync(this GuildApp app, GuildClient organiser, string name, IReadOnlyList<(string Name, int Quota)> partners,
        int daysAhead = 10, bool published = true)
    {
        var firstDay = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(daysAhead);
        using var response = await organiser.Http.PostAsJsonAsync("/api/v1/festivals", new
        {
            name, description = "A test festival.", firstDay, lastDay = firstDay.AddDays(1), timeZone = "Europe/Amsterdam", quotaReturnDays = 3, published,
            rooms = new[] { new { name = "Main stage", capacity = 50 }, new { name = "Studio", capacity = 20 } },
            partners = partners.Select(p => new { name = p.Name, quotaPerWorkshop = p.Quota }).ToArray(),
        });
        return await EventsTestKit.ReadAsync<ProgrammeView>(response, HttpStatusCode.Created);
    }

    public static async Task<WorkshopView> AddWorkshopAsync(this GuildClient organiser, ProgrammeView festival, string title, Guid hostId, int capacity,
        TimeOnly starts, TimeOnly ends, int room = 0, int day = 0)
    {
        using var response = await organiser.Http.PostAsJsonAsync($"/api/v1/festivals/{festival.Id}/workshops", new
        {
            title, description = "A workshop.", day = festival.FirstDay.AddDays(day), starts, ends, roomId = festival.Rooms[room].Id, capacity, hostIds = new[] { hostId },
        });
        return await EventsTestKit.ReadAsync<WorkshopView>(response, HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> AddToScheduleAsync(this GuildClient client, Guid festivalId, Guid workshopId) =>
        client.Http.PostAsync($"/api/v1/festivals/{festivalId}/schedule/{workshopId}", null);

    /// <summary>Ties a partner guest to a partner organisation of a festival.</summary>
    public static Task JoinPartnerAsync(this GuildApp app, TestPerson guest, Guid partnerId) =>
        app.WithDbAsync(async db =>
        {
            db.Add(new FestivalPartnerMember { PersonId = guest.Id, PartnerId = partnerId });
            await db.SaveChangesAsync();
        });
}
