using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Community.WorkingOutLoud;

/// <summary>
/// Plans each day's prompts: for every week with a prompt on a date, one <c>wol.prompt</c> job per member of its space,
/// to run at the start of that member's working hours on that date (their own zone and hours, the organisation's
/// holidays). The jobs' dedupe keys name week, date and person, so planning again (the daily run, a changed week, a
/// restart) queues nobody twice; a member without working hours that day is not prompted (the week page shows it).
/// </summary>
public sealed class WorkingOutLoudPrompts(GuildDb db, WorkingCalendar calendar, JobQueue jobs)
{
    public static string KeyOf(Guid weekId, DateOnly date, Guid personId) => $"wol.prompt:{weekId:N}:{date:yyyy-MM-dd}:{personId:N}";

    /// <summary>Queues the prompts of <paramref name="date"/> (of one week, or of every week running that day); answers how many were queued.</summary>
    public async Task<int> PlanAsync(DateOnly date, Guid? weekId, CancellationToken cancellationToken)
    {
        var due = await (from p in db.Set<WorkingOutLoudPrompt>().AsNoTracking()
                         join w in db.Set<WorkingOutLoudWeek>() on p.WeekId equals w.Id
                         where p.Date == date && (weekId == null || w.Id == weekId)
                         select new { w.Id, w.SpaceId }).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var week in due)
        {
            var members = await db.Set<SpaceMember>().AsNoTracking().Where(m => m.SpaceId == week.SpaceId && m.Status == MembershipStatus.Member)
                .Select(m => m.PersonId).ToListAsync(cancellationToken);
            var prefix = $"wol.prompt:{week.Id:N}:{date:yyyy-MM-dd}:";
            var taken = (await db.Set<BackgroundJob>().AsNoTracking().Where(j => j.DedupeKey != null && j.DedupeKey.StartsWith(prefix))
                .Select(j => j.DedupeKey!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var schedules = await calendar.ForAsync(members, cancellationToken);
            foreach (var person in members)
            {
                var key = KeyOf(week.Id, date, person);
                if (taken.Contains(key) || schedules[person].Period(date) is not { } period)
                {
                    continue;
                }
                jobs.Enqueue(WorkingOutLoudPromptJob.JobKind, new WorkingOutLoudPromptJob.Payload(week.Id, date, person), runAfter: period.Start, dedupeKey: key,
                    maxAttempts: 5);
                queued++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }
}

/// <summary>The daily run (<c>wol.plan</c>, just after midnight in the organisation's zone): plans today's prompts of every running week.</summary>
internal sealed class WorkingOutLoudPlanJob(WorkingOutLoudPrompts prompts, WorkingCalendar calendar, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "wol.plan";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var today = (await calendar.OrganisationAsync(cancellationToken)).LocalDate(clock.GetUtcNow());
        var queued = await prompts.PlanAsync(today, null, cancellationToken);
        job.SetResult(System.Text.Json.JsonSerializer.Serialize(new { date = today, queued }, System.Text.Json.JsonSerializerOptions.Web));
    }
}

/// <summary>
/// One member's prompt of one day (<c>wol.prompt</c>): a notification (and a mail as they prefer) leading to the week's
/// page. Sent once: the delivery row's key (week, date, person) is written with it. A run before the member's hours
/// waits for them; a run after their working day (the node was down) sends nothing, since the day's prompt is stale.
/// Someone who left the space meanwhile gets nothing.
/// </summary>
internal sealed class WorkingOutLoudPromptJob(GuildDb db, WorkingCalendar calendar, Notifier notifier, JobQueue jobs, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "wol.prompt";
    public const string PromptKind = "community.wol-prompt";

    /// <param name="WeekId">The week.</param>
    /// <param name="Date">The day of the prompt.</param>
    /// <param name="PersonId">The member to prompt.</param>
    public sealed record Payload(Guid WeekId, DateOnly Date, Guid PersonId);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<Payload>();
        if (await db.Set<WorkingOutLoudPromptDelivery>().AnyAsync(d => d.WeekId == payload.WeekId && d.Date == payload.Date && d.PersonId == payload.PersonId,
            cancellationToken))
        {
            return;
        }
        var week = await (from w in db.Set<WorkingOutLoudWeek>().AsNoTracking()
                          join s in db.Set<Space>() on w.SpaceId equals s.Id
                          where w.Id == payload.WeekId
                          select new
                          {
                              w.Id, w.Title, s.Slug,
                              Prompted = db.Set<WorkingOutLoudPrompt>().Any(p => p.WeekId == w.Id && p.Date == payload.Date),
                              Member = db.Set<SpaceMember>().Any(m => m.SpaceId == s.Id && m.PersonId == payload.PersonId && m.Status == MembershipStatus.Member),
                          }).FirstOrDefaultAsync(cancellationToken);
        if (week is null || !week.Prompted || !week.Member)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var schedule = await calendar.ForAsync(payload.PersonId, cancellationToken);
        if (schedule.Period(payload.Date) is not { } period || now >= period.End)
        {
            return;
        }
        if (now < period.Start)
        {
            // Their hours changed since planning: wait for the start of them (a new job; this one's key is taken).
            jobs.Enqueue(JobKind, payload, runAfter: period.Start, maxAttempts: 5);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        db.Add(new WorkingOutLoudPromptDelivery { WeekId = payload.WeekId, Date = payload.Date, PersonId = payload.PersonId, SentAt = now });
        await notifier.NotifyAsync([payload.PersonId], new NotificationEvent(PromptKind, $"wol-week:{week.Id:N}:{payload.Date:yyyy-MM-dd}", week.Title,
            $"/community/{week.Slug}/wol/{week.Id}", null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
