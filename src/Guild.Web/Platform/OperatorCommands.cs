using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;

namespace Guild.Web.Platform;

/// <summary>
/// Commands for operators, run instead of the web server:
/// <c>migrate</c> applies migrations; <c>seed-demo [small|large]</c> migrates and generates the demo organisation.
/// </summary>
public static class OperatorCommands
{
    public static async Task<bool> RunCommandAsync(this WebApplication app, string[] args)
    {
        var command = args.FirstOrDefault(arg => !arg.StartsWith('-'));
        if (command is not ("migrate" or "seed-demo"))
        {
            return false;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Guild.Commands");
        await DatabaseMigrator.MigrateAsync(db, logger, CancellationToken.None);
        if (command == "seed-demo")
        {
            var size = args.Contains("large", StringComparer.OrdinalIgnoreCase) ? DemoSize.Large : DemoSize.Small;
            await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(size, CancellationToken.None);
        }
        return true;
    }
}
