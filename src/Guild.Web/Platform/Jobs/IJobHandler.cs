namespace Guild.Web.Platform.Jobs;

/// <summary>
/// One kind of background work. Handlers must tolerate running again after a crash (a job whose
/// node died is retried): check what is already done before doing it.
/// </summary>
public interface IJobHandler
{
    /// <summary>Stable name stored with each job; never rename once jobs exist.</summary>
    string Kind { get; }

    Task RunAsync(JobContext job, CancellationToken cancellationToken);
}

/// <summary>What a running handler can see and tell.</summary>
public sealed class JobContext(BackgroundJob job, Func<int, int, string?, Task> report, Action<string> setResult)
{
    public Guid Id => job.Id;
    public string Payload => job.Payload;
    public int Attempt => job.Attempts;
    public Guid? StartedById => job.StartedById;

    public T PayloadAs<T>() =>
        System.Text.Json.JsonSerializer.Deserialize<T>(job.Payload, System.Text.Json.JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Job {job.Id} has an empty payload.");

    /// <summary>Progress for the person watching; cheap enough to call every few hundred items.</summary>
    public Task ReportProgressAsync(int done, int total, string? message = null) => report(done, total, message);

    /// <summary>A JSON outcome for the page (for example the rows an import created).</summary>
    public void SetResult(string json) => setResult(json);
}

/// <summary>A job that cannot succeed by trying again (bad input); it fails at once without retries.</summary>
public sealed class PermanentJobFailure(string message) : Exception(message);
