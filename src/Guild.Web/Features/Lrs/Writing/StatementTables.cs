using System.Data.Common;
using Guild.Web.Platform.Data;
using Npgsql;
using NpgsqlTypes;

namespace Guild.Web.Features.Lrs.Writing;

/// <summary>
/// Writes a batch's accepted statements and everything that goes with each one, inside the batch's
/// transaction: the <c>lrs_statements</c> rows (<see cref="StatementRow"/>), the link rows
/// (<see cref="LinkRow"/>), the quarter-hour counts and, while forwarding is on, the forwarding queue.
/// One path per shape of batch, differing only in how rows travel: a few statements on PostgreSQL go in
/// one pipelined round trip of INSERT … FROM unnest, more go by binary COPY, SQLite takes prepared inserts.
/// </summary>
internal static class StatementTables
{
    /// <summary>Up to this many rows go in one pipelined batch of INSERT … SELECT FROM unnest(…); more go by COPY.</summary>
    public const int PipelinedRows = 200;

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql, List<PendingStatement> rows,
        KeyNumbers numbers, bool forward, CancellationToken cancellationToken)
    {
        var statements = rows.Select(r => StatementRow.Of(r, numbers.Verbs[r.Statement.Facts.VerbId])).ToList();
        var agentLinks = rows.SelectMany(r => AgentLinks(r).Select(l => new LinkRow(numbers.Agents[l.Key], l.Scope, r.Stored, r.Id))).ToList();
        var activityLinks = rows.SelectMany(r => ActivityLinks(r).Select(l => new LinkRow(numbers.Activities[l.Key], l.Scope, r.Stored, r.Id))).ToList();
        var buckets = StatementCounts.Buckets(rows.Select(r => r.Stored));
        if (connection is NpgsqlConnection npgsql && rows.Count <= PipelinedRows)
        {
            // A few statements (single POSTs under load): every row, count and queue entry in one round trip.
            await using var batch = new NpgsqlBatch(npgsql, (NpgsqlTransaction)transaction);
            batch.BatchCommands.Add(Command(StatementRow.InsertFromArrays, StatementRow.ArrayParameters(statements)));
            batch.BatchCommands.Add(Command(LinkRow.InsertFromArrays(LinkRow.AgentsTable, LinkRow.AgentKey), LinkRow.ArrayParameters(agentLinks)));
            batch.BatchCommands.Add(Command(LinkRow.InsertFromArrays(LinkRow.ActivitiesTable, LinkRow.ActivityKey), LinkRow.ArrayParameters(activityLinks)));
            batch.BatchCommands.Add(Command(StatementCounts.AddFromArrays, StatementCounts.ArrayParameters(buckets)));
            if (forward)
            {
                batch.BatchCommands.Add(Command(ForwardQueueRows.InsertFromArrays, ForwardQueueRows.ArrayParameters(rows)));
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        if (connection is NpgsqlConnection copying)
        {
            await using (var importer = await copying.BeginBinaryImportAsync(StatementRow.CopyCommand(), cancellationToken))
            {
                foreach (var row in statements)
                {
                    await row.WriteAsync(importer, cancellationToken);
                }
                await importer.CompleteAsync(cancellationToken);
            }
            await CopyLinksAsync(copying, LinkRow.AgentsTable, LinkRow.AgentKey, agentLinks, cancellationToken);
            await CopyLinksAsync(copying, LinkRow.ActivitiesTable, LinkRow.ActivityKey, activityLinks, cancellationToken);
        }
        else
        {
            await InsertAsync(connection, transaction, sql, statements, agentLinks, activityLinks, cancellationToken);
        }
        await StatementCounts.AddAsync(connection, transaction, sql, buckets, cancellationToken);
        if (forward)
        {
            await ForwardQueueRows.AddAsync(connection, transaction, sql, rows, cancellationToken);
        }
    }

    private static NpgsqlBatchCommand Command(string text, IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(text);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>The index rows that link statements to the agents or activities they mention, by binary COPY.</summary>
    private static async Task CopyLinksAsync(NpgsqlConnection connection, string table, string keyColumn, List<LinkRow> links,
        CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(LinkRow.CopyCommand(table, keyColumn), cancellationToken);
        foreach (var link in links)
        {
            await link.WriteAsync(importer, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql, List<StatementRow> statements,
        List<LinkRow> agentLinks, List<LinkRow> activityLinks, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        var p = StatementRow.PrepareInsert(insert);
        foreach (var row in statements)
        {
            row.Bind(p, sql);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await InsertLinksAsync(connection, transaction, sql, LinkRow.AgentsTable, LinkRow.AgentKey, agentLinks, cancellationToken);
        await InsertLinksAsync(connection, transaction, sql, LinkRow.ActivitiesTable, LinkRow.ActivityKey, activityLinks, cancellationToken);
    }

    public static async Task InsertLinksAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql, string table, string keyColumn,
        IEnumerable<LinkRow> links, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        var p = LinkRow.PrepareInsert(insert, table, keyColumn);
        foreach (var link in links)
        {
            link.Bind(p, sql);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Scope 0: actor and object (with Group members). Scope 1: every other agent named, authority included. An agent is
    /// linked once: <c>related_agents</c> reads both scopes, so a second row for the actor would only take room.
    /// </summary>
    private static IEnumerable<(string Key, short Scope)> AgentLinks(PendingStatement row)
    {
        var direct = row.Statement.Facts.Agents;
        foreach (var key in direct)
        {
            yield return (key, 0);
        }
        var related = new HashSet<string>(row.Statement.Facts.RelatedAgents, StringComparer.Ordinal);
        related.UnionWith(row.Request.Authority.Keys);
        related.ExceptWith(direct);
        foreach (var key in related)
        {
            yield return (key, 1);
        }
    }

    /// <summary>Scope 0: the object Activity. Scope 1: every other Activity named (<c>related_activities</c> reads both).</summary>
    private static IEnumerable<(string Key, short Scope)> ActivityLinks(PendingStatement row)
    {
        var activity = row.Statement.Facts.ObjectActivityId;
        if (activity is not null)
        {
            yield return (activity, 0);
        }
        foreach (var key in row.Statement.Facts.RelatedActivities)
        {
            if (key != activity)
            {
                yield return (key, 1);
            }
        }
    }

    /// <summary>Marks stored statements voided by the batch's voiding statements (never a voiding statement itself).</summary>
    public static async Task VoidAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql, HashSet<Guid> targets, CancellationToken cancellationToken)
    {
        foreach (var chunk in targets.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (sql.IsPostgres)
            {
                command.CommandText = "UPDATE lrs_statements SET voided = TRUE WHERE id = ANY(@ids) AND voids_id IS NULL";
                ProviderSql.Add(command, "@ids", chunk);
            }
            else
            {
                command.CommandText = $"UPDATE lrs_statements SET voided = 1 WHERE voids_id IS NULL AND id IN ({ProviderSql.InList(command, "i", chunk, id => sql.Uuid(id))})";
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Attachment data by SHA-2, once per hash (the same data under another statement is already there).</summary>
    public static async Task StoreAttachmentsAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql, List<PendingStatement> rows,
        CancellationToken cancellationToken)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var header in row.Statement.Facts.Attachments)
            {
                if (!row.Request.Attachments.TryGetValue(header.Sha2, out var data) || !written.Add(header.Sha2))
                {
                    continue;
                }
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql.IsPostgres
                    ? "INSERT INTO lrs_attachments (sha2, content_type, length, content) VALUES (@sha2, @type, @length, @content) ON CONFLICT (sha2) DO NOTHING"
                    : "INSERT OR IGNORE INTO lrs_attachments (sha2, content_type, length, content) VALUES (@sha2, @type, @length, @content)";
                ProviderSql.Add(command, "@sha2", header.Sha2);
                ProviderSql.Add(command, "@type", data.ContentType);
                ProviderSql.Add(command, "@length", (long)data.Content.Length);
                ProviderSql.Add(command, "@content", data.Content);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}

/// <summary>While forwarding is on, every stored statement also joins <c>lrs_forward_queue</c>, in the same transaction.</summary>
internal static class ForwardQueueRows
{
    public const string InsertFromArrays = "INSERT INTO lrs_forward_queue (statement_id, stored, attempts) SELECT i, s, 0 FROM unnest(@i, @s) AS t(i, s)";

    public static IEnumerable<NpgsqlParameter> ArrayParameters(List<PendingStatement> rows)
    {
        yield return new NpgsqlParameter("i", rows.Select(r => r.Id).ToArray());
        yield return new NpgsqlParameter("s", rows.Select(r => r.Stored).ToArray());
    }

    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql, List<PendingStatement> rows,
        CancellationToken cancellationToken)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await using var importer = await npgsql.BeginBinaryImportAsync(
                "COPY lrs_forward_queue (statement_id, stored, attempts) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(row.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(row.Stored, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO lrs_forward_queue (statement_id, stored, attempts) VALUES (@id, @stored, 0)";
        var id = ProviderSql.Add(command, "@id", null);
        var stored = ProviderSql.Add(command, "@stored", null);
        foreach (var row in rows)
        {
            id.Value = sql.Uuid(row.Id);
            stored.Value = sql.Instant(row.Stored);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
