using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Guild.Tests.Platform.Security;

/// <summary>
/// Forwarded headers are believed only from configured proxies (loopback when none are named), so nobody dodges the
/// per-address sign-in limit with a made-up X-Forwarded-For; the per-account limit holds whatever the address; and
/// outside Development and Testing the session and antiforgery cookies never travel over plain http.
/// Each test starts a node of its own with the settings it needs.
/// </summary>
public sealed class ProxiesAndSignInTests
{
    private static Dictionary<string, string> Form(string email, string password) => new()
    {
        ["_handler"] = "sign-in",
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    private static async Task<HttpStatusCode> SignInFromAsync(GuildClient client, string forwardedFor, string email, string password)
    {
        client.Http.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", Form(email, password));
        return response.StatusCode;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_spoofed_forwarded_for_from_an_unconfigured_address_is_ignored_and_the_address_limit_still_holds(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await database.StartNodeAsync(settings: new Dictionary<string, string?>
        {
            ["ForwardedHeaders:Enabled"] = "true",
            // The balancer is elsewhere: this test's requests come from 127.0.0.1, which is not it.
            ["ForwardedHeaders:KnownProxies"] = "192.0.2.10",
            ["RateLimits:SignInPerMinute"] = "3",
        });
        try
        {
            var options = node.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
            Assert.Equal([IPAddress.Parse("192.0.2.10")], options.KnownProxies);
            Assert.Empty(options.KnownIPNetworks);

            using var client = node.CreateGuildClient();
            var statuses = new List<HttpStatusCode>();
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                // A different made-up client address each time, and a different account, so only the address limit can stop it.
                statuses.Add(await SignInFromAsync(client, $"203.0.113.{attempt}", $"nobody{attempt}.{Guid.NewGuid():N}@test.example", "guess"));
            }
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        }
        finally
        {
            await node.StopAsync();
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_per_account_limit_holds_whatever_address_the_attempts_come_from(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await database.StartNodeAsync(settings: new Dictionary<string, string?>
        {
            // No proxy named: the loopback proxy (this test's client) is trusted, so its X-Forwarded-For counts.
            ["ForwardedHeaders:Enabled"] = "true",
            ["RateLimits:SignInPerMinute"] = "2",
            ["RateLimits:SignInPerAccountBurst"] = "3",
            ["RateLimits:SignInPerAccountPerHour"] = "6",
        });
        try
        {
            var options = node.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
            Assert.NotEmpty(options.KnownProxies.Concat(options.KnownIPNetworks.Select(network => network.BaseAddress)));
            Assert.All(options.KnownProxies, address => Assert.True(IPAddress.IsLoopback(address)));
            Assert.All(options.KnownIPNetworks, network => Assert.True(IPAddress.IsLoopback(network.BaseAddress)));

            var person = await node.CreatePersonAsync();
            using var client = node.CreateGuildClient();
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(client, $"198.51.100.{attempt}", person.Email, "wrong " + attempt));
            }
            // Three failures from three addresses: the fourth attempt is not even checked, right password or not
            // (Identity's lockout, at five, has not been reached).
            Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(client, "198.51.100.4", person.Email, GuildApp.Password));
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

            // Ten minutes earn one attempt back (6 an hour).
            node.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(HttpStatusCode.Redirect, await SignInFromAsync(client, "198.51.100.5", person.Email, GuildApp.Password));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
        finally
        {
            await node.StopAsync();
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Production_sends_the_session_and_antiforgery_cookies_as_secure(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        // As in production: TLS ends at the balancer (here the loopback proxy), which says so in X-Forwarded-Proto.
        // Without https, Production refuses to hand out an antiforgery token at all.
        var settings = TestCertificate.Create("Guild secure cookies").AsBase64();
        settings["ForwardedHeaders:Enabled"] = "true";
        var node = await database.StartNodeAsync(environment: "Production", settings: settings);
        try
        {
            // Always, not "as the request came": a request that reached Guild over plain http gets no session cookie it could leak.
            var session = node.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
            Assert.Equal(CookieSecurePolicy.Always, session.Cookie.SecurePolicy);
            Assert.Equal(CookieSecurePolicy.Always, node.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.SecurePolicy);

            var person = await node.CreatePersonAsync();
            // Cookies are carried by hand: the client speaks plain http to the "balancer's" side of Guild.
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress };
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            using var page = await http.GetAsync("/account/sign-in");
            var antiforgeryCookie = Assert.Single(SetCookies(page), cookie => cookie.StartsWith("guild.af=", StringComparison.Ordinal));
            Assert.Contains("; secure", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);

            using var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
            {
                Content = new FormUrlEncodedContent(Form(person.Email, GuildApp.Password).Append(
                    new KeyValuePair<string, string>("__RequestVerificationToken", GuildClient.AntiforgeryToken(await page.Content.ReadAsStringAsync())))),
            };
            post.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
            using var signedIn = await http.SendAsync(post);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var sessionCookie = Assert.Single(SetCookies(signedIn), cookie => cookie.StartsWith("guild.auth=", StringComparison.Ordinal));
            Assert.Contains("; secure", sessionCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", sessionCookie, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await node.StopAsync();
        }
    }

    [Fact]
    public async Task Testing_and_development_keep_cookies_usable_over_plain_http()
    {
        // The shared test apps run in "Testing" over http; their sign-in works only because the cookie is not Secure there.
        await using var database = await SharedDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var node = await database.StartNodeAsync();
        try
        {
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = node.BaseAddress };
            using var page = await http.GetAsync("/account/sign-in");
            var antiforgeryCookie = Assert.Single(SetCookies(page), cookie => cookie.StartsWith("guild.af=", StringComparison.Ordinal));
            Assert.DoesNotContain("; secure", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
            var session = node.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
            Assert.Equal(CookieSecurePolicy.SameAsRequest, session.Cookie.SecurePolicy);
        }
        finally
        {
            await node.StopAsync();
        }
    }

    [Fact]
    public void Proxy_settings_take_lists_or_one_comma_separated_value_and_refuse_what_is_not_an_address()
    {
        static Guild.Web.Platform.Security.TrustedProxies Read(params (string Key, string Value)[] settings) =>
            Guild.Web.Platform.Security.TrustedProxies.From(new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("ForwardedHeaders:" + s.Key, s.Value)))
                .Build().GetSection("ForwardedHeaders"));

        Assert.False(Read().AreConfigured);
        var listed = Read(("KnownProxies:0", "10.0.0.5"), ("KnownProxies:1", "fd00::5"), ("KnownNetworks:0", "10.1.0.0/16"));
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.Parse("fd00::5")], listed.Addresses);
        Assert.Equal([System.Net.IPNetwork.Parse("10.1.0.0/16")], listed.Networks);
        var single = Read(("KnownNetworks", "10.0.0.0/8, fd00::/8"));
        Assert.Equal([System.Net.IPNetwork.Parse("10.0.0.0/8"), System.Net.IPNetwork.Parse("fd00::/8")], single.Networks);

        var typo = Assert.Throws<InvalidOperationException>(() => Read(("KnownProxies", "10.0.0.300")));
        Assert.Contains("10.0.0.300", typo.Message, StringComparison.Ordinal);
        var notANetwork = Assert.Throws<InvalidOperationException>(() => Read(("KnownNetworks", "10.0.0.0")));
        Assert.Contains("KnownNetworks", notANetwork.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
