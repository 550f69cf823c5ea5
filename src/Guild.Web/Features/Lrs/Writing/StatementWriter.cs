using System.Data.Common;
using System.Threading.Channels;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Lrs.Writing;

/// <summary>
/// The group commit. Requests hand their validated statements to this single writer; it takes
/// everything queued (up to <see cref="LrsWriterOptions.MaxBatchStatements"/>), decides what to accept
/// (<see cref="StatementAdmission"/>: repeated ids and voiding, against the database and earlier requests of
/// the same batch), gives the accepted statements stored times (<see cref="StoredTimes"/>) and numbers
/// (<see cref="StatementNumbers"/>), writes them with their side tables (<see cref="StatementTables"/>) and
/// merges activity definitions (<see cref="DefinitionMerges"/>) in one transaction, commits, and only then
/// completes each request and tells the <see cref="IStatementsStoredListener"/>s. A request whose statements
/// conflict fails alone; if the transaction itself fails (another node or writer stored one of the ids a
/// moment ago), each request is retried on its own. On PostgreSQL several writers run at once
/// (<see cref="LrsWriterOptions.Writers"/>); a batch that voids takes the LRS's advisory lock exclusively, so a
/// voiding statement and its target are never stored by two transactions that cannot see each other.
/// </summary>
public sealed class StatementWriter(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    Forwarding.LrsForwardingSwitch forwarding,
    IEnumerable<IStatementsStoredListener> listeners,
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
    private readonly StoredTimes _stored = new(clock);
    private readonly StatementNumbers _numbers = new();
    private readonly DefinitionMerges _definitions = new(clock);
    private readonly IStatementsStoredListener[] _listeners = listeners.ToArray();

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
    public DateTimeOffset ConsistentThrough => _stored.ConsistentThrough;

    /// <summary>
    /// Forgets cached numbers and definitions. Whatever rewrites the LRS's numbering tables behind the
    /// writer's back (the demo generator truncates and reloads them) calls this afterwards.
    /// </summary>
    public void ForgetCaches()
    {
        _numbers.Forget();
        _definitions.Forget();
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

    private async Task ProcessAsync(List<WriteRequest> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        var sql = ProviderSql.For(db);
        var connection = db.Database.GetDbConnection();
        StatementAdmission.Decision decision;
        DateTimeOffset? reserved = null;
        await connection.OpenAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (sql.IsPostgres)
            {
                await LockAsync(connection, transaction, batch.Any(r => r.Statements.Any(s => s.Facts.IsVoiding)), cancellationToken);
            }

            // 1. Decide request by request, against what the database already holds; a conflicting request fails alone.
            var known = await StatementAdmission.KnownAsync(connection, transaction, sql, StatementAdmission.IdsOf(batch), cancellationToken);
            decision = StatementAdmission.Decide(batch, known);
            var rows = decision.Accepted;
            if (rows.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                // 2. Stored times: ascending within the batch and across batches, to the microsecond.
                var start = _stored.Reserve(rows.Count);
                reserved = start;
                for (var i = 0; i < rows.Count; i++)
                {
                    rows[i].Stored = start.AddTicks(10L * i);
                }

                // 3. Voiding: targets in the database, in this batch, and new statements already targeted.
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
                    row.Voided = !row.Statement.Facts.IsVoiding && (known.TargetedByExisting.Contains(row.Id) || voidingTargets.Contains(row.Id));
                    row.Document = StatementDocument.Write(row.Statement, row.Id, row.Stored, row.Request.Authority);
                }

                // 4. Numbers for verbs, agents and activities; then the rows and their side tables.
                var numbering = await _numbers.NumberAsync(connection, transaction, sql, rows, cancellationToken);
                var forward = await forwarding.IsOnAsync(connection, transaction, cancellationToken);
                await StatementTables.WriteAsync(connection, transaction, sql, rows, numbering.Numbers, forward, cancellationToken);
                if (voidingTargets.Count > 0)
                {
                    await StatementTables.VoidAsync(connection, transaction, sql, voidingTargets, cancellationToken);
                }
                var definitions = await _definitions.MergeAsync(connection, transaction, sql, rows, numbering.Numbers.Activities, cancellationToken);
                await StatementTables.StoreAttachmentsAsync(connection, transaction, sql, rows, cancellationToken);

                await transaction.CommitAsync(cancellationToken);
                numbering.Commit();
                _definitions.Commit(definitions);
            }
        }
        catch
        {
            // The transaction rolled back; forget definitions read inside it.
            _definitions.Forget();
            throw;
        }
        finally
        {
            if (reserved is { } start)
            {
                _stored.Release(start);
            }
            await connection.CloseAsync();
        }
        // Only now, after the commit, does anyone hear that their statements are stored.
        foreach (var (request, result) in decision.Outcomes)
        {
            request.Done.TrySetResult(result);
        }
        if (decision.Accepted.Count > 0 && _listeners.Length > 0)
        {
            await NotifyAsync(decision.Accepted, cancellationToken);
        }
    }

    private async Task NotifyAsync(List<PendingStatement> rows, CancellationToken cancellationToken)
    {
        var stored = new StatementsStored(rows.Select(r =>
        {
            var facts = r.Statement.Facts;
            return new StoredStatementFacts(r.Id, r.Stored, facts.VerbId, facts.Agents, facts.ObjectActivityId, facts.RelatedActivities,
                facts.Registration, facts.Timestamp, facts.IsVoiding ? facts.ObjectStatementRef : null);
        }).ToList());
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.StatementsStoredAsync(stored, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The statements are stored and their callers answered: a failing read model must not fail the LRS.
                logger.LogError(exception, "{Listener} failed on {Count} stored statements.", listener.GetType().Name, rows.Count);
            }
        }
    }

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
}
