using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Jobs;

public abstract class JobRunnerTests(GuildApp app)
{
    private static string NewKey() => "job-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Failed_attempt_is_retried_after_its_back_off_and_then_succeeds()
    {
        var key = NewKey();
        var job = await app.QueueTestJobAsync(new TestJobPayload(key, FailTimes: 1));

        var afterFirst = await app.RunJobAsync(job.Id);
        Assert.Equal(JobStatus.Queued, afterFirst.Status);
        Assert.Equal(1, afterFirst.Attempts);
        Assert.Contains("Planned failure 1", afterFirst.LastError, StringComparison.Ordinal);
        Assert.True(afterFirst.RunAfter > app.Clock.GetUtcNow(), "A failed attempt waits before the next try.");

        // Not due yet: nothing runs it.
        Assert.Equal(JobStatus.Queued, (await app.RunJobAsync(job.Id)).Status);
        Assert.Equal(1, app.Services.GetRequiredService<TestJobLog>().RunsOf(key));

        app.Clock.SetUtcNow(afterFirst.RunAfter.AddSeconds(1));
        var afterSecond = await app.RunJobAsync(job.Id);
        Assert.Equal(JobStatus.Succeeded, afterSecond.Status);
        Assert.Equal(2, afterSecond.Attempts);
        Assert.Equal(2, app.Services.GetRequiredService<TestJobLog>().RunsOf(key));
        Assert.Equal(100, JobView.From(afterSecond, app.Services.GetRequiredService<JobTexts>()).Percent);
    }

