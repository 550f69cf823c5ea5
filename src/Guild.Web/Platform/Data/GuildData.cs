using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Guild.Web.Platform.Data;

public enum DatabaseProvider { Sqlite, Postgres }

public static class GuildData
{
    /// <summary>Registers <see cref="GuildDb"/> on the provider that configuration names (SQLite by default).</summary>
    public static IHostApplicationBuilder AddGuildData(this IHostApplicationBuilder builder)
    {
        var provider = ProviderFrom(builder.Configuration);
        var connectionString = ConnectionStringFor(provider, builder.Configuration, builder.Environment.ContentRootPath);
        var migrations = builder.Configuration["Database:MigrationsConnectionString"];
        builder.Services.AddSingleton(new DatabaseInfo(provider, connectionString, string.IsNullOrWhiteSpace(migrations) ? null : migrations));
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                builder.Services.AddPooledDbContextFactory<PostgresGuildDb>((services, options) => UsePostgres(options, connectionString).AddInterceptors(Interceptors(services)));
                builder.Services.AddSingleton<IDbContextFactory<GuildDb>, GuildDbFactory<PostgresGuildDb>>();
                break;
            default:
                builder.Services.AddPooledDbContextFactory<SqliteGuildDb>((services, options) => UseSqlite(options, connectionString).AddInterceptors(Interceptors(services)));
                builder.Services.AddSingleton<IDbContextFactory<GuildDb>, GuildDbFactory<SqliteGuildDb>>();
                break;
        }
        // The request's unit of work, for commands (form handlers, API writes): one context per scope.
        builder.Services.AddScoped<GuildDb>(services => services.GetRequiredService<IDbContextFactory<GuildDb>>().CreateDbContext());
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    /// <summary>Interceptors that platform parts register (the credential revocation version, say).</summary>
    private static IInterceptor[] Interceptors(IServiceProvider services) => services.GetServices<IInterceptor>().ToArray();

    public static DatabaseProvider ProviderFrom(IConfiguration configuration) =>
        (configuration["Database:Provider"] ?? "Sqlite").Trim().ToUpperInvariant() switch
        {
            "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException(
                $"Database:Provider '{other}' is not known. Use 'Sqlite' (the default) or 'Postgres'."),
        };

    public static string ConnectionStringFor(DatabaseProvider provider, IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetConnectionString("Guild");
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Guild is empty.");
            }
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(configured);
            if (postgres.MaxAutoPrepare == 0)
            {
                // Every page runs the same few statements: prepared once per connection, PostgreSQL stops
                // parsing and planning them on each request (the bench's pages gained 40-70%). An operator's
                // own "Max Auto Prepare" wins.
                postgres.MaxAutoPrepare = 128;
            }
            return postgres.ConnectionString;
        }
        var sqlite = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/guild.db" : configured);
        if (!Path.IsPathRooted(sqlite.DataSource) && sqlite.DataSource != ":memory:")
        {
            sqlite.DataSource = Path.Combine(contentRoot, sqlite.DataSource);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(sqlite.DataSource)!);
        sqlite.Pooling = true;
        sqlite.DefaultTimeout = 30;
        return sqlite.ToString();
    }

    internal static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .ConfigureWarnings(CappedCounts);

    /// <summary>A context on the owner's connection, outside the pool, for migrations; it logs through the application's loggers.</summary>
    internal static PostgresGuildDb OwnerContext(string connectionString, ILoggerFactory loggers)
    {
        var options = new DbContextOptionsBuilder<PostgresGuildDb>().UseLoggerFactory(loggers);
        UsePostgres(options, connectionString);
        return new PostgresGuildDb(options.Options);
    }

    internal static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .ConfigureWarnings(CappedCounts);

    /// <summary>
    /// "Count up to N" (<c>Take(N + 1).Count()</c>: the audit log's total, the forwarding backlog) needs no order, and
    /// ordering would keep the database from stopping early on the index that serves the filter; EF's warning about a
    /// limit without ORDER BY is debug noise for those. Pages always order (see Paging.ToPagedAsync).
    /// </summary>
    private static void CappedCounts(WarningsConfigurationBuilder warnings) =>
        warnings.Log((CoreEventId.RowLimitingOperationWithoutOrderByWarning, LogLevel.Debug));
}

/// <summary>
/// Hands out pooled contexts for reads during rendering. Blazor initialises the components of one
/// page concurrently (the layout's bell and the page body, say), and a DbContext must never be
/// used by two operations at once, so anything a component calls while rendering takes its own
/// short-lived context from here instead of the request's scoped <see cref="GuildDb"/>.
/// </summary>
internal sealed class GuildDbFactory<TContext>(IDbContextFactory<TContext> pool) : IDbContextFactory<GuildDb>
    where TContext : GuildDb
{
    public GuildDb CreateDbContext() => pool.CreateDbContext();
}

/// <summary>Which store this process uses; for the health page and for bulk paths that differ per provider.</summary>
/// <param name="ConnectionString">Guild's own connection (<c>ConnectionStrings:Guild</c>): on PostgreSQL with two roles, one that may
/// read and add audit entries but never change them.</param>
/// <param name="MigrationsConnectionString">The owner role's connection (<c>Database:MigrationsConnectionString</c>, PostgreSQL), for
/// migrations and schema work; null when one connection does everything.</param>
public sealed record DatabaseInfo(DatabaseProvider Provider, string ConnectionString, string? MigrationsConnectionString = null)
{
    /// <summary>Whether migrations run as an owner role and Guild as a role with fewer rights (PostgreSQL only).</summary>
    public bool HasSeparateOwner => Provider == DatabaseProvider.Postgres && MigrationsConnectionString is not null;

    /// <summary>For work that needs the tables' owner: migrations, and the demo generator's TRUNCATE, index rebuilds and ANALYZE.</summary>
    public string OwnerConnectionString => HasSeparateOwner ? MigrationsConnectionString! : ConnectionString;
}

// `dotnet ef migrations add X --context SqliteGuildDb --output-dir Platform/Data/Migrations/Sqlite`
internal sealed class SqliteGuildDbDesignFactory : IDesignTimeDbContextFactory<SqliteGuildDb>
{
    public SqliteGuildDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteGuildDb>();
        GuildData.UseSqlite(options, "Data Source=design-time.db");
        return new SqliteGuildDb(options.Options);
    }
}

// `dotnet ef migrations add X --context PostgresGuildDb --output-dir Platform/Data/Migrations/Postgres`
internal sealed class PostgresGuildDbDesignFactory : IDesignTimeDbContextFactory<PostgresGuildDb>
{
    public PostgresGuildDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresGuildDb>();
        GuildData.UsePostgres(options, "Host=localhost;Database=guild_design");
        return new PostgresGuildDb(options.Options);
    }
}
