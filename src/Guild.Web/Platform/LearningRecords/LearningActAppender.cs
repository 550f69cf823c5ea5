using System.Threading.Channels;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.LearningRecords;

/// <summary>
/// Group commit for the outbox. Pages hand their act to this single writer and await it; it takes
/// everything queued (up to <see cref="MaxBatch"/>), inserts the rows in one statement and one commit
/// (PostgreSQL: <c>INSERT … SELECT FROM unnest(…)</c>; SQLite: a prepared insert in one transaction), and
/// only then tells each caller its act is durable. At 1,500 page views a second that is a few dozen
/// commits a second instead of 1,500, and a page waits for at most one commit.
/// </summary>
public sealed class LearningActAppender(IDbContextFactory<GuildDb> contexts, LearningActSignal signal, ILogger<LearningActAppender> logger)
    : BackgroundService
{
    internal const int MaxBatch = 1000;

    private sealed record Pending(LearningActOutboxEntry Entry, TaskCompletionSource Done);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(50_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Completes once the row is committed; throws when the database refused it twice.</summary>
    public async Task AppendAsync(LearningActOutboxEntry entry, CancellationToken cancellationToken)
    {
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // The host is stopping and the writer has finished: commit this one directly.
            await InsertAsync([pending], CancellationToken.None);
            return;
        }
        await pending.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await DrainAsync(reader, batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is still queued is committed before the process goes.
        }
        _queue.Writer.TryComplete();
        await DrainAsync(reader, batch, CancellationToken.None);
    }

    private async Task DrainAsync(ChannelReader<Pending> reader, List<Pending> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            if (batch.Count == 0)
            {
                return;
            }
            try
            {
                await InsertAsync(batch, cancellationToken);
            }
            catch (Exception first) when (first is not OperationCanceledException)
            {
                logger.LogWarning(first, "Appending {Count} learning acts to the outbox failed; trying once more.", batch.Count);
                try
                {
                    await InsertAsync(batch, cancellationToken);
                }
                catch (Exception second) when (second is not OperationCanceledException)
                {
                    foreach (var pending in batch)
                    {
                        pending.Done.TrySetException(second);
                    }
                    continue;
                }
            }
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }
            signal.Nudge();
        }
    }

    private async Task InsertAsync(IReadOnlyList<Pending> batch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var sql = ProviderSql.For(db);
        if (sql.IsPostgres)
        {
            // One statement, one implicit transaction, one round trip for the whole batch.
            await using var command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO learning_act_outbox (id, statement, recorded_at, attempts, run_after) " +
                "SELECT id, statement, recorded_at, 0, recorded_at FROM unnest(@ids, @statements, @recorded) AS t(id, statement, recorded_at) " +
                "ON CONFLICT (id) DO NOTHING";
            ProviderSql.Add(command, "@ids", batch.Select(p => p.Entry.Id).ToArray());
            ProviderSql.Add(command, "@statements", batch.Select(p => p.Entry.Statement).ToArray());
            ProviderSql.Add(command, "@recorded", batch.Select(p => (DateTimeOffset)sql.Instant(p.Entry.RecordedAt)).ToArray());
            await command.ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO learning_act_outbox (id, statement, recorded_at, attempts, run_after) VALUES (@id, @statement, @recorded, 0, @recorded)";
            var id = insert.CreateParameter();
            id.ParameterName = "@id";
            var statement = insert.CreateParameter();
            statement.ParameterName = "@statement";
            var recorded = insert.CreateParameter();
            recorded.ParameterName = "@recorded";
            insert.Parameters.Add(id);
            insert.Parameters.Add(statement);
            insert.Parameters.Add(recorded);
            foreach (var pending in batch)
            {
                id.Value = sql.Uuid(pending.Entry.Id);
                statement.Value = pending.Entry.Statement;
                recorded.Value = sql.Instant(pending.Entry.RecordedAt);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>Wakes the LRS's outbox worker on this node when acts were just committed, instead of waiting for its next poll.</summary>
public sealed class LearningActSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    public void Nudge()
    {
        if (_signal.CurrentCount < 2)
        {
            _signal.Release();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
