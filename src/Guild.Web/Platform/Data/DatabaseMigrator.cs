using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Guild.Web.Platform.Data;

/// <summary>
/// Brings the database up to the newest migration before the application takes requests
/// (hosted services start before Kestrel listens). EF Core takes a database lock while it
/// migrates, so several nodes starting at once do not race. On PostgreSQL with
/// <c>Database:MigrationsConnectionString</c>, migrations run as that owner role, which then grants
/// Guild's own role what it needs and no more (<see cref="ApplicationRole"/>).
/// </summary>
internal sealed class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await MigrateAsync(scope.ServiceProvider, logger, cancellationToken);
        foreach (var startup in scope.ServiceProvider.GetServices<IDatabaseStartupTask>())
        {
            await startup.RunAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates with the connection configuration names for it; the start-up and the <c>migrate</c> command both come here.</summary>
    public static async Task MigrateAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var database = services.GetRequiredService<DatabaseInfo>();
        if (database.HasSeparateOwner)
        {
            await using var owner = GuildData.OwnerContext(database.OwnerConnectionString, services.GetRequiredService<ILoggerFactory>());
            await MigrateAsync(owner, logger, cancellationToken);
            await ApplicationRole.GrantAsync(database, logger, cancellationToken);
            return;
        }
        if (database.Provider == DatabaseProvider.Postgres)
        {
            logger.LogInformation("Migrations and Guild share one PostgreSQL role, so the audit log is protected by triggers only; " +
                                  "set Database:MigrationsConnectionString to an owner role to make it append-only for Guild itself (docs/operations.md)");
        }
        else if (database.MigrationsConnectionString is not null)
        {
            logger.LogInformation("Database:MigrationsConnectionString applies to PostgreSQL only; SQLite uses ConnectionStrings:Guild for everything");
        }
        await MigrateAsync(services.GetRequiredService<GuildDb>(), logger, cancellationToken);
    }

    private static async Task MigrateAsync(GuildDb db, ILogger logger, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            // WAL lets readers continue while a writer commits; it is a property of the file, set once.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }
        // The history table first: on an empty PostgreSQL database the Npgsql provider otherwise reads it before it
        // exists, and EF logs that failed SELECT as an Error on every first start (npgsql/efcore.pg#3407).
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
    }
}

/// <summary>Work that needs the migrated database before the first request (reference data, demo seeding).</summary>
public interface IDatabaseStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
