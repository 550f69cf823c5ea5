using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Guild.Tests.Platform.Data;

public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_model_has_no_changes_missing_from_migrations()
    {
        using var db = ((IDesignTimeDbContextFactory<SqliteGuildDb>)new SqliteGuildDbDesignFactory()).CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a migration: dotnet ef migrations add <Name> --context SqliteGuildDb --output-dir Platform/Data/Migrations/Sqlite");
    }

    [Fact]
    public void Postgres_model_has_no_changes_missing_from_migrations()
    {
        using var db = ((IDesignTimeDbContextFactory<PostgresGuildDb>)new PostgresGuildDbDesignFactory()).CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a migration: dotnet ef migrations add <Name> --context PostgresGuildDb --output-dir Platform/Data/Migrations/Postgres");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]);
        using var sqlite = new SqliteGuildDbDesignFactory().CreateDbContext([]);
        using var postgres = new PostgresGuildDbDesignFactory().CreateDbContext([]);
        Assert.Equal(Names(sqlite), Names(postgres));
    }
}
