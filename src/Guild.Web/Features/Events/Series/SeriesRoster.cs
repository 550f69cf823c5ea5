using System.Globalization;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Events.Series;

/// <summary>
/// The speaker roster of a series' occurrences: a colleague signs up for a date (confirmed at once), or an organiser proposes someone
/// who confirms or declines (told in the app and by mail, with a link); two confirmed speakers swap dates (one asks, the other
/// accepts). Every change goes through <see cref="SeriesRule"/> plus the talk's own facts (whose it is, whether it is ahead).
/// </summary>
public sealed class SeriesRoster(GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, Notifier notifier,
    SeriesPlanner planner, IStringLocalizer<SeriesText> text)
{
    public const string ProposedKind = "series.proposed";
    public const string SwapAskedKind = "series.swap-asked";
    public const string NoSpeakerKind = "series.no-speaker";

    /// <summary>The caller signs up to speak on an open date: confirmed at once.</summary>
    public async Task<Result<SeriesView>> SignUpAsync(Guid eventId, SignUpInput input, CancellationToken cancellationToken)
    {
        var (talk, occurrence, series, refusal) = await LoadAsync(eventId, SeriesOperations.Speak, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var topic = input.Topic?.Trim() ?? "";
        if (topic.Length == 0 || topic.Length > SeriesTalk.TopicMax)
        {
            return Result<SeriesView>.Invalid("topic", text["TopicRequired", SeriesTalk.TopicMax]);
        }
        if (talk!.SpeakerId == me.Id)
        {
            return Result<SeriesView>.Conflict(text["AlreadyYours"]);
        }
        if (talk.Status != TalkStatus.Open)
        {
            return Result<SeriesView>.Conflict(text["DateTaken"]);
        }
        var now = clock.GetUtcNow();
        var alreadyOn = await (from t in db.Set<SeriesTalk>()
                               join e in db.Set<GuildEvent>() on t.EventId equals e.Id
                               where t.SeriesId == series!.Id && t.SpeakerId == me.Id && t.Status != TalkStatus.Open && e.StartsAt > now
                                     && e.Status == EventStatus.Scheduled
                               select (DateTimeOffset?)e.StartsAt).FirstOrDefaultAsync(cancellationToken);
        if (alreadyOn is { } when)
        {
            return Result<SeriesView>.Conflict(text["AlreadySpeaking", DayOf(when, occurrence!.TimeZone)]);
        }
        (talk.SpeakerId, talk.Topic, talk.Status, talk.ProposedById, talk.ChangedAt) = (me.Id, topic, TalkStatus.Confirmed, null, now);
        return await SaveAsync(series!.Id, cancellationToken);
    }

    /// <summary>An organiser proposes someone for an open date; they hear of it and confirm or decline.</summary>
    public async Task<Result<SeriesView>> ProposeAsync(Guid eventId, ProposalInput input, CancellationToken cancellationToken)
    {
        var (talk, occurrence, series, refusal) = await LoadAsync(eventId, SeriesOperations.Organise, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (input.PersonId is not { } personId
            || !await db.Set<Person>().AnyAsync(p => p.Id == personId && p.Account.DeactivatedAt == null && p.PartnerOrganisation == null, cancellationToken))
        {
            return Result<SeriesView>.Invalid("personId", text["PersonUnknown"]);
        }
        var topic = input.Topic?.Trim();
        if (topic is { Length: > SeriesTalk.TopicMax })
        {
            return Result<SeriesView>.Invalid("topic", text["TopicRequired", SeriesTalk.TopicMax]);
        }
        if (talk!.Status != TalkStatus.Open)
        {
            return Result<SeriesView>.Conflict(talk.SpeakerId == personId ? text["AlreadyTheirs"] : text["DateTaken"]);
        }
        var now = clock.GetUtcNow();
        (talk.SpeakerId, talk.Topic, talk.Status, talk.ProposedById, talk.ChangedAt) = (personId, string.IsNullOrEmpty(topic) ? null : topic, TalkStatus.Proposed, me.Id, now);
        await notifier.NotifyAsync([personId], new NotificationEvent(ProposedKind, $"series-talk:{eventId}",
            $"{series!.Title} · {DayOf(occurrence!.StartsAt, occurrence.TimeZone)}", $"/events/series/{series.Id}#talk-{eventId}", me.DisplayName), cancellationToken);
        return await SaveAsync(series.Id, cancellationToken);
    }

    /// <summary>The proposed speaker confirms (the date is theirs) or declines (the date is open again).</summary>
    public async Task<Result<SeriesView>> AnswerProposalAsync(Guid eventId, bool accept, string? topic, CancellationToken cancellationToken)
    {
        var (talk, _, series, refusal) = await LoadAsync(eventId, SeriesOperations.Speak, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (talk!.Status != TalkStatus.Proposed || talk.SpeakerId != me.Id)
        {
            return Result<SeriesView>.Conflict(text["NoProposalForYou"]);
        }
        var now = clock.GetUtcNow();
        if (accept)
        {
            var given = topic?.Trim();
            if (given is { Length: > SeriesTalk.TopicMax } || (string.IsNullOrEmpty(given) && talk.Topic is null))
            {
                return Result<SeriesView>.Invalid("topic", text["TopicRequired", SeriesTalk.TopicMax]);
            }
            (talk.Status, talk.Topic, talk.ChangedAt) = (TalkStatus.Confirmed, string.IsNullOrEmpty(given) ? talk.Topic : given, now);
        }
        else
        {
            (talk.Status, talk.SpeakerId, talk.Topic, talk.ProposedById, talk.ChangedAt) = (TalkStatus.Open, null, null, null, now);
        }
        return await SaveAsync(series!.Id, cancellationToken);
    }

    /// <summary>The confirmed speaker of one date asks the confirmed speaker of another date of the series to swap.</summary>
    public async Task<Result<SeriesView>> AskSwapAsync(Guid eventId, SwapInput input, CancellationToken cancellationToken)
    {
        var (talk, _, series, refusal) = await LoadAsync(eventId, SeriesOperations.Speak, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        if (talk!.Status != TalkStatus.Confirmed || talk.SpeakerId != me.Id)
        {
            return Result<SeriesView>.Conflict(text["SwapOnlyYourTalk"]);
        }
        if (input.WithEventId is not { } otherId || otherId == eventId)
        {
            return Result<SeriesView>.Invalid("withEventId", text["SwapWithOtherDate"]);
        }
        var now = clock.GetUtcNow();
        var other = await (from t in db.Set<SeriesTalk>()
                           join e in db.Set<GuildEvent>() on t.EventId equals e.Id
                           where t.EventId == otherId && t.SeriesId == series!.Id
                           select new { Talk = t, Event = e }).FirstOrDefaultAsync(cancellationToken);
        if (other is null)
        {
            return Result<SeriesView>.Invalid("withEventId", text["DateNotInSeries"]);
        }
        if (other.Event.StartsAt <= now || other.Event.Status != EventStatus.Scheduled)
        {
            return Result<SeriesView>.Invalid("withEventId", text["DatePast"]);
        }
        if (other.Talk.Status != TalkStatus.Confirmed || other.Talk.SpeakerId is null)
        {
            return Result<SeriesView>.Invalid("withEventId", text["SwapNeedsSpeaker"]);
        }
        if (other.Talk.SpeakerId == me.Id)
        {
            return Result<SeriesView>.Invalid("withEventId", text["SwapWithYourself"]);
        }
        (talk.SwapWithEventId, talk.ChangedAt) = (otherId, now);
        await notifier.NotifyAsync([other.Talk.SpeakerId.Value], new NotificationEvent(SwapAskedKind, $"series-talk:{otherId}",
            $"{series!.Title} · {DayOf(other.Event.StartsAt, other.Event.TimeZone)}", $"/events/series/{series.Id}#talk-{otherId}", me.DisplayName), cancellationToken);
        return await SaveAsync(series.Id, cancellationToken);
    }

    /// <summary>The speaker asked to swap accepts (the two talks change dates) or declines (the request is dropped).</summary>
    public async Task<Result<SeriesView>> AnswerSwapAsync(Guid eventId, Guid? askedByEventId, bool accept, CancellationToken cancellationToken)
    {
        var (talk, _, series, refusal) = await LoadAsync(eventId, SeriesOperations.Speak, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var asking = askedByEventId is { } askingId
            ? await db.Set<SeriesTalk>().FirstOrDefaultAsync(t => t.EventId == askingId && t.SwapWithEventId == eventId, cancellationToken)
            : null;
        if (talk!.SpeakerId != me.Id || talk.Status != TalkStatus.Confirmed || asking is null || asking.Status != TalkStatus.Confirmed)
        {
            return Result<SeriesView>.Conflict(text["NoSwapForYou"]);
        }
        var now = clock.GetUtcNow();
        if (accept)
        {
            (talk.SpeakerId, talk.Topic, asking.SpeakerId, asking.Topic) = (asking.SpeakerId, asking.Topic, talk.SpeakerId, talk.Topic);
            talk.SwapWithEventId = null;
        }
        asking.SwapWithEventId = null;
        (talk.ChangedAt, asking.ChangedAt) = (now, now);
        return await SaveAsync(series!.Id, cancellationToken);
    }

    /// <summary>
    /// Suggestions for an organiser: active colleagues who have not spoken in this series, champions of the series' components first,
    /// then people from departments not heard in the last talks.
    /// </summary>
    public async Task<Result<IReadOnlyList<SpeakerSuggestion>>> SuggestionsAsync(Guid seriesId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var series = await read.Set<LectureSeries>().AsNoTracking().Include(s => s.Organisers).Include(s => s.Components).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == seriesId, cancellationToken);
        if (series is null || !await me.CanAsync(SeriesPlanner.StandingOf(series), SeriesOperations.View))
        {
            return Result<IReadOnlyList<SpeakerSuggestion>>.NotFound();
        }
        if (!await me.CanAsync(SeriesPlanner.StandingOf(series), SeriesOperations.Organise))
        {
            return Result<IReadOnlyList<SpeakerSuggestion>>.Forbidden();
        }
        // Every series of the chain ("this and following") counts as the same series for "has spoken".
        var chain = await ChainAsync(read, series, cancellationToken);
        var talks = await (from t in read.Set<SeriesTalk>()
                           join e in read.Set<GuildEvent>() on t.EventId equals e.Id
                           join p in read.Set<Person>() on t.SpeakerId equals p.Id
                           where chain.Contains(t.SeriesId) && t.Status != TalkStatus.Open
                           orderby e.StartsAt descending
                           select new { p.Id, p.DepartmentId }).ToListAsync(cancellationToken);
        var spoken = talks.Select(t => t.Id).ToHashSet();
        var recentDepartments = talks.Take(6).Select(t => t.DepartmentId).OfType<Guid>().ToHashSet();
        var componentIds = series.Components.Select(c => c.ComponentId).ToList();
        var champions = componentIds.Count == 0 ? [] : await (from c in read.Set<ComponentChampion>()
                                                               join k in read.Set<KnowHowComponent>() on c.ComponentId equals k.Id
                                                               where componentIds.Contains(c.ComponentId) && c.EndedAt == null
                                                               select new { c.PersonId, k.Name }).ToListAsync(cancellationToken);
        var championIds = champions.Select(c => c.PersonId).Distinct().Where(id => !spoken.Contains(id)).ToList();
        var people = read.Set<Person>().AsNoTracking().Where(p => p.Account.DeactivatedAt == null && p.PartnerOrganisation == null);
        var candidates = await people.Where(p => championIds.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.GivenName + " " + p.FamilyName, p.DepartmentId, Department = p.Department == null ? null : p.Department.Name, p.SortKey })
            .ToListAsync(cancellationToken);
        // Then colleagues of departments not heard recently, a few per department so many departments are offered.
        var spokenIds = spoken.ToList();
        var others = await people.Where(p => !spokenIds.Contains(p.Id) && !championIds.Contains(p.Id) && p.DepartmentId != null
                && !recentDepartments.Contains(p.DepartmentId.Value))
            .OrderBy(p => p.SortKey).Take(200)
            .Select(p => new { p.Id, Name = p.GivenName + " " + p.FamilyName, p.DepartmentId, Department = p.Department == null ? null : p.Department.Name, p.SortKey })
            .ToListAsync(cancellationToken);
        var spread = others.GroupBy(p => p.DepartmentId).SelectMany(g => g.Take(2).Select((p, i) => (p, i))).OrderBy(x => x.i).ThenBy(x => x.p.Department)
            .Select(x => x.p);
        return Result<IReadOnlyList<SpeakerSuggestion>>.Ok(candidates
            .OrderBy(c => c.DepartmentId is { } d && recentDepartments.Contains(d)).ThenBy(c => c.SortKey)
            .Concat(spread).Take(12)
            .Select(c => new SpeakerSuggestion(c.Id, c.Name, c.Department, champions.Where(h => h.PersonId == c.Id).Select(h => h.Name).Order().ToList(),
                c.DepartmentId is { } d && recentDepartments.Contains(d))).ToList());
    }

    /// <summary>The series and those it continues or is continued by ("this and following" splits).</summary>
    internal static async Task<List<Guid>> ChainAsync(GuildDb read, LectureSeries series, CancellationToken cancellationToken)
    {
        var links = await read.Set<LectureSeries>().AsNoTracking().Where(s => s.PreviousSeriesId != null).Select(s => new { s.Id, Previous = s.PreviousSeriesId!.Value })
            .ToListAsync(cancellationToken);
        var chain = new HashSet<Guid> { series.Id };
        bool grew;
        do
        {
            grew = false;
            foreach (var link in links)
            {
                if (chain.Contains(link.Id) != chain.Contains(link.Previous))
                {
                    chain.Add(link.Id);
                    chain.Add(link.Previous);
                    grew = true;
                }
            }
        }
        while (grew);
        return chain.ToList();
    }

    private async Task<(SeriesTalk? Talk, GuildEvent? Occurrence, LectureSeries? Series, Result<SeriesView>? Refusal)> LoadAsync(Guid eventId,
        Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation, CancellationToken cancellationToken)
    {
        var talk = await db.Set<SeriesTalk>().FirstOrDefaultAsync(t => t.EventId == eventId, cancellationToken);
        var series = talk is null ? null : await db.Set<LectureSeries>().AsNoTracking().Include(s => s.Organisers).FirstOrDefaultAsync(s => s.Id == talk.SeriesId, cancellationToken);
        if (talk is null || series is null || !await me.CanAsync(SeriesPlanner.StandingOf(series), SeriesOperations.View))
        {
            return (null, null, null, Result<SeriesView>.NotFound());
        }
        if (!await me.CanAsync(SeriesPlanner.StandingOf(series), operation))
        {
            return (null, null, null, Result<SeriesView>.Forbidden());
        }
        var occurrence = await db.Set<GuildEvent>().AsNoTracking().FirstAsync(e => e.Id == eventId, cancellationToken);
        if (occurrence.StartsAt <= clock.GetUtcNow() || occurrence.Status != EventStatus.Scheduled)
        {
            return (null, null, null, Result<SeriesView>.Invalid("eventId", text["DatePast"]));
        }
        return (talk, occurrence, series, null);
    }

    private async Task<Result<SeriesView>> SaveAsync(Guid seriesId, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        return await planner.GetAsync(seriesId, cancellationToken);
    }

    /// <summary>An occurrence's day in its own zone, in the reader's language ("Tuesday 12 January").</summary>
    internal static string DayOf(DateTimeOffset startsAt, string timeZone) =>
        TimeZoneInfo.ConvertTime(startsAt, TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : TimeZoneInfo.Utc)
            .ToString("dddd d MMMM", CultureInfo.CurrentCulture);
}
