using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Web.Features.Lrs.Writing;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Lrs;

public enum StatementFormat { Exact, Ids, Canonical }

/// <summary>
/// A statement query (Communication 2.1.3). Agent, verb, activity and registration filter; since/until
/// bound the stored time; <see cref="After"/> continues after a statement of a previous page.
/// </summary>
public sealed record StatementQuery
{
    public string? AgentKey { get; init; }
    public string? VerbId { get; init; }
    public string? ActivityId { get; init; }
    public Guid? Registration { get; init; }
    public bool RelatedActivities { get; init; }
    public bool RelatedAgents { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    /// <summary>1 to <see cref="StatementStore.MaxPageSize"/>.</summary>
    public int Limit { get; init; } = StatementStore.MaxPageSize;
    public bool Ascending { get; init; }
    /// <summary>The last statement of the previous page: (stored, id).</summary>
    public (DateTimeOffset Stored, Guid Id)? After { get; init; }
    /// <summary>Voided statements too (the admin statement browser; the xAPI resource never asks for them).</summary>
    public bool IncludeVoided { get; init; }

    public bool HasFilters => AgentKey is not null || VerbId is not null || ActivityId is not null || Registration is not null;
}

/// <summary>
/// One stored statement as queries return it. The stored form is kept as the UTF-8 bytes the database
/// sent, so a page of statements goes to the client without a round trip through UTF-16 strings.
/// </summary>
public sealed record StatementRecord(Guid Id, DateTimeOffset Stored, byte[] Json, bool HasAttachments, bool Voided)
{
    /// <summary>The stored form as text (decoded on each call).</summary>
    public string Document => System.Text.Encoding.UTF8.GetString(Json);
}

/// <summary>A page of statements and, when more match, the query that fetches the next page.</summary>
public sealed record StatementPage(IReadOnlyList<StatementRecord> Statements, StatementQuery? Next);

/// <summary>
/// The Learning Record Store's statements: the one internal API both the xAPI Statement resource
/// and Guild's own platform writer use. <see cref="StoreAsync(IReadOnlyList{Statement}, StatementAuthority, CancellationToken)"/> stores validated statements through
/// the group commit and answers only once they are durable (and so visible to the next read);
/// <see cref="GetAsync"/> and <see cref="QueryAsync"/> read them back.
/// </summary>
public sealed class StatementStore(GuildDb db, StatementWriter writer, TimeProvider clock)
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// Stores statements asserted by <paramref name="authority"/>, all or none. Statements without an
    /// id get one. Answers the ids in order; Conflict when an id already holds a different statement;
    /// Invalid when a statement voids a voiding statement or attachment data is missing.
    /// </summary>
    public Task<Result<IReadOnlyList<Guid>>> StoreAsync(IReadOnlyList<Statement> statements, StatementAuthority authority,
        CancellationToken cancellationToken) =>
        StoreAsync(statements, authority, clientId: null, new Dictionary<string, AttachmentData>(), cancellationToken);

