using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>
/// A festival's calendar feed at the person's secret feed URL (<c>/events/feed/{secret}/festivals/{id}.ics</c>): every scheduled workshop
/// of the festival, by the same rules as the person's feed (stable UIDs, VTIMEZONE, SEQUENCE, cancelled ones kept for the grace period),
/// for someone who may see the festival; the secret and the feed health are the person feed's own (<see cref="CalendarFeeds.ResolveFeedOwnerAsync"/>).
/// </summary>
public sealed class FestivalFeeds(
    GuildDb db, CalendarFeeds feeds, UserManager<GuildUser> users, IUserClaimsPrincipalFactory<GuildUser> principals, IAuthorizationService authorization,
    TimeProvider clock, MailTemplates templates, IOptions<EventOptions> options)
{
    /// <summary>The feed's text, or null when the secret is unknown, or its owner may not see the festival (both a 404).</summary>
    public async Task<string?> FeedAsync(string token, Guid festivalId, string? userAgent, CancellationToken cancellationToken)
    {
        if (await feeds.ResolveFeedOwnerAsync(token, userAgent, cancellationToken) is not { } personId)
        {
            return null;
        }
        var festival = await db.Set<Festival>().AsNoTracking().Where(f => f.Id == festivalId)
            .Select(f => new
            {
                f.Name, f.Status,
                Partner = db.Set<FestivalPartnerMember>().Any(m => m.PersonId == personId && f.Partners.Any(p => p.Id == m.PartnerId)),
            }).FirstOrDefaultAsync(cancellationToken);
        var user = festival is null ? null : await users.FindByIdAsync(personId.ToString());
        if (festival is null || user is null || user.DeactivatedAt is not null)
        {
            return null;
        }
        // Decided by the festival's one rule, for the feed's owner (the fetch itself carries no cookie).
        var owner = await principals.CreateAsync(user);
        if (!(await authorization.AuthorizeAsync(owner, new FestivalStanding(festival.Status == FestivalStatus.Published, festival.Partner), FestivalOperations.View)).Succeeded)
        {
            return null;
        }
        var keepCancelledSince = clock.GetUtcNow() - options.Value.CancelledKeptInFeedsFor;
        var workshops = await db.Set<GuildEvent>().AsNoTracking()
            .Where(e => e.FestivalId == festivalId && (e.Status == EventStatus.Scheduled || e.CancelledAt >= keepCancelledSince))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Take(1000).ToListAsync(cancellationToken);
        var entries = workshops.Select(e => EventMails.EntryOf(e, e.Room ?? "", templates.AbsoluteUrl($"/events/{e.Id}"), null, [])).ToList();
        return ICalendarWriter.Feed(festival.Name, entries);
    }
}
