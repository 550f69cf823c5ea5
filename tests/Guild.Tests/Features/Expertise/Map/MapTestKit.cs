using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Map;

namespace Guild.Tests.Features.Expertise.Map;

/// <summary>The map through its API, as an L&amp;D admin's integration would use it; names carry a unique tag.</summary>
internal static class MapTestKit
{
    public static string Tag() => Guid.NewGuid().ToString("N")[..6];

    public static async Task<CapabilityView> CreateCapabilityAsync(this GuildClient admin, string name, string? description = null, string? ownerEmail = null)
    {
        using var response = await admin.Http.PostAsJsonAsync("/api/v1/capabilities", new CapabilityRequest(name, description, ownerEmail));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CapabilityView>())!;
    }

    public static async Task<ComponentView> CreateComponentAsync(this GuildClient admin, Guid capabilityId, string name, Guid? parentId = null,
        string? description = null, string? ownerEmail = null, params string[] skills)
    {
        using var response = await admin.Http.PostAsJsonAsync($"/api/v1/capabilities/{capabilityId}/components",
            new NewComponentRequest(parentId, name, description, ownerEmail, skills));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ComponentView>())!;
    }

    public static async Task<CapabilityView> MapOfAsync(this GuildClient client, Guid capabilityId, bool includeArchived = false) =>
        (await client.Http.GetFromJsonAsync<CapabilityView>($"/api/v1/capabilities/{capabilityId}?includeArchived={includeArchived.ToString().ToLowerInvariant()}"))!;

    /// <summary>The field errors of a validation problem (400).</summary>
    public static async Task<Dictionary<string, string[]>> FieldErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>(JsonSerializerOptions.Web)!;
    }
}
