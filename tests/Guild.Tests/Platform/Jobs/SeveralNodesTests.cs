using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Jobs;

/// <summary>
/// Real nodes with real workers on one database: each queued job runs exactly once, and a job
/// queued before a restart runs after it. These start their own apps, so they sit outside the
/// shared collections.
/// </summary>
public sealed class SeveralNodesTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_nodes_on_one_PostgreSQL_database_run_each_queued_job_exactly_once()
    {
        await using var database = await SharedDatabase.CreateAsync(DatabaseProvider.Postgres);
        var first = await database.StartNodeAsync(workers: true);
        var second = await database.StartNodeAsync(workers: true);
        try
        {
            // Both nodes are polling; the jobs appear in one commit, so both reach for the same rows.
            var keys = Enumerable.Range(0, 200).Select(i => $"several-{i}-{Guid.NewGuid():N}").ToList();
            var ids = await first.WithDbAsync(async db =>
            {
                var queue = new JobQueue(db, first.Clock, first.Services.GetRequiredService<JobSignal>());
                var jobs = keys.Select(key => queue.Enqueue(TestJobHandler.JobKind, new TestJobPayload(key))).ToList();
                await db.SaveChangesAsync();
                return jobs.Select(j => j.Id).ToList();
            });

            var finished = await TestJobs.EventuallyAsync(
                () => first.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => ids.Contains(j.Id) && j.Status == JobStatus.Succeeded)),
                count => count == ids.Count, Deadline, "all jobs to succeed");
            Assert.Equal(ids.Count, finished);
            foreach (var key in keys)
            {
                Assert.Equal(1, first.Log.RunsOf(key) + second.Log.RunsOf(key));
            }
            var attempts = await first.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => ids.Contains(j.Id)).Select(j => j.Attempts).ToListAsync());
            Assert.All(attempts, count => Assert.Equal(1, count));
            output.WriteLine($"first node ran {keys.Count(k => first.Log.RunsOf(k) == 1)}, second node ran {keys.Count(k => second.Log.RunsOf(k) == 1)}");
        }
        finally
        {
            await first.StopAsync();
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task Two_nodes_scheduling_the_same_digest_queue_it_once()
    {
        await using var database = await SharedDatabase.CreateAsync(DatabaseProvider.Postgres);
        var first = await database.StartNodeAsync(workers: false);
        var second = await database.StartNodeAsync(workers: false);
        try
        {
            var runs = await Task.WhenAll(
                first.Services.GetRequiredService<RecurringJobScheduler>().EnsureScheduledAsync(CancellationToken.None),
                second.Services.GetRequiredService<RecurringJobScheduler>().EnsureScheduledAsync(CancellationToken.None));
            Assert.Equal(runs[0].Select(j => j.Id).Order(), runs[1].Select(j => j.Id).Order());
            var keys = runs[0].Select(j => j.DedupeKey!).ToList();
            var stored = await first.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(j => keys.Contains(j.DedupeKey!)));
            Assert.Equal(keys.Count, stored);
            Assert.Contains(keys, key => key.StartsWith("digest:daily:", StringComparison.Ordinal));
        }
        finally
        {
            await first.StopAsync();
            await second.StopAsync();
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Job_queued_before_a_restart_runs_after_it(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var key = $"restart-{Guid.NewGuid():N}";
        var before = await database.StartNodeAsync(workers: false);
        var job = await before.QueueTestJobAsync(new TestJobPayload(key));
        await before.StopAsync();

        var after = await database.StartNodeAsync(workers: true);
        try
        {
            var done = await TestJobs.EventuallyAsync(() => after.JobAsync(job.Id), j => j.Status == JobStatus.Succeeded, Deadline,
                "the job queued before the restart to succeed");
            Assert.Equal(1, done.Attempts);
            Assert.Equal(1, after.Log.RunsOf(key));
        }
        finally
        {
            await after.StopAsync();
        }
    }
}
