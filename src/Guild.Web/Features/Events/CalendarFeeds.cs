using System.Security.Cryptography;
using System.Text;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Mail;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Events;

/// <summary>The caller's feed as the page shows it.</summary>
/// <param name="Exists">Whether the person has a feed.</param>
/// <param name="Url">The https URL, or null when the secret cannot be read back (a link made before secrets were kept: reset to see it).</param>
/// <param name="WebcalUrl">The same as webcal://, for calendar apps that subscribe on a click.</param>
/// <param name="LastFetchedAt">When a calendar last fetched it.</param>
/// <param name="LastUserAgent">Which client did.</param>
public sealed record CalendarFeedView(bool Exists, string? Url, string? WebcalUrl, DateTimeOffset? LastFetchedAt, string? LastUserAgent)
{
    /// <summary>The person has a link, but it cannot be shown again: only a reset shows one.</summary>
    public bool NeedsReset => Exists && Url is null;

    /// <summary>The https and webcal:// addresses of a feed under the person's secret, e.g. "/series/{id}" for a series' feed.</summary>
    public (string Https, string Webcal)? Under(string suffix)
    {
        if (Url is null)
        {
            return null;
        }
        var https = Url[..^".ics".Length] + suffix + ".ics";
        return (https, CalendarFeeds.Webcal(https));
    }
}

/// <summary>
/// Each person's calendar feed of their registrations and the events they organise, at a secret URL: 32 random bytes, looked up by their
/// SHA-256. The secret itself is kept under data protection (purpose <see cref="SecretPurpose"/>) so the person's pages show the same link
/// again and subscribing to a series or festival reuses it; only "reset" replaces it (the old URL answers 404 at once, on every node: it is
/// read per request). A fetch records when and by which client (feed health), which decides who gets changes by mail too.
/// </summary>
public sealed class CalendarFeeds(GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, MailTemplates templates, IOptions<EventOptions> options,
    IStringLocalizer<EventsText> text, IDataProtectionProvider protection)
{
    /// <summary>The data-protection purpose of the kept secrets (a new version of the format gets a new purpose).</summary>
    public const string SecretPurpose = "Guild.CalendarFeeds.Secret.v1";
    private const int TokenBytes = 32;
    private static readonly TimeSpan FetchRecordedEvery = TimeSpan.FromMinutes(1);
    private readonly IDataProtector _protector = protection.CreateProtector(SecretPurpose);

    /// <summary>The caller's feed, with its URL when the kept secret can be read.</summary>
    public async Task<CalendarFeedView> MineAsync(CancellationToken cancellationToken)
    {
        var myId = me.IdOrNull ?? Guid.Empty;
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var feed = await read.Set<CalendarFeed>().AsNoTracking().FirstOrDefaultAsync(f => f.PersonId == myId, cancellationToken);
        return feed is null ? new CalendarFeedView(false, null, null, null, null) : ViewOf(feed, Unprotect(feed));
    }

    /// <summary>
    /// The caller's feed for subscribing to a series or festival: the existing one as it is (its secret kept, so calendars that follow it
    /// go on working), a new one only if the person has none.
    /// </summary>
    public async Task<CalendarFeedView> EnsureAsync(CancellationToken cancellationToken)
    {
        var feed = await db.Set<CalendarFeed>().AsNoTracking().FirstOrDefaultAsync(f => f.PersonId == me.Id, cancellationToken);
        return feed is null ? await ResetAsync(cancellationToken) : ViewOf(feed, Unprotect(feed));
    }

    /// <summary>Makes the caller's feed, or a new secret for it: the old URL, and every series' and festival's feed under it, stops working.</summary>
    public async Task<CalendarFeedView> ResetAsync(CancellationToken cancellationToken)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(TokenBytes));
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        var kept = _protector.Protect(token);
        var feed = await db.Set<CalendarFeed>().FirstOrDefaultAsync(f => f.PersonId == me.Id, cancellationToken);
        if (feed is null)
        {
            feed = new CalendarFeed { PersonId = me.Id, TokenHash = hash, ProtectedSecret = kept, CreatedAt = clock.GetUtcNow() };
            db.Add(feed);
        }
        else
        {
            (feed.TokenHash, feed.ProtectedSecret, feed.CreatedAt, feed.LastFetchedAt, feed.LastUserAgent) = (hash, kept, clock.GetUtcNow(), null, null);
        }
        await db.SaveChangesAsync(cancellationToken);
        return ViewOf(feed, token);
    }

    /// <summary>The webcal:// form of an https feed URL.</summary>
    public static string Webcal(string https) => "webcal://" + https[(https.IndexOf("://", StringComparison.Ordinal) + 3)..];

    private CalendarFeedView ViewOf(CalendarFeed feed, string? token)
    {
        if (token is null)
        {
            return new CalendarFeedView(true, null, null, feed.LastFetchedAt, feed.LastUserAgent);
        }
        var url = templates.AbsoluteUrl($"/events/feed/{token}.ics");
        return new CalendarFeedView(true, url, Webcal(url), feed.LastFetchedAt, feed.LastUserAgent);
    }

    /// <summary>The kept secret, or null: a row from before secrets were kept, or a key the ring no longer has.</summary>
    private string? Unprotect(CalendarFeed feed)
    {
        if (feed.ProtectedSecret is null)
        {
            return null;
        }
        try
        {
            var token = _protector.Unprotect(feed.ProtectedSecret);
            // Only a secret that still opens this row counts (it always should; a mismatch would show a dead link).
            return SHA256.HashData(Encoding.ASCII.GetBytes(token)).AsSpan().SequenceEqual(feed.TokenHash) ? token : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
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
            .Where(SpaceCalendar.VisibleTo(db, personId))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Take(1000).ToListAsync(cancellationToken);
        var name = await db.Set<Person>().Where(p => p.Id == personId).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefaultAsync(cancellationToken);
        var entries = events.Select(e => EventMails.EntryOf(e, e.Online ? text["Online"].Value : e.Room ?? "", templates.AbsoluteUrl($"/events/{e.Id}"), null, []))
            .ToList();
        return ICalendarWriter.Feed(text["FeedName", name ?? ""], entries);
    }

    /// <summary>
    /// Whose feed a secret opens, or null (never made, or reset); records the fetch and the client (feed health). Every feed at the
    /// person's secret URL (their own, a series', a festival's) resolves its owner here.
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
        var now = clock.GetUtcNow();
        var agent = userAgent is null ? null : userAgent.Length > CalendarFeed.UserAgentMax ? userAgent[..CalendarFeed.UserAgentMax] : userAgent;
        // Feed health is read in hours ("last synced 9 hours ago"): another fetch by the same client within a minute is not
        // worth a write (a transaction on the person's row per fetch).
        if (feed.LastFetchedAt is not { } last || now - last >= FetchRecordedEvery || feed.LastUserAgent != agent)
        {
            feed.LastFetchedAt = now;
            feed.LastUserAgent = agent;
            await db.SaveChangesAsync(cancellationToken);
        }
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
