using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs.Credentials;

namespace Guild.Tests.Features.Lrs;

/// <summary>An LRS client made for one test, and an HTTP client that speaks xAPI 1.0.3 with its credentials.</summary>
public sealed class LrsTestClient : IDisposable
{
    public LrsTestClient(Uri baseAddress, string key, string secret)
    {
        Key = key;
        Secret = secret;
        Http = new HttpClient { BaseAddress = baseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Basic(key, secret));
        Http.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
    }

    public string Key { get; }
    public string Secret { get; }
    public HttpClient Http { get; }

    public static string Basic(string key, string secret) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}"));

    public Task<HttpResponseMessage> PostStatementsAsync(string json) =>
        Http.PostAsync("/xapi/statements", new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PutStatementAsync(Guid id, string json) =>
        Http.PutAsync($"/xapi/statements?statementId={id}", new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Posts statements and asserts they were stored; answers their ids.</summary>
    public async Task<List<Guid>> StoreAsync(params string[] statements)
    {
        using var response = await PostStatementsAsync("[" + string.Join(",", statements) + "]");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST statements answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<List<Guid>>(body)!;
    }

    public void Dispose() => Http.Dispose();
}

public static class LrsTesting
{
    /// <summary>Creates an LRS client straight in the database (as the bootstrap does) and answers an HTTP client for it.</summary>
    public static async Task<LrsTestClient> CreateLrsClientAsync(this GuildApp app, LrsScopes scopes = LrsScopes.ReadWrite, string? authority = null)
    {
        var key = "test-" + Guid.NewGuid().ToString("N")[..12];
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LrsClients>().AddAsync("Test client", key, secret, scopes, authority, null, CancellationToken.None);
        return new LrsTestClient(app.BaseAddress, key, secret);
    }

    /// <summary>A minimal valid statement with a unique actor and activity, so tests can find their own statements.</summary>
    public static string Statement(string? id = null, string? actor = null, string verb = "http://adlnet.gov/expapi/verbs/experienced",
        string? activity = null, string? extra = null) =>
        "{" + (id is null ? "" : $"\"id\":\"{id}\",") +
        $"\"actor\":{{\"objectType\":\"Agent\",\"mbox\":\"mailto:{actor ?? "learner"}@example.com\",\"name\":\"Learner\"}}," +
        $"\"verb\":{{\"id\":\"{verb}\",\"display\":{{\"en-US\":\"experienced\"}}}}," +
        $"\"object\":{{\"id\":\"{activity ?? "http://example.com/activities/one"}\",\"objectType\":\"Activity\"}}" +
        (extra is null ? "" : "," + extra) + "}";

    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];
}
