using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Web.Platform.Data;

namespace Guild.Web.Features.Lrs.Writing;

/// <summary>
/// Merges the Activity definitions statements carry into the canonical ones in <c>lrs_activities</c>
/// (<see cref="ActivityDefinitions.Merge"/>: language maps gain languages, other properties take the newest
/// value), writing only those that changed. Remembers the definitions it has seen committed, so the usual
/// statement, which repeats the definition the LRS holds, costs no query.
/// </summary>
internal sealed class DefinitionMerges(TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, string?> _known = new();

    /// <summary>Merges inside the batch's transaction; answers what changed, for <see cref="Commit"/> after the commit.</summary>
    public async Task<List<(long Activity, string? Definition)>> MergeAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql,
        List<PendingStatement> rows, Dictionary<string, long> activityIds, CancellationToken cancellationToken)
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
        var unknown = incoming.Keys.Where(id => !_known.ContainsKey(id)).ToList();
        var current = new Dictionary<long, string?>();
        foreach (var id in incoming.Keys)
        {
            if (_known.TryGetValue(id, out var known))
            {
                current[id] = known;
            }
        }
        await ReadAsync(connection, transaction, unknown, current, forUpdate: false, cancellationToken);
        var changed = Merge(incoming, current);
        if (changed.Count > 0 && sql.IsPostgres)
        {
            // Another writer may be merging into the same activities: lock them (in one order) and merge
            // into what is committed now, so neither merge is lost.
            var locked = changed.Select(c => c.Item1).Order().ToList();
            await ReadAsync(connection, transaction, locked, current, forUpdate: true, cancellationToken);
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
            ProviderSql.Add(command, "@at", now);
            ProviderSql.Add(command, "@ids", changed.Select(c => c.Item1).ToArray());
            ProviderSql.Add(command, "@definitions", changed.Select(c => c.Item2).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
            return changed;
        }
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = "UPDATE lrs_activities SET definition = @definition, defined_at = @at WHERE id = @id";
            var definitionParameter = ProviderSql.Add(update, "@definition", null);
            ProviderSql.Add(update, "@at", now);
            var idParameter = ProviderSql.Add(update, "@id", null);
            foreach (var (id, merged) in changed)
            {
                definitionParameter.Value = merged;
                idParameter.Value = id;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        return changed;
    }

    /// <summary>The batch committed: its merged definitions are what the database holds now.</summary>
    public void Commit(List<(long Activity, string? Definition)> changed)
    {
        foreach (var (activity, definition) in changed)
        {
            _known[activity] = definition;
        }
    }

    /// <summary>The transaction rolled back, or something other than the writer rewrote the table: forget what was read.</summary>
    public void Forget() => _known.Clear();

    private static async Task ReadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> ids,
        Dictionary<long, string?> into, bool forUpdate, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT id, definition FROM lrs_activities WHERE id IN ({ProviderSql.InList(command, "a", chunk, id => id)})" +
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
                _known[id] = merged;
                continue;
            }
            changed.Add((id, merged));
        }
        return changed;
    }
}
