using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Data;

/// <summary>
/// Brings the database up to the newest migration before the application takes requests
/// (hosted services start before Kestrel listens). EF Core takes a database lock while it
/// migrates, so several nodes starting at once do not race.
/// </summary>
internal sealed class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        await MigrateAsync(db, logger, cancellationToken);
        foreach (var startup in scope.ServiceProvider.GetServices<IDatabaseStartupTask>())
        {
            await startup.RunAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task MigrateAsync(GuildDb db, ILogger logger, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            // WAL lets readers continue while a writer commits; it is a property of the file, set once.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }
    }
}

/// <summary>Work that needs the migrated database before the first request (reference data, demo seeding).</summary>
public interface IDatabaseStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
