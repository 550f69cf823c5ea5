using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Expertise.Calls;

/// <summary>Writing and sending calls through the API, as an L&amp;D admin does, for the tests of what follows.</summary>
internal static class CallsTestKit
{
    /// <summary>The organisation's date <paramref name="days"/> from now, as the call form takes it.</summary>
    public static async Task<DateOnly> LocalDateAsync(GuildApp app, int days)
    {
        var organisation = await app.Services.GetRequiredService<OrganisationProfile>().GetAsync();
        return DateOnly.FromDateTime(organisation.ToLocal(app.Clock.GetUtcNow()).DateTime).AddDays(days);
    }

    public static object Draft(ExpertiseTestKit.TestCapability capability, DateOnly closesOn, IEnumerable<Guid>? componentIds = null,
        IEnumerable<Guid>? orgUnitIds = null, string title = "Who shares their know-how?") => new
        {
            title,
            message = "We look for colleagues who would share what they know.",
            capabilityId = capability.Id,
            componentIds = (componentIds ?? capability.Components.Select(c => c.Id)).ToArray(),
            wholeOrganisation = orgUnitIds is null,
            orgUnitIds = orgUnitIds?.ToArray() ?? [],
            closesOn = closesOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>Writes and sends a call; answers its id.</summary>
    public static async Task<Guid> SendCallAsync(GuildApp app, GuildClient admin, object draft)
    {
        using var created = await admin.Http.PostAsJsonAsync("/api/v1/calls", draft);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"Creating the call answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var sent = await admin.Http.PostAsync($"/api/v1/calls/{id}/send", null);
        Assert.True(sent.StatusCode == HttpStatusCode.OK, $"Sending the call answered {(int)sent.StatusCode}: {await sent.Content.ReadAsStringAsync()}");
        return id;
    }

    public static object Answer(params (Guid ComponentId, string Level)[] components) => Answer(4, components);

    public static object Answer(int hours, params (Guid ComponentId, string Level)[] components) => new
    {
        components = components.Select(c => new { componentId = c.ComponentId, level = c.Level }).ToArray(),
        hoursPerMonth = hours,
        formats = new[] { "Video", "AnsweringQuestions" },
        note = "Happy to help.",
    };

    public static Task<HttpResponseMessage> AnswerAsync(GuildClient client, Guid callId, object answer) =>
        client.Http.PutAsJsonAsync($"/api/v1/calls/{callId}/answer", answer);

    public static Task<List<Guid>> RecipientsAsync(GuildApp app, Guid callId) =>
        app.WithDbAsync(db => db.Set<CallRecipient>().AsNoTracking().Where(r => r.CallId == callId).Select(r => r.PersonId).ToListAsync());

    /// <summary>The item keys of the review queue for one volunteer, as the review page posts them.</summary>
    public static async Task<List<string>> ReviewKeysAsync(GuildApp app, Guid callId, Guid personId)
    {
        var keys = await app.WithDbAsync(db => (from v in db.Set<Volunteering>()
                                                join c in db.Set<VolunteeredComponent>() on v.Id equals c.VolunteeringId
                                                where v.CallId == callId && v.PersonId == personId
                                                select new { v.Id, c.ComponentId }).AsNoTracking().ToListAsync());
        return keys.Select(k => $"{k.Id:D}:{k.ComponentId:D}").ToList();
    }
}
