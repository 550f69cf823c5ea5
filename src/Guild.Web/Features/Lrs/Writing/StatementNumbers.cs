using System.Collections.Concurrent;
using System.Data.Common;
using Guild.Web.Platform.Data;

namespace Guild.Web.Features.Lrs.Writing;

/// <summary>The numbers a batch's rows use for verbs, agents and activities.</summary>
internal sealed record KeyNumbers(Dictionary<string, long> Verbs, Dictionary<string, long> Agents, Dictionary<string, long> Activities);

/// <summary>
/// Numbers for verbs, agents and activities (<c>lrs_verbs</c>, <c>lrs_agents</c>, <c>lrs_activities</c>):
/// from this node's caches, else inserted if new and read back inside the batch's transaction. What a
/// transaction numbered joins the caches only once it commits (<see cref="Numbering.Commit"/>).
/// </summary>
internal sealed class StatementNumbers
{
    private readonly LrsKeyCache _verbs = new();
    private readonly LrsKeyCache _agents = new();
    private readonly LrsKeyCache _activities = new();

    /// <summary>One transaction's numbering: the numbers it uses and the new ones it read, for the caches after the commit.</summary>
    public sealed class Numbering(StatementNumbers owner)
    {
        private readonly Dictionary<string, long> _verbs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _agents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _activities = new(StringComparer.Ordinal);

        public KeyNumbers Numbers { get; internal set; } = null!;

        public void Commit()
        {
            owner._verbs.AddRange(_verbs);
            owner._agents.AddRange(_agents);
            owner._activities.AddRange(_activities);
        }

        internal (Dictionary<string, long> Verbs, Dictionary<string, long> Agents, Dictionary<string, long> Activities) Pending => (_verbs, _agents, _activities);
    }

    /// <summary>Numbers every verb, agent (authority included) and activity the statements name.</summary>
    public async Task<Numbering> NumberAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql, List<PendingStatement> rows,
        CancellationToken cancellationToken)
    {
        var numbering = new Numbering(this);
        var (verbs, agents, activities) = numbering.Pending;
        numbering.Numbers = new KeyNumbers(
            await ResolveAsync(connection, transaction, sql, "lrs_verbs", "iri", _verbs, verbs,
                rows.Select(r => r.Statement.Facts.VerbId), cancellationToken),
            await ResolveAsync(connection, transaction, sql, "lrs_agents", "identifier", _agents, agents,
                rows.SelectMany(r => r.Statement.Facts.RelatedAgents.Concat(r.Request.Authority.Keys)), cancellationToken),
            await ResolveAsync(connection, transaction, sql, "lrs_activities", "iri", _activities, activities,
                rows.SelectMany(r => r.Statement.Facts.RelatedActivities), cancellationToken));
        return numbering;
    }

    /// <summary>Forgets every cached number: after something other than the writer rewrote the numbering tables (the demo generator).</summary>
    public void Forget()
    {
        _verbs.Clear();
        _agents.Clear();
        _activities.Clear();
    }

    /// <summary>Numbers for keys: from the cache, else inserted (if new) and read back inside the transaction.</summary>
    private static async Task<Dictionary<string, long>> ResolveAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql,
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
                ProviderSql.Add(command, "@keys", chunk);
            }
            else
            {
                var list = ProviderSql.InList(command, "k", chunk, key => key);
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
