using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Library.Resources;

/// <summary>A small library world: a capability with two components, champions of each, and API helpers.</summary>
internal static class ResourcesTestKit
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Editing has two champions (Anna, the author, and Bram, a fellow champion); Filming has Cas. Each is signed in.
    /// </summary>
    public sealed record World(Guid Editing, Guid Filming, GuildClient Anna, TestPerson AnnaPerson, GuildClient Bram, TestPerson BramPerson,
        GuildClient Cas, TestPerson CasPerson);

    public static async Task<World> WorldAsync(this GuildApp app)
    {
        var capability = await app.CreateCapabilityAsync("Video", "Editing", "Filming");
        var (editing, filming) = (capability.Components[0].Id, capability.Components[1].Id);
        var (anna, annaPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var (bram, bramPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var (cas, casPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        await app.MakeChampionAsync(annaPerson.Id, editing);
        await app.MakeChampionAsync(bramPerson.Id, editing);
        await app.MakeChampionAsync(casPerson.Id, filming);
        return new World(editing, filming, anna, annaPerson, bram, bramPerson, cas, casPerson);
    }

    public static object Article(Guid component, string title = "Cutting on the beat", string markdown = "Cut **on the beat** of the music.") =>
        new { kind = "Article", title, summary = "Edits that feel right.", language = "en", components = new[] { component }, markdown };

    public static async Task<ResourceDetails> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<ResourceDetails>(body, Json)!;
    }

    public static async Task<ResourceDetails> CreateAsync(this GuildClient client, object request) =>
        await ReadAsync(await client.Http.PostAsJsonAsync("/api/v1/resources", request), HttpStatusCode.Created);

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}
