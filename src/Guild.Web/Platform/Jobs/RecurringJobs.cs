using Guild.Web.Platform.Organisation;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Jobs;

/// <summary>
/// Work that runs on a schedule (digests at 07:00, housekeeping at night). Every node's
/// <see cref="RecurringJobScheduler"/> makes sure the next run exists as an ordinary queued job whose
/// dedupe key names the run (<c>digest:daily:2026-11-27</c>), so the schedule lives in the database:
/// it survives restarts, and with several nodes each run is queued, and so runs, once.
/// </summary>
/// <param name="Name">Stable name, the start of each run's dedupe key, such as <c>digest:daily</c>.</param>
/// <param name="Kind">The <see cref="IJobHandler.Kind"/> that does the work.</param>
/// <param name="NextRun">The first run at or after the given instant; at most one run per local day.</param>
/// <param name="Payload">What each run gets.</param>
/// <param name="MaxAttempts">How often a run is tried before it fails for good.</param>
public sealed record RecurringJob(string Name, string Kind, Func<OrganisationView, DateTimeOffset, DateTimeOffset> NextRun,
    object? Payload = null, int MaxAttempts = 5)
{
    /// <summary>The dedupe key of the run at <paramref name="runAt"/>: the name and the local date.</summary>
    public string KeyFor(OrganisationView organisation, DateTimeOffset runAt) =>
        $"{Name}:{organisation.ToLocal(runAt):yyyy'-'MM'-'dd}";
}

/// <summary>Schedules in the organisation's own time zone, so 07:00 stays 07:00 across daylight saving.</summary>
public static class Schedules
{
    public static Func<OrganisationView, DateTimeOffset, DateTimeOffset> WorkingDaysAt(TimeOnly at) =>
        (organisation, now) => NextAt(organisation.TimeZone, now, at,
            organisation.WorkingDays.Count == 0 ? day => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday) : organisation.WorkingDays.Contains);

    public static Func<OrganisationView, DateTimeOffset, DateTimeOffset> WeeklyAt(DayOfWeek weekday, TimeOnly at) =>
        (organisation, now) => NextAt(organisation.TimeZone, now, at, day => day == weekday);

    public static Func<OrganisationView, DateTimeOffset, DateTimeOffset> DailyAt(TimeOnly at) =>
        (organisation, now) => NextAt(organisation.TimeZone, now, at, _ => true);

    /// <summary>The first local <paramref name="at"/> on a day that <paramref name="onDay"/> admits, at or after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextAt(TimeZoneInfo zone, DateTimeOffset now, TimeOnly at, Func<DayOfWeek, bool> onDay)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var offset = 0; offset < 15; offset++)
        {
            var date = today.AddDays(offset);
            if (!onDay(date.DayOfWeek))
            {
                continue;
            }
            var local = date.ToDateTime(at);
            if (zone.IsInvalidTime(local))
            {
                // The clock skips this hour (spring forward): run when it is there again.
                local = local.AddHours(1);
            }
            var instant = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            if (instant >= now)
            {
                return instant;
            }
        }
        throw new InvalidOperationException("The schedule admits no day of the week.");
    }
}

public static class RecurringJobExtensions
{
    public static IServiceCollection AddRecurringJob(this IServiceCollection services, RecurringJob job) =>
        services.AddSingleton(job);
}

/// <summary>
/// Keeps the next run of every <see cref="RecurringJob"/> queued. Cheap and safe to call from every
/// node as often as it likes: <see cref="JobQueue.EnqueueNowAsync"/> answers the existing job when
/// the run's dedupe key is taken, also when two nodes race for it.
/// </summary>
public sealed class RecurringJobScheduler(
    IServiceScopeFactory scopes,
    IEnumerable<RecurringJob> recurringJobs,
    OrganisationProfile organisationProfile,
    TimeProvider clock,
    IOptions<JobOptions> options,
    ILogger<RecurringJobScheduler> logger) : BackgroundService
{
    /// <summary>Queues the next run of each recurring job unless it exists; answers those runs.</summary>
    public async Task<IReadOnlyList<BackgroundJob>> EnsureScheduledAsync(CancellationToken cancellationToken)
    {
        var organisation = await organisationProfile.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var runs = new List<BackgroundJob>();
        foreach (var recurring in recurringJobs)
        {
            var runAt = recurring.NextRun(organisation, now);
            var key = recurring.KeyFor(organisation, runAt);
            var job = await queue.EnqueueNowAsync(recurring.Kind, recurring.Payload ?? new { }, runAfter: runAt, dedupeKey: key,
                maxAttempts: recurring.MaxAttempts, cancellationToken: cancellationToken);
            if (job.CreatedAt == now && job.Status == JobStatus.Queued)
            {
                logger.LogInformation("Recurring job {RecurringJob} scheduled as {JobId} for {RunAt}", key, job.Id, runAt);
            }
            runs.Add(job);
        }
        return runs;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureScheduledAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unreachable; the next round tries again.
                logger.LogError(exception, "Scheduling recurring jobs failed; trying again in {Interval}", options.Value.ScheduleInterval);
            }
            await Task.Delay(options.Value.ScheduleInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
