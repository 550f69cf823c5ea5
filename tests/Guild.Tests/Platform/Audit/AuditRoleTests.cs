using System.Net;
using Guild.Tests.Features.Lrs;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs;
using Guild.Web.Features.People;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Guild.Tests.Platform.Audit;

/// <summary>
/// On PostgreSQL with two roles, migrations run as the owner and Guild connects as a role that may add and read
/// audit entries but never change them: not through UPDATE, DELETE or TRUNCATE, and not by disabling or dropping
/// the triggers (only an owner may). Everything else Guild does — signing in, the LRS's COPY and advisory locks,
/// bulk inserts, the demo generator — keeps working. (SQLite has one file and its triggers: AuditLogTests.)
/// </summary>
public sealed class AuditRoleTests
{
    [Fact]
    public async Task Guilds_own_connection_may_add_and_read_audit_entries_but_not_change_remove_or_unprotect_them()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var ownerRole = $"guild_owner_{suffix}";
        var appRole = $"guild_app_{suffix}";
        await using var database = await SharedDatabase.CreateAsync(DatabaseProvider.Postgres);
        var databaseName = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        await AsSuperuserAsync(
            $"CREATE ROLE {ownerRole} LOGIN",
            $"CREATE ROLE {appRole} LOGIN",
            // The owner owns the database and with it (PostgreSQL 15+) its public schema.
            $"ALTER DATABASE \"{databaseName}\" OWNER TO {ownerRole}");
        GuildNode? node = null;
        try
        {
            var application = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = appRole }.ConnectionString;
            node = await database.StartNodeAsync(settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:Guild"] = application,
                ["Database:MigrationsConnectionString"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = ownerRole }.ConnectionString,
            });

            // The tables are the owner's; Guild's role owns nothing it could unprotect.
            var owners = await QueryAsync(database.ConnectionString,
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'");
            Assert.Equal([ownerRole], owners);

            // The demo generator truncates and re-indexes the LRS tables with the owner's connection.
            await using (var scope = node.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DemoOrganisation>().SeedAsync(DemoSize.Small, DemoPasswords.Documented, CancellationToken.None);
            }
            Assert.Equal(LrsDemoContent.SmallStatements, await node.WithDbAsync(db => db.Set<StoredStatement>().CountAsync()));

            // Guild works as its own role: signing in (cookies, keys, the learning record), the LRS (COPY and advisory locks).
            using (var client = node.CreateGuildClient())
            {
                await client.SignInAsync(DemoAccounts.All[0].Email, PeopleDemoContent.DemoPassword);
                using var me = await client.GetAsync("/api/v1/me");
                Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            }
            using (var lrs = await node.CreateLrsClientAsync())
            {
                var actor = LrsTesting.Unique("roles");
                // More than the writer sends with INSERT: these go by COPY.
                var stored = await lrs.StoreAsync(Enumerable.Range(0, 250).Select(_ => LrsTesting.Statement(actor: actor)).ToArray());
                Assert.Equal(250, stored.Count);
            }

            // It adds and reads audit entries.
            var admin = await node.CreatePersonAsync("Audit", "Rollen", [Roles.Employee, Roles.LearningAdmin]);
            var id = await node.AsPersonAsync(admin.Id, async services =>
            {
                var entry = services.GetRequiredService<AuditLog>().Record("test.roles", "Thing", "1", "A thing");
                await services.GetRequiredService<GuildDb>().SaveChangesAsync();
                return entry.Id;
            });
            Assert.Equal("test.roles", await node.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.Id == id).Select(e => e.Action).SingleAsync()));

            // And it may not change them by any route: permission denied (42501), before any trigger is asked.
            foreach (var sql in new[]
            {
                $"UPDATE audit_entries SET action = 'tampered' WHERE id = {id}",
                $"DELETE FROM audit_entries WHERE id = {id}",
                "TRUNCATE audit_entries",
                "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only",
                "ALTER TABLE audit_entries DISABLE TRIGGER ALL",
                "DROP TRIGGER audit_entries_append_only ON audit_entries",
                "DROP TABLE audit_entries",
                "INSERT INTO __ef_migrations_history (migration_id, product_version) VALUES ('99999999999999_Forged', '10.0')",
            })
            {
                var denied = await Assert.ThrowsAsync<PostgresException>(() => node.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
                Assert.True(denied.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {denied.SqlState} {denied.MessageText}");
            }
            Assert.Equal("test.roles", await node.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.Id == id).Select(e => e.Action).SingleAsync()));

            // The connection it uses is the one configured for it: the application role.
            Assert.Equal([appRole], await QueryAsync(application, "SELECT current_user::text"));
        }
        finally
        {
            if (node is not null)
            {
                await node.StopAsync();
            }
            await database.DisposeAsync();
            await AsSuperuserAsync($"DROP ROLE IF EXISTS {appRole}", $"DROP ROLE IF EXISTS {ownerRole}");
        }
    }

    private static async Task AsSuperuserAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(PostgresDatabase.AdminConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}
