using Npgsql;

namespace Guild.Web.Platform.Data;

/// <summary>
/// PostgreSQL with two roles: the owner (<c>Database:MigrationsConnectionString</c>) creates and changes the
/// tables; Guild's own role (<c>ConnectionStrings:Guild</c>) gets ordinary reads and writes on them, but on
/// <c>audit_entries</c> only SELECT and INSERT, and on the migrations history only SELECT. Only an owner can
/// disable or drop the triggers that keep the audit log append-only, or drop the table, so Guild itself — or
/// whoever takes over its connection — cannot rewrite history. Applied by the owner after every migration
/// (idempotent), with default privileges for tables the owner creates later.
/// </summary>
internal static class ApplicationRole
{
    /// <summary>The advisory lock around the grants ("GUILDGRT" in ASCII).</summary>
    private const long GrantLockKey = 0x4755494C44475254;

    public static async Task GrantAsync(DatabaseInfo database, ILogger logger, CancellationToken cancellationToken)
    {
        string application;
        await using (var guild = new NpgsqlConnection(database.ConnectionString))
        {
            await guild.OpenAsync(cancellationToken);
            application = (string)(await ScalarAsync(guild, "SELECT current_user", cancellationToken))!;
        }
        await using var owner = new NpgsqlConnection(database.OwnerConnectionString);
        await owner.OpenAsync(cancellationToken);
        var ownerRole = (string)(await ScalarAsync(owner, "SELECT current_user", cancellationToken))!;
        var schema = (string)(await ScalarAsync(owner, "SELECT current_schema()", cancellationToken))!;
        await RefuseWeakSetupAsync(owner, application, ownerRole, schema, logger, cancellationToken);

        var role = Quote(application);
        var inSchema = Quote(schema);
        await using (var batch = owner.CreateCommand())
        {
            // One batch is one transaction; the lock keeps nodes that start together from granting at once
            // (concurrent GRANTs on one table fail with "tuple concurrently updated").
            batch.CommandText = $"""
                SELECT pg_advisory_xact_lock({GrantLockKey});
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {inSchema} TO {role};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {inSchema} TO {role};
                REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {inSchema}.audit_entries FROM {role};
                REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {inSchema}.__ef_migrations_history FROM {role};
                ALTER DEFAULT PRIVILEGES IN SCHEMA {inSchema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
                ALTER DEFAULT PRIVILEGES IN SCHEMA {inSchema} GRANT USAGE, SELECT ON SEQUENCES TO {role};
                """;
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        logger.LogInformation("Migrations ran as {OwnerRole}; Guild connects as {ApplicationRole}, which may read and add audit entries " +
                              "but not change, delete or truncate them, nor alter any table", ownerRole, application);
    }

    /// <summary>
    /// Two roles only protect the audit log when Guild's role is not the owner, owns no table (an owner can disable
    /// triggers), is no superuser and does not inherit the owner's rights. Anything else the operator must fix.
    /// </summary>
    private static async Task RefuseWeakSetupAsync(NpgsqlConnection owner, string application, string ownerRole, string schema, ILogger logger,
        CancellationToken cancellationToken)
    {
        string? problem = null;
        if (application == ownerRole)
        {
            problem = $"ConnectionStrings:Guild and Database:MigrationsConnectionString both connect as {application}. " +
                      "Give Guild a role of its own (docs/operations.md), or leave Database:MigrationsConnectionString out.";
        }
        else
        {
            await using var command = owner.CreateCommand();
            command.CommandText = """
                SELECT r.rolsuper,
                       pg_has_role(r.oid, o.oid, 'MEMBER'),
                       (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = @schema AND c.relowner = r.oid)
                FROM pg_roles r, pg_roles o WHERE r.rolname = @application AND o.rolname = @owner
                """;
            command.Parameters.AddWithValue("schema", schema);
            command.Parameters.AddWithValue("application", application);
            command.Parameters.AddWithValue("owner", ownerRole);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetBoolean(0))
            {
                problem = $"Guild's role {application} (ConnectionStrings:Guild) is a superuser, which may change the audit log regardless of privileges. " +
                          "Connect Guild with an ordinary role (docs/operations.md).";
            }
            else if (reader.GetBoolean(1))
            {
                problem = $"Guild's role {application} is a member of the owner role {ownerRole} and so has its rights. Revoke that membership: REVOKE {Quote(ownerRole)} FROM {Quote(application)};";
            }
            else if (reader.GetInt64(2) > 0)
            {
                problem = $"Guild's role {application} owns {reader.GetInt64(2)} table(s), index(es) or sequence(s) in schema {schema}; an owner may disable the audit log's triggers. " +
                          $"Hand them to the owner role once, as a superuser: REASSIGN OWNED BY {Quote(application)} TO {Quote(ownerRole)};";
            }
        }
        if (problem is not null)
        {
            logger.LogCritical("Guild refuses to start: {Problem}", problem);
            throw new StartupRefusedException(problem);
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>An identifier quoted for SQL (roles and schemas cannot be parameters of GRANT).</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
