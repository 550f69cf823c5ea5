using System.Text.Json;
using Guild.Web.Platform;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Organisation;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Lrs;

public sealed class LearningActsOptions
{
    /// <summary>Outbox rows one claim takes (and one group commit of the LRS stores).</summary>
    public int BatchSize { get; set; } = 500;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>How long a claim is this node's; after that another node may take the rows over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Turns the platform's learning acts (the <see cref="LearningActOutbox"/>) into statements. Claims a
/// batch of due rows, validates each statement, stores the batch through <see cref="StatementStore"/> (one
/// group commit) with the platform's authority, and deletes the rows. Safe on several nodes (claims
/// are disjoint; a row whose node died is taken over when its lease ends) and safe to repeat (the
/// statement id is fixed in the row, and storing the same statement again is a no-op). When storing
/// fails, the batch comes back after an exponential back-off; a statement the LRS refuses is set aside.
/// Runs on every node where background jobs run (Jobs:Enabled).
/// </summary>
public sealed class LearningActsWorker(
    IServiceScopeFactory scopes,
    LearningActOutbox outbox,
    LearningActSignal signal,
    OrganisationProfile organisation,
    IOptions<LearningActsOptions> options,
    IOptions<JobOptions> jobs,
    ILogger<LearningActsWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobs.Value.Enabled)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) == 0)
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The learning acts worker failed; trying again shortly.");
                await Task.Delay(options.Value.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Stores every due act, batch after batch; answers how many were stored. Tests call this instead of waiting.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var claimed = await RunOnceAsync(cancellationToken);
            if (claimed == 0)
            {
                return total;
            }
            total += claimed;
        }
    }

    /// <summary>Claims and handles one batch; answers how many rows it claimed (0: nothing was due).</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken, Func<IReadOnlyList<Statement>, StatementAuthority, Task<Result<IReadOnlyList<Guid>>>>? storeOverride = null)
    {
        var claimed = await outbox.ClaimAsync(options.Value.BatchSize, options.Value.Lease, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }
        var documents = new List<JsonDocument>(claimed.Count);
        try
        {
            var valid = new List<(ClaimedAct Act, Statement Statement)>(claimed.Count);
            foreach (var act in claimed)
            {
                var (statement, error) = Parse(act.Statement, documents);
                if (statement is null)
                {
                    logger.LogError("The learning act {Id} is not a valid statement: {Error}. It is set aside.", act.Id, error);
                    await outbox.RejectAsync(act.Id, error!, cancellationToken);
                    continue;
                }
                valid.Add((act, statement));
            }
            if (valid.Count == 0)
            {
                return claimed.Count;
            }
            var baseIri = (await organisation.GetAsync(cancellationToken)).LearningRecordBaseIri;
            var authority = StatementAuthority.FromJson(LearningStatements.AuthorityJson(baseIri))
                ?? throw new InvalidOperationException("The platform authority is not a valid Agent.");
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<StatementStore>();
            Task<Result<IReadOnlyList<Guid>>> StoreAsync(IReadOnlyList<Statement> statements) =>
                storeOverride?.Invoke(statements, authority) ?? store.StoreAsync(statements, authority, cancellationToken);

            Result<IReadOnlyList<Guid>> result;
            try
            {
                result = await StoreAsync(valid.Select(v => v.Statement).ToList());
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var attempt = valid.Max(v => v.Act.Attempts) + 1;
                var delay = Backoff(attempt);
                logger.LogWarning(exception, "Storing {Count} learning acts failed (attempt {Attempt}); trying again in {Delay}.", valid.Count, attempt, delay);
                await outbox.RetryLaterAsync(valid.Select(v => v.Act.Id).ToList(), delay, exception.Message, CancellationToken.None);
                return claimed.Count;
            }
            if (result.IsOk)
            {
                await outbox.CompleteAsync(valid.Select(v => v.Act.Id).ToList(), cancellationToken);
                return claimed.Count;
            }
            // The batch is all or nothing; find the statement the LRS refuses and store the rest.
            foreach (var (act, statement) in valid)
            {
                var alone = await StoreAsync([statement]);
                if (alone.IsOk)
                {
                    await outbox.CompleteAsync([act.Id], cancellationToken);
                }
                else
                {
                    var message = alone.Message ?? string.Join(" ", alone.Errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"));
                    logger.LogError("The LRS refused the learning act {Id}: {Status} {Message}. It is set aside.", act.Id, alone.Status, message);
                    await outbox.RejectAsync(act.Id, $"{alone.Status}: {message}", cancellationToken);
                }
            }
            return claimed.Count;
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    /// <summary>5 s, 10 s, 20 s ... up to 10 minutes, with a little jitter so nodes do not retry in step.</summary>
    internal static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(2, Math.Max(0, attempt - 1))) * (0.9 + Random.Shared.NextDouble() * 0.2));

    private static (Statement? Statement, string? Error) Parse(string json, List<JsonDocument> documents)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, LrsJson.DocumentOptions);
        }
        catch (JsonException exception)
        {
            return (null, "not JSON: " + exception.Message);
        }
        documents.Add(document);
        var (statement, error) = Statement.Parse(document.RootElement);
        return (statement, error?.ToString());
    }
}
