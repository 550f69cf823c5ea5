using System.Security.Cryptography;
using System.Text;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Mail;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Events;

/// <summary>The caller's feed as the page shows it (the URL only right after it was made: only its hash is kept).</summary>
/// <param name="Exists">Whether the person has a feed.</param>
/// <param name="Url">The https URL, only in the answer that made it.</param>
/// <param name="WebcalUrl">The same as webcal://, for calendar apps that subscribe on a click.</param>
/// <param name="LastFetchedAt">When a calendar last fetched it.</param>
/// <param name="LastUserAgent">Which client did.</param>
public sealed record CalendarFeedView(bool Exists, string? Url, string? WebcalUrl, DateTimeOffset? LastFetchedAt, string? LastUserAgent);

/// <summary>
/// Each person's calendar feed of their registrations and the events they organise, at a secret URL: 32 random bytes, of which only
/// the SHA-256 is stored. Resetting replaces the hash (the old URL answers 404 at once, on every node: it is read per request). A fetch
/// records when and by which client (feed health), which decides who gets changes by mail too.
/// </summary>
public sealed class CalendarFeeds(GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, MailTemplates templates, IOptions<EventOptions> options,
    IStringLocalizer<EventsText> text)
{
    private const int TokenBytes = 32;

    /// <summary>The caller's feed, without its URL (which only its creation shows).</summary>
    public async Task<CalendarFeedView> MineAsync(CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var feed = await read.Set<CalendarFeed>().AsNoTracking().FirstOrDefaultAsync(f => f.PersonId == myId, cancellationToken);
        return feed is null ? new CalendarFeedView(false, null, null, null, null) : new CalendarFeedView(true, null, null, feed.LastFetchedAt, feed.LastUserAgent);
    }

    /// <summary>Makes the caller's feed, or a new secret for it (the old URL stops working): the answer holds the URL this once.</summary>
    public async Task<CalendarFeedView> ResetAsync(CancellationToken cancellationToken)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(TokenBytes));
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        var feed = await db.Set<CalendarFeed>().FirstOrDefaultAsync(f => f.PersonId == me.Id, cancellationToken);
        if (feed is null)
        {
            db.Add(new CalendarFeed { PersonId = me.Id, TokenHash = hash, CreatedAt = clock.GetUtcNow() });
        }
        else
        {
            (feed.TokenHash, feed.CreatedAt, feed.LastFetchedAt, feed.LastUserAgent) = (hash, clock.GetUtcNow(), null, null);
        }
        await db.SaveChangesAsync(cancellationToken);
        var url = templates.AbsoluteUrl($"/events/feed/{token}.ics");
        return new CalendarFeedView(true, url, "webcal://" + url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..], null, null);
    }

    /// <summary>The feed's text for a secret, or null when no feed has it (never made, or reset). Records the fetch and the client.</summary>
    public async Task<string?> FeedAsync(string token, string? userAgent, CancellationToken cancellationToken)
    {
        if (await ResolveFeedOwnerAsync(token, userAgent, cancellationToken) is not { } personId)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var keepCancelledSince = now - options.Value.CancelledKeptInFeedsFor;
        // Registrations with a place and events the person organises, from 90 days back; a cancelled event stays (cancelled) for the grace period.
        var since = now.AddDays(-90);
        var events = await db.Set<GuildEvent>().AsNoTracking()
            .Where(e => e.EndsAt >= since && (e.Status == EventStatus.Scheduled || e.CancelledAt >= keepCancelledSince)
                && (e.Organisers.Any(o => o.PersonId == personId)
                    || db.Set<EventRegistration>().Any(r => r.EventId == e.Id && r.PersonId == personId
                        && (r.Status == RegistrationStatus.Registered || (e.Status == EventStatus.Cancelled && r.Status == RegistrationStatus.Offered)))))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Take(1000).ToListAsync(cancellationToken);
        var name = await db.Set<Person>().Where(p => p.Id == personId).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefaultAsync(cancellationToken);
        var entries = events.Select(e => EventMails.EntryOf(e, e.Online ? text["Online"].Value : e.Room ?? "", templates.AbsoluteUrl($"/events/{e.Id}"), null, []))
            .ToList();
        return ICalendarWriter.Feed(text["FeedName", name ?? ""], entries);
    }

    /// <summary>
    /// The person whose feed a secret opens, or null when no feed has it (never made, or reset). Records the fetch and the client (feed
    /// health), for every feed at that secret: the person's own and the festival feeds.
    /// </summary>
    public async Task<Guid?> ResolveFeedOwnerAsync(string token, string? userAgent, CancellationToken cancellationToken)
    {
        if (token.Length is 0 or > 100)
        {
            return null;
        }
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        var feed = await db.Set<CalendarFeed>().FirstOrDefaultAsync(f => f.TokenHash == hash, cancellationToken);
        if (feed is null)
        {
            return null;
        }
        feed.LastFetchedAt = clock.GetUtcNow();
        feed.LastUserAgent = userAgent is null ? null : userAgent.Length > CalendarFeed.UserAgentMax ? userAgent[..CalendarFeed.UserAgentMax] : userAgent;
        await db.SaveChangesAsync(cancellationToken);
        return feed.PersonId;
    }

    /// <summary>When the caller's calendar last fetched their feed (for "your calendar last synced 9 hours ago").</summary>
    public async Task<DateTimeOffset?> LastSyncedAsync(CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await read.Set<CalendarFeed>().AsNoTracking().Where(f => f.PersonId == myId).Select(f => f.LastFetchedAt).FirstOrDefaultAsync(cancellationToken);
    }
}
