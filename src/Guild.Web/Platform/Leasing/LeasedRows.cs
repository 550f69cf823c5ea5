using System.Data.Common;
using System.Globalization;
using Guild.Web.Platform.Data;

namespace Guild.Web.Platform.Leasing;

/// <summary>
/// A table of work rows that nodes take with a lease (<c>claimed_by</c>, <c>lease_until</c>): the
/// learning-act outbox and the LRS forwarding queue. A claim is one UPDATE of the due rows in order,
/// at most <c>take</c>, that are not leased or whose lease ran out (a node that died), with
/// <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL so nodes take disjoint rows (SQLite has one writer);
/// the rows then go on by id in chunks (done, given back, set aside). The durable jobs
/// (<see cref="Jobs.JobRunner"/>) claim through EF Core with the same rule.
/// </summary>
internal sealed class LeasedRows(string table, string keyColumn)
{
    /// <summary>This process's name in <c>claimed_by</c>: unique per instance, so a release never touches another node's claim.</summary>
    public string Node { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}" is var node && node.Length > 100 ? node[..100] : node;

    /// <summary>
    /// Leases up to <paramref name="take"/> due rows until <paramref name="now"/> + <paramref name="lease"/> and reads
    /// <paramref name="returning"/> of each. <paramref name="due"/> is the table's own condition (e.g. not refused);
    /// <paramref name="set"/> more assignments (e.g. counting the attempt). <c>@now</c> may be used in both.
    /// </summary>
    public async Task<List<T>> ClaimAsync<T>(DbConnection connection, ProviderSql sql, string due, string orderBy, string set, string returning,
        int take, DateTimeOffset now, TimeSpan lease, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"UPDATE {table} SET lease_until = @until, claimed_by = @node{set} WHERE {keyColumn} IN (" +
            $"SELECT {keyColumn} FROM {table} WHERE {due} AND (lease_until IS NULL OR lease_until < @now) " +
            $"ORDER BY {orderBy} LIMIT {take.ToString(CultureInfo.InvariantCulture)}{(sql.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")}) " +
            $"RETURNING {returning}";
        ProviderSql.Add(command, "@until", sql.Instant(now + lease));
        ProviderSql.Add(command, "@node", Node);
        ProviderSql.Add(command, "@now", sql.Instant(now));
        var claimed = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(read(reader));
        }
        return claimed;
    }

    /// <summary>
    /// Runs <paramref name="template"/> for the rows with these ids, 500 at a time: <c>{0}</c> is the id list,
    /// <c>@node</c> this node (so "WHERE claimed_by = @node" gives back only this node's claim).
    /// </summary>
    public async Task ForEachChunkAsync(DbConnection connection, ProviderSql sql, IReadOnlyCollection<Guid> ids, string template,
        Action<DbCommand>? parameters, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var list = ProviderSql.InList(command, "i", chunk, id => sql.Uuid(id));
            if (template.Contains("@node", StringComparison.Ordinal))
            {
                ProviderSql.Add(command, "@node", Node);
            }
            parameters?.Invoke(command);
            command.CommandText = string.Format(CultureInfo.InvariantCulture, template, list);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The most of an error message a row keeps (<c>last_error</c> is 2,000 characters).</summary>
    public static string Truncate(string text) => text.Length > 2000 ? text[..2000] : text;
}
