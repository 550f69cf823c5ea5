using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Events;

/// <summary>A line of an event mail: a key of <see cref="EventsText"/> and its arguments, worded in the recipient's language.</summary>
public sealed record EventMailLine(string Key, params object[] Arguments);

/// <summary>A button of an event mail: the key of its words and where it goes.</summary>
public sealed record EventMailButton(string Key, string Link);

/// <summary>Which reminder: the day before, or the hour before.</summary>
public enum ReminderKind { DayBefore, HourBefore }

/// <summary>The payload of <see cref="EventReminderJob"/>: the event and the start it was scheduled for (a moved event has newer jobs).</summary>
public sealed record EventReminder(Guid EventId, DateTimeOffset StartsAt, ReminderKind Kind);

/// <summary>
/// Every mail about events, built here in each recipient's language and queued in the caller's unit of work: invitations with an
/// iCalendar METHOD:REQUEST part (ORGANIZER and ATTENDEE), the same for a change (to people whose calendar feed may not have it yet),
/// METHOD:CANCEL with the same UID and a raised SEQUENCE for a cancelled event or registration, waiting-list offers with their signed
/// links, and reminders.
/// </summary>
public sealed class EventMails(
    GuildDb db, MailTemplates templates, Mailer mailer, OrganisationProfile organisation, JobQueue jobs, Notifier notifier, OfferLinks offerLinks,
    TimeProvider clock, IOptions<EventOptions> options, IStringLocalizer<EventsText> text)
{
    /// <summary>Notification: "A place is free for you at {1}".</summary>
    public const string OfferKind = "events.offer";

    /// <summary>Queues the day-before and hour-before reminders of an event (each job checks that the event still starts then).</summary>
    public void ScheduleReminders(GuildEvent planned)
    {
        var now = clock.GetUtcNow();
        foreach (var (kind, before) in new[] { (ReminderKind.DayBefore, TimeSpan.FromDays(1)), (ReminderKind.HourBefore, TimeSpan.FromHours(1)) })
        {
            var at = planned.StartsAt - before;
            jobs.Enqueue(EventReminderJob.JobKind, new EventReminder(planned.Id, planned.StartsAt, kind), runAfter: at < now ? now : at);
        }
    }

    /// <summary>"You have a place": the invitation with METHOD:REQUEST for the person's calendar.</summary>
    public async Task QueueInvitationAsync(GuildEvent planned, EventRegistration registration, CancellationToken cancellationToken) =>
        await QueueAsync(planned, [registration.PersonId], "Mail.Registered", "REQUEST", withTicket: true, cancellationToken);

    /// <summary>A change calendars must follow: mailed (with the updated REQUEST) to people with a place whose feed has not been fetched lately.</summary>
    public async Task QueueChangedAsync(GuildEvent planned, CancellationToken cancellationToken)
    {
        var staleBefore = clock.GetUtcNow() - options.Value.FeedStaleAfter;
        var recipients = await db.Set<EventRegistration>()
            .Where(r => r.EventId == planned.Id && r.Status == RegistrationStatus.Registered
                && !db.Set<CalendarFeed>().Any(f => f.PersonId == r.PersonId && f.LastFetchedAt != null && f.LastFetchedAt >= staleBefore))
            .Select(r => r.PersonId).ToListAsync(cancellationToken);
        await QueueAsync(planned, recipients, "Mail.Changed", "REQUEST", withTicket: false, cancellationToken);
    }

    /// <summary>The event is off: METHOD:CANCEL to everyone with a place, words alone to those waiting.</summary>
    public async Task QueueCancelledAsync(GuildEvent planned, CancellationToken cancellationToken)
    {
        var rows = await db.Set<EventRegistration>().Where(r => r.EventId == planned.Id
                && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Offered || r.Status == RegistrationStatus.Waiting))
            .Select(r => new { r.PersonId, r.Status }).ToListAsync(cancellationToken);
        await QueueAsync(planned, rows.Where(r => r.Status == RegistrationStatus.Registered).Select(r => r.PersonId).ToList(), "Mail.Cancelled", "CANCEL",
            withTicket: false, cancellationToken);
        await QueueAsync(planned, rows.Where(r => r.Status != RegistrationStatus.Registered).Select(r => r.PersonId).ToList(), "Mail.Cancelled", null,
            withTicket: false, cancellationToken);
    }

    /// <summary>The person cancelled their place: METHOD:CANCEL takes the event out of their calendar.</summary>
    public async Task QueueWithdrawnAsync(GuildEvent planned, EventRegistration registration, CancellationToken cancellationToken) =>
        await QueueAsync(planned, [registration.PersonId], "Mail.Withdrawn", "CANCEL", withTicket: false, cancellationToken);

    /// <summary>A place is offered: a notification in the app and a mail with "accept" and "no thanks" links that work without signing in.</summary>
    public async Task QueueOfferAsync(EventRegistration registration, CancellationToken cancellationToken)
    {
        var planned = await db.Set<GuildEvent>().AsNoTracking().FirstAsync(e => e.Id == registration.EventId, cancellationToken);
        if ((await SpaceCalendar.WhoMayKnowAsync(db, planned, [registration.PersonId], cancellationToken)).Count == 0)
        {
            return;
        }
        await notifier.NotifyAsync([registration.PersonId], new NotificationEvent(OfferKind, $"event:{planned.Id}", planned.Title, $"/events/{planned.Id}", null),
            cancellationToken);
        var token = offerLinks.Create(registration.Id, registration.OfferedAt!.Value);
        var link = templates.AbsoluteUrl($"/events/offers/{token}");
        var zone = ZoneOf(planned);
        var expires = TimeZoneInfo.ConvertTime(registration.OfferExpiresAt!.Value, zone).DateTime;
        await QueueAsync(planned, [registration.PersonId], "Mail.Offer", null, withTicket: false, cancellationToken,
            [new EventMailLine("Mail.Offer.Until", expires, planned.TimeZone)],
            [new EventMailButton("Mail.Offer.Accept", link + "?answer=accept"), new EventMailButton("Mail.Offer.Decline", link + "?answer=decline")]);
    }

    /// <summary>A reminder to each person with a place who has not had this one yet; marks it sent in the same unit of work.</summary>
    public async Task QueueReminderAsync(GuildEvent planned, IReadOnlyList<EventRegistration> registrations, ReminderKind kind, CancellationToken cancellationToken)
    {
        await QueueAsync(planned, registrations.Select(r => r.PersonId).ToList(), $"Mail.Reminder.{kind}", null, withTicket: true, cancellationToken);
    }

    private async Task QueueAsync(GuildEvent planned, List<Guid> recipients, string key, string? method, bool withTicket, CancellationToken cancellationToken,
        IReadOnlyList<EventMailLine>? extraLines = null, IReadOnlyList<EventMailButton>? buttons = null)
    {
        // An event of a secret space does not exist for anyone outside it: no mail to them (one who left keeps no calendar entry of it either).
        recipients = await SpaceCalendar.WhoMayKnowAsync(db, planned, recipients, cancellationToken);
        if (recipients.Count == 0)
        {
            return;
        }
        var settings = await organisation.GetAsync(cancellationToken);
        var people = await (from p in db.Set<Person>()
                            join u in db.Users on p.Id equals u.Id
                            where recipients.Contains(p.Id) && u.DeactivatedAt == null && u.Email != null
                            select new { p.Id, u.Email, Name = p.GivenName + " " + p.FamilyName, u.PreferredLanguage }).ToListAsync(cancellationToken);
        var organiser = method is null ? null : await (from o in db.Set<EventOrganiser>()
                                                       join p in db.Set<Person>() on o.PersonId equals p.Id
                                                       join u in db.Users on p.Id equals u.Id
                                                       where o.EventId == planned.Id && u.Email != null
                                                       orderby p.Id == planned.CreatedById descending
                                                       select new CalendarPerson(p.GivenName + " " + p.FamilyName, u.Email!)).FirstOrDefaultAsync(cancellationToken);
        var zone = ZoneOf(planned);
        var starts = TimeZoneInfo.ConvertTime(planned.StartsAt, zone).DateTime;
        var where = planned.Online ? text["Online"].Value : planned.Room ?? "";
        foreach (var person in people)
        {
            var lines = new List<EventMailLine> { new($"{key}.Intro", planned.Title), new("Mail.When", starts, planned.TimeZone) };
            if (!planned.Online && planned.Room is not null)
            {
                lines.Add(new("Mail.Where", planned.Room));
            }
            lines.AddRange(extraLines ?? []);
            var shown = buttons ?? (withTicket
                ? [new EventMailButton("Mail.OpenEvent", templates.AbsoluteUrl($"/events/{planned.Id}")), new EventMailButton("Mail.OpenTicket", templates.AbsoluteUrl($"/events/{planned.Id}/ticket"))]
                : [new EventMailButton("Mail.OpenEvent", templates.AbsoluteUrl($"/events/{planned.Id}"))]);
            var mail = await templates.RenderAsync<EventMail>(person.Email!, person.Name, person.PreferredLanguage ?? settings.DefaultLanguage,
                () => text[$"{key}.Subject", planned.Title], new Dictionary<string, object?>
                {
                    [nameof(EventMail.OrganisationName)] = settings.Name,
                    [nameof(EventMail.Heading)] = planned.Title,
                    [nameof(EventMail.Lines)] = lines,
                    [nameof(EventMail.Buttons)] = shown,
                });
            if (method is not null)
            {
                var entry = EntryOf(planned, where, templates.AbsoluteUrl($"/events/{planned.Id}"), organiser, [new CalendarPerson(person.Name, person.Email!)]);
                mail = mail with { Calendar = new MailCalendarPart(method, ICalendarWriter.Invitation(method, entry)) };
            }
            mailer.Queue(mail);
        }
    }

    /// <summary>An event as a calendar entry (DTSTAMP = its last change, so the same event writes the same text).</summary>
    public static CalendarEntry EntryOf(GuildEvent planned, string location, string url, CalendarPerson? organiser, IReadOnlyList<CalendarPerson> attendees) =>
        new(planned.Id, planned.Title, planned.Description, planned.StartsAt, planned.EndsAt, planned.TimeZone, location, url, planned.Status, planned.Sequence,
            planned.UpdatedAt, organiser, attendees);

    private static TimeZoneInfo ZoneOf(GuildEvent planned) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(planned.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>
/// Sends an event's reminders, each at most once per person (the registration remembers it), in each person's language. A job whose
/// event has moved or was cancelled does nothing: moving it queued new ones.
/// </summary>
internal sealed class EventReminderJob(GuildDb db, EventMails mails, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "events.remind";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var reminder = job.PayloadAs<EventReminder>();
        var planned = await db.Set<GuildEvent>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == reminder.EventId, cancellationToken);
        var now = clock.GetUtcNow();
        if (planned is null || planned.Status != EventStatus.Scheduled || planned.StartsAt != reminder.StartsAt || planned.StartsAt <= now)
        {
            return;
        }
        var due = reminder.Kind == ReminderKind.DayBefore
            ? await db.Set<EventRegistration>().Where(r => r.EventId == planned.Id && r.Status == RegistrationStatus.Registered && r.DayReminderSentAt == null)
                .ToListAsync(cancellationToken)
            : await db.Set<EventRegistration>().Where(r => r.EventId == planned.Id && r.Status == RegistrationStatus.Registered && r.HourReminderSentAt == null)
                .ToListAsync(cancellationToken);
        foreach (var registration in due)
        {
            if (reminder.Kind == ReminderKind.DayBefore)
            {
                registration.DayReminderSentAt = now;
            }
            else
            {
                registration.HourReminderSentAt = now;
            }
        }
        await mails.QueueReminderAsync(planned, due, reminder.Kind, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
