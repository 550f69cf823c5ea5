using Guild.Web.Platform.Data;
using Microsoft.Data.Sqlite;

namespace Guild.Tests.Infrastructure;

/// <summary>
/// A database that outlives the Guild processes started on it (a fresh PostgreSQL database or an SQLite
/// file), for tests about several nodes, restarts, and an LRS that goes down and comes back.
/// </summary>
public sealed class SharedDatabase : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly string? _folder;

    private SharedDatabase(DatabaseProvider provider, string connectionString, PostgresDatabase? postgres, string? folder)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _postgres = postgres;
        _folder = folder;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<SharedDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = await PostgresDatabase.CreateAsync();
            return new SharedDatabase(provider, postgres.ConnectionString, postgres, null);
        }
        var folder = Directory.CreateTempSubdirectory("guild-shared-").FullName;
        return new SharedDatabase(provider, $"Data Source={Path.Combine(folder, "guild.db")}", null, folder);
    }

    /// <summary>Starts a node on this database (migrating it when it is the first).</summary>
    /// <param name="workers">Whether its background job workers run (off: tests run jobs themselves).</param>
    /// <param name="port">0 for any free port; a fixed one for a node that must come back at the same address.</param>
    public async Task<GuildNode> StartNodeAsync(bool workers = false, int port = 0, IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Testing")
    {
        var node = new GuildNode(this, workers, port, settings, environment);
        await node.InitializeAsync();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A node still closing its file; the OS cleans temp folders.
            }
        }
    }
}
