using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Jobs;

/// <summary>
/// Queues per kind, on nodes with real workers: a busy media queue never holds up mail. These start their own nodes, so
/// they sit outside the shared collections and take the database as a parameter.
/// </summary>
public sealed class JobQueuesTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Mail_is_sent_while_long_media_jobs_occupy_the_media_queue(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var node = await database.StartNodeAsync(workers: true, settings: new Dictionary<string, string?>
        {
            ["Jobs:Queues:media:Concurrency"] = "1",
            ["Jobs:Queues:mail:Concurrency"] = "1",
        });
        var gate = node.Services.GetRequiredService<TestJobGate>();
        try
        {
            // More long jobs than the node has workers in all, queued first: one shared pool would be all media by now.
            var holds = await node.WithDbAsync(async db =>
            {
                var queue = new JobQueue(db, node.Clock, node.Services.GetRequiredService<JobSignal>());
                var jobs = Enumerable.Range(0, 12).Select(_ => queue.Enqueue(TestHoldJobHandler.JobKind, new { })).ToList();
                await db.SaveChangesAsync();
                return jobs.Select(job => job.Id).ToList();
            });
            await TestJobs.EventuallyAsync(() => Task.FromResult(gate.Holding), holding => holding > 0, Deadline, "a media job to start");

            var address = $"queues-{Guid.NewGuid():N}@example.org";
            await node.WithDbAsync(async db =>
            {
                new Mailer(new JobQueue(db, node.Clock, node.Services.GetRequiredService<JobSignal>()))
                    .Queue(new OutgoingMail(address, null, "While the video processes", "<p>Hello</p>", "Hello"));
                await db.SaveChangesAsync();
            });
            await TestJobs.EventuallyAsync(() => Task.FromResult(node.MailTo(address).Count), count => count == 1, Deadline,
                "the mail to be sent while the media queue is busy");

            // The mail went out while the media work was still held, and the media queue kept to its one worker.
            Assert.Equal(1, gate.Holding);
            var running = await node.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(job => holds.Contains(job.Id) && job.Status == JobStatus.Running));
            Assert.Equal(1, running);

            gate.Open();
            await TestJobs.EventuallyAsync(
                () => node.WithDbAsync(db => db.Set<BackgroundJob>().CountAsync(job => holds.Contains(job.Id) && job.Status == JobStatus.Succeeded)),
                count => count == holds.Count, Deadline, "the media jobs to finish once let go");
        }
        finally
        {
            gate.Open();
            await node.StopAsync();
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_node_with_no_workers_for_a_queue_leaves_its_jobs_to_other_nodes(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var pagesOnly = await database.StartNodeAsync(workers: true, settings: new Dictionary<string, string?> { ["Jobs:Queues:media:Concurrency"] = "0" });
        var gate = pagesOnly.Services.GetRequiredService<TestJobGate>();
        gate.Open();
        try
        {
            var (hold, work) = await pagesOnly.WithDbAsync(async db =>
            {
                var queue = new JobQueue(db, pagesOnly.Clock, pagesOnly.Services.GetRequiredService<JobSignal>());
                var jobs = (queue.Enqueue(TestHoldJobHandler.JobKind, new { }), queue.Enqueue(TestJobHandler.JobKind, new TestJobPayload($"beside-{Guid.NewGuid():N}")));
                await db.SaveChangesAsync();
                return (jobs.Item1.Id, jobs.Item2.Id);
            });
            // The default queue's job runs here; the media job stays queued for a node that takes media.
            await TestJobs.EventuallyAsync(() => pagesOnly.JobAsync(work), job => job.Status == JobStatus.Succeeded, Deadline, "the default job to run");
            Assert.Equal(JobStatus.Queued, (await pagesOnly.JobAsync(hold)).Status);

            var mediaNode = await database.StartNodeAsync(workers: true);
            try
            {
                mediaNode.Services.GetRequiredService<TestJobGate>().Open();
                await TestJobs.EventuallyAsync(() => mediaNode.JobAsync(hold), job => job.Status == JobStatus.Succeeded, Deadline,
                    "a node that takes media to run the media job");
            }
            finally
            {
                await mediaNode.StopAsync();
            }
        }
        finally
        {
            await pagesOnly.StopAsync();
        }
    }

    [Fact]
    public void Each_kind_runs_on_the_queue_it_declares_and_unknown_kinds_on_the_default_queue()
    {
        var queues = new JobQueues(
            [new JobKind("mail.send", typeof(object), Queue: JobQueues.Mail), new JobKind("media.transcode", typeof(object), Queue: JobQueues.Media),
             new JobKind("jobs.cleanup", typeof(object))],
            Microsoft.Extensions.Options.Options.Create(new JobOptions
            {
                Workers = 3,
                Queues = new(StringComparer.OrdinalIgnoreCase) { ["Media"] = new JobQueueOptions { Concurrency = 0 } },
            }));
        Assert.Equal(JobQueues.Mail, queues.QueueOf("mail.send"));
        Assert.Equal(JobQueues.Default, queues.QueueOf("jobs.cleanup"));
        Assert.Equal(JobQueues.Default, queues.QueueOf("no.such.kind"));
        Assert.Equal(["mail.send", "media.transcode"], queues.KindsOutsideDefault);
        Assert.Equal(3, queues.Concurrency(JobQueues.Default));
        Assert.Equal(1, queues.Concurrency(JobQueues.Mail));
        Assert.False(queues.RunsHere(JobQueues.Media));
        // A queue with no kinds has nothing to poll for.
        Assert.False(queues.RunsHere(JobQueues.Imports));
        Assert.Equal([JobQueues.Default, JobQueues.Mail, JobQueues.Media, JobQueues.Imports], queues.Names);
    }
}
