using System.Globalization;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using NodaTime.Extensions;

namespace Guild.Web.Features.Events.Series;

/// <summary>
/// Starting, reading and changing lecture series. Every check goes through <see cref="SeriesRule"/>. A change of time, slot or place
/// applies to "this and following": the series ends (UNTIL) before the chosen date and a new series continues from it; future
/// occurrences without registrations or speaker are made again, those with them are moved (SEQUENCE raised, people told as events do).
/// Other changes (title, description, organisers, exceptions…) apply to the series and its future occurrences in place.
/// </summary>
public sealed class SeriesPlanner(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, OrganisationProfile organisation, SeriesMaterialiser materialiser,
    EventMails mails, IStringLocalizer<SeriesText> text)
{
    /// <summary>Series with their next occurrence, in title order (series that ended are left out).</summary>
    public async Task<IReadOnlyList<SeriesSummaryView>> ListAsync(CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(SeriesStanding.New, SeriesOperations.View))
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await read.Set<LectureSeries>().AsNoTracking().OrderBy(s => s.Title).Take(200).Select(s => new
        {
            Series = s,
            Next = read.Set<GuildEvent>().Where(e => e.SeriesId == s.Id && e.StartsAt > now && e.Status == EventStatus.Scheduled).OrderBy(e => e.StartsAt)
                .Select(e => new
                {
                    e.StartsAt,
                    Speaker = read.Set<SeriesTalk>().Where(t => t.EventId == e.Id && t.Status == TalkStatus.Confirmed)
                        .Join(read.Set<Person>(), t => t.SpeakerId, p => p.Id, (t, p) => p.GivenName + " " + p.FamilyName).FirstOrDefault(),
                }).FirstOrDefault(),
            Open = read.Set<SeriesTalk>().Count(t => t.SeriesId == s.Id && t.Status == TalkStatus.Open
                && read.Set<GuildEvent>().Any(e => e.Id == t.EventId && e.StartsAt > now && e.Status == EventStatus.Scheduled)),
        }).ToListAsync(cancellationToken);
        return rows.Where(r => r.Next is not null)
            .Select(r => new SeriesSummaryView(r.Series.Id, r.Series.Title, Slot(r.Series), r.Next?.StartsAt, r.Next?.Speaker, r.Open)).ToList();
    }

    /// <summary>One series with its upcoming and past occurrences and their speakers, or not found.</summary>
    public async Task<Result<SeriesView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var series = await read.Set<LectureSeries>().AsNoTracking().Include(s => s.Organisers).Include(s => s.Components).Include(s => s.Exceptions)
            .AsSplitQuery().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null || !await me.CanAsync(StandingOf(series), SeriesOperations.View))
        {
            return Result<SeriesView>.NotFound();
        }
        var now = clock.GetUtcNow();
        var occurrences = await (from e in read.Set<GuildEvent>()
                                 join t in read.Set<SeriesTalk>() on e.Id equals t.EventId
                                 where e.SeriesId == id
                                 orderby e.StartsAt
                                 select new { Event = e, Talk = t }).AsNoTracking().ToListAsync(cancellationToken);
        var personIds = occurrences.Where(o => o.Talk.SpeakerId is not null).Select(o => o.Talk.SpeakerId!.Value).Concat(series.Organisers.Select(o => o.PersonId))
            .Distinct().ToList();
        var componentIds = series.Components.Select(c => c.ComponentId).ToList();
        var people = await read.Set<Person>().AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new SeriesPersonView(p.Id, p.GivenName + " " + p.FamilyName, p.Department == null ? null : p.Department.Name)).ToListAsync(cancellationToken);
        var components = componentIds.Count == 0 ? [] : await read.Set<KnowHowComponent>().AsNoTracking().Where(k => componentIds.Contains(k.Id))
            .OrderBy(k => k.Name).Select(k => new EventComponentView(k.Id, k.Name)).ToListAsync(cancellationToken);
        var next = await read.Set<LectureSeries>().AsNoTracking().Where(s => s.PreviousSeriesId == id).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
        var byId = people.ToDictionary(p => p.Id);
        var views = occurrences.Select(o => new OccurrenceView(o.Event.Id, o.Talk.RuleDate, o.Event.StartsAt, o.Event.EndsAt, o.Event.Status == EventStatus.Cancelled,
            o.Event.Taken, o.Event.Capacity, o.Talk.Status, o.Talk.SpeakerId is { } s && byId.TryGetValue(s, out var speaker) ? speaker : null, o.Talk.Topic,
            o.Talk.SwapWithEventId, o.Talk.RecordingResourceId, o.Event.EndsAt <= now)).ToList();
        var organises = await me.CanAsync(StandingOf(series), SeriesOperations.Organise);
        return Result<SeriesView>.Ok(new SeriesView(series.Id, series.Title, series.Description, series.RecurrenceRule, series.FirstDate, series.StartTime,
            series.DurationMinutes, series.TimeZone, Slot(series), series.Online, organises ? series.MeetingLink : null, series.Room, series.Capacity,
            series.HolidayPolicy, series.Exceptions.Select(x => x.Date).Order().ToList(), series.SpeakerDeadlineDays,
            series.Organisers.Select(o => byId.GetValueOrDefault(o.PersonId)).OfType<SeriesPersonView>().ToList(), components, series.PreviousSeriesId, next,
            views.Where(v => !v.Past && !v.Cancelled).ToList(), views.Where(v => v.Past).OrderByDescending(v => v.StartsAt).ToList(), organises));
    }

    /// <summary>
    /// What an occurrence's page shows of its series: the series, the speaker and the recording; null for an event of no series (or one
    /// the caller may not see).
    /// </summary>
    public async Task<OccurrenceSeriesView?> OccurrenceAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from t in read.Set<SeriesTalk>()
                         join s in read.Set<LectureSeries>() on t.SeriesId equals s.Id
                         where t.EventId == eventId
                         select new
                         {
                             s.Id, s.Title, t.Status, t.SpeakerId, t.Topic, t.RecordingResourceId,
                             Speaker = read.Set<Person>().Where(p => p.Id == t.SpeakerId).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefault(),
                             Organisers = s.Organisers.Select(o => o.PersonId).ToList(),
                         }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (row is null || !await me.CanAsync(new SeriesStanding(row.Organisers), SeriesOperations.View))
        {
            return null;
        }
        return new OccurrenceSeriesView(row.Id, row.Title, row.Status, row.Speaker is null ? null : new SeriesPersonView(row.SpeakerId!.Value, row.Speaker, null),
            row.Topic, row.RecordingResourceId);
    }

    /// <summary>Starts a series with the caller as its (first) organiser and makes its first occurrences.</summary>
    public async Task<Result<SeriesView>> CreateAsync(SeriesInput input, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(SeriesStanding.New, SeriesOperations.Create))
        {
            return Result<SeriesView>.Forbidden();
        }
        var (planned, errors) = await CheckAsync(input, null, cancellationToken);
        if (planned is null)
        {
            return Result<SeriesView>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        var series = new LectureSeries
        {
            Id = Guid.CreateVersion7(), Title = "", RecurrenceRule = "", TimeZone = "", CreatedById = me.Id, CreatedAt = now, UpdatedAt = now,
        };
        Apply(series, planned);
        series.Organisers.AddRange(planned.OrganiserIds.Prepend(me.Id).Distinct().Select(p => new SeriesOrganiser { PersonId = p }));
        db.Add(series);
        await db.SaveChangesAsync(cancellationToken);
        await materialiser.MaterialiseAsync(series.Id, cancellationToken);
        return await GetAsync(series.Id, cancellationToken);
    }

    /// <summary>
    /// Changes a series. A new time, slot or place applies from <see cref="SeriesInput.FromDate"/> (the next occurrence when left out):
    /// the series is split there unless that is its first date. Everything else changes the series and its future occurrences in place.
    /// </summary>
    public async Task<Result<SeriesView>> UpdateAsync(Guid id, SeriesInput input, CancellationToken cancellationToken)
    {
        var series = await db.Set<LectureSeries>().Include(s => s.Organisers).Include(s => s.Components).Include(s => s.Exceptions).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null || !await me.CanAsync(StandingOf(series), SeriesOperations.View))
        {
            return Result<SeriesView>.NotFound();
        }
        if (!await me.CanAsync(StandingOf(series), SeriesOperations.Organise))
        {
            return Result<SeriesView>.Forbidden();
        }
        var (planned, errors) = await CheckAsync(input, series, cancellationToken);
        if (planned is null)
        {
            return Result<SeriesView>.Invalid(errors);
        }
        var calendar = await materialiser.ContextAsync(cancellationToken);
        var today = materialiser.Today(series);
        var now = clock.GetUtcNow();
        // A new time, slot or place splits the series ("this and following"); new exceptions or holiday handling plan its dates again in place.
        var slotChanged = planned.Rule.ToString() != series.RecurrenceRule || planned.FirstDate != series.FirstDate || planned.StartTime != series.StartTime
            || planned.DurationMinutes != series.DurationMinutes || planned.TimeZone != series.TimeZone || planned.Online != series.Online
            || planned.MeetingLink != series.MeetingLink || planned.Room != series.Room || planned.Capacity != series.Capacity;
        var datesChanged = planned.HolidayPolicy != series.HolidayPolicy || !planned.Exceptions.SetEquals(series.Exceptions.Select(x => x.Date));
        // The future occurrences this change reaches, with whether anyone hangs on them (registrations or a speaker).
        var upcoming = await (from e in db.Set<GuildEvent>().Include(e => e.Organisers).Include(e => e.Components)
                              join t in db.Set<SeriesTalk>() on e.Id equals t.EventId
                              where e.SeriesId == id && e.StartsAt > now && e.Status == EventStatus.Scheduled
                              orderby e.StartsAt
                              select new
                              {
                                  Event = e, Talk = t,
                                  Held = t.Status != TalkStatus.Open || db.Set<EventRegistration>().Any(r => r.EventId == e.Id
                                      && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waiting || r.Status == RegistrationStatus.Offered)),
                              }).ToListAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!slotChanged && !datesChanged)
        {
            Apply(series, planned);
            foreach (var row in upcoming)
            {
                await FollowAsync(row.Event, series, false, now, cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return await GetAsync(id, cancellationToken);
        }
        var from = !slotChanged ? today.ToDateOnly() : input.FromDate ?? upcoming.Select(u => (DateOnly?)u.Talk.RuleDate).FirstOrDefault() ?? today.ToDateOnly();
        if (from < today.ToDateOnly())
        {
            return Result<SeriesView>.Invalid("fromDate", text["FromDatePast"]);
        }
        var oldRule = RecurrenceRule.Parse(series.RecurrenceRule, out _)!;
        if (slotChanged && input.FromDate is { } chosen && !oldRule.Dates(series.FirstDate.ToLocalDate(), chosen.ToLocalDate()).Contains(chosen.ToLocalDate()))
        {
            return Result<SeriesView>.Invalid("fromDate", text["FromDateNotInSeries"]);
        }
        // Splitting on the first date is changing the whole series; otherwise the old series ends the day before and a new one continues.
        var target = series;
        if (slotChanged && from > series.FirstDate)
        {
            target = new LectureSeries
            {
                Id = Guid.CreateVersion7(), Title = "", RecurrenceRule = "", TimeZone = "", CreatedById = series.CreatedById, CreatedAt = now, UpdatedAt = now,
                PreviousSeriesId = series.Id,
            };
            Apply(target, planned with { FirstDate = from });
            target.Organisers.AddRange(planned.OrganiserIds.Concat(series.Organisers.Select(o => o.PersonId)).Distinct()
                .Select(p => new SeriesOrganiser { PersonId = p }));
            series.RecurrenceRule = oldRule.EndingOn(from.ToLocalDate().PlusDays(-1)).ToString();
            series.UpdatedAt = now;
            db.Add(target);
        }
        else
        {
            Apply(series, planned);
        }
        await db.SaveChangesAsync(cancellationToken);
        var reached = upcoming.Where(u => u.Talk.RuleDate >= from).ToList();
        // Free occurrences are made again from the new slot; held ones move to the new slot's nearest date on or after their own.
        foreach (var row in reached.Where(r => !r.Held))
        {
            db.Remove(row.Event);
        }
        await db.SaveChangesAsync(cancellationToken);
        var slots = materialiser.Plan(target, calendar, from.ToLocalDate()).Where(o => o.StartsAt > now).ToList();
        var held = reached.Where(r => r.Held).ToList();
        // Two steps, because moved rows may take each other's rule dates: first out of the way, then into place (the index is unique).
        for (var i = 0; i < held.Count; i++)
        {
            held[i].Talk.RuleDate = DateOnly.MinValue.AddDays(i);
        }
        await db.SaveChangesAsync(cancellationToken);
        var zone = NodaTime.DateTimeZoneProviders.Tzdb[target.TimeZone];
        foreach (var row in held)
        {
            // The new slot's date nearest to the occurrence's own (the later one on a tie), each taken once.
            var ownDay = NodaTime.Instant.FromDateTimeOffset(row.Event.StartsAt).InZone(zone).Date;
            var slot = slots.OrderBy(s => Math.Abs(NodaTime.Period.DaysBetween(ownDay, s.Date))).ThenByDescending(s => s.Date).FirstOrDefault();
            if (slot is null)
            {
                // The new slot has no date left for it: it is called off, and everyone with a place hears so.
                row.Event.Status = EventStatus.Cancelled;
                row.Event.CancelledAt = now;
                row.Event.Sequence++;
                row.Event.UpdatedAt = now;
                await mails.QueueCancelledAsync(row.Event, cancellationToken);
                db.Remove(row.Talk);
                continue;
            }
            slots.Remove(slot);
            row.Talk.SeriesId = target.Id;
            row.Talk.RuleDate = slot.RuleDate.ToDateOnly();
            row.Event.SeriesId = target.Id;
            var moved = row.Event.StartsAt != slot.StartsAt || row.Event.EndsAt != slot.EndsAt;
            (row.Event.StartsAt, row.Event.EndsAt) = (slot.StartsAt, slot.EndsAt);
            await FollowAsync(row.Event, target, moved, now, cancellationToken);
            if (moved)
            {
                mails.ScheduleReminders(row.Event);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await materialiser.MaterialiseAsync(target.Id, cancellationToken);
        return await GetAsync(target.Id, cancellationToken);
    }

    /// <summary>An occurrence follows its series (title, place, organisers, components); a change calendars see raises SEQUENCE and tells people.</summary>
    private async Task FollowAsync(GuildEvent occurrence, LectureSeries series, bool moved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = moved || occurrence.Title != series.Title || occurrence.Description != series.Description || occurrence.TimeZone != series.TimeZone
            || occurrence.Online != series.Online || occurrence.MeetingLink != series.MeetingLink || occurrence.Room != series.Room;
        (occurrence.Title, occurrence.Description, occurrence.TimeZone, occurrence.Online, occurrence.MeetingLink, occurrence.Room) =
            (series.Title, series.Description, series.TimeZone, series.Online, series.MeetingLink, series.Room);
        if (series.Capacity is null || series.Capacity >= occurrence.Taken)
        {
            occurrence.Capacity = series.Capacity;
        }
        occurrence.Organisers.RemoveAll(o => series.Organisers.All(s => s.PersonId != o.PersonId));
        occurrence.Organisers.AddRange(series.Organisers.Where(s => occurrence.Organisers.All(o => o.PersonId != s.PersonId))
            .Select(s => new EventOrganiser { PersonId = s.PersonId }));
        occurrence.Components.RemoveAll(c => series.Components.All(s => s.ComponentId != c.ComponentId));
        occurrence.Components.AddRange(series.Components.Where(s => occurrence.Components.All(c => c.ComponentId != s.ComponentId))
            .Select(s => new EventComponent { ComponentId = s.ComponentId }));
        if (changed)
        {
            occurrence.Sequence++;
            occurrence.UpdatedAt = now;
            await mails.QueueChangedAsync(occurrence, cancellationToken);
        }
    }

    private static void Apply(LectureSeries series, CheckedSeries planned)
    {
        (series.Title, series.Description, series.RecurrenceRule, series.FirstDate, series.StartTime, series.DurationMinutes) =
            (planned.Title, planned.Description, planned.Rule.ToString(), planned.FirstDate, planned.StartTime, planned.DurationMinutes);
        (series.TimeZone, series.Online, series.MeetingLink, series.Room, series.Capacity, series.HolidayPolicy, series.SpeakerDeadlineDays) =
            (planned.TimeZone, planned.Online, planned.MeetingLink, planned.Room, planned.Capacity, planned.HolidayPolicy, planned.SpeakerDeadlineDays);
        series.Components.RemoveAll(c => !planned.ComponentIds.Contains(c.ComponentId));
        series.Components.AddRange(planned.ComponentIds.Where(c => series.Components.All(k => k.ComponentId != c)).Select(c => new SeriesComponent { ComponentId = c }));
        series.Exceptions.RemoveAll(x => !planned.Exceptions.Contains(x.Date));
        series.Exceptions.AddRange(planned.Exceptions.Where(d => series.Exceptions.All(x => x.Date != d)).Select(d => new SeriesException { Date = d }));
        if (planned.OrganiserIds.Count > 0)
        {
            series.Organisers.RemoveAll(o => !planned.OrganiserIds.Contains(o.PersonId) && o.PersonId != series.CreatedById);
            series.Organisers.AddRange(planned.OrganiserIds.Where(p => series.Organisers.All(o => o.PersonId != p)).Select(p => new SeriesOrganiser { PersonId = p }));
        }
    }

    /// <summary>The standing of a loaded series for the rule.</summary>
    internal static SeriesStanding StandingOf(LectureSeries series) => new(series.Organisers.Select(o => o.PersonId).ToList());

    /// <summary>The slot in words in the reader's language: "every Tuesday at 12:30 (Europe/Amsterdam)".</summary>
    public string Slot(LectureSeries series) => Slot(series.RecurrenceRule, series.FirstDate, series.StartTime, series.TimeZone);

    public string Slot(string ruleText, DateOnly firstDate, TimeOnly startTime, string timeZone)
    {
        var rule = RecurrenceRule.Parse(ruleText, out _);
        var time = startTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        if (rule is null)
        {
            return ruleText;
        }
        var names = CultureInfo.CurrentCulture.DateTimeFormat;
        string Day(NodaTime.IsoDayOfWeek day) => names.GetDayName(NodaTime.Utility.BclConversions.ToDayOfWeek(day));
        string Days() => JoinWords(rule.ByDay.Select(d => d.Ordinal == 0 ? Day(d.Day) : text["Slot.Ordinal", text[$"Slot.Ordinal.{d.Ordinal}"], Day(d.Day)].Value).ToList());
        var every = rule.Frequency switch
        {
            "DAILY" when rule.ByDay.Count > 0 => text["Slot.EveryDays", Days()].Value,
            "DAILY" => rule.Interval == 1 ? text["Slot.Daily"].Value : text["Slot.EveryNDays", rule.Interval].Value,
            "WEEKLY" when rule.ByDay.Count == 0 => rule.Interval == 1 ? text["Slot.EveryDays", names.GetDayName(firstDate.DayOfWeek)].Value
                : text["Slot.EveryNWeeks", rule.Interval, names.GetDayName(firstDate.DayOfWeek)].Value,
            "WEEKLY" => rule.Interval == 1 ? text["Slot.EveryDays", Days()].Value : text["Slot.EveryNWeeks", rule.Interval, Days()].Value,
            _ when rule.ByDay.Count > 0 => rule.Interval == 1 ? text["Slot.Monthly", Days()].Value : text["Slot.EveryNMonths", rule.Interval, Days()].Value,
            _ => rule.Interval == 1 ? text["Slot.MonthlyOnDay", firstDate.Day].Value : text["Slot.EveryNMonthsOnDay", rule.Interval, firstDate.Day].Value,
        };
        var limit = rule.Until is { } until ? " " + text["Slot.Until", until.ToDateOnly().ToString("d MMMM yyyy", CultureInfo.CurrentCulture)].Value
            : rule.Count is { } count ? " " + text["Slot.Count", count].Value : "";
        return text["Slot", every, time, timeZone] + limit;
    }

    private string JoinWords(List<string> words) =>
        words.Count <= 1 ? string.Join("", words) : text["Slot.And", string.Join(", ", words.Take(words.Count - 1)), words[^1]];

    internal sealed record CheckedSeries(string Title, string Description, RecurrenceRule Rule, DateOnly FirstDate, TimeOnly StartTime, int DurationMinutes,
        string TimeZone, bool Online, string? MeetingLink, string? Room, int? Capacity, HolidayPolicy HolidayPolicy, HashSet<DateOnly> Exceptions,
        int SpeakerDeadlineDays, IReadOnlyList<Guid> ComponentIds, IReadOnlyList<Guid> OrganiserIds);

    /// <summary>Checks every field; each problem is named by its field in the caller's language.</summary>
    private async Task<(CheckedSeries? Checked, Dictionary<string, string[]> Errors)> CheckAsync(SeriesInput input, LectureSeries? existing,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors["title"] = [text["TitleRequired"]];
        }
        else if (title.Length > LectureSeries.TitleMax)
        {
            errors["title"] = [text["TitleTooLong", LectureSeries.TitleMax]];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length > LectureSeries.DescriptionMax)
        {
            errors["description"] = [text["DescriptionTooLong", LectureSeries.DescriptionMax]];
        }
        var rule = RecurrenceRule.Parse(input.RecurrenceRule, out var problem);
        if (problem is { } p)
        {
            errors["recurrenceRule"] = [text[p.Key, p.Argument ?? ""]];
        }
        var zoneId = string.IsNullOrWhiteSpace(input.TimeZone) ? EventPlanner.IanaOf((await organisation.GetAsync(cancellationToken)).TimeZone) : input.TimeZone.Trim();
        if (!SeriesSlots.IsKnownZone(zoneId))
        {
            errors["timeZone"] = [text["TimeZoneUnknown"]];
        }
        else
        {
            var today = NodaTime.Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(NodaTime.DateTimeZoneProviders.Tzdb[zoneId!]).Date.ToDateOnly();
            if (input.FirstDate is not { } first)
            {
                errors["firstDate"] = [text["FirstDateRequired"]];
            }
            else if (first < today && (existing is null || existing.FirstDate != first))
            {
                errors["firstDate"] = [text["FirstDatePast"]];
            }
            else if (rule is not null && !rule.Dates(first.ToLocalDate(), first.ToLocalDate().PlusYears(2)).Any())
            {
                errors["recurrenceRule"] = [text["Rule.NoDates"]];
            }
        }
        if (input.StartTime is null)
        {
            errors["startTime"] = [text["StartTimeRequired"]];
        }
        var duration = input.DurationMinutes ?? 0;
        if (duration is < 5 or > 480)
        {
            errors["durationMinutes"] = [text["DurationRange"]];
        }
        string? link = null, room = null;
        if (input.Online)
        {
            link = input.MeetingLink?.Trim();
            if (string.IsNullOrEmpty(link) || link.Length > GuildEvent.LinkMax || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                errors["meetingLink"] = [text["LinkInvalid"]];
            }
        }
        else
        {
            room = input.Room?.Trim();
            if (string.IsNullOrEmpty(room) || room.Length > GuildEvent.RoomMax)
            {
                errors["room"] = [text["RoomRequired", GuildEvent.RoomMax]];
            }
            if (input.Capacity is null)
            {
                errors["capacity"] = [text["CapacityRequired"]];
            }
        }
        if (input.Capacity is { } capacity and (< 1 or > GuildEvent.MaxCapacity))
        {
            errors["capacity"] = [text["CapacityRange", GuildEvent.MaxCapacity]];
        }
        var deadline = input.SpeakerDeadlineDays ?? 7;
        if (deadline is < 1 or > 60)
        {
            errors["speakerDeadlineDays"] = [text["DeadlineRange"]];
        }
        var exceptions = (input.Exceptions ?? []).ToHashSet();
        if (exceptions.Count > 100)
        {
            errors["exceptions"] = [text["TooManyExceptions"]];
        }
        var componentIds = (input.ComponentIds ?? []).Distinct().ToList();
        if (componentIds.Count > 20)
        {
            errors["componentIds"] = [text["TooManyComponents"]];
        }
        else if (componentIds.Count > 0 && await db.Set<KnowHowComponent>().CountAsync(k => componentIds.Contains(k.Id), cancellationToken) != componentIds.Count)
        {
            errors["componentIds"] = [text["ComponentUnknown"]];
        }
        var organiserIds = (input.OrganiserIds ?? []).Distinct().ToList();
        if (organiserIds.Count > 20)
        {
            errors["organiserIds"] = [text["TooManyOrganisers"]];
        }
        else if (organiserIds.Count > 0
                 && await db.Set<Person>().CountAsync(p => organiserIds.Contains(p.Id) && p.Account.DeactivatedAt == null, cancellationToken) != organiserIds.Count)
        {
            errors["organiserIds"] = [text["OrganiserUnknown"]];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new CheckedSeries(title, description, rule!, input.FirstDate!.Value, input.StartTime!.Value, duration, zoneId!, input.Online, link, room,
            input.Capacity, input.HolidayPolicy ?? HolidayPolicy.Skip, exceptions, deadline, componentIds, organiserIds), errors);
    }
}