    public async Task<Result<IReadOnlyList<Guid>>> StoreAsync(IReadOnlyList<Statement> statements, StatementAuthority authority,
        Guid? clientId, IReadOnlyDictionary<string, AttachmentData> attachments, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return Result<IReadOnlyList<Guid>>.Ok([]);
        }
        var ids = new Guid[statements.Count];
        var seen = new HashSet<Guid>();
        for (var i = 0; i < statements.Count; i++)
        {
            ids[i] = statements[i].Facts.Id ?? Guid.CreateVersion7(clock.GetUtcNow());
            if (!seen.Add(ids[i]))
            {
                return Result<IReadOnlyList<Guid>>.Invalid($"[{i}].id", $"repeats {ids[i]}: a batch must not hold two statements with one id");
            }
        }
        return await writer.WriteAsync(new WriteRequest(statements, ids, authority, clientId, attachments), cancellationToken);
    }

    /// <summary>Every statement stored before this instant is visible (X-Experience-API-Consistent-Through).</summary>
    public DateTimeOffset ConsistentThrough => writer.ConsistentThrough;

    /// <summary>
    /// One statement by id. A voided statement is found only when <paramref name="voided"/> is true
    /// (voidedStatementId), and a statement that is not voided only when it is false (Communication 2.1.4).
    /// </summary>
    public async Task<StatementRecord?> GetAsync(Guid id, bool voided, CancellationToken cancellationToken)
    {
        var sql = ProviderSql.For(db);
        var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, stored, document, has_attachments, voided FROM lrs_statements WHERE id = @id AND voided = @voided";
        ProviderSql.Add(command, "@id", sql.Uuid(id));
        ProviderSql.Add(command, "@voided", voided);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, sql) : null;
    }

    public async Task<StatementPage> QueryAsync(StatementQuery query, CancellationToken cancellationToken)
    {
        var sql = ProviderSql.For(db);
        var connection = await OpenAsync(cancellationToken);
        var limit = Math.Clamp(query.Limit, 1, MaxPageSize);
        var (rows, refsInWindow) = await DirectAsync(connection, sql, query, limit + 1, cancellationToken);
        // Only statements that target other statements can match through their target; when the window
        // has none (the usual case), there is nothing to walk.
        if (query.HasFilters && refsInWindow)
        {
            rows = await WithTargetingAsync(connection, sql, query, rows, limit + 1, cancellationToken);
        }
        if (rows.Count <= limit)
        {
            return new StatementPage(rows, null);
        }
        var page = rows.Take(limit).ToList();
        return new StatementPage(page, query with { After = (page[^1].Stored, page[^1].Id) });
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        return connection;
    }

    private static StatementRecord Read(DbDataReader reader, ProviderSql sql) =>
        new(sql.ReadUuid(reader, 0), sql.ReadInstant(reader, 1), ReadJson(reader, 2, sql), reader.GetBoolean(3), reader.GetBoolean(4));

    /// <summary>
    /// The JSON of a column as UTF-8. PostgreSQL sends jsonb in binary as a version byte (1) and the text;
    /// the raw column is read as it arrived, without decoding it into a string and encoding it back.
    /// </summary>
    private static byte[] ReadJson(DbDataReader reader, int ordinal, ProviderSql sql)
    {
        if (!sql.IsPostgres)
        {
            return System.Text.Encoding.UTF8.GetBytes(reader.GetString(ordinal));
        }
        using var stream = reader.GetStream(ordinal);
        var length = (int)stream.Length;
        var first = stream.ReadByte();
        if (first == 1)
        {
            var json = new byte[length - 1];
            stream.ReadExactly(json);
            return json;
        }
        // Not the jsonb version prefix: the column is plain text.
        var text = new byte[length];
        text[0] = (byte)first;
        stream.ReadExactly(text.AsSpan(1));
        return text;
    }

    /// <summary>
    /// Statements that match the filters themselves. The most selective index drives: the agent or
    /// activity link table (ordered by stored), else the verb, registration or stored-time index.
    /// </summary>
    private static async Task<(List<StatementRecord> Rows, bool RefsInWindow)> DirectAsync(DbConnection connection, ProviderSql sql, StatementQuery query, int take,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        string from;
        string order;
        // A related filter that drives reads its link table's two scopes: the same query once per scope, each an ordered
        // range of the key cut at the page size, then merged. (One subquery over both scopes let PostgreSQL sort every link
        // of the key first: 3.7 s for the authority every platform statement names, at 5 M.)
        var linkScopes = 1;
        var where = new List<string>();
        if (!query.IncludeVoided)
        {
            where.Add("NOT s.voided");
        }
        if (query.AgentKey is not null)
        {
            from = "lrs_statement_agents d JOIN lrs_statements s ON s.id = d.statement_id";
            where.Add("d.agent_id = (SELECT id FROM lrs_agents WHERE identifier = @agent)");
            linkScopes = query.RelatedAgents ? 2 : 1;
            ProviderSql.Add(command, "@agent", query.AgentKey);
            order = "d";
            AddActivityFilter(command, query, where, "s");
        }
        else if (query.ActivityId is not null)
        {
            from = "lrs_statement_activities d JOIN lrs_statements s ON s.id = d.statement_id";
            where.Add("d.activity_id = (SELECT id FROM lrs_activities WHERE iri = @activity)");
            linkScopes = query.RelatedActivities ? 2 : 1;
            ProviderSql.Add(command, "@activity", query.ActivityId);
            order = "d";
        }
        else
        {
            from = "lrs_statements s";
            order = "s";
        }
        if (query.VerbId is not null)
        {
            where.Add("s.verb_id = (SELECT id FROM lrs_verbs WHERE iri = @verb)");
            ProviderSql.Add(command, "@verb", query.VerbId);
        }
        if (query.Registration is { } registration)
        {
            where.Add("s.registration = @registration");
            ProviderSql.Add(command, "@registration", sql.Uuid(registration));
        }
        var storedColumn = order + ".stored";
        var idColumn = order == "d" ? "d.statement_id" : "s.id";
        AddWindow(command, sql, query, where, storedColumn, idColumn);
        var direction = query.Ascending ? "ASC" : "DESC";
        var condition = where.Count == 0 ? "TRUE" : string.Join(" AND ", where);
        string Page(string scope) => $"SELECT s.id, s.stored, s.document, s.has_attachments, s.voided FROM {from} WHERE {condition}{scope} " +
                                     $"ORDER BY {storedColumn} {direction}, {idColumn} {direction} LIMIT {take}";
        command.CommandText = order == "s"
            ? Page("")
            : linkScopes == 1
                ? Page(" AND d.scope = 0")
                : $"SELECT id, stored, document, has_attachments, voided FROM (SELECT * FROM ({Page(" AND d.scope = 0")}) direct " +
                  $"UNION ALL SELECT * FROM ({Page(" AND d.scope = 1")}) related) page ORDER BY stored {direction}, id {direction} LIMIT {take}";
        if (query.HasFilters)
        {
            // In the same round trip: does the window hold any statement that targets another (a probe of the
            // partial index of StatementRef statements)? Parameters are the ones the window above added.
            var window = new List<string> { "r.object_ref_id IS NOT NULL" };
            if (query.Since is not null)
            {
                window.Add("r.stored > @since");
            }
            if (query.Until is not null)
            {
                window.Add("r.stored <= @until");
            }
            if (query.After is not null)
            {
                window.Add($"(r.stored, r.id) {(query.Ascending ? ">" : "<")} (@afterStored, @afterId)");
            }
            command.CommandText += $"; SELECT EXISTS (SELECT 1 FROM lrs_statements r WHERE {string.Join(" AND ", window)})";
        }
        var rows = new List<StatementRecord>(Math.Min(take, 64));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader, sql));
        }
        var refsInWindow = false;
        if (query.HasFilters && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            refsInWindow = reader.GetBoolean(0);
        }
        return (rows, refsInWindow);
    }

    /// <summary>The scopes a probe of a statement's own link looks in: an equality per scope, so each is one key lookup.</summary>
    private static string Scopes(bool related) => related ? "IN (0, 1)" : "= 0";

    private static void AddActivityFilter(DbCommand command, StatementQuery query, List<string> where, string alias)
    {
        if (query.ActivityId is null)
        {
            return;
        }
        // The link table's key (activity, scope, stored, statement) answers the probe: the statement's stored time is known.
        where.Add($"EXISTS (SELECT 1 FROM lrs_statement_activities f WHERE f.stored = {alias}.stored AND f.statement_id = {alias}.id " +
                  $"AND f.scope {Scopes(query.RelatedActivities)} AND f.activity_id = (SELECT id FROM lrs_activities WHERE iri = @activity))");
        ProviderSql.Add(command, "@activity", query.ActivityId);
    }

    private static void AddWindow(DbCommand command, ProviderSql sql, StatementQuery query, List<string> where, string stored, string id)
    {
        if (query.Since is { } since)
        {
            where.Add($"{stored} > @since");
            ProviderSql.Add(command, "@since", sql.Instant(since));
        }
        if (query.Until is { } until)
        {
            where.Add($"{stored} <= @until");
            ProviderSql.Add(command, "@until", sql.Instant(until));
        }
        if (query.After is { } after)
        {
            where.Add($"({stored}, {id}) {(query.Ascending ? ">" : "<")} (@afterStored, @afterId)");
            ProviderSql.Add(command, "@afterStored", sql.Instant(after.Stored));
            ProviderSql.Add(command, "@afterId", sql.Uuid(after.Id));
        }
    }

    /// <summary>
    /// Communication 2.1.3.s3: a statement whose object is a StatementRef matches the filters when the
    /// statement it targets matches them (recursively); time bounds and paging still apply to the
    /// targeting statement. Statements with StatementRef objects have their own index in stored order,
    /// so only they are walked, and only up to the position where the direct matches already fill the page.
    /// </summary>
    private static async Task<List<StatementRecord>> WithTargetingAsync(DbConnection connection, ProviderSql sql, StatementQuery query,
        List<StatementRecord> direct, int take, CancellationToken cancellationToken)
    {
        var boundary = direct.Count >= take ? direct[take - 1] : null;
        var matched = new List<StatementRecord>();
        var cursor = query.After;
        while (matched.Count < take)
        {
            var candidates = new List<(StatementRecord Row, Guid Target)>();
            await using (var command = connection.CreateCommand())
            {
                var where = new List<string> { "s.object_ref_id IS NOT NULL" };
                if (!query.IncludeVoided)
                {
                    where.Add("NOT s.voided");
                }
                AddWindow(command, sql, query with { After = cursor }, where, "s.stored", "s.id");
                if (boundary is not null)
                {
                    where.Add($"(s.stored, s.id) {(query.Ascending ? "<" : ">")} (@boundaryStored, @boundaryId)");
                    ProviderSql.Add(command, "@boundaryStored", sql.Instant(boundary.Stored));
                    ProviderSql.Add(command, "@boundaryId", sql.Uuid(boundary.Id));
                }
                var direction = query.Ascending ? "ASC" : "DESC";
                command.CommandText = "SELECT s.id, s.stored, s.document, s.has_attachments, s.voided, s.object_ref_id FROM lrs_statements s " +
                                      $"WHERE {string.Join(" AND ", where)} ORDER BY s.stored {direction}, s.id {direction} LIMIT 200";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    candidates.Add((Read(reader, sql), sql.ReadUuid(reader, 5)));
                }
            }
            if (candidates.Count == 0)
            {
                break;
            }
            // Each candidate's chain of targets, followed up to ten StatementRefs deep.
            var chains = candidates.ToDictionary(c => c.Row.Id, c => new List<Guid> { c.Target });
            var frontier = candidates.Select(c => c.Target).Distinct().ToList();
            var nextOf = new Dictionary<Guid, Guid>();
            for (var depth = 0; depth < 10 && frontier.Count > 0; depth++)
            {
                var found = await TargetsOfAsync(connection, sql, frontier, cancellationToken);
                foreach (var (id, target) in found)
                {
                    nextOf[id] = target;
                }
                frontier = found.Values.Where(t => !nextOf.ContainsKey(t)).Distinct().ToList();
            }
            foreach (var chain in chains.Values)
            {
                while (chain.Count < 11 && nextOf.TryGetValue(chain[^1], out var next) && !chain.Contains(next))
                {
                    chain.Add(next);
                }
            }
            var matching = await MatchingAsync(connection, sql, query, chains.Values.SelectMany(c => c).Distinct().ToList(), cancellationToken);
            foreach (var (row, _) in candidates)
            {
                if (chains[row.Id].Any(matching.Contains))
                {
                    matched.Add(row);
                }
            }
            cursor = (candidates[^1].Row.Stored, candidates[^1].Row.Id);
            if (candidates.Count < 200)
            {
                break;
            }
        }
        if (matched.Count == 0)
        {
            return direct;
        }
        var merged = direct.Concat(matched).DistinctBy(r => r.Id);
        var ordered = query.Ascending
            ? merged.OrderBy(r => r.Stored).ThenBy(r => r.Id, IdOrder(sql))
            : merged.OrderByDescending(r => r.Stored).ThenByDescending(r => r.Id, IdOrder(sql));
        return ordered.Take(take).ToList();
    }

    /// <summary>Ties in stored time sort by id the way the database sorts them.</summary>
    private static Comparer<Guid> IdOrder(ProviderSql sql) => sql.IsPostgres
        ? Comparer<Guid>.Create((a, b) => string.CompareOrdinal(a.ToString("N"), b.ToString("N")))
        : Comparer<Guid>.Create((a, b) => string.CompareOrdinal(a.ToString("D").ToUpperInvariant(), b.ToString("D").ToUpperInvariant()));

    private static async Task<Dictionary<Guid, Guid>> TargetsOfAsync(DbConnection connection, ProviderSql sql, List<Guid> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, Guid>();
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, object_ref_id FROM lrs_statements WHERE object_ref_id IS NOT NULL AND id IN ({ProviderSql.InList(command, "t", chunk, id => sql.Uuid(id))})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result[sql.ReadUuid(reader, 0)] = sql.ReadUuid(reader, 1);
            }
        }
        return result;
    }

    /// <summary>Which of these statements match the filters themselves (voided or not: targeting still counts).</summary>
    private static async Task<HashSet<Guid>> MatchingAsync(DbConnection connection, ProviderSql sql, StatementQuery query, List<Guid> ids, CancellationToken cancellationToken)
    {
        var result = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var where = new List<string> { $"s.id IN ({ProviderSql.InList(command, "m", chunk, id => sql.Uuid(id))})" };
            if (query.AgentKey is not null)
            {
                where.Add($"EXISTS (SELECT 1 FROM lrs_statement_agents g WHERE g.stored = s.stored AND g.statement_id = s.id AND g.scope {Scopes(query.RelatedAgents)} " +
                          "AND g.agent_id = (SELECT id FROM lrs_agents WHERE identifier = @agent))");
                ProviderSql.Add(command, "@agent", query.AgentKey);
            }
            AddActivityFilter(command, query, where, "s");
            if (query.VerbId is not null)
            {
                where.Add("s.verb_id = (SELECT id FROM lrs_verbs WHERE iri = @verb)");
                ProviderSql.Add(command, "@verb", query.VerbId);
            }
            if (query.Registration is { } registration)
            {
                where.Add("s.registration = @registration");
                ProviderSql.Add(command, "@registration", sql.Uuid(registration));
            }
            command.CommandText = $"SELECT s.id FROM lrs_statements s WHERE {string.Join(" AND ", where)}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(sql.ReadUuid(reader, 0));
            }
        }
        return result;
    }

    /// <summary>The canonical definition of an Activity, if any statement has defined it.</summary>
    public async Task<(bool Known, string? Definition)> ActivityAsync(string activityId, CancellationToken cancellationToken)
    {
        var activity = await db.Set<LrsActivity>().AsNoTracking().Where(a => a.Iri == activityId)
            .Select(a => new { a.Definition }).FirstOrDefaultAsync(cancellationToken);
        return (activity is not null, activity?.Definition);
    }

    /// <summary>Canonical definitions for many Activities at once (the "canonical" format).</summary>
    public async Task<Dictionary<string, JsonObject>> DefinitionsAsync(IReadOnlyCollection<string> activityIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var chunk in activityIds.Chunk(500))
        {
            var rows = await db.Set<LrsActivity>().AsNoTracking().Where(a => chunk.Contains(a.Iri) && a.Definition != null)
                .Select(a => new { a.Iri, a.Definition }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                result[row.Iri] = JsonNode.Parse(row.Definition!)!.AsObject();
            }
        }
        return result;
    }

    /// <summary>Attachment data by SHA-2, for attachments=true.</summary>
    public async Task<IReadOnlyList<LrsAttachment>> AttachmentsAsync(IReadOnlyCollection<string> sha2s, CancellationToken cancellationToken)
    {
        var result = new List<LrsAttachment>();
        foreach (var chunk in sha2s.Chunk(200))
        {
            result.AddRange(await db.Set<LrsAttachment>().AsNoTracking().Where(a => chunk.Contains(a.Sha2)).ToListAsync(cancellationToken));
        }
        return result;
    }

    /// <summary>Whether an agent key appears in any statement, and the names it was given (the Agents resource's Person).</summary>
    public static IEnumerable<string> AttachmentHashes(JsonElement statement)
    {
        if (statement.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            foreach (var attachment in attachments.EnumerateArray())
            {
                if (attachment.TryGetProperty("sha2", out var sha2) && sha2.GetString() is { } text)
                {
                    yield return text.ToLowerInvariant();
                }
            }
        }
    }
}
