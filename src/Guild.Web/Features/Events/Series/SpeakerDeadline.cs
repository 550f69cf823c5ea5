using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Events.Series;

/// <summary>
/// "Nobody has confirmed yet" (<c>series.speaker-check</c>, daily): an occurrence within its series' deadline (default 7 days) without a
/// confirmed speaker marks its talk as told and queues one <c>series.tell-organiser</c> job per organiser, in the same unit of work, so
/// each organiser hears once per occurrence however often the check runs.
/// </summary>
internal sealed class SpeakerCheckJob(GuildDb db, JobQueue jobs, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "series.speaker-check";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The longest deadline bounds the read; each series' own deadline decides.
        var horizon = now.AddDays(60);
        var due = await (from t in db.Set<SeriesTalk>()
                         join e in db.Set<GuildEvent>() on t.EventId equals e.Id
                         join s in db.Set<LectureSeries>() on t.SeriesId equals s.Id
                         where t.Status != TalkStatus.Confirmed && t.OrganisersToldAt == null && e.Status == EventStatus.Scheduled
                               && e.StartsAt > now && e.StartsAt <= horizon
                         select new { Talk = t, e.StartsAt, s.SpeakerDeadlineDays, Organisers = s.Organisers.Select(o => o.PersonId).ToList() })
            .ToListAsync(cancellationToken);
        foreach (var row in due.Where(r => r.StartsAt <= now.AddDays(r.SpeakerDeadlineDays)))
        {
            row.Talk.OrganisersToldAt = now;
            foreach (var organiser in row.Organisers)
            {
                jobs.Enqueue(TellOrganiserJob.JobKind, new TellOrganiserJob.Payload(row.Talk.EventId, organiser), maxAttempts: 5);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>Tells one organiser, in their own working hours, that an occurrence has no confirmed speaker (unless one confirmed meanwhile).</summary>
internal sealed class TellOrganiserJob(GuildDb db, WorkingCalendar calendar, Notifier notifier, JobQueue jobs, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "series.tell-organiser";

    /// <param name="EventId">The occurrence.</param>
    /// <param name="OrganiserId">Who to tell.</param>
    public sealed record Payload(Guid EventId, Guid OrganiserId);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<Payload>();
        var now = clock.GetUtcNow();
        var schedule = await calendar.ForAsync(payload.OrganiserId, cancellationToken);
        if (!schedule.IsWorking(now))
        {
            jobs.Enqueue(JobKind, payload, runAfter: schedule.AddWorkingTime(now, TimeSpan.Zero), maxAttempts: 5);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var row = await (from t in db.Set<SeriesTalk>()
                         join e in db.Set<GuildEvent>() on t.EventId equals e.Id
                         join s in db.Set<LectureSeries>() on t.SeriesId equals s.Id
                         where t.EventId == payload.EventId
                         select new { TalkStatus = t.Status, e.StartsAt, e.TimeZone, s.Id, s.Title }).FirstOrDefaultAsync(cancellationToken);
        if (row is null || row.TalkStatus == TalkStatus.Confirmed || row.StartsAt <= now)
        {
            return;
        }
        await notifier.NotifyAsync([payload.OrganiserId], new NotificationEvent(SeriesRoster.NoSpeakerKind, $"series-talk:{payload.EventId}",
            $"{row.Title} · {SeriesRoster.DayOf(row.StartsAt, row.TimeZone)}", $"/events/series/{row.Id}/roster#talk-{payload.EventId}", null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
