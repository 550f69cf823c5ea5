using System.Linq.Expressions;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Events;

/// <summary>A space the caller may put an event in (the event form's choice).</summary>
/// <param name="Id">The space's id.</param>
/// <param name="Name">Its name.</param>
public sealed record SpaceChoice(Guid Id, string Name);

/// <summary>A community space's upcoming events as its home shows them, and whether the caller may follow them in a calendar.</summary>
/// <param name="Upcoming">The next events of the space the caller may see, soonest first.</param>
/// <param name="MaySubscribe">Whether the caller may read the space, and so follow its feed.</param>
/// <param name="Feed">The caller's own feed (its secret is reused for the space's feed).</param>
public sealed record SpaceEventsView(IReadOnlyList<EventView> Upcoming, bool MaySubscribe, CalendarFeedView Feed);

/// <summary>
/// Events that belong to a community space: the choice of spaces on the event form, the space home's upcoming events, and the space's
/// calendar feed at the person's secret URL (<c>/events/feed/{secret}/spaces/{id}.ics</c>). Who sees an event of a space is
/// <see cref="EventRule"/>'s answer (asking <see cref="SpaceRule"/> about the space); <see cref="VisibleTo"/> is the same answer as a
/// query filter, so lists and feeds never read an event of a secret space for someone outside it.
/// </summary>
public sealed class SpaceCalendar(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, EventPlanner planner, CalendarFeeds feeds, UserManager<GuildUser> users,
    IUserClaimsPrincipalFactory<GuildUser> principals, IAuthorizationService authorization, TimeProvider clock, MailTemplates templates,
    IOptions<EventOptions> options, IStringLocalizer<EventsText> text)
{
    /// <summary>How many upcoming events the space's home lists.</summary>
    public const int HomeListSize = 5;

    /// <summary>
    /// The events a person may know of, as a filter: events of no space, of a space that is not secret, or of a secret space the person is a
    /// member of (<see cref="SpaceRule"/>'s <c>space.see</c>). Every event list and feed applies it before it takes its page.
    /// </summary>
    public static Expression<Func<GuildEvent, bool>> VisibleTo(GuildDb read, Guid personId) =>
        e => e.SpaceId == null || read.Set<Space>().Any(s => s.Id == e.SpaceId && (s.Kind != SpaceKind.Secret
            || read.Set<SpaceMember>().Any(m => m.SpaceId == s.Id && m.PersonId == personId && m.Status == MembershipStatus.Member)));

    /// <summary>Of <paramref name="people"/>, those who may know of the event (mail and notifications go to no one else).</summary>
    public static async Task<List<Guid>> WhoMayKnowAsync(GuildDb db, GuildEvent planned, List<Guid> people, CancellationToken cancellationToken)
    {
        if (planned.SpaceId is not { } spaceId || people.Count == 0
            || !await db.Set<Space>().AnyAsync(s => s.Id == spaceId && s.Kind == SpaceKind.Secret, cancellationToken))
        {
            return people;
        }
        var members = await db.Set<SpaceMember>().Where(m => m.SpaceId == spaceId && m.Status == MembershipStatus.Member && people.Contains(m.PersonId))
            .Select(m => m.PersonId).ToListAsync(cancellationToken);
        return people.Where(members.Contains).ToList();
    }

    /// <summary>The spaces the caller may put an event in: those they moderate; for an L&amp;D admin, every space they may see.</summary>
    public async Task<IReadOnlyList<SpaceChoice>> ChoicesAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId || !await me.CanAsync(EventStanding.New, EventOperations.Create))
        {
            return [];
        }
        var admin = me.IsLearningAdmin;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await read.Set<Space>().AsNoTracking()
            .Select(s => new
            {
                s.Id, s.Name, s.Kind,
                Mine = read.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == myId).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
            })
            .Where(s => (s.Mine != null && s.Mine.IsModerator) || (admin && (s.Kind != SpaceKind.Secret || s.Mine != null)))
            .OrderBy(s => s.Name).Take(500).ToListAsync(cancellationToken);
        var choices = new List<SpaceChoice>(rows.Count);
        foreach (var row in rows)
        {
            var standing = new SpaceStanding(row.Id, row.Kind, row.Mine?.Status, row.Mine?.IsModerator ?? false);
            if (await me.CanAsync(EventStanding.New with { Space = standing }, EventOperations.PlaceInSpace))
            {
                choices.Add(new SpaceChoice(row.Id, row.Name));
            }
        }
        return choices;
    }

    /// <summary>The space home's part: its next events the caller may see, and the feed when the caller may read the space.</summary>
    public async Task<SpaceEventsView> ForHomeAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var upcoming = await planner.InSpaceAsync(spaceId, HomeListSize, cancellationToken);
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var standing = await CommunitySpaces.StandingAsync(read, spaceId, me.IdOrNull, cancellationToken);
        var maySubscribe = standing is not null && await me.CanAsync(standing, SpaceOperations.Read);
        var feed = maySubscribe ? await feeds.MineAsync(cancellationToken) : new CalendarFeedView(false, null, null, null, null);
        return new SpaceEventsView(upcoming, maySubscribe, feed);
    }

    /// <summary>
    /// The space's feed: every scheduled event of the space from 90 days back (cancelled ones for the grace period), by the same rules as
    /// the person's feed. Null (a 404) for an unknown or reset secret, an unknown space, or an owner who may not read the space.
    /// </summary>
    public async Task<string?> FeedAsync(string token, Guid spaceId, string? userAgent, CancellationToken cancellationToken)
    {
        if (await feeds.ResolveFeedOwnerAsync(token, userAgent, cancellationToken) is not { } personId)
        {
            return null;
        }
        var space = await db.Set<Space>().AsNoTracking().Where(s => s.Id == spaceId).Select(s => new { s.Name }).FirstOrDefaultAsync(cancellationToken);
        var standing = space is null ? null : await CommunitySpaces.StandingAsync(db, spaceId, personId, cancellationToken);
        var user = standing is null ? null : await users.FindByIdAsync(personId.ToString());
        if (space is null || standing is null || user is null || user.DeactivatedAt is not null)
        {
            return null;
        }
        // Decided by the space's one rule, for the feed's owner (the fetch itself carries no cookie).
        var owner = await principals.CreateAsync(user);
        if (!(await authorization.AuthorizeAsync(owner, standing, SpaceOperations.Read)).Succeeded)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var keepCancelledSince = now - options.Value.CancelledKeptInFeedsFor;
        var since = now.AddDays(-90);
        var events = await db.Set<GuildEvent>().AsNoTracking()
            .Where(e => e.SpaceId == spaceId && e.EndsAt >= since && (e.Status == EventStatus.Scheduled || e.CancelledAt >= keepCancelledSince))
            .Where(VisibleTo(db, personId))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Take(1000).ToListAsync(cancellationToken);
        var entries = events.Select(e => EventMails.EntryOf(e, e.Online ? text["Online"].Value : e.Room ?? "", templates.AbsoluteUrl($"/events/{e.Id}"), null, []))
            .ToList();
        return ICalendarWriter.Feed(space.Name, entries);
    }
}
