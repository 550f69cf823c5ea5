using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Guild.Web.Features.Lrs;

/// <summary>Attachment data received with statements, by SHA-2.</summary>
public sealed record AttachmentData(string ContentType, byte[] Content);

/// <summary>One caller's statements on their way to the database: all of them are stored, or none.</summary>
internal sealed class WriteRequest(IReadOnlyList<Statement> statements, Guid[] ids, StatementAuthority authority, Guid? clientId,
    IReadOnlyDictionary<string, AttachmentData> attachments)
{
    public IReadOnlyList<Statement> Statements { get; } = statements;
    public Guid[] Ids { get; } = ids;
    public StatementAuthority Authority { get; } = authority;
    public Guid? ClientId { get; } = clientId;
    public IReadOnlyDictionary<string, AttachmentData> Attachments { get; } = attachments;
    public TaskCompletionSource<Result<IReadOnlyList<Guid>>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class LrsWriterOptions
{
    /// <summary>Most statements one transaction takes.</summary>
    public int MaxBatchStatements { get; set; } = 2000;
    /// <summary>How long the writer waits for more work after the first request of a batch; 0 takes what is queued.</summary>
    public int LingerMilliseconds { get; set; }
    /// <summary>
    /// Transactions in flight at once on PostgreSQL (SQLite has one writer). PostgreSQL's work for a batch
    /// (index and jsonb maintenance) runs on one core per connection, so a second writer uses the second core.
    /// </summary>
    public int Writers { get; set; } = 2;
}

/// <summary>
/// The group commit. Requests hand their validated statements to this single writer; it takes
/// everything queued (up to <see cref="LrsWriterOptions.MaxBatchStatements"/>), checks repeated ids and
/// voiding against the database and against earlier requests of the same batch, writes the accepted
/// statements and their index rows in one transaction (binary COPY on PostgreSQL), commits, and only
/// then completes each request. A request whose statements conflict fails alone; if the transaction
/// itself fails (another node or writer stored one of the ids a moment ago), each request is retried on its own.
/// On PostgreSQL several writers run at once (<see cref="LrsWriterOptions.Writers"/>); a batch that voids
/// takes the LRS's advisory lock exclusively, so a voiding statement and its target are never stored by two
/// transactions that cannot see each other.
/// </summary>
public sealed class StatementWriter(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    Forwarding.LrsForwardingSwitch forwarding,
    IOptions<LrsWriterOptions> options,
    DatabaseInfo database,
    ILogger<StatementWriter> logger) : BackgroundService
{
    /// <summary>The key of the advisory lock between writers (any node): shared for a batch, exclusive for one that voids.</summary>
    private const long VoidingLockKey = 0x4C52_5356_4F49; // "LRSVOI"

    private readonly Channel<WriteRequest> _queue = Channel.CreateBounded<WriteRequest>(new BoundedChannelOptions(20_000)
    {
        SingleReader = false,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly LrsKeyCache _verbs = new();
    private readonly LrsKeyCache _agents = new();
    private readonly LrsKeyCache _activities = new();
    private readonly ConcurrentDictionary<long, string?> _definitions = new();
    private readonly Lock _storedLock = new();
    private readonly List<long> _inFlight = [];
    private DateTimeOffset _lastStored = DateTimeOffset.MinValue;

    internal async Task<Result<IReadOnlyList<Guid>>> WriteAsync(WriteRequest request, CancellationToken cancellationToken)
    {
        await _queue.Writer.WriteAsync(request, cancellationToken);
        // Once queued, the statements are the writer's until it is done with them: the caller waits even
        // if its HTTP request is aborted, so the JSON document the statements point into (disposed with
        // the response) is never disposed under the writer's feet.
        return await request.Done.Task;
    }

    /// <summary>
    /// Every statement stored before this instant is readable (X-Experience-API-Consistent-Through):
    /// now, or just before the stored time of a batch this node is still committing.
    /// </summary>
    public DateTimeOffset ConsistentThrough
    {
        get
        {
            var now = LrsSql.Truncate(clock.GetUtcNow());
            lock (_storedLock)
            {
                return _inFlight.Count == 0 ? now : Min(now, new DateTimeOffset(_inFlight.Min() - 10, TimeSpan.Zero));
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Stored times for a batch: ascending within it and after every earlier batch of this node, to the microsecond.</summary>
    private DateTimeOffset ReserveStored(int count)
    {
        lock (_storedLock)
        {
            var start = LrsSql.Truncate(clock.GetUtcNow());
            if (start <= _lastStored)
            {
                start = _lastStored.AddTicks(10);
            }
            _lastStored = start.AddTicks(10L * (count - 1));
            _inFlight.Add(start.UtcTicks);
            return start;
        }
    }

    private void Release(DateTimeOffset start)
    {
        lock (_storedLock)
        {
            _inFlight.Remove(start.UtcTicks);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writers = database.Provider == DatabaseProvider.Postgres ? Math.Max(1, options.Value.Writers) : 1;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => WriteLoopAsync(stoppingToken), CancellationToken.None)));
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batch = new List<WriteRequest>();
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            var count = 0;
            if (options.Value.LingerMilliseconds > 0)
            {
                await Task.Delay(options.Value.LingerMilliseconds, stoppingToken);
            }
            while (count < options.Value.MaxBatchStatements && reader.TryRead(out var request))
            {
                batch.Add(request);
                count += request.Statements.Count;
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                await ProcessAsync(batch, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "A batch of {Count} statement requests failed; retrying each alone.", batch.Count);
                foreach (var request in batch)
                {
                    await ProcessAloneAsync(request, stoppingToken);
                }
            }
        }
    }

    /// <summary>
    /// One request in a transaction of its own, twice if need be: the first failure is usually another
    /// writer having just stored the same id, which the second attempt sees and compares.
    /// </summary>
    private async Task ProcessAloneAsync(WriteRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ProcessAsync([request], cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (attempt < 2)
                {
                    continue;
                }
                logger.LogError(exception, "Storing statements failed.");
                request.Done.TrySetException(exception);
                return;
            }
        }
    }

    private sealed class Row(WriteRequest request, int index)
    {
        public WriteRequest Request { get; } = request;
        public Statement Statement { get; } = request.Statements[index];
        public Guid Id { get; } = request.Ids[index];
        public DateTimeOffset Stored { get; set; }
        public bool Voided { get; set; }
        public string Document { get; set; } = "";
    }

    private async Task ProcessAsync(List<WriteRequest> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        var sql = LrsSql.For(db);
        var connection = db.Database.GetDbConnection();
        var outcomes = new List<(WriteRequest Request, Result<IReadOnlyList<Guid>> Result)>();
        DateTimeOffset? reserved = null;
        await connection.OpenAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (sql.IsPostgres)
            {
                await LockAsync(connection, transaction, batch.Any(r => r.Statements.Any(s => s.Facts.IsVoiding)), cancellationToken);
            }

            // 1. What the database already knows about these ids and voiding targets.
            var ids = new HashSet<Guid>();
            foreach (var request in batch)
            {
                ids.UnionWith(request.Ids);
                foreach (var statement in request.Statements)
                {
                    if (statement.Facts.IsVoiding && statement.Facts.ObjectStatementRef is { } target)
                    {
                        ids.Add(target);
                    }
                }
            }
            var (existing, targetedByExisting) = await ExistingAsync(connection, transaction, sql, ids, cancellationToken);

            // 2. Decide request by request; a conflicting request fails alone.
            var accepted = new Dictionary<Guid, Row>();
            var rows = new List<Row>();
            foreach (var request in batch)
            {
                var failure = Check(request, existing, accepted);
                if (failure is not null)
                {
                    outcomes.Add((request, failure));
                    continue;
                }
                for (var i = 0; i < request.Statements.Count; i++)
                {
                    var id = request.Ids[i];
                    if (existing.ContainsKey(id) || accepted.ContainsKey(id))
                    {
                        continue; // the same statement again: accepted, nothing changes
                    }
                    var row = new Row(request, i);
                    accepted[id] = row;
                    rows.Add(row);
                }
                outcomes.Add((request, Result<IReadOnlyList<Guid>>.Ok(request.Ids)));
            }

            if (rows.Count > 0)
            {
                // 3. Stored times: ascending within the batch and across batches, to the microsecond.
                var start = ReserveStored(rows.Count);
                reserved = start;
                for (var i = 0; i < rows.Count; i++)
                {
                    rows[i].Stored = start.AddTicks(10L * i);
                }

                // 4. Voiding: targets in the database, in this batch, and new statements already targeted.
                var voidingTargets = new HashSet<Guid>();
                foreach (var row in rows)
                {
                    if (row.Statement.Facts.IsVoiding && row.Statement.Facts.ObjectStatementRef is { } target)
                    {
                        voidingTargets.Add(target);
                    }
                }
                foreach (var row in rows)
                {
                    row.Voided = !row.Statement.Facts.IsVoiding && (targetedByExisting.Contains(row.Id) || voidingTargets.Contains(row.Id));
                    row.Document = StatementDocument.Write(row.Statement, row.Id, row.Stored, row.Request.Authority);
                }

                // 5. Numbers for verbs, agents and activities; then the rows.
                var pending = new PendingKeys();
                var verbIds = await ResolveAsync(connection, transaction, sql, "lrs_verbs", "iri", _verbs, pending.Verbs,
                    rows.Select(r => r.Statement.Facts.VerbId), cancellationToken);
                var agentIds = await ResolveAsync(connection, transaction, sql, "lrs_agents", "identifier", _agents, pending.Agents,
                    rows.SelectMany(r => r.Statement.Facts.RelatedAgents.Concat(r.Request.Authority.Keys)), cancellationToken);
                var activityIds = await ResolveAsync(connection, transaction, sql, "lrs_activities", "iri", _activities, pending.Activities,
                    rows.SelectMany(r => r.Statement.Facts.RelatedActivities), cancellationToken);

                var forward = await forwarding.IsOnAsync(connection, transaction, cancellationToken);
                if (sql.IsPostgres && rows.Count <= PipelinedRows)
                {
                    // A few statements (single POSTs under load): every row, count and queue entry in one round trip.
                    await InsertPipelinedAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, rows, verbIds, agentIds, activityIds, forward,
                        cancellationToken);
                }
                else
                {
                    if (sql.IsPostgres)
                    {
                        await CopyAsync((NpgsqlConnection)connection, rows, verbIds, agentIds, activityIds, cancellationToken);
                    }
                    else
                    {
                        await InsertAsync(connection, transaction, sql, rows, verbIds, agentIds, activityIds, cancellationToken);
                    }
                    await CountAsync(connection, transaction, sql, rows, cancellationToken);
                    if (forward)
                    {
                        await EnqueueForwardingAsync(connection, transaction, sql, rows, cancellationToken);
                    }
                }
                if (voidingTargets.Count > 0)
                {
                    await VoidAsync(connection, transaction, sql, voidingTargets, cancellationToken);
                }
                var definitions = await DefineAsync(connection, transaction, sql, rows, activityIds, cancellationToken);
                await StoreAttachmentsAsync(connection, transaction, sql, rows, cancellationToken);

                await transaction.CommitAsync(cancellationToken);
                pending.CommitTo(_verbs, _agents, _activities);
                foreach (var (activity, definition) in definitions)
                {
                    _definitions[activity] = definition;
                }
            }
            else
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch
        {
            // The transaction rolled back; forget definitions read inside it.
            _definitions.Clear();
            throw;
        }
        finally
        {
            if (reserved is { } start)
            {
                Release(start);
            }
            await connection.CloseAsync();
        }
        // Only now, after the commit, does anyone hear that their statements are stored.
        foreach (var (request, result) in outcomes)
        {
            request.Done.TrySetResult(result);
        }
    }

    private sealed record Existing(bool IsVoiding, string Submitted);

    /// <summary>Held until the transaction ends: writers share it; a batch that voids waits until it is alone.</summary>
    private static async Task LockAsync(DbConnection connection, DbTransaction transaction, bool exclusive, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = exclusive
            ? $"SELECT pg_advisory_xact_lock({VoidingLockKey})"
            : $"SELECT pg_advisory_xact_lock_shared({VoidingLockKey})";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A request fails when one of its ids holds a different statement (409), or when it voids a
    /// voiding statement (400: "Any Statement that voids another cannot itself be voided").
    /// </summary>
    private static Result<IReadOnlyList<Guid>>? Check(WriteRequest request, Dictionary<Guid, Existing> existing, Dictionary<Guid, Row> accepted)
    {
        for (var i = 0; i < request.Statements.Count; i++)
        {
            var statement = request.Statements[i];
            var id = request.Ids[i];
            JsonElement? earlier = null;
            if (existing.TryGetValue(id, out var stored))
            {
                using var document = JsonDocument.Parse(stored.Submitted);
                if (!StatementComparer.AreSame(document.RootElement, statement.Json))
                {
                    return Conflict(id);
                }
                continue;
            }
            if (accepted.TryGetValue(id, out var row))
            {
                earlier = row.Statement.Json;
                if (!StatementComparer.AreSame(earlier.Value, statement.Json))
                {
                    return Conflict(id);
                }
            }
            if (statement.Facts.IsVoiding && statement.Facts.ObjectStatementRef is { } target)
            {
                var targetIsVoiding = (existing.TryGetValue(target, out var targetRow) && targetRow.IsVoiding)
                    || (accepted.TryGetValue(target, out var batchRow) && batchRow.Statement.Facts.IsVoiding)
                    || IndexOf(request, target) is { } inRequest && request.Statements[inRequest].Facts.IsVoiding;
                if (targetIsVoiding)
                {
                    return Result<IReadOnlyList<Guid>>.Invalid(Prefix(request, i) + "object.id",
                        $"targets {target}, which is itself a voiding statement: a voiding statement cannot be voided");
                }
            }
        }
        return null;
    }

    private static Result<IReadOnlyList<Guid>> Conflict(Guid id) =>
        Result<IReadOnlyList<Guid>>.Conflict($"A different statement with id {id} is already stored; statements cannot be changed.");

    private static string Prefix(WriteRequest request, int index) => request.Statements.Count > 1 ? $"[{index}]." : "";

    private static int? IndexOf(WriteRequest request, Guid id)
    {
        var index = Array.IndexOf(request.Ids, id);
        return index < 0 ? null : index;
    }

    /// <summary>
    /// What the database knows about these ids: the statements stored under them, and which of them
    /// a stored voiding statement already targets (a voiding statement may arrive before its target).
    /// One round trip on PostgreSQL.
    /// </summary>
    private static async Task<(Dictionary<Guid, Existing> Existing, HashSet<Guid> Targeted)> ExistingAsync(DbConnection connection,
        DbTransaction transaction, LrsSql sql, HashSet<Guid> ids, CancellationToken cancellationToken)
    {
        var existing = new Dictionary<Guid, Existing>();
        var targeted = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (sql.IsPostgres)
            {
                command.CommandText = "SELECT id, voids_id IS NOT NULL, submitted FROM lrs_statements WHERE id = ANY(@ids); " +
                                      "SELECT voids_id FROM lrs_statements WHERE voids_id = ANY(@ids)";
                LrsSql.Add(command, "@ids", chunk);
            }
            else
            {
                var list = LrsSql.InList(command, "i", chunk, id => sql.Uuid(id));
                command.CommandText = $"SELECT id, voids_id IS NOT NULL, submitted FROM lrs_statements WHERE id IN ({list}); " +
                                      $"SELECT voids_id FROM lrs_statements WHERE voids_id IN ({list})";
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing[sql.ReadUuid(reader, 0)] = new Existing(reader.GetBoolean(1), reader.GetString(2));
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                targeted.Add(sql.ReadUuid(reader, 0));
            }
        }
        return (existing, targeted);
    }

    private sealed class PendingKeys
    {
        public Dictionary<string, long> Verbs { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Agents { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, long> Activities { get; } = new(StringComparer.Ordinal);

        public void CommitTo(LrsKeyCache verbs, LrsKeyCache agents, LrsKeyCache activities)
        {
            verbs.AddRange(Verbs);
            agents.AddRange(Agents);
            activities.AddRange(Activities);
        }
    }

    /// <summary>Numbers for keys: from the cache, else inserted (if new) and read back inside the transaction.</summary>
    private static async Task<Dictionary<string, long>> ResolveAsync(DbConnection connection, DbTransaction transaction, LrsSql sql,
        string table, string column, LrsKeyCache cache, Dictionary<string, long> pending, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in keys)
        {
            if (result.ContainsKey(key))
            {
                continue;
            }
            if (cache.TryGet(key, out var id))
            {
                result[key] = id;
            }
            else if (!missing.Contains(key))
            {
                missing.Add(key);
                result[key] = 0;
            }
        }
        // In one order on every writer, so two transactions adding the same new keys wait instead of deadlocking.
        missing.Sort(StringComparer.Ordinal);
        foreach (var chunk in missing.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (sql.IsPostgres)
            {
                command.CommandText = $"INSERT INTO {table} ({column}) SELECT unnest(@keys) ON CONFLICT ({column}) DO NOTHING; " +
                                      $"SELECT id, {column} FROM {table} WHERE {column} = ANY(@keys)";
                LrsSql.Add(command, "@keys", chunk);
            }
            else
            {
                var list = LrsSql.InList(command, "k", chunk, key => key);
                command.CommandText = $"INSERT OR IGNORE INTO {table} ({column}) VALUES {string.Join(", ", chunk.Select((_, i) => $"(@k{i})"))}; " +
                                      $"SELECT id, {column} FROM {table} WHERE {column} IN ({list})";
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetInt64(0);
                    var key = reader.GetString(1);
                    result[key] = id;
                    pending[key] = id;
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        return result;
    }

    /// <summary>Up to this many rows go in one pipelined batch of INSERT … SELECT FROM unnest(…); more go by COPY.</summary>
    private const int PipelinedRows = 200;

    private static async Task InsertPipelinedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<Row> rows,
        Dictionary<string, long> verbs, Dictionary<string, long> agents, Dictionary<string, long> activities, bool forward,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var statements = new NpgsqlBatchCommand(
            "INSERT INTO lrs_statements (id, stored, verb_id, registration, voided, voids_id, object_ref_id, has_attachments, client_id, submitted, document) " +
            "SELECT i, s, v, r, vd, vo, rf, a, c, sub, CAST(doc AS jsonb) FROM unnest(@i, @s, @v, @r, @vd, @vo, @rf, @a, @c, @sub, @doc) " +
            "AS t(i, s, v, r, vd, vo, rf, a, c, sub, doc)");
        statements.Parameters.Add(new NpgsqlParameter("i", rows.Select(r => r.Id).ToArray()));
        statements.Parameters.Add(new NpgsqlParameter("s", rows.Select(r => r.Stored).ToArray()));
        statements.Parameters.Add(new NpgsqlParameter("v", rows.Select(r => verbs[r.Statement.Facts.VerbId]).ToArray()));
        statements.Parameters.Add(new NpgsqlParameter("r", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(r => r.Statement.Facts.Registration).ToArray() });
        statements.Parameters.Add(new NpgsqlParameter("vd", rows.Select(r => r.Voided).ToArray()));
        statements.Parameters.Add(new NpgsqlParameter("vo", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
            { Value = rows.Select(r => r.Statement.Facts.IsVoiding ? r.Statement.Facts.ObjectStatementRef : null).ToArray() });
        statements.Parameters.Add(new NpgsqlParameter("rf", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(r => r.Statement.Facts.ObjectStatementRef).ToArray() });
        statements.Parameters.Add(new NpgsqlParameter("a", rows.Select(r => r.Statement.Facts.Attachments.Count > 0).ToArray()));
        statements.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rows.Select(r => r.Request.ClientId).ToArray() });
        statements.Parameters.Add(new NpgsqlParameter("sub", rows.Select(r => r.Statement.Json.GetRawText()).ToArray()));
        statements.Parameters.Add(new NpgsqlParameter("doc", rows.Select(r => r.Document).ToArray()));
        batch.BatchCommands.Add(statements);

        batch.BatchCommands.Add(LinksCommand("lrs_statement_agents", "agent_id",
            rows.SelectMany(row => AgentLinks(row).Select(link => (agents[link.Key], link.Scope, row.Stored, row.Id))).ToList()));
        batch.BatchCommands.Add(LinksCommand("lrs_statement_activities", "activity_id",
            rows.SelectMany(row => ActivityLinks(row).Select(link => (activities[link.Key], link.Scope, row.Stored, row.Id))).ToList()));

        var buckets = rows.GroupBy(r => LrsStatementCount.BucketOf(r.Stored)).Select(g => (Bucket: g.Key, Count: (long)g.Count())).ToList();
        var counts = new NpgsqlBatchCommand("INSERT INTO lrs_statement_counts (bucket, statements) SELECT * FROM unnest(@b, @n) " +
                                            "ON CONFLICT (bucket) DO UPDATE SET statements = lrs_statement_counts.statements + EXCLUDED.statements");
        counts.Parameters.Add(new NpgsqlParameter("b", buckets.Select(b => b.Bucket).ToArray()));
        counts.Parameters.Add(new NpgsqlParameter("n", buckets.Select(b => b.Count).ToArray()));
        batch.BatchCommands.Add(counts);

        if (forward)
        {
            var queue = new NpgsqlBatchCommand("INSERT INTO lrs_forward_queue (statement_id, stored, attempts) SELECT i, s, 0 FROM unnest(@i, @s) AS t(i, s)");
            queue.Parameters.Add(new NpgsqlParameter("i", rows.Select(r => r.Id).ToArray()));
            queue.Parameters.Add(new NpgsqlParameter("s", rows.Select(r => r.Stored).ToArray()));
            batch.BatchCommands.Add(queue);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand LinksCommand(string table, string keyColumn, List<(long Key, short Scope, DateTimeOffset Stored, Guid Id)> links)
    {
        var command = new NpgsqlBatchCommand($"INSERT INTO {table} ({keyColumn}, scope, stored, statement_id) SELECT * FROM unnest(@k, @sc, @st, @i)");
        command.Parameters.Add(new NpgsqlParameter("k", links.Select(l => l.Key).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("sc", links.Select(l => l.Scope).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("st", links.Select(l => l.Stored).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("i", links.Select(l => l.Id).ToArray()));
        return command;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<Row> rows, Dictionary<string, long> verbs,
        Dictionary<string, long> agents, Dictionary<string, long> activities, CancellationToken cancellationToken)
    {
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY lrs_statements (id, stored, verb_id, registration, voided, voids_id, object_ref_id, has_attachments, client_id, submitted, document) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                var facts = row.Statement.Facts;
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(row.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(row.Stored, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(verbs[facts.VerbId], NpgsqlDbType.Bigint, cancellationToken);
                await WriteNullableAsync(importer, facts.Registration, cancellationToken);
                await importer.WriteAsync(row.Voided, NpgsqlDbType.Boolean, cancellationToken);
                await WriteNullableAsync(importer, facts.IsVoiding ? facts.ObjectStatementRef : null, cancellationToken);
                await WriteNullableAsync(importer, facts.ObjectStatementRef, cancellationToken);
                await importer.WriteAsync(facts.Attachments.Count > 0, NpgsqlDbType.Boolean, cancellationToken);
                await WriteNullableAsync(importer, row.Request.ClientId, cancellationToken);
                await importer.WriteAsync(row.Statement.Json.GetRawText(), NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(row.Document, NpgsqlDbType.Jsonb, cancellationToken);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await CopyLinksAsync(connection, "lrs_statement_agents", "agent_id", rows, AgentLinks, agents, cancellationToken);
        await CopyLinksAsync(connection, "lrs_statement_activities", "activity_id", rows, ActivityLinks, activities, cancellationToken);
    }

    /// <summary>The index rows that link statements to the agents or activities they mention, by binary COPY.</summary>
    private static async Task CopyLinksAsync(NpgsqlConnection connection, string table, string keyColumn, List<Row> rows,
        Func<Row, IEnumerable<(string Key, short Scope)>> links, Dictionary<string, long> keys, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({keyColumn}, scope, stored, statement_id) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            foreach (var (key, scope) in links(row))
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(keys[key], NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(scope, NpgsqlDbType.Smallint, cancellationToken);
                await importer.WriteAsync(row.Stored, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(row.Id, NpgsqlDbType.Uuid, cancellationToken);
            }
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, Guid? value, CancellationToken cancellationToken) =>
        value is { } id ? importer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    /// <summary>Scope 0: actor and object (with Group members). Scope 1: every agent named, authority included.</summary>
    private static IEnumerable<(string Key, short Scope)> AgentLinks(Row row)
    {
        foreach (var key in row.Statement.Facts.Agents)
        {
            yield return (key, 0);
        }
        var related = new HashSet<string>(row.Statement.Facts.RelatedAgents, StringComparer.Ordinal);
        related.UnionWith(row.Request.Authority.Keys);
        foreach (var key in related)
        {
            yield return (key, 1);
        }
    }

    /// <summary>Scope 0: the object Activity. Scope 1: every Activity named.</summary>
    private static IEnumerable<(string Key, short Scope)> ActivityLinks(Row row)
    {
        if (row.Statement.Facts.ObjectActivityId is { } activity)
        {
            yield return (activity, 0);
        }
        foreach (var key in row.Statement.Facts.RelatedActivities)
        {
            yield return (key, 1);
        }
    }

    private static readonly string[] StatementParameters =
        ["@id", "@stored", "@verb", "@registration", "@voided", "@voids", "@ref", "@attachments", "@client", "@submitted", "@document"];

    private static readonly string[] LinkParameters = ["@key", "@scope", "@stored", "@id"];

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, LrsSql sql, List<Row> rows,
        Dictionary<string, long> verbs, Dictionary<string, long> agents, Dictionary<string, long> activities, CancellationToken cancellationToken)
    {
        await using var statements = connection.CreateCommand();
        statements.Transaction = transaction;
        statements.CommandText = "INSERT INTO lrs_statements (id, stored, verb_id, registration, voided, voids_id, object_ref_id, has_attachments, client_id, submitted, document) " +
                                 "VALUES (@id, @stored, @verb, @registration, @voided, @voids, @ref, @attachments, @client, @submitted, @document)";
        var p = StatementParameters.Select(name => LrsSql.Add(statements, name, null)).ToArray();
        await using var agentLinks = connection.CreateCommand();
        agentLinks.Transaction = transaction;
        agentLinks.CommandText = "INSERT INTO lrs_statement_agents (agent_id, scope, stored, statement_id) VALUES (@key, @scope, @stored, @id)";
        var a = LinkParameters.Select(name => LrsSql.Add(agentLinks, name, null)).ToArray();
        await using var activityLinks = connection.CreateCommand();
        activityLinks.Transaction = transaction;
        activityLinks.CommandText = "INSERT INTO lrs_statement_activities (activity_id, scope, stored, statement_id) VALUES (@key, @scope, @stored, @id)";
        var b = LinkParameters.Select(name => LrsSql.Add(activityLinks, name, null)).ToArray();

        foreach (var row in rows)
        {
            var facts = row.Statement.Facts;
            var stored = sql.Instant(row.Stored);
            var id = sql.Uuid(row.Id);
            p[0].Value = id;
            p[1].Value = stored;
            p[2].Value = verbs[facts.VerbId];
            p[3].Value = sql.Uuid(facts.Registration) ?? DBNull.Value;
            p[4].Value = row.Voided;
            p[5].Value = sql.Uuid(facts.IsVoiding ? facts.ObjectStatementRef : null) ?? DBNull.Value;
            p[6].Value = sql.Uuid(facts.ObjectStatementRef) ?? DBNull.Value;
            p[7].Value = facts.Attachments.Count > 0;
            p[8].Value = sql.Uuid(row.Request.ClientId) ?? DBNull.Value;
            p[9].Value = row.Statement.Json.GetRawText();
            p[10].Value = row.Document;
            await statements.ExecuteNonQueryAsync(cancellationToken);
            foreach (var (key, scope) in AgentLinks(row))
            {
                a[0].Value = agents[key];
                a[1].Value = scope;
                a[2].Value = stored;
                a[3].Value = id;
                await agentLinks.ExecuteNonQueryAsync(cancellationToken);
            }
            foreach (var (key, scope) in ActivityLinks(row))
            {
                b[0].Value = activities[key];
                b[1].Value = scope;
                b[2].Value = stored;
                b[3].Value = id;
                await activityLinks.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static async Task VoidAsync(DbConnection connection, DbTransaction transaction, LrsSql sql, HashSet<Guid> targets, CancellationToken cancellationToken)
    {
        foreach (var chunk in targets.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (sql.IsPostgres)
            {
                command.CommandText = "UPDATE lrs_statements SET voided = TRUE WHERE id = ANY(@ids) AND voids_id IS NULL";
                LrsSql.Add(command, "@ids", chunk);
            }
            else
            {
                command.CommandText = $"UPDATE lrs_statements SET voided = 1 WHERE voids_id IS NULL AND id IN ({LrsSql.InList(command, "i", chunk, id => sql.Uuid(id))})";
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Merges the Activity definitions of the batch into the canonical ones (language maps gain
    /// languages, other properties take the newest value), writing only those that changed.
    /// </summary>
    private async Task<List<(long Activity, string? Definition)>> DefineAsync(DbConnection connection, DbTransaction transaction, LrsSql sql,
        List<Row> rows, Dictionary<string, long> activityIds, CancellationToken cancellationToken)
    {
        var incoming = new Dictionary<long, List<JsonElement>>();
        foreach (var row in rows)
        {
            foreach (var (activity, definition) in row.Statement.Facts.Definitions)
            {
                var id = activityIds[activity];
                if (!incoming.TryGetValue(id, out var list))
                {
                    incoming[id] = list = [];
                }
                list.Add(definition);
            }
        }
        if (incoming.Count == 0)
        {
            return [];
        }
        var unknown = incoming.Keys.Where(id => !_definitions.ContainsKey(id)).ToList();
        var current = new Dictionary<long, string?>();
        foreach (var id in incoming.Keys)
        {
            if (_definitions.TryGetValue(id, out var known))
            {
                current[id] = known;
            }
        }
        await ReadDefinitionsAsync(connection, transaction, unknown, current, forUpdate: false, cancellationToken);
        var changed = Merge(incoming, current);
        if (changed.Count > 0 && sql.IsPostgres)
        {
            // Another writer may be merging into the same activities: lock them (in one order) and merge
            // into what is committed now, so neither merge is lost.
            var locked = changed.Select(c => c.Item1).Order().ToList();
            await ReadDefinitionsAsync(connection, transaction, locked, current, forUpdate: true, cancellationToken);
            changed = Merge(incoming.Where(i => locked.Contains(i.Key)).ToDictionary(), current);
        }
        if (changed.Count == 0)
        {
            return changed;
        }
        var now = sql.Instant(clock.GetUtcNow());
        if (sql.IsPostgres)
        {
            // One statement for every changed definition of the batch.
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE lrs_activities AS a SET definition = CAST(v.definition AS jsonb), defined_at = @at " +
                                  "FROM unnest(@ids, @definitions) AS v(id, definition) WHERE a.id = v.id";
            LrsSql.Add(command, "@at", now);
            LrsSql.Add(command, "@ids", changed.Select(c => c.Item1).ToArray());
            LrsSql.Add(command, "@definitions", changed.Select(c => c.Item2).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
            return changed;
        }
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE lrs_activities SET definition = @definition, defined_at = @at WHERE id = @id";
            var definitionParameter = LrsSql.Add(update, "@definition", null);
            LrsSql.Add(update, "@at", now);
            var idParameter = LrsSql.Add(update, "@id", null);
            foreach (var (id, merged) in changed)
            {
                definitionParameter.Value = merged;
                idParameter.Value = id;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        return changed;
    }

    private static async Task ReadDefinitionsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> ids,
        Dictionary<long, string?> into, bool forUpdate, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT id, definition FROM lrs_activities WHERE id IN ({LrsSql.InList(command, "a", chunk, id => id)})" +
                                  (forUpdate ? " ORDER BY id FOR UPDATE" : "");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                into[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }
    }

    /// <summary>The activities whose definition the incoming ones change, with the merged definition.</summary>
    private List<(long, string?)> Merge(Dictionary<long, List<JsonElement>> incoming, Dictionary<long, string?> current)
    {
        var changed = new List<(long, string?)>();
        foreach (var (id, definitions) in incoming)
        {
            var before = current.GetValueOrDefault(id);
            // The usual case: the statement carries exactly the definition the LRS already holds.
            if (before is not null && definitions.TrueForAll(d => d.GetRawText() == before))
            {
                continue;
            }
            var merged = ActivityDefinitions.Merge(before, definitions);
            if (merged == before)
            {
                continue;
            }
            if (before is not null && merged is not null && JsonNode.DeepEquals(JsonNode.Parse(before), JsonNode.Parse(merged)))
            {
                // Only the formatting differs (jsonb's own, read from the database): remember the compact form.
                _definitions[id] = merged;
                continue;
            }
            changed.Add((id, merged));
        }
        return changed;
    }

    private static async Task StoreAttachmentsAsync(DbConnection connection, DbTransaction transaction, LrsSql sql, List<Row> rows, CancellationToken cancellationToken)
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
                LrsSql.Add(command, "@sha2", header.Sha2);
                LrsSql.Add(command, "@type", data.ContentType);
                LrsSql.Add(command, "@length", (long)data.Content.Length);
                LrsSql.Add(command, "@content", data.Content);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>The statements per quarter hour (see <see cref="LrsStatementCount"/>), in the same transaction as the statements.</summary>
    private static async Task CountAsync(DbConnection connection, DbTransaction transaction, LrsSql sql, List<Row> rows, CancellationToken cancellationToken)
    {
        var buckets = rows.GroupBy(r => LrsStatementCount.BucketOf(r.Stored)).Select(g => (Bucket: g.Key, Count: (long)g.Count())).ToList();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (sql.IsPostgres)
        {
            command.CommandText = "INSERT INTO lrs_statement_counts (bucket, statements) SELECT * FROM unnest(@buckets, @counts) " +
                                  "ON CONFLICT (bucket) DO UPDATE SET statements = lrs_statement_counts.statements + EXCLUDED.statements";
            LrsSql.Add(command, "@buckets", buckets.Select(b => b.Bucket).ToArray());
            LrsSql.Add(command, "@counts", buckets.Select(b => b.Count).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        command.CommandText = "INSERT INTO lrs_statement_counts (bucket, statements) VALUES (@bucket, @count) " +
                              "ON CONFLICT (bucket) DO UPDATE SET statements = statements + excluded.statements";
        var bucket = LrsSql.Add(command, "@bucket", null);
        var count = LrsSql.Add(command, "@count", null);
        foreach (var (at, n) in buckets)
        {
            bucket.Value = sql.Instant(at);
            count.Value = n;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>While forwarding is on, every stored statement also joins the forwarding queue, in the same transaction.</summary>
    private static async Task EnqueueForwardingAsync(DbConnection connection, DbTransaction transaction, LrsSql sql, List<Row> rows,
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
        var id = LrsSql.Add(command, "@id", null);
        var stored = LrsSql.Add(command, "@stored", null);
        foreach (var row in rows)
        {
            id.Value = sql.Uuid(row.Id);
            stored.Value = sql.Instant(row.Stored);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Forgets cached numbers and definitions (tests reset databases; operators restore backups).</summary>
    public void ForgetCaches()
    {
        _verbs.Clear();
        _agents.Clear();
        _activities.Clear();
        _definitions.Clear();
    }
}

/// <summary>A bounded map of keys (IRIs, agent identifiers) to their numbers; emptied when full rather than tracking use.</summary>
internal sealed class LrsKeyCache
{
    private const int Capacity = 200_000;
    private readonly ConcurrentDictionary<string, long> _map = new(StringComparer.Ordinal);

    public bool TryGet(string key, out long id) => _map.TryGetValue(key, out id);

    public void AddRange(Dictionary<string, long> entries)
    {
        if (_map.Count + entries.Count > Capacity)
        {
            _map.Clear();
        }
        foreach (var (key, id) in entries)
        {
            _map[key] = id;
        }
    }

    public void Clear() => _map.Clear();
}
