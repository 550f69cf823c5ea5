using System.Data.Common;
using System.Text.Json;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;

namespace Guild.Web.Features.Lrs.Writing;

/// <summary>
/// What a batch accepts and refuses, request by request (a refused request fails alone). A statement
/// whose id is already stored with the same content (Data 2.3.1 comparison) is accepted and changes
/// nothing; a different one under a stored id is a 409; voiding a voiding statement is a 400.
/// </summary>
internal static class StatementAdmission
{
    /// <summary>A statement already stored under an id the batch uses or voids.</summary>
    public sealed record Existing(bool IsVoiding, string Document);

    /// <summary>What the database says about a batch's ids and voiding targets.</summary>
    public sealed record Known(Dictionary<Guid, Existing> Existing, HashSet<Guid> TargetedByExisting);

    /// <summary>The statements to write, in order, and each request's answer once the transaction commits.</summary>
    public sealed record Decision(List<PendingStatement> Accepted, List<(WriteRequest Request, Result<IReadOnlyList<Guid>> Result)> Outcomes);

    /// <summary>The ids a batch stores and the statements it voids: what <see cref="KnownAsync"/> must look up.</summary>
    public static HashSet<Guid> IdsOf(List<WriteRequest> batch)
    {
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
        return ids;
    }

    /// <summary>Decides request by request; a conflicting request fails alone and the others go on.</summary>
    public static Decision Decide(List<WriteRequest> batch, Known known)
    {
        var accepted = new Dictionary<Guid, PendingStatement>();
        var rows = new List<PendingStatement>();
        var outcomes = new List<(WriteRequest Request, Result<IReadOnlyList<Guid>> Result)>();
        foreach (var request in batch)
        {
            var failure = Check(request, known.Existing, accepted);
            if (failure is not null)
            {
                outcomes.Add((request, failure));
                continue;
            }
            for (var i = 0; i < request.Statements.Count; i++)
            {
                var id = request.Ids[i];
                if (known.Existing.ContainsKey(id) || accepted.ContainsKey(id))
                {
                    continue; // the same statement again: accepted, nothing changes
                }
                var row = new PendingStatement(request, i);
                accepted[id] = row;
                rows.Add(row);
            }
            outcomes.Add((request, Result<IReadOnlyList<Guid>>.Ok(request.Ids)));
        }
        return new Decision(rows, outcomes);
    }

    /// <summary>
    /// A request fails when one of its ids holds a different statement (409), or when it voids a
    /// voiding statement (400: "Any Statement that voids another cannot itself be voided").
    /// </summary>
    private static Result<IReadOnlyList<Guid>>? Check(WriteRequest request, Dictionary<Guid, Existing> existing, Dictionary<Guid, PendingStatement> accepted)
    {
        for (var i = 0; i < request.Statements.Count; i++)
        {
            var statement = request.Statements[i];
            var id = request.Ids[i];
            if (existing.TryGetValue(id, out var stored))
            {
                using var document = JsonDocument.Parse(stored.Document);
                if (!StatementComparer.IsSameAsStored(document.RootElement, statement.Json))
                {
                    return Conflict(id);
                }
                continue;
            }
            if (accepted.TryGetValue(id, out var row) && !StatementComparer.AreSame(row.Statement.Json, statement.Json))
            {
                return Conflict(id);
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
    public static async Task<Known> KnownAsync(DbConnection connection, DbTransaction transaction, ProviderSql sql, HashSet<Guid> ids,
        CancellationToken cancellationToken)
    {
        var existing = new Dictionary<Guid, Existing>();
        var targeted = new HashSet<Guid>();
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (sql.IsPostgres)
            {
                command.CommandText = "SELECT id, voids_id IS NOT NULL, document FROM lrs_statements WHERE id = ANY(@ids); " +
                                      "SELECT voids_id FROM lrs_statements WHERE voids_id = ANY(@ids)";
                ProviderSql.Add(command, "@ids", chunk);
            }
            else
            {
                var list = ProviderSql.InList(command, "i", chunk, id => sql.Uuid(id));
                command.CommandText = $"SELECT id, voids_id IS NOT NULL, document FROM lrs_statements WHERE id IN ({list}); " +
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
        return new Known(existing, targeted);
    }
}
