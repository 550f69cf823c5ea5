using System.Text.Json.Nodes;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Organisation;

namespace Guild.Tests.Features.Lrs.LearningRecords;

public static class LearningRecordsTesting
{
    /// <summary>Runs the LRS's outbox worker until nothing is due (the app's own workers are off in tests).</summary>
    public static Task<int> StoreLearningActsAsync(this GuildApp app) =>
        app.Services.GetRequiredService<LearningActsWorker>().DrainAsync();

    public static async Task<string> BaseIriAsync(this GuildApp app) =>
        (await app.Services.GetRequiredService<OrganisationProfile>().GetAsync()).LearningRecordBaseIri;

    /// <summary>The xAPI agent parameter for a Guild person: the account the platform writer uses.</summary>
    public static string PersonAgent(string baseIri, Guid personId) =>
        new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = baseIri, ["name"] = personId.ToString("D") } }.ToJsonString();

    /// <summary>GET /xapi/statements with the given filters; answers the statements array.</summary>
    public static async Task<JsonArray> StatementsAsync(this LrsTestClient lrs, string? agent = null, string? verb = null, string? activity = null)
    {
        var query = new List<string> { "limit=100" };
        if (agent is not null)
        {
            query.Add("agent=" + Uri.EscapeDataString(agent));
        }
        if (verb is not null)
        {
            query.Add("verb=" + Uri.EscapeDataString(verb));
        }
        if (activity is not null)
        {
            query.Add("activity=" + Uri.EscapeDataString(activity));
        }
        var result = await lrs.GetJsonAsync("/xapi/statements?" + string.Join("&", query));
        return result["statements"]!.AsArray();
    }

    public static Task<Guid?> RecordAsync(this GuildApp app, LearningAct act) =>
        app.Services.GetRequiredService<LearningRecorder>().RecordAsync(act);
}
