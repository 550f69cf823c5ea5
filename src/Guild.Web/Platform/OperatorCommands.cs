using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform;

/// <summary>
/// Commands for operators, run instead of the web server:
/// <c>migrate</c> applies migrations;
/// <c>seed-demo [small|large] [--force]</c> migrates and generates the demo organisation (outside Development only
/// with <c>--force</c>, and then every demo account gets a random password, printed once);
/// <c>rotate-keys [--revoke-old]</c> adds a new data-protection key, encrypted with today's certificate.
/// </summary>
public static class OperatorCommands
{
    public const string Force = "--force";
    public const string RevokeOld = "--revoke-old";

    /// <summary>Runs the command named on the command line; null when there is none (serve the web application).</summary>
    public static Task<int?> RunCommandAsync(this WebApplication app, string[] args) =>
        RunAsync(app.Services, args, Console.Out, Console.Error);

    /// <summary>The commands themselves, with the writers they print to; answers the exit code, or null for no command.</summary>
    /// <param name="output">What the operator must see and nothing else may keep: the demo passwords. Never the structured log.</param>
    public static async Task<int?> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var command = args.FirstOrDefault(arg => !arg.StartsWith('-'));
        if (command is not ("migrate" or "seed-demo" or "rotate-keys"))
        {
            return null;
        }
        var environment = services.GetRequiredService<IHostEnvironment>();
        var force = args.Contains(Force, StringComparer.Ordinal);
        if (command == "seed-demo" && !environment.IsDevelopment() && !force)
        {
            // The demo's people, sign-in and documented password belong on a developer's machine, not in a real organisation.
            await error.WriteLineAsync(
                $"seed-demo refused: this is the {environment.EnvironmentName} environment, not Development. The demo organisation adds " +
                $"hundreds of made-up people to this database. If that is what you want (a benchmark or a showcase), run it again with {Force}: " +
                "every demo account then gets a random password, printed once.");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Guild.Commands");
        if (command == "rotate-keys")
        {
            RotateKeys(scope.ServiceProvider, args.Contains(RevokeOld, StringComparer.Ordinal), logger);
            return 0;
        }
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider, logger, CancellationToken.None);
        if (command == "seed-demo")
        {
            var size = args.Contains("large", StringComparer.OrdinalIgnoreCase) ? DemoSize.Large : DemoSize.Small;
            var passwords = environment.IsDevelopment() ? DemoPasswords.Documented : DemoPasswords.Random;
            var seeded = await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(size, passwords, CancellationToken.None);
            if (seeded is { Count: > 0 })
            {
                await output.WriteLineAsync("Demo accounts and their passwords (shown this once; Guild keeps only their hashes):");
                foreach (var account in seeded)
                {
                    await output.WriteLineAsync($"{account.Role}\t{account.Email}\t{account.Password}");
                }
            }
        }
        return 0;
    }

    /// <summary>
    /// A new key that protects from now on, encrypted with the current certificate. Older keys stay readable until they
    /// expire, unless <paramref name="revokeOld"/>: then everyone signs in again and stored secrets (LRS forwarding) must be entered again.
    /// </summary>
    private static void RotateKeys(IServiceProvider services, bool revokeOld, ILogger logger)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var lifetime = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
        var old = keys.GetAllKeys();
        if (revokeOld)
        {
            foreach (var key in old.Where(k => !k.IsRevoked))
            {
                keys.RevokeKey(key.KeyId, "rotate-keys --revoke-old");
            }
        }
        var now = DateTimeOffset.UtcNow;
        var created = keys.CreateNewKey(now, now + lifetime);
        logger.LogInformation("Data-protection key {KeyId} created, active until {Expires:yyyy-MM-dd}; {Revoked} older key(s) revoked. " +
                              "Restart the nodes to protect with it at once (they pick it up by themselves within a day)",
            created.KeyId, created.ExpirationDate, revokeOld ? old.Count(k => !k.IsRevoked) : 0);
    }
}
