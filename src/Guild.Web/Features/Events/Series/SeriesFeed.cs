using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Events.Series;

/// <summary>
/// A series' calendar feed at the person's secret URL (<c>/events/feed/{secret}/series/{id}.ics</c>): every scheduled occurrence of the
/// series and of the series that continue it after a "this and following" change, with the speaker in DESCRIPTION; the same rules as
/// the person's own feed (stable UIDs, VTIMEZONE, SEQUENCE, cancelled ones kept for the grace period). The secret resolves through
/// <see cref="CalendarFeeds.ResolveFeedOwnerAsync"/>, so a reset link stops every feed of the person and each fetch counts as feed health.
/// </summary>
public sealed class SeriesFeed(GuildDb db, CalendarFeeds feeds, TimeProvider clock, MailTemplates templates, IOptions<EventOptions> options,
    IStringLocalizer<SeriesText> text, IStringLocalizer<EventsText> eventText)
{
    public async Task<string?> FeedAsync(string token, Guid seriesId, string? userAgent, CancellationToken cancellationToken)
    {
        var series = await db.Set<LectureSeries>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == seriesId, cancellationToken);
        if (series is null || await feeds.ResolveFeedOwnerAsync(token, userAgent, cancellationToken) is not { } ownerId
            || !await db.Set<Person>().AnyAsync(p => p.Id == ownerId && p.PartnerOrganisation == null && p.Account.DeactivatedAt == null, cancellationToken))
        {
            return null;
        }
        var chain = await SeriesRoster.ChainAsync(db, series, cancellationToken);
        var now = clock.GetUtcNow();
        var keepCancelledSince = now - options.Value.CancelledKeptInFeedsFor;
        var since = now.AddDays(-90);
        var rows = await (from e in db.Set<GuildEvent>()
                          where e.SeriesId != null && chain.Contains(e.SeriesId.Value) && e.EndsAt >= since
                                && (e.Status == EventStatus.Scheduled || e.CancelledAt >= keepCancelledSince)
                          orderby e.StartsAt, e.Id
                          select new
                          {
                              Event = e,
                              Talk = db.Set<SeriesTalk>().Where(t => t.EventId == e.Id && t.Status == TalkStatus.Confirmed)
                                  .Join(db.Set<Person>(), t => t.SpeakerId, p => p.Id, (t, p) => new { Name = p.GivenName + " " + p.FamilyName, t.Topic })
                                  .FirstOrDefault(),
                          }).AsNoTracking().Take(1000).ToListAsync(cancellationToken);
        var entries = rows.Select(r =>
        {
            var speaker = r.Talk is { } talk ? text["FeedSpeaker", talk.Name, talk.Topic ?? ""].Value : text["FeedNoSpeaker"].Value;
            var entry = EventMails.EntryOf(r.Event, r.Event.Online ? eventText["Online"].Value : r.Event.Room ?? "", templates.AbsoluteUrl($"/events/{r.Event.Id}"),
                null, []);
            return entry with { Description = r.Event.Description.Length == 0 ? speaker : speaker + "\n\n" + r.Event.Description };
        }).ToList();
        return ICalendarWriter.Feed(series.Title, entries);
    }
}
