using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Notifications;

public sealed record NotificationItem(Guid Id, string Kind, string Text, string Link, int Count, DateTimeOffset LatestAt, bool IsRead);

/// <summary>
/// The signed-in person's own notifications: count, list, mark as read. Nobody sees another's.
/// The bell renders beside every page body, so each call takes its own context (see GuildDbFactory).
/// </summary>
public sealed class NotificationCentre(IDbContextFactory<GuildDb> contexts, CurrentPerson me, IEnumerable<NotificationKind> kinds, IStringLocalizerFactory localizers)
{
    private readonly Dictionary<string, NotificationKind> _kinds = kinds.ToDictionary(k => k.Key);

    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken)
    {
        var myId = me.Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Notification>().CountAsync(n => n.RecipientId == myId && n.ReadAt == null, cancellationToken);
    }

    public async Task<Paged<NotificationItem>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var myId = me.Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.RecipientId == myId)
            .OrderBy(n => n.ReadAt == null ? 0 : 1).ThenByDescending(n => n.LatestAt)
            .ToPagedAsync(page, cancellationToken);
        return result.Map(n => new NotificationItem(n.Id, n.Kind, TextOf(n), n.Link, n.Count, n.LatestAt, n.ReadAt is not null));
    }

    /// <summary>Marks one as read and answers its link, or null when it is not the caller's.</summary>
    public async Task<string?> OpenAsync(Guid id, TimeProvider clock, CancellationToken cancellationToken)
    {
        var myId = me.Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var notification = await db.Set<Notification>().FirstOrDefaultAsync(n => n.Id == id && n.RecipientId == myId, cancellationToken);
        if (notification is null)
        {
            return null;
        }
        notification.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return notification.Link;
    }

    public async Task<int> MarkAllReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var myId = me.Id;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Notification>().Where(n => n.RecipientId == myId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    /// <summary>The entry's sentence in the reader's language: "Anna and 2 others answered “…”".</summary>
    public string TextOf(Notification notification)
    {
        if (!_kinds.TryGetValue(notification.Kind, out var kind))
        {
            return notification.SubjectTitle;
        }
        var text = localizers.Create(kind.TextResource);
        var shared = localizers.Create(typeof(Layout.SharedText));
        var others = notification.Count - notification.RecentActors.Count;
        var actors = notification.RecentActors.Count switch
        {
            0 => "",
            1 when others <= 0 => notification.RecentActors[0],
            _ when others <= 0 => shared["ActorsAnd", string.Join(", ", notification.RecentActors.SkipLast(1)), notification.RecentActors[^1]],
            _ => shared["ActorsAndOthers", string.Join(", ", notification.RecentActors), others],
        };
        return text[kind.Key + ".Text", actors, notification.SubjectTitle, notification.Count];
    }
}
