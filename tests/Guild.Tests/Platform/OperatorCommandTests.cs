using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform;

/// <summary>
/// <c>seed-demo</c> fills a database with made-up people. Outside Development it needs <c>--force</c>, and then no
/// account has the documented password: each demo account gets a random one, printed once, and the generated
/// people get none that anyone knows.
/// </summary>
public sealed class OperatorCommandTests
{
    private static readonly Dictionary<string, string?> Production = new() { ["DataProtection:AllowUnprotectedKeys"] = "true" };

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Seed_demo_outside_Development_is_refused_unless_forced_and_then_gives_random_passwords_printed_once(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await database.StartNodeAsync(environment: "Production", settings: Production);
        try
        {
            var refusal = await RunAsync(node, "seed-demo");
            Assert.Equal(2, refusal.ExitCode);
            Assert.Contains("seed-demo refused: this is the Production environment", refusal.Error, StringComparison.Ordinal);
            Assert.Contains("--force", refusal.Error, StringComparison.Ordinal);
            Assert.Equal("", refusal.Output);
            Assert.Equal(0, await node.WithDbAsync(db => db.Users.CountAsync()));

            var forced = await RunAsync(node, "seed-demo", "--force");
            Assert.Equal(0, forced.ExitCode);
            var printed = forced.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split('\t')).Where(parts => parts.Length == 3).ToList();
            Assert.Equal(DemoAccounts.All.Select(a => a.Email).Order(), printed.Select(p => p[1]).Order());
            Assert.Equal(printed.Count, printed.Select(p => p[2]).Distinct().Count());

            await using var scope = node.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
            foreach (var (email, password) in printed.Select(p => (p[1], p[2])))
            {
                Assert.True(password.Length >= 32, $"{email}'s password is short: {password.Length} characters.");
                var user = (await users.FindByEmailAsync(email))!;
                Assert.True(await users.CheckPasswordAsync(user, password), $"{email} does not sign in with the printed password.");
                Assert.False(await users.CheckPasswordAsync(user, PeopleDemoContent.DemoPassword), $"{email} still has the documented password.");
            }
            // Everyone else was generated with a password that was never shown.
            var generated = await node.WithDbAsync(db => db.Users.AsNoTracking()
                .FirstAsync(u => u.PasswordHash != null && u.Email!.EndsWith("@noordwind.example") && !DemoEmails.Contains(u.Email)));
            Assert.False(await users.CheckPasswordAsync(generated, PeopleDemoContent.DemoPassword));
        }
        finally
        {
            await node.StopAsync();
        }
    }

    private static readonly string[] DemoEmails = DemoAccounts.All.Select(a => a.Email).ToArray();

    private static async Task<(int? ExitCode, string Output, string Error)> RunAsync(GuildNode node, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await OperatorCommands.RunAsync(node.Services, args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
