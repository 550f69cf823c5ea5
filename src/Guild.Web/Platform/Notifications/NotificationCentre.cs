using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Notifications;

/// <summary>One entry of a person's notification centre, as the page and the API show it.</summary>
/// <param name="Id">The entry's id (to open it or mark it read).</param>
/// <param name="Kind">What happened, as a notification kind such as <c>people.role-granted</c>.</param>
/// <param name="Text">The sentence in the reader's language.</param>
/// <param name="Link">Local path to the subject.</param>
/// <param name="Count">How many events the entry holds.</param>
/// <param name="LatestAt">When the latest of its events happened.</param>
/// <param name="IsRead">Whether the reader has opened it or marked it read.</param>
public sealed record NotificationItem(Guid Id, string Kind, string Text, string Link, int Count, DateTimeOffset LatestAt, bool IsRead);

/// <summary>
/// The signed-in person's own notifications: count, list, mark as read. Nobody sees another's.
/// The bell renders beside every page body, so each call takes its own context (see GuildDbFactory).
/// </summary>
public sealed class NotificationCentre(IDbContextFactory<GuildDb> contexts, CurrentPerson me, NotificationTexts texts, TimeProvider clock)
{
    /// <summary>How many of the newest entries the per-request summary carries (the home page shows five).</summary>
    private const int SummarySize = 5;

    private sealed record Summary(int Unread, IReadOnlyList<Notification> Latest);

    private Task<Summary>? _summary;

    /// <summary>
    /// The bell's number. Asked once per request however many components want it (the bell, a
    /// page's own summary): the answer is remembered for the rest of this request.
    /// </summary>
    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken) => (await SummaryAsync(cancellationToken)).Unread;

    /// <summary>The newest few, read or not, for a summary such as the home page's (no total count).</summary>
    public async Task<IReadOnlyList<NotificationItem>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        if (count <= SummarySize)
        {
            return (await SummaryAsync(cancellationToken)).Latest.Take(count).Select(ToItem).ToList();
        }
        var myId = me.Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await Newest(db, myId).Take(count).ToListAsync(cancellationToken);
        return latest.Select(ToItem).ToList();
    }

    /// <summary>
    /// The unread count and the newest entries in one round trip, once per request: every page's bell
    /// needs the first, the home page both.
    /// </summary>
    private Task<Summary> SummaryAsync(CancellationToken cancellationToken) => _summary ??= LoadSummaryAsync(cancellationToken);

    private async Task<Summary> LoadSummaryAsync(CancellationToken cancellationToken)
    {
        var myId = me.Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = new List<SummaryRow>(SummarySize);
        await foreach (var row in SummaryQuery.For(db)(db, myId).WithCancellation(cancellationToken))
        {
            rows.Add(row);
        }
        return new Summary(rows.Count == 0 ? 0 : rows[0].Unread, rows.Select(r => r.Notification).ToList());
    }

    private sealed record SummaryRow(Notification Notification, int Unread);

    // Every page's bell runs it, so it is compiled once. The count rides along on each of the newest rows (an
    // uncorrelated subquery, evaluated once); no rows at all means nothing is unread either.
    private static readonly CompiledQuery<Func<GuildDb, Guid, IAsyncEnumerable<SummaryRow>>> SummaryQuery = new(() =>
        EF.CompileAsyncQuery((GuildDb db, Guid myId) =>
            db.Set<Notification>().AsNoTracking()
                .Where(n => n.RecipientId == myId)
                .OrderByDescending(n => n.LatestAt).ThenByDescending(n => n.Id)
                .Take(SummarySize)
                .Select(n => new SummaryRow(n, db.Set<Notification>().Count(u => u.RecipientId == myId && u.ReadAt == null)))));

    private static IQueryable<Notification> Newest(GuildDb db, Guid recipientId) =>
        db.Set<Notification>().AsNoTracking()
            .Where(n => n.RecipientId == recipientId)
            .OrderByDescending(n => n.LatestAt).ThenByDescending(n => n.Id);

    /// <summary>Unread first, then newest first.</summary>
    public async Task<Paged<NotificationItem>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var myId = me.Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.RecipientId == myId)
            .OrderBy(n => n.ReadAt == null ? 0 : 1).ThenByDescending(n => n.LatestAt).ThenByDescending(n => n.Id)
            .ToPagedAsync(page, cancellationToken);
        return result.Map(ToItem);
    }

    /// <summary>Marks one of the caller's notifications read; another person's is not found.</summary>
    public async Task<Result<NotificationItem>> MarkReadAsync(Guid id, CancellationToken cancellationToken)
    {
        var myId = me.Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var notification = await db.Set<Notification>().FirstOrDefaultAsync(n => n.Id == id && n.RecipientId == myId, cancellationToken);
        if (notification is null)
        {
            return Result<NotificationItem>.NotFound();
        }
        if (notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            _summary = null;
        }
        return Result<NotificationItem>.Ok(ToItem(notification));
    }

    /// <summary>Marks one as read and answers its link, or null when it is not the caller's.</summary>
    public async Task<string?> OpenAsync(Guid id, CancellationToken cancellationToken) =>
        await MarkReadAsync(id, cancellationToken) is { IsOk: true, Value: { } item } ? item.Link : null;

    /// <summary>Marks every unread notification of the caller read; answers how many.</summary>
    public async Task<int> MarkAllReadAsync(CancellationToken cancellationToken)
    {
        var myId = me.Id;
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        _summary = null;
        return await db.Set<Notification>().Where(n => n.RecipientId == myId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    /// <summary>The entry's sentence in the reader's language: "Anna and 2 others answered “…”".</summary>
    public string TextOf(Notification notification) => texts.TextOf(notification);

    private NotificationItem ToItem(Notification n) =>
        new(n.Id, n.Kind, texts.TextOf(n), n.Link, n.Count, n.LatestAt, n.ReadAt is not null);
}
