using Guild.Web.Platform.Data;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Guild.Tests.Platform.Data;

public sealed class ConnectionStringTests
{
    private static string PostgresFor(string configured) =>
        GuildData.ConnectionStringFor(DatabaseProvider.Postgres,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Guild"] = configured }).Build(),
            Path.GetTempPath());

    [Fact]
    public void PostgreSQL_statements_are_prepared_automatically_unless_the_operator_says_otherwise()
    {
        Assert.Equal(128, new NpgsqlConnectionStringBuilder(PostgresFor("Host=db;Database=guild;Username=guild")).MaxAutoPrepare);
        Assert.Equal(10, new NpgsqlConnectionStringBuilder(PostgresFor("Host=db;Database=guild;Username=guild;Max Auto Prepare=10")).MaxAutoPrepare);
    }

    [Fact]
    public void A_PostgreSQL_provider_without_a_connection_string_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PostgresFor(""));
        Assert.Contains("ConnectionStrings:Guild", error.Message, StringComparison.Ordinal);
    }
}
