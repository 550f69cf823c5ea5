using System.Net;
using System.Net.Sockets;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;

namespace Guild.Tests.Features.Lrs.LearningRecords;

/// <summary>
/// Guild on a database the test owns, so it can be stopped and started again on the same data (a
/// restart, an LRS that goes down and comes back), optionally at a fixed port and with settings of its own.
/// </summary>
public sealed class StandaloneApp(OwnedDatabase database, int port = 0, IReadOnlyDictionary<string, string?>? extraSettings = null, string environment = "Testing")
    : GuildApp(port)
{
    public override DatabaseProvider Provider => database.Provider;

    protected override string EnvironmentName => environment;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(database.ConnectionString);

    protected override void Configure(IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public static async Task<StandaloneApp> StartAsync(OwnedDatabase database, int port = 0, IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Testing")
    {
        var app = new StandaloneApp(database, port, settings, environment);
        await app.InitializeAsync();
        return app;
    }

    /// <summary>Stops the app (its database stays).</summary>
    public Task StopAsync() => ((IAsyncLifetime)this).DisposeAsync();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A database that outlives the apps started on it: a PostgreSQL database or a SQLite file.</summary>
public sealed class OwnedDatabase : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly string? _folder;

    private OwnedDatabase(DatabaseProvider provider, string connectionString, PostgresDatabase? postgres, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgres = postgres;
        _folder = folder;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<OwnedDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = await PostgresDatabase.CreateAsync();
            return new OwnedDatabase(provider, postgres.ConnectionString, postgres, null);
        }
        var folder = Directory.CreateTempSubdirectory("guild-owned-").FullName;
        return new OwnedDatabase(provider, $"Data Source={Path.Combine(folder, "guild.db")}", null, folder);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Still held by a finishing task; the OS cleans temp folders.
            }
        }
    }
}
