using System.Data.Common;
using Guild.Web.Platform.Data;
using Npgsql;
using NpgsqlTypes;

namespace Guild.Web.Features.Lrs.Writing;

/// <summary>
/// One row of <c>lrs_statements</c>, and the only place that knows its columns and their order: the
/// writer's three paths (pipelined insert, binary COPY, SQLite insert) and the demo generator all write
/// rows through it.
/// </summary>
internal readonly record struct StatementRow(Guid Id, DateTimeOffset Stored, long VerbId, Guid? Registration, bool Voided, Guid? VoidsId,
    Guid? ObjectRefId, bool HasAttachments, Guid? ClientId, string Document)
{
    public const string Table = "lrs_statements";
    public const string Columns = "id, stored, verb_id, registration, voided, voids_id, object_ref_id, has_attachments, client_id, document";
    private static readonly string[] Parameters =
        ["@id", "@stored", "@verb", "@registration", "@voided", "@voids", "@ref", "@attachments", "@client", "@document"];

    /// <summary>The row of a statement the writer accepted.</summary>
    public static StatementRow Of(PendingStatement row, long verbId)
    {
        var facts = row.Statement.Facts;
        return new StatementRow(row.Id, row.Stored, verbId, facts.Registration, row.Voided, facts.IsVoiding ? facts.ObjectStatementRef : null,
            facts.ObjectStatementRef, facts.Attachments.Count > 0, row.Request.ClientId, row.Document);
    }

    /// <summary>COPY … FROM STDIN for binary rows; <paramref name="options"/> adds e.g. FREEZE.</summary>
    public static string CopyCommand(string options = "") => $"COPY {Table} ({Columns}) FROM STDIN (FORMAT BINARY{options})";

    /// <summary>
    /// INSERT of many rows in one statement from arrays (PostgreSQL): one round trip for a small batch,
    /// parameters from <see cref="ArrayParameters"/>.
    /// </summary>
    public const string InsertFromArrays =
        $"INSERT INTO {Table} ({Columns}) SELECT * FROM unnest(@i, @s, @v, @r, @vd, @vo, @rf, @a, @c, @doc)";

    public static IEnumerable<NpgsqlParameter> ArrayParameters(IReadOnlyList<StatementRow> rows)
    {
        yield return new NpgsqlParameter("i", rows.Select(r => r.Id).ToArray());
        yield return new NpgsqlParameter("s", rows.Select(r => r.Stored).ToArray());
        yield return new NpgsqlParameter("v", rows.Select(r => r.VerbId).ToArray());
        yield return new NpgsqlParameter("r", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(r => r.Registration).ToArray() };
        yield return new NpgsqlParameter("vd", rows.Select(r => r.Voided).ToArray());
        yield return new NpgsqlParameter("vo", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(r => r.VoidsId).ToArray() };
        yield return new NpgsqlParameter("rf", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(r => r.ObjectRefId).ToArray() };
        yield return new NpgsqlParameter("a", rows.Select(r => r.HasAttachments).ToArray());
        yield return new NpgsqlParameter("c", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(r => r.ClientId).ToArray() };
        yield return new NpgsqlParameter("doc", rows.Select(r => r.Document).ToArray());
    }

    /// <summary>A prepared single-row INSERT (SQLite); set each row with <see cref="Bind"/>.</summary>
    public static DbParameter[] PrepareInsert(DbCommand command)
    {
        command.CommandText = $"INSERT INTO {Table} ({Columns}) VALUES ({string.Join(", ", Parameters)})";
        return Parameters.Select(name => ProviderSql.Add(command, name, null)).ToArray();
    }

    public void Bind(DbParameter[] p, ProviderSql sql)
    {
        p[0].Value = sql.Uuid(Id);
        p[1].Value = sql.Instant(Stored);
        p[2].Value = VerbId;
        p[3].Value = sql.Uuid(Registration) ?? DBNull.Value;
        p[4].Value = Voided;
        p[5].Value = sql.Uuid(VoidsId) ?? DBNull.Value;
        p[6].Value = sql.Uuid(ObjectRefId) ?? DBNull.Value;
        p[7].Value = HasAttachments;
        p[8].Value = sql.Uuid(ClientId) ?? DBNull.Value;
        p[9].Value = Document;
    }

    /// <summary>The row for <see cref="CopyCommand"/>, written asynchronously (the writer, between requests).</summary>
    public async Task WriteAsync(NpgsqlBinaryImporter importer, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(Id, NpgsqlDbType.Uuid, cancellationToken);
        await importer.WriteAsync(Stored, NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(VerbId, NpgsqlDbType.Bigint, cancellationToken);
        await WriteNullableAsync(importer, Registration, cancellationToken);
        await importer.WriteAsync(Voided, NpgsqlDbType.Boolean, cancellationToken);
        await WriteNullableAsync(importer, VoidsId, cancellationToken);
        await WriteNullableAsync(importer, ObjectRefId, cancellationToken);
        await importer.WriteAsync(HasAttachments, NpgsqlDbType.Boolean, cancellationToken);
        await WriteNullableAsync(importer, ClientId, cancellationToken);
        await importer.WriteAsync(Document, NpgsqlDbType.Text, cancellationToken);
    }

    /// <summary>The same row written synchronously: the demo generator's millions of rows in a loop of its own.</summary>
    public void Write(NpgsqlBinaryImporter importer)
    {
        importer.StartRow();
        importer.Write(Id, NpgsqlDbType.Uuid);
        importer.Write(Stored, NpgsqlDbType.TimestampTz);
        importer.Write(VerbId, NpgsqlDbType.Bigint);
        WriteNullable(importer, Registration);
        importer.Write(Voided, NpgsqlDbType.Boolean);
        WriteNullable(importer, VoidsId);
        WriteNullable(importer, ObjectRefId);
        importer.Write(HasAttachments, NpgsqlDbType.Boolean);
        WriteNullable(importer, ClientId);
        importer.Write(Document, NpgsqlDbType.Text);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, Guid? value, CancellationToken cancellationToken) =>
        value is { } id ? importer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static void WriteNullable(NpgsqlBinaryImporter importer, Guid? value)
    {
        if (value is { } id)
        {
            importer.Write(id, NpgsqlDbType.Uuid);
        }
        else
        {
            importer.WriteNull();
        }
    }
}

/// <summary>
/// One row of a link table (<c>lrs_statement_agents</c>, <c>lrs_statement_activities</c>): a key the statement names,
/// its scope (0: actor/object with group members, or the object activity; 1: everything related), the stored time
/// and the statement. Written by the writer and the demo generator alike.
/// </summary>
internal readonly record struct LinkRow(long Key, short Scope, DateTimeOffset Stored, Guid StatementId)
{
    public const string AgentsTable = "lrs_statement_agents";
    public const string AgentKey = "agent_id";
    public const string ActivitiesTable = "lrs_statement_activities";
    public const string ActivityKey = "activity_id";
    private static readonly string[] Parameters = ["@key", "@scope", "@stored", "@id"];

    public static string Columns(string keyColumn) => $"{keyColumn}, scope, stored, statement_id";

    public static string CopyCommand(string table, string keyColumn, string options = "") =>
        $"COPY {table} ({Columns(keyColumn)}) FROM STDIN (FORMAT BINARY{options})";

    public static string InsertFromArrays(string table, string keyColumn) =>
        $"INSERT INTO {table} ({Columns(keyColumn)}) SELECT * FROM unnest(@k, @sc, @st, @i)";

    public static IEnumerable<NpgsqlParameter> ArrayParameters(IReadOnlyList<LinkRow> links)
    {
        yield return new NpgsqlParameter("k", links.Select(l => l.Key).ToArray());
        yield return new NpgsqlParameter("sc", links.Select(l => l.Scope).ToArray());
        yield return new NpgsqlParameter("st", links.Select(l => l.Stored).ToArray());
        yield return new NpgsqlParameter("i", links.Select(l => l.StatementId).ToArray());
    }

    public static DbParameter[] PrepareInsert(DbCommand command, string table, string keyColumn)
    {
        command.CommandText = $"INSERT INTO {table} ({Columns(keyColumn)}) VALUES ({string.Join(", ", Parameters)})";
        return Parameters.Select(name => ProviderSql.Add(command, name, null)).ToArray();
    }

    public void Bind(DbParameter[] p, ProviderSql sql)
    {
        p[0].Value = Key;
        p[1].Value = Scope;
        p[2].Value = sql.Instant(Stored);
        p[3].Value = sql.Uuid(StatementId);
    }

    public async Task WriteAsync(NpgsqlBinaryImporter importer, CancellationToken cancellationToken)
    {
        await importer.StartRowAsync(cancellationToken);
        await importer.WriteAsync(Key, NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(Scope, NpgsqlDbType.Smallint, cancellationToken);
        await importer.WriteAsync(Stored, NpgsqlDbType.TimestampTz, cancellationToken);
        await importer.WriteAsync(StatementId, NpgsqlDbType.Uuid, cancellationToken);
    }

    public void Write(NpgsqlBinaryImporter importer)
    {
        importer.StartRow();
        importer.Write(Key, NpgsqlDbType.Bigint);
        importer.Write(Scope, NpgsqlDbType.Smallint);
        importer.Write(Stored, NpgsqlDbType.TimestampTz);
        importer.Write(StatementId, NpgsqlDbType.Uuid);
    }
}
