using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>
/// How well a space's contributions are acknowledged, over the last <see cref="Weeks"/> weeks: the time to the first response
/// by someone other than the author (split into colleagues and the space's moderators, from <see cref="Post.FirstAcknowledgedAt"/>
/// and <see cref="Post.FirstAcknowledgedByModerator"/>), the share acknowledged, the open questions and a week-by-week series.
/// Times are in the organisation's WORKING hours (<see cref="WorkingCalendar"/>), as the acknowledgement queue counts them:
/// a Friday-afternoon post answered on Monday morning waited a few hours, not a weekend, and moderators are not expected to
/// answer at night. For the space's moderators and L&amp;D admins (<see cref="SpaceOperations.Figures"/>).
/// </summary>
public sealed class FacilitationFigures(GuildDb db, CurrentPerson me, TimeProvider clock, WorkingCalendar calendar, IStringLocalizer<FacilitationText> text)
{
    public const int Weeks = 12;

    public async Task<Result<FacilitationFiguresView>> GetAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.See))
        {
            return Result<FacilitationFiguresView>.NotFound();
        }
        if (!await me.CanAsync(space, SpaceOperations.Figures))
        {
            return Result<FacilitationFiguresView>.Forbidden(text["FiguresModeratorsOnly"]);
        }
        var schedule = await calendar.OrganisationAsync(cancellationToken);
        var now = clock.GetUtcNow();
        // Whole organisation-local weeks from Monday, the current one included.
        var today = schedule.LocalDate(now);
        var firstMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)).AddDays(-7 * (Weeks - 1));
        var from = Instant(schedule, firstMonday);
        // One query for the contributions of the period (first posts: every kind), one for the questions still open.
        var rows = await db.Set<Post>().AsNoTracking()
            .Where(p => p.SpaceId == spaceId && p.Depth == 0 && p.DeletedAt == null && !p.Hidden && p.Review == null && p.CreatedAt >= from)
            .Select(p => new { p.CreatedAt, p.FirstAcknowledgedAt, p.FirstAcknowledgedByModerator })
            .ToListAsync(cancellationToken);
        var unanswered = await db.Set<Post>().CountAsync(p => p.SpaceId == spaceId && p.Depth == 0 && p.Kind == PostKind.Question && p.AnswerId == null
                                                              && p.DeletedAt == null && !p.Hidden && p.Review == null, cancellationToken);
        var timed = rows.Select(r => new
        {
            Week = schedule.LocalDate(r.CreatedAt) is var d ? d.AddDays(-(((int)d.DayOfWeek + 6) % 7)) : default,
            ByModerator = r.FirstAcknowledgedByModerator == true,
            Hours = r.FirstAcknowledgedAt is { } at ? schedule.WorkingTimeBetween(r.CreatedAt, at).TotalHours : (double?)null,
        }).ToList();
        var acknowledged = timed.Where(t => t.Hours is not null).ToList();
        AcknowledgementTimes Times(IEnumerable<double> hours)
        {
            var sorted = hours.Order().ToList();
            return new AcknowledgementTimes(sorted.Count, Percentile(sorted, 0.5), Percentile(sorted, 0.9));
        }
        var weeks = Enumerable.Range(0, Weeks).Select(i => firstMonday.AddDays(7 * i)).Select(week =>
        {
            var of = timed.Where(t => t.Week == week).ToList();
            var hours = of.Where(t => t.Hours is not null).Select(t => t.Hours!.Value).Order().ToList();
            return new FacilitationWeek(week, of.Count, hours.Count, of.Count(t => t.Hours is not null && t.ByModerator), Percentile(hours, 0.5));
        }).ToList();
        return Result<FacilitationFiguresView>.Ok(new FacilitationFiguresView(spaceId, from, now, timed.Count, acknowledged.Count,
            timed.Count == 0 ? null : (double)acknowledged.Count / timed.Count,
            Times(acknowledged.Where(t => !t.ByModerator).Select(t => t.Hours!.Value)),
            Times(acknowledged.Where(t => t.ByModerator).Select(t => t.Hours!.Value)),
            unanswered, weeks));
    }

    private static DateTimeOffset Instant(WorkingSchedule schedule, DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, schedule.TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The nearest-rank percentile of sorted values, rounded to a tenth of an hour (null when there are none).</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double share) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)], 1);
}

/// <summary>Times to a first acknowledgement, in the organisation's working hours.</summary>
/// <param name="Count">Contributions acknowledged this way.</param>
/// <param name="MedianWorkingHours">Half were acknowledged within this many working hours (null: none).</param>
/// <param name="P90WorkingHours">Nine in ten were acknowledged within this many working hours (null: none).</param>
public sealed record AcknowledgementTimes(int Count, double? MedianWorkingHours, double? P90WorkingHours);

/// <summary>One week of a space's facilitation figures (by the week the contributions were posted).</summary>
/// <param name="Week">Its Monday, in the organisation's calendar.</param>
/// <param name="Contributions">Threads started that week.</param>
/// <param name="Acknowledged">Of those, acknowledged by now.</param>
/// <param name="ByModerators">Of those, first acknowledged by one of the space's moderators.</param>
/// <param name="MedianWorkingHours">Median working hours to their first acknowledgement (null: none).</param>
public sealed record FacilitationWeek(DateOnly Week, int Contributions, int Acknowledged, int ByModerators, double? MedianWorkingHours);

/// <summary>A space's facilitation figures over the last 12 weeks.</summary>
/// <param name="SpaceId">The space.</param>
/// <param name="From">Start of the period (a Monday, organisation time).</param>
/// <param name="To">Now.</param>
/// <param name="Contributions">Threads started in the period (every kind; not deleted or hidden).</param>
/// <param name="Acknowledged">Of those, replied to or reacted to by someone other than the author.</param>
/// <param name="AcknowledgedShare">Acknowledged / contributions (null: no contributions).</param>
/// <param name="ByColleagues">Times when a colleague acknowledged first.</param>
/// <param name="ByModerators">Times when one of the space's moderators acknowledged first.</param>
/// <param name="UnansweredQuestions">Questions in the space without a marked answer (any age).</param>
/// <param name="Weeks">Week by week, oldest first.</param>
public sealed record FacilitationFiguresView(Guid SpaceId, DateTimeOffset From, DateTimeOffset To, int Contributions, int Acknowledged, double? AcknowledgedShare,
    AcknowledgementTimes ByColleagues, AcknowledgementTimes ByModerators, int UnansweredQuestions, IReadOnlyList<FacilitationWeek> Weeks);
