using Npgsql;

namespace Guild.Tests.Infrastructure;

/// <summary>
/// A fresh database in the throwaway cluster that test.sh starts (GUILD_TEST_POSTGRES), dropped
/// when the test app is done with it.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "GUILD_TEST_POSTGRES";

    private readonly string _admin;
    private readonly string _name;

    private PostgresDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster, " +
                $"or set {Variable} to a connection string of a server where databases may be created and dropped.");

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var admin = AdminConnectionString;
        var name = $"guild_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresDatabase(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
