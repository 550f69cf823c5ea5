using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Events.Series;

/// <summary>A talk as its recording's pages show it.</summary>
/// <param name="EventId">The occurrence (its event page is the talk's page).</param>
/// <param name="SeriesId">Its series.</param>
/// <param name="SeriesTitle">The series' title.</param>
/// <param name="Topic">The speaker's topic, if they gave one.</param>
/// <param name="Speaker">The confirmed speaker's name, if any.</param>
/// <param name="StartsAt">When the talk began.</param>
/// <param name="TimeZone">The series' zone (for the date in words).</param>
/// <param name="RecordingResourceId">The published recording, once there is one.</param>
public sealed record TalkRecordingView(Guid EventId, Guid SeriesId, string SeriesTitle, string? Topic, string? Speaker, DateTimeOffset StartsAt, string TimeZone,
    Guid? RecordingResourceId);

/// <summary>
/// A past talk's recording goes to the library in one step: its confirmed speaker or an organiser opens the library editor from the talk
/// (<c>/library/new?kind=Video&amp;lecture={eventId}</c>, as an ask's "record an answer" does with <c>?ask=</c>); the new resource is
/// remembered as the talk's recording in the making (<see cref="TalkRecording"/>) and, once published, the talk links it and the
/// resource page links the talk (<see cref="TalkRecordingOnPublish"/>). Who may is <see cref="SeriesRule"/>'s <c>series.record</c>.
/// </summary>
public sealed class TalkRecordings(GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, IStringLocalizer<SeriesText> text)
{
    /// <summary>The talk, when the caller may put its recording in the library now: 404 if they cannot see it, 403 if it is not theirs, 400 before it is over.</summary>
    public async Task<Result<TalkRecordingView>> RecordableAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await CheckAsync(read, eventId, cancellationToken);
    }

    /// <summary>Remembers a resource the caller just made (and authors) as the talk's recording in the making.</summary>
    public async Task<Result<TalkRecordingView>> AttachAsync(Guid eventId, Guid resourceId, CancellationToken cancellationToken)
    {
        var checkedTalk = await CheckAsync(db, eventId, cancellationToken);
        if (!checkedTalk.IsOk)
        {
            return checkedTalk;
        }
        var caller = me.Id;
        var authored = await db.Set<Resource>().AnyAsync(r => r.Id == resourceId && r.Status != ResourceStatus.Archived
            && db.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == caller), cancellationToken);
        if (!authored)
        {
            return Result<TalkRecordingView>.Invalid("resourceId", text["RecordingNotYours"]);
        }
        if (!await db.Set<TalkRecording>().AnyAsync(r => r.ResourceId == resourceId, cancellationToken))
        {
            db.Add(new TalkRecording { ResourceId = resourceId, EventId = eventId, MadeById = caller, CreatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
        }
        return checkedTalk;
    }

    /// <summary>The talk a published resource is the recording of, for someone who may see the series; else null.</summary>
    public async Task<TalkRecordingView?> TalkOfAsync(Guid resourceId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var eventId = await read.Set<SeriesTalk>().AsNoTracking().Where(t => t.RecordingResourceId == resourceId).Select(t => (Guid?)t.EventId)
            .FirstOrDefaultAsync(cancellationToken);
        if (eventId is null || await ReadAsync(read, eventId.Value, cancellationToken) is not { } row
            || !await me.CanAsync(new SeriesStanding(row.Organisers), SeriesOperations.View))
        {
            return null;
        }
        return row.View;
    }

    private async Task<Result<TalkRecordingView>> CheckAsync(GuildDb read, Guid eventId, CancellationToken cancellationToken)
    {
        if (await ReadAsync(read, eventId, cancellationToken) is not { } row || !await me.CanAsync(new SeriesStanding(row.Organisers), SeriesOperations.View))
        {
            return Result<TalkRecordingView>.NotFound();
        }
        if (!await me.CanAsync(new SeriesStanding(row.Organisers, row.Confirmed ? row.SpeakerId : null), SeriesOperations.Record))
        {
            return Result<TalkRecordingView>.Forbidden(text["RecordingNotYourTalk"]);
        }
        if (row.EndsAt > clock.GetUtcNow() || row.Cancelled)
        {
            return Result<TalkRecordingView>.Invalid("eventId", text["TalkNotOver"]);
        }
        return Result<TalkRecordingView>.Ok(row.View);
    }

    private sealed record TalkRow(TalkRecordingView View, List<Guid> Organisers, Guid? SpeakerId, bool Confirmed, DateTimeOffset EndsAt, bool Cancelled);

    private static async Task<TalkRow?> ReadAsync(GuildDb read, Guid eventId, CancellationToken cancellationToken)
    {
        var row = await (from t in read.Set<SeriesTalk>()
                         join s in read.Set<LectureSeries>() on t.SeriesId equals s.Id
                         join e in read.Set<GuildEvent>() on t.EventId equals e.Id
                         where t.EventId == eventId
                         select new
                         {
                             t.EventId, s.Id, s.Title, t.Topic, t.SpeakerId, TalkStatus = t.Status, e.StartsAt, e.EndsAt, EventStatus = e.Status, s.TimeZone, t.RecordingResourceId,
                             Speaker = read.Set<Person>().Where(p => p.Id == t.SpeakerId).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefault(),
                             Organisers = s.Organisers.Select(o => o.PersonId).ToList(),
                         }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new TalkRow(
            new TalkRecordingView(row.EventId, row.Id, row.Title, row.Topic, row.TalkStatus == TalkStatus.Confirmed ? row.Speaker : null, row.StartsAt, row.TimeZone,
                row.RecordingResourceId),
            row.Organisers, row.SpeakerId, row.TalkStatus == TalkStatus.Confirmed, row.EndsAt, row.EventStatus == EventStatus.Cancelled);
    }
}

/// <summary>
/// A talk's recording was published: the talk links it (the first one published stays its recording; a later one simply stays a
/// resource) and its maker "shared" the talk (a learning record through the platform's writer). Runs in the publication's unit of work.
/// </summary>
internal sealed class TalkRecordingOnPublish(GuildDb db, LearningRecorder recorder) : IResourcePublishedListener
{
    public async Task PublishedAsync(ResourcePublished published, CancellationToken cancellationToken)
    {
        var recordings = await db.Set<TalkRecording>().Where(r => r.ResourceId == published.ResourceId).ToListAsync(cancellationToken);
        foreach (var recording in recordings)
        {
            var talk = await db.Set<SeriesTalk>().FirstOrDefaultAsync(t => t.EventId == recording.EventId, cancellationToken);
            var occurrence = await db.Set<GuildEvent>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == recording.EventId, cancellationToken);
            if (talk is null || occurrence is null)
            {
                continue;
            }
            talk.RecordingResourceId ??= published.ResourceId;
            var name = await db.Set<Person>().Where(p => p.Id == recording.MadeById).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefaultAsync(cancellationToken);
            await recorder.AddAsync(db, new LearningAct(new LearningActor(recording.MadeById, name ?? ""), LearningVerbs.Shared, Registrations.ActivityOf(occurrence))
                { At = published.At }, cancellationToken);
        }
        db.RemoveRange(recordings);
    }
}
