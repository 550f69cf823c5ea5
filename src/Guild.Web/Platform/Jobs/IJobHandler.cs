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
public sealed class JobContext(BackgroundJob job, Func<int, int, JobMessage?, Task> report, Action<string> setResult)
{
    public Guid Id => job.Id;
    public string Payload => job.Payload;
    public int Attempt => job.Attempts;
    public Guid? StartedById => job.StartedById;

    public T PayloadAs<T>() =>
        System.Text.Json.JsonSerializer.Deserialize<T>(job.Payload, System.Text.Json.JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Job {job.Id} has an empty payload.");

    /// <summary>
    /// Progress for the person watching; cheap enough to call every few hundred items. The message is a
    /// key of the kind's resources, shown in each reader's language; it is replaced when the job ends.
    /// </summary>
    public Task ReportProgressAsync(int done, int total, JobMessage? message = null) => report(done, total, message);

    /// <summary>A JSON outcome for the page (for example the rows an import created).</summary>
    public void SetResult(string json) => setResult(json);

    /// <summary>
    /// How it went for what the job worked on, said in a final message ("Rejected: 3 problems in 2 rows")
    /// and a label (<paramref name="labelKey"/>, "Import rejected"; null for the general one). Stored when
    /// the handler returns, in place of the last progress message; a negative outcome still means the
    /// job succeeded: it did its work.
    /// </summary>
    public void SetOutcome(JobOutcome outcome, JobMessage message, string? labelKey = null) =>
        Ending = new JobEnding(outcome, message, labelKey);

    internal JobEnding? Ending { get; private set; }
}

/// <summary>The outcome and final message a handler left, see <see cref="JobContext.SetOutcome"/>.</summary>
internal sealed record JobEnding(JobOutcome Outcome, JobMessage Message, string? LabelKey);

/// <summary>A job that cannot succeed by trying again (bad input); it fails at once without retries.</summary>
public sealed class PermanentJobFailure(string message) : Exception(message);
