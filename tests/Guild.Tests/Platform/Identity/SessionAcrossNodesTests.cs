using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;

namespace Guild.Tests.Platform.Identity;

/// <summary>
/// Sign-in cookies are protected by keys kept in the database, so any node reads any cookie: a
/// person keeps their session when the load balancer sends them elsewhere, or when a node restarts.
/// </summary>
public sealed class SessionAcrossNodesTests
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task A_person_signed_in_on_one_node_stays_signed_in_on_another_and_after_a_restart(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var first = await database.StartNodeAsync(workers: false);
        GuildNode? second = null;
        GuildNode? restarted = null;
        try
        {
            var person = await first.CreatePersonAsync("Nomad", "Node");
            using var onFirst = first.CreateGuildClient();
            await onFirst.SignInAsync(person.Email, GuildApp.Password);
            var cookies = onFirst.Cookies.GetCookies(first.BaseAddress);

            second = await database.StartNodeAsync(workers: false);
            Assert.Contains("Welcome, Nomad Node", await HomeWithAsync(second, cookies), StringComparison.Ordinal);

            await first.StopAsync();
            restarted = await database.StartNodeAsync(workers: false);
            Assert.Contains("Welcome, Nomad Node", await HomeWithAsync(restarted, cookies), StringComparison.Ordinal);
        }
        finally
        {
            await first.StopAsync();
            if (second is not null)
            {
                await second.StopAsync();
            }
            if (restarted is not null)
            {
                await restarted.StopAsync();
            }
        }
    }

    private static async Task<string> HomeWithAsync(GuildNode node, CookieCollection cookies)
    {
        using var client = node.CreateGuildClient();
        foreach (Cookie cookie in cookies)
        {
            client.Cookies.Add(node.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }
        return await client.GetPageAsync("/");
    }
}