    [Fact]
    public void Back_off_grows_with_each_attempt_and_stays_under_an_hour()
    {
        Assert.InRange(JobRunner.Backoff(1), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        Assert.InRange(JobRunner.Backoff(4), TimeSpan.FromSeconds(32), TimeSpan.FromSeconds(48));
        Assert.InRange(JobRunner.Backoff(30), TimeSpan.FromMinutes(48), TimeSpan.FromMinutes(72));
    }

    [Fact]
    public async Task Job_that_keeps_failing_fails_for_good_after_max_attempts()
    {
        var key = NewKey();
        var job = await app.QueueTestJobAsync(new TestJobPayload(key, FailTimes: 100), maxAttempts: 3);
        var current = await app.RunJobAsync(job.Id);
        while (current.Status == JobStatus.Queued)
        {
            app.Clock.SetUtcNow(current.RunAfter.AddSeconds(1));
            current = await app.RunJobAsync(job.Id);
        }
        Assert.Equal(JobStatus.Failed, current.Status);
        Assert.Equal(3, current.Attempts);
        Assert.Equal(3, app.Services.GetRequiredService<TestJobLog>().RunsOf(key));
        Assert.NotNull(current.FinishedAt);
        Assert.Contains("Planned failure 3", current.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Permanent_failure_fails_at_once_without_retries()
    {
        var key = NewKey();
        var job = await app.QueueTestJobAsync(new TestJobPayload(key, Permanent: true));
        var done = await app.RunJobAsync(job.Id);
        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(1, done.Attempts);
    }

    [Fact]
    public async Task Job_claimed_by_a_node_that_died_is_taken_over_when_its_lease_runs_out()
    {
        var key = NewKey();
        var job = await app.QueueTestJobAsync(new TestJobPayload(key));
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Id == job.Id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.Status, JobStatus.Running)
            .SetProperty(j => j.ClaimedBy, "a-node-that-died")
            .SetProperty(j => j.Attempts, 1)
            .SetProperty(j => j.StartedAt, now.AddMinutes(-5))
            .SetProperty(j => j.LeaseUntil, now.AddMinutes(5))));

        // While the lease holds, nobody else touches it.
        Assert.Equal(JobStatus.Running, (await app.RunJobAsync(job.Id)).Status);

        await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Id == job.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseUntil, now.AddSeconds(-1))));
        var done = await app.RunJobAsync(job.Id);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(2, done.Attempts);
        Assert.Null(done.ClaimedBy);
        Assert.Equal(1, app.Services.GetRequiredService<TestJobLog>().RunsOf(key));
    }

    [Fact]
    public async Task Job_that_crashed_its_node_on_every_attempt_is_given_up_at_claim_without_running_again()
    {
        var key = NewKey();
        var job = await app.QueueTestJobAsync(new TestJobPayload(key), maxAttempts: 3);
        var now = app.Clock.GetUtcNow();
        // Its third attempt was claimed and its node never came back (attempts count at claim).
        await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Id == job.Id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.Status, JobStatus.Running)
            .SetProperty(j => j.ClaimedBy, "a-node-that-crashed")
            .SetProperty(j => j.Attempts, 3)
            .SetProperty(j => j.LeaseUntil, now.AddSeconds(-1))));

        var done = await app.RunJobAsync(job.Id);
        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(3, done.Attempts);
        Assert.Contains("Gave up after 3 attempts", done.LastError, StringComparison.Ordinal);
        Assert.Equal(0, app.Services.GetRequiredService<TestJobLog>().RunsOf(key));
    }

    [Fact]
    public async Task Housekeeping_removes_finished_jobs_older_than_30_days_and_keeps_the_rest()
    {
        var now = app.Clock.GetUtcNow();
        var (old, oldFailed, recent, waiting) = await app.WithDbAsync(async db =>
        {
            BackgroundJob Make(JobStatus status, DateTimeOffset? finished) => new()
            {
                Id = Guid.CreateVersion7(), Kind = TestJobHandler.JobKind, Payload = "{}", Status = status,
                CreatedAt = now.AddDays(-40), RunAfter = now.AddDays(40), FinishedAt = finished,
            };
            var jobs = (Make(JobStatus.Succeeded, now.AddDays(-31)), Make(JobStatus.Failed, now.AddDays(-35)),
                Make(JobStatus.Succeeded, now.AddDays(-29)), Make(JobStatus.Queued, null));
            db.AddRange(jobs.Item1, jobs.Item2, jobs.Item3, jobs.Item4);
            await db.SaveChangesAsync();
            return jobs;
        });

        var cleanup = await app.WithDbAsync(async db =>
        {
            var job = new JobQueue(db, app.Clock, app.Services.GetRequiredService<JobSignal>()).Enqueue(JobHousekeeping.JobKind, new { });
            await db.SaveChangesAsync();
            return job;
        });
        var done = await app.RunJobAsync(cleanup.Id);
        Assert.Equal(JobStatus.Succeeded, done.Status);

        var left = await app.WithDbAsync(db => db.Set<BackgroundJob>()
            .Where(j => j.Id == old.Id || j.Id == oldFailed.Id || j.Id == recent.Id || j.Id == waiting.Id)
            .Select(j => j.Id).ToListAsync());
        Assert.DoesNotContain(old.Id, left);
        Assert.DoesNotContain(oldFailed.Id, left);
        Assert.Contains(recent.Id, left);
        Assert.Contains(waiting.Id, left);
    }

    [Fact]
    public async Task Housekeeping_is_a_recurring_job_at_night()
    {
        var runs = await app.Services.GetRequiredService<RecurringJobScheduler>().EnsureScheduledAsync(CancellationToken.None);
        var cleanup = Assert.Single(runs, job => job.Kind == JobHousekeeping.JobKind);
        Assert.StartsWith("jobs:cleanup:", cleanup.DedupeKey, StringComparison.Ordinal);
        var local = TimeZoneInfo.ConvertTime(cleanup.RunAfter, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
        Assert.Equal((3, 0), (local.Hour, local.Minute));
    }

    [Fact]
    public async Task Admin_sees_failed_jobs_and_retries_one_with_a_fresh_set_of_attempts()
    {
        var key = NewKey();
        var job = await app.QueueTestJobAsync(new TestJobPayload(key, FailTimes: 1), maxAttempts: 1);
        Assert.Equal(JobStatus.Failed, (await app.RunJobAsync(job.Id)).Status);

        var (admin, _) = await app.SignedInAsync(Roles.LearningAdmin);
        var page = await admin.GetPageAsync("/admin/jobs?status=Failed");
        Assert.Contains($"/admin/jobs/{job.Id}/retry", page, StringComparison.Ordinal);
        Assert.Contains("Planned failure 1", page, StringComparison.Ordinal);
        var details = await admin.GetPageAsync($"/admin/jobs/{job.Id}");
        Assert.Contains("class=\"job-progress\"", details, StringComparison.Ordinal);
        Assert.Contains("<progress", details, StringComparison.Ordinal);

        using var retried = await admin.PostFormAsync("/admin/jobs?status=Failed", $"/admin/jobs/{job.Id}/retry?returnUrl=%2Fadmin%2Fjobs%3Fstatus%3DFailed", []);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("/admin/jobs?status=Failed", retried.Headers.Location!.OriginalString);
        var queued = await app.JobAsync(job.Id);
        Assert.Equal(JobStatus.Queued, queued.Status);
        Assert.Equal(0, queued.Attempts);

        var done = await app.RunJobAsync(job.Id);
        Assert.Equal(JobStatus.Succeeded, done.Status);
        Assert.Equal(2, app.Services.GetRequiredService<TestJobLog>().RunsOf(key));
        var audited = await app.WithDbAsync(db => db.Set<Guild.Web.Platform.Audit.AuditEntry>()
            .AnyAsync(e => e.Action == "jobs.retried" && e.ObjectId == job.Id.ToString()));
        Assert.True(audited);
    }

    [Fact]
    public async Task Progress_of_an_unfinished_job_follows_it_live_and_has_a_refresh_link_without_script()
    {
        var job = await app.QueueTestJobAsync(new TestJobPayload(NewKey()));
        await app.WithDbAsync(db => db.Set<BackgroundJob>().Where(j => j.Id == job.Id).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.ProgressDone, 30).SetProperty(j => j.ProgressTotal, 120).SetProperty(j => j.ProgressMessage, "Reading rows")));
        var (admin, _) = await app.SignedInAsync(Roles.LearningAdmin);

        var page = await admin.GetPageAsync($"/admin/jobs/{job.Id}");
        Assert.Contains($"data-job-progress=\"/api/v1/jobs/{job.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains("<progress max=\"100\" value=\"25\"", page, StringComparison.Ordinal);
        Assert.Contains("25%", page, StringComparison.Ordinal);
        Assert.Contains("Waiting to start", page, StringComparison.Ordinal);
        Assert.Contains("Reading rows", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/jobs/{job.Id}\"", page, StringComparison.Ordinal);

        using var view = System.Text.Json.JsonDocument.Parse(await admin.GetPageAsync($"/api/v1/jobs/{job.Id}"));
        Assert.Equal(25, view.RootElement.GetProperty("percent").GetInt32());
        Assert.Equal("Queued", view.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Jobs_page_and_retry_are_for_learning_admins_only()
    {
        var key = NewKey();
        var job = await app.QueueTestJobAsync(new TestJobPayload(key, Permanent: true));
        await app.RunJobAsync(job.Id);
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        using var page = await employee.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        using var retry = await employee.Http.PostAsync($"/api/v1/jobs/{job.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Forbidden, retry.StatusCode);
        Assert.Equal(JobStatus.Failed, (await app.JobAsync(job.Id)).Status);
        using var list = await employee.GetAsync("/api/v1/jobs");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class JobRunnerTestsOnSqlite(SqliteApp app) : JobRunnerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class JobRunnerTestsOnPostgres(PostgresApp app) : JobRunnerTests(app);
