using System.Data.Common;
using Guild.Web.Features.Lrs.Writing;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Leasing;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Lrs.Forwarding;

/// <summary>A queued statement with what the external LRS needs: its stored form and whether attachment data goes with it.</summary>
internal sealed record ForwardRow(Guid Id, DateTimeOffset Stored, string Document, bool HasAttachments);

/// <summary>How much is waiting to go to the external LRS.</summary>
public sealed record ForwardBacklog(long Pending, bool PendingIsLowerBound, DateTimeOffset? OldestStored, long Refused);

/// <summary>
/// The forwarding queue's SQL: claims with a lease (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so nodes
/// take disjoint rows), in stored order, joined to the statements' stored form.
/// </summary>
internal sealed class ForwardQueue(IDbContextFactory<GuildDb> contexts, TimeProvider clock)
{
    public const int CountLimit = 100_000;

    private readonly LeasedRows _rows = new("lrs_forward_queue", "statement_id");

    public async Task<List<ForwardRow>> ClaimAsync(int take, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sql = ProviderSql.For(db);
        var connection = await OpenAsync(db, cancellationToken);
        var claimed = await _rows.ClaimAsync(connection, sql, due: "refused_at IS NULL", orderBy: "stored, statement_id", set: ", attempts = attempts + 1",
            returning: "statement_id, stored", take, clock.GetUtcNow(), lease, reader => (Id: sql.ReadUuid(reader, 0), Stored: sql.ReadInstant(reader, 1)),
            cancellationToken);
        if (claimed.Count == 0)
        {
            return [];
        }
        var documents = new Dictionary<Guid, (string Document, bool HasAttachments)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT id, document, has_attachments FROM lrs_statements WHERE id IN ({ProviderSql.InList(command, "s", claimed.Select(c => c.Id), id => sql.Uuid(id))})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                documents[sql.ReadUuid(reader, 0)] = (reader.GetString(1), reader.GetBoolean(2));
            }
        }
        var vanished = claimed.Where(c => !documents.ContainsKey(c.Id)).Select(c => c.Id).ToList();
        if (vanished.Count > 0)
        {
            // A queued id with no statement (a restored backup, say) has nothing to send: it leaves the queue.
            await CompleteAsync(vanished, cancellationToken);
        }
        return claimed
            .Where(c => documents.ContainsKey(c.Id))
            .OrderBy(c => c.Stored).ThenBy(c => c.Id)
            .Select(c => new ForwardRow(c.Id, c.Stored, documents[c.Id].Document, documents[c.Id].HasAttachments))
            .ToList();
    }

    /// <summary>The attachment data of the given SHA-2 hashes that the LRS holds.</summary>
    public async Task<Dictionary<string, AttachmentData>> AttachmentsAsync(IReadOnlyCollection<string> sha2s, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, AttachmentData>(StringComparer.Ordinal);
        if (sha2s.Count == 0)
        {
            return result;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in sha2s.Chunk(200))
        {
            var rows = await db.Set<LrsAttachment>().AsNoTracking().Where(a => chunk.Contains(a.Sha2)).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                result[row.Sha2] = new AttachmentData(row.ContentType, row.Content);
            }
        }
        return result;
    }

    public Task CompleteAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ExecuteAsync(ids, "DELETE FROM lrs_forward_queue WHERE statement_id IN ({0})", (_, _) => { }, cancellationToken);

    /// <summary>Gives rows back (this node's claim only) after a failed attempt.</summary>
    public Task ReleaseAsync(IReadOnlyCollection<Guid> ids, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(ids, "UPDATE lrs_forward_queue SET lease_until = NULL, claimed_by = NULL, last_error = @error WHERE claimed_by = @node AND statement_id IN ({0})",
            (command, _) =>
            {
                ProviderSql.Add(command, "@error", LeasedRows.Truncate(error));
            }, cancellationToken);

    public Task RefuseAsync(Guid id, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ExecuteAsync([id], "UPDATE lrs_forward_queue SET refused_at = @now, lease_until = NULL, claimed_by = NULL, last_error = @error WHERE statement_id IN ({0})",
            (command, sql) =>
            {
                ProviderSql.Add(command, "@now", sql.Instant(now));
                ProviderSql.Add(command, "@error", LeasedRows.Truncate(error));
            }, cancellationToken);
    }

    /// <summary>Refused statements join the queue again (after the external LRS was fixed).</summary>
    public async Task<int> RequeueRefusedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<LrsForwardItem>().Where(i => i.RefusedAt != null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.RefusedAt, (DateTimeOffset?)null).SetProperty(i => i.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
    }

    /// <summary>Pending rows counted up to <see cref="CountLimit"/> (an outage can queue millions; "more than" is enough to know).</summary>
    public async Task<ForwardBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pendingRows = db.Set<LrsForwardItem>().AsNoTracking().Where(i => i.RefusedAt == null);
        var pending = await pendingRows.Take(CountLimit + 1).LongCountAsync(cancellationToken);
        var oldest = pending == 0 ? null
            : await pendingRows.OrderBy(i => i.Stored).ThenBy(i => i.StatementId).Select(i => (DateTimeOffset?)i.Stored).FirstOrDefaultAsync(cancellationToken);
        var refused = await db.Set<LrsForwardItem>().AsNoTracking().Where(i => i.RefusedAt != null).Take(CountLimit + 1).LongCountAsync(cancellationToken);
        return new ForwardBacklog(Math.Min(pending, CountLimit), pending > CountLimit, oldest, Math.Min(refused, CountLimit));
    }

    private async Task ExecuteAsync(IReadOnlyCollection<Guid> ids, string template, Action<DbCommand, ProviderSql> parameters,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sql = ProviderSql.For(db);
        var connection = await OpenAsync(db, cancellationToken);
        await _rows.ForEachChunkAsync(connection, sql, ids, template, command => parameters(command, sql), cancellationToken);
    }

    private static async Task<DbConnection> OpenAsync(GuildDb db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return db.Database.GetDbConnection();
    }
}
