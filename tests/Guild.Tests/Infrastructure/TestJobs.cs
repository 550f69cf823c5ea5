using System.Collections.Concurrent;
using System.Diagnostics;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Guild.Tests.Infrastructure;

/// <summary>What a <see cref="TestJobHandler"/> run should do: fail a number of times first, or fail for good.</summary>
/// <param name="Key">Names the job in <see cref="TestJobLog"/>; unique per test.</param>
public sealed record TestJobPayload(string Key, int FailTimes = 0, bool Permanent = false);

/// <summary>Counts the runs of <see cref="TestJobHandler"/> in one app (one node).</summary>
public sealed class TestJobLog
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    public int RunsOf(string key) => _runs.GetValueOrDefault(key);

    public int Record(string key) => _runs.AddOrUpdate(key, 1, (_, count) => count + 1);
}

/// <summary>A job whose behaviour the test chooses, registered in every test app.</summary>
public sealed class TestJobHandler(TestJobLog log) : IJobHandler
{
    public const string JobKind = "test.work";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<TestJobPayload>();
        var run = log.Record(payload.Key);
        if (payload.Permanent)
        {
            throw new PermanentJobFailure($"Planned permanent failure of {payload.Key}.");
        }
        if (run <= payload.FailTimes)
        {
            throw new InvalidOperationException($"Planned failure {run} of {payload.Key}.");
        }
        await job.ReportProgressAsync(1, 1, new JobMessage("TestJob.Done", payload.Key));
    }
}

/// <summary>Holds <see cref="TestHoldJobHandler"/> runs until the test lets them go; counts the ones holding now.</summary>
public sealed class TestJobGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holding;

    public int Holding => Volatile.Read(ref _holding);

    public void Open() => _open.TrySetResult();

    internal async Task HoldAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _holding);
        try
        {
            await _open.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _holding);
        }
    }
}

/// <summary>A long job on the media queue (a transcode stands in): it runs until <see cref="TestJobGate.Open"/>.</summary>
public sealed class TestHoldJobHandler(TestJobGate gate) : IJobHandler
{
    public const string JobKind = "test.hold";

    public string Kind => JobKind;

    public Task RunAsync(JobContext job, CancellationToken cancellationToken) => gate.HoldAsync(cancellationToken);
}

public static class TestJobs
{
    /// <summary>Queues a <see cref="TestJobHandler"/> job and commits it.</summary>
    public static Task<BackgroundJob> QueueTestJobAsync(this GuildApp app, TestJobPayload payload, int maxAttempts = 8) =>
        app.WithDbAsync(async db =>
        {
            var job = new JobQueue(db, app.Clock, app.Services.GetRequiredService<JobSignal>())
                .Enqueue(TestJobHandler.JobKind, payload, maxAttempts: maxAttempts);
            await db.SaveChangesAsync();
            return job;
        });

    public static Task<BackgroundJob> JobAsync(this GuildApp app, Guid id) =>
        app.WithDbAsync(db => db.Set<BackgroundJob>().AsNoTracking().FirstAsync(job => job.Id == id));

    /// <summary>
    /// Waits until <paramref name="done"/> holds for what <paramref name="probe"/> answers, checking
    /// every 50 ms, and fails the test with <paramref name="what"/> after <paramref name="timeout"/>.
    /// For work that really runs in the background (several nodes); everything else runs jobs by hand.
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"Waited {timeout.TotalSeconds:0} s for {what}; last seen: {value}");
            }
            await timer.WaitForNextTickAsync();
        }
    }
}

/// <summary>The mail an app wrote to its pickup folder (<see cref="GuildApp.MailFolder"/>).</summary>
public static class Mailbox
{
    public static IReadOnlyList<MimeMessage> MailTo(this GuildApp app, string address) =>
        !Directory.Exists(app.MailFolder)
            ? []
            : Directory.GetFiles(app.MailFolder, "*.eml")
                .Select(path => MimeMessage.Load(path))
                .Where(message => message.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(message => message.Date)
                .ToList();
}
