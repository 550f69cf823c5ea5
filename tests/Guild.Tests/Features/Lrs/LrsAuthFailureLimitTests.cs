using System.Net;
using System.Net.Http.Headers;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;

namespace Guild.Tests.Features.Lrs;

/// <summary>
/// Failed Basic authentication is limited per client address and per key, before Guild looks anything up or
/// hashes anything (Lrs:Auth:FailuresPerAddress / FailuresPerKey / FailureWindow). Each test runs a node of its
/// own with small limits, so the shared test apps (whose tests fail authentication on purpose) are unaffected.
/// </summary>
public sealed class LrsAuthFailureLimitTests
{
    private static async Task<(HttpStatusCode Status, string? RetryAfter)> GetAsync(GuildNode node, string authorization)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/xapi/statements?limit=1");
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Basic(string key, string secret) => "Basic " + LrsTestClient.Basic(key, secret);

    private static async Task<GuildNode> NodeAsync(SharedDatabase database, int perAddress, int perKey) =>
        await database.StartNodeAsync(settings: new Dictionary<string, string?>
        {
            ["Lrs:Auth:FailuresPerAddress"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lrs:Auth:FailuresPerKey"] = perKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lrs:Auth:FailureWindow"] = "00:01:00",
        });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Failures_for_one_key_get_429_before_its_secret_is_checked_until_the_window_ends(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await NodeAsync(database, perAddress: 100, perKey: 3);
        try
        {
            using var target = await node.CreateLrsClientAsync();
            using var bystander = await node.CreateLrsClientAsync();
            for (var attempt = 0; attempt < 3; attempt++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node, Basic(target.Key, "guess " + attempt))).Status);
            }
            // Even the right secret is not checked now: the key is locked for the rest of its window.
            var (status, retryAfter) = await GetAsync(node, Basic(target.Key, target.Secret));
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.InRange(double.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            // Another key from the same address is not affected.
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, Basic(bystander.Key, bystander.Secret))).Status);

            node.Clock.Advance(TimeSpan.FromSeconds(61));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, Basic(target.Key, target.Secret))).Status);

            // Someone guessing at a key does not lock out its client while this node remembers the client's success.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node, Basic(target.Key, "guess again " + attempt))).Status);
            }
            Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(node, Basic(target.Key, "one more guess"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, Basic(target.Key, target.Secret))).Status);
        }
        finally
        {
            await node.StopAsync();
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Failures_from_one_address_get_429_for_every_key_and_successes_do_not_count(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await NodeAsync(database, perAddress: 4, perKey: 100);
        try
        {
            using var busy = await node.CreateLrsClientAsync();
            using var later = await node.CreateLrsClientAsync();
            for (var request = 0; request < 20; request++)
            {
                Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, Basic(busy.Key, busy.Secret))).Status);
            }
            // Four failures with four different keys (one of them not even Basic) use up the address's limit.
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node, Basic("nobody-1", "x"))).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node, Basic("nobody-2", "x"))).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node, Basic(later.Key, "wrong"))).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node, "Basic:not-base64")).Status);

            var (status, retryAfter) = await GetAsync(node, Basic(later.Key, later.Secret));
            Assert.Equal(HttpStatusCode.TooManyRequests, status);
            Assert.NotNull(retryAfter);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(node, Basic("nobody-3", "x"))).Status);
            // The client this node verified a moment ago goes on working.
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, Basic(busy.Key, busy.Secret))).Status);

            node.Clock.Advance(TimeSpan.FromSeconds(61));
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, Basic(later.Key, later.Secret))).Status);
        }
        finally
        {
            await node.StopAsync();
        }
    }
}
