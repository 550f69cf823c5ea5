using System.Net;
using System.Net.Http.Headers;
using Guild.Tests.Infrastructure;

namespace Guild.Tests.Features.Lrs;

/// <summary>The LRS's gate before it knows who is asking: CORS without credentials, and 401s that no browser turns into a password prompt.</summary>
public abstract class LrsGateTests(GuildApp app)
{
    [Fact]
    public async Task Cors_lets_any_origin_call_without_credentials_and_names_authorization()
    {
        using var plain = new HttpClient { BaseAddress = app.BaseAddress };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/xapi/statements");
        preflight.Headers.Add("Origin", "https://course.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type, x-custom-thing");
        using var response = await plain.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").Single().Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Authorization", allowed); // a "*" would not cover it
        Assert.Contains("X-Experience-API-Version", allowed);
        Assert.Contains("x-custom-thing", allowed);

        using var lrs = await app.CreateLrsClientAsync();
        using var get = new HttpRequestMessage(HttpMethod.Get, "/xapi/statements?limit=1");
        get.Headers.Add("Origin", "https://course.example.org");
        using var answer = await lrs.Http.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Contains("ETag", answer.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_to_a_browser_never_asks_it_to_prompt_for_and_remember_basic_credentials()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var browser = new HttpClient { BaseAddress = app.BaseAddress };
        foreach (var (mode, origin) in new[] { ("cors", "https://course.example.org"), ("navigate", null), ("cors", (string?)null) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/xapi/statements");
            request.Headers.Add("X-Experience-API-Version", "1.0.3");
            request.Headers.Add("Sec-Fetch-Mode", mode);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", LrsTestClient.Basic(lrs.Key, "wrong"));
            using var response = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var challenge = Assert.Single(response.Headers.WwwAuthenticate); // RFC 9110: a 401 carries a challenge
            Assert.NotEqual("Basic", challenge.Scheme, StringComparer.OrdinalIgnoreCase);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LrsGateTestsOnSqlite(SqliteApp app) : LrsGateTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LrsGateTestsOnPostgres(PostgresApp app) : LrsGateTests(app);
