namespace Guild.Web.Features.Events.Series;

/// <summary>A lecture series to create or change.</summary>
/// <param name="Title">What the series is called.</param>
/// <param name="Description">What it is about, in Markdown (copied to each occurrence).</param>
/// <param name="RecurrenceRule">An RFC 5545 RRULE: FREQ=DAILY, WEEKLY or MONTHLY with INTERVAL, BYDAY, COUNT or UNTIL (e.g. FREQ=WEEKLY;BYDAY=TU).</param>
/// <param name="FirstDate">The first date of the series (the rule counts from here; today or later).</param>
/// <param name="StartTime">Wall-clock start time in the series' time zone, e.g. 12:30 (it stays 12:30 across daylight-saving changes).</param>
/// <param name="DurationMinutes">How long each occurrence lasts (5 to 480 minutes).</param>
/// <param name="TimeZone">IANA time zone of the wall-clock time, e.g. Europe/Amsterdam (the organisation's when left out).</param>
/// <param name="Online">True for an online series with a meeting link; false for a room.</param>
/// <param name="MeetingLink">The meeting link (https) of an online series.</param>
/// <param name="Room">Where a room series takes place.</param>
/// <param name="Capacity">Places per occurrence (required for a room).</param>
/// <param name="HolidayPolicy">On a public holiday of the organisation: Skip the date, or move it to the NextWorkingDay.</param>
/// <param name="Exceptions">Dates of the rule on which the series does not take place (EXDATE).</param>
/// <param name="SpeakerDeadlineDays">Tell the organisers when an occurrence this many days ahead has no confirmed speaker (1 to 60; default 7).</param>
/// <param name="ComponentIds">Components of the know-how map the series wants talks about.</param>
/// <param name="OrganiserIds">Other organisers besides the creator.</param>
/// <param name="FromDate">For a change of time, slot or place: the first occurrence date it applies to ("this and following"); the next occurrence when left out.</param>
public sealed record SeriesInput(string? Title, string? Description, string? RecurrenceRule, DateOnly? FirstDate, TimeOnly? StartTime, int? DurationMinutes,
    string? TimeZone, bool Online, string? MeetingLink, string? Room, int? Capacity, HolidayPolicy? HolidayPolicy, IReadOnlyList<DateOnly>? Exceptions,
    int? SpeakerDeadlineDays, IReadOnlyList<Guid>? ComponentIds, IReadOnlyList<Guid>? OrganiserIds, DateOnly? FromDate = null);

/// <summary>A person named in a series.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Department">Their department, if any.</param>
public sealed record SeriesPersonView(Guid Id, string Name, string? Department);

/// <summary>One occurrence of a series with its speaker slot.</summary>
/// <param name="EventId">The occurrence's event (registration, check-in and its page at /events/{id}).</param>
/// <param name="RuleDate">The date the rule gave (a holiday may have moved the occurrence).</param>
/// <param name="StartsAt">Start (UTC).</param>
/// <param name="EndsAt">End (UTC).</param>
/// <param name="Cancelled">Whether this occurrence was called off.</param>
/// <param name="Taken">Places taken.</param>
/// <param name="Capacity">Places (null: no limit).</param>
/// <param name="TalkStatus">Open (nobody yet), Proposed (waiting for the proposed speaker) or Confirmed.</param>
/// <param name="Speaker">The speaker (proposed or confirmed).</param>
/// <param name="Topic">What they speak about.</param>
/// <param name="SwapWithEventId">The occurrence whose speaker was asked to swap dates with this one's.</param>
/// <param name="RecordingResourceId">The recording in the library, once published.</param>
/// <param name="Past">Whether it is over.</param>
public sealed record OccurrenceView(Guid EventId, DateOnly RuleDate, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Cancelled, int Taken, int? Capacity,
    TalkStatus TalkStatus, SeriesPersonView? Speaker, string? Topic, Guid? SwapWithEventId, Guid? RecordingResourceId, bool Past);

/// <summary>A lecture series as the caller may see it.</summary>
/// <param name="Id">The series' id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">Its description (Markdown).</param>
/// <param name="RecurrenceRule">Its RRULE.</param>
/// <param name="FirstDate">Its first date.</param>
/// <param name="StartTime">Wall-clock start time.</param>
/// <param name="DurationMinutes">Length of each occurrence.</param>
/// <param name="TimeZone">IANA time zone.</param>
/// <param name="Slot">The slot in words, in the caller's language ("every Tuesday at 12:30 (Europe/Amsterdam)").</param>
/// <param name="Online">Online (true) or in a room.</param>
/// <param name="MeetingLink">The meeting link (organisers only; people with a place see it on the occurrence).</param>
/// <param name="Room">The room.</param>
/// <param name="Capacity">Places per occurrence.</param>
/// <param name="HolidayPolicy">Skip or NextWorkingDay.</param>
/// <param name="Exceptions">Dates skipped (EXDATE).</param>
/// <param name="SpeakerDeadlineDays">Days ahead by which a speaker must have confirmed.</param>
/// <param name="Organisers">Who runs it.</param>
/// <param name="Components">Components it wants talks about.</param>
/// <param name="PreviousSeriesId">The series this one continues ("this and following").</param>
/// <param name="NextSeriesId">The series that continues this one.</param>
/// <param name="Upcoming">The next occurrences (scheduled ones ahead), soonest first.</param>
/// <param name="Past">Past talks, latest first.</param>
/// <param name="CanOrganise">Whether the caller organises it.</param>
public sealed record SeriesView(Guid Id, string Title, string Description, string RecurrenceRule, DateOnly FirstDate, TimeOnly StartTime, int DurationMinutes,
    string TimeZone, string Slot, bool Online, string? MeetingLink, string? Room, int? Capacity, HolidayPolicy HolidayPolicy, IReadOnlyList<DateOnly> Exceptions,
    int SpeakerDeadlineDays, IReadOnlyList<SeriesPersonView> Organisers, IReadOnlyList<EventComponentView> Components, Guid? PreviousSeriesId,
    Guid? NextSeriesId, IReadOnlyList<OccurrenceView> Upcoming, IReadOnlyList<OccurrenceView> Past, bool CanOrganise);

/// <summary>A series in the list.</summary>
/// <param name="Id">The series' id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Slot">The slot in words.</param>
/// <param name="NextStartsAt">When the next occurrence starts.</param>
/// <param name="NextSpeaker">Who speaks then, if confirmed.</param>
/// <param name="OpenDates">Upcoming dates without a speaker.</param>
public sealed record SeriesSummaryView(Guid Id, string Title, string Slot, DateTimeOffset? NextStartsAt, string? NextSpeaker, int OpenDates);

/// <summary>Signing up to speak on an occurrence.</summary>
/// <param name="Topic">What the talk is about.</param>
public sealed record SignUpInput(string? Topic);

/// <summary>An organiser proposes a speaker for an occurrence.</summary>
/// <param name="PersonId">Who is proposed.</param>
/// <param name="Topic">A topic to suggest (optional).</param>
public sealed record ProposalInput(Guid? PersonId, string? Topic);

/// <summary>A confirmed speaker asks the speaker of another occurrence to swap dates.</summary>
/// <param name="WithEventId">The other occurrence (of the same series, with a confirmed speaker).</param>
public sealed record SwapInput(Guid? WithEventId);

/// <summary>A suggested speaker for the organiser.</summary>
/// <param name="Id">The person.</param>
/// <param name="Name">Their name.</param>
/// <param name="Department">Their department.</param>
/// <param name="ChampionOf">Wanted components they champion.</param>
/// <param name="DepartmentHeardRecently">Whether their department spoke in the last talks.</param>
public sealed record SpeakerSuggestion(Guid Id, string Name, string? Department, IReadOnlyList<string> ChampionOf, bool DepartmentHeardRecently);

/// <summary>An occurrence's series as its event page shows it.</summary>
/// <param name="SeriesId">The series.</param>
/// <param name="Title">Its title.</param>
/// <param name="TalkStatus">Whether the speaker is confirmed.</param>
/// <param name="Speaker">The speaker.</param>
/// <param name="Topic">Their topic.</param>
/// <param name="RecordingResourceId">The recording in the library.</param>
public sealed record OccurrenceSeriesView(Guid SeriesId, string Title, TalkStatus TalkStatus, SeriesPersonView? Speaker, string? Topic, Guid? RecordingResourceId);
