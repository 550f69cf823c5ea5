using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Notifications;

/// <summary>Something happened that people should hear about.</summary>
/// <param name="Kind">A registered <see cref="NotificationKind"/> key.</param>
/// <param name="SubjectKey">What it is about, such as <c>ask:{id}</c>; same kind and subject fold together.</param>
/// <param name="SubjectTitle">The subject's title as people know it.</param>
/// <param name="Link">Local path to the subject.</param>
/// <param name="ActorName">Who did it, if anyone.</param>
public sealed record NotificationEvent(string Kind, string SubjectKey, string SubjectTitle, string Link, string? ActorName);

/// <summary>The one way features notify people: in the notification centre, and by email as each person prefers.</summary>
public sealed class Notifier(GuildDb db, TimeProvider clock, IEnumerable<NotificationKind> kinds)
{
    private readonly HashSet<string> _known = kinds.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Adds the event to each recipient's centre in the caller's unit of work; the caller saves.</summary>
    public async Task NotifyAsync(IReadOnlyCollection<Guid> recipients, NotificationEvent notification, CancellationToken cancellationToken)
    {
        if (!_known.Contains(notification.Kind))
        {
            throw new ArgumentException($"Notification kind '{notification.Kind}' is not registered.", nameof(notification));
        }
        if (recipients.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var ids = recipients.Distinct().ToList();
        var open = await db.Set<Notification>()
            .Where(n => ids.Contains(n.RecipientId) && n.Kind == notification.Kind
                        && n.SubjectKey == notification.SubjectKey && n.ReadAt == null)
            .ToDictionaryAsync(n => n.RecipientId, cancellationToken);
        foreach (var recipient in ids)
        {
            if (open.TryGetValue(recipient, out var existing))
            {
                existing.Count++;
                existing.LatestAt = now;
                existing.SubjectTitle = notification.SubjectTitle;
                if (notification.ActorName is { } actor)
                {
                    existing.RecentActors = [actor, .. existing.RecentActors.Where(a => a != actor).Take(2)];
                }
                continue;
            }
            db.Add(new Notification
            {
                Id = Guid.CreateVersion7(),
                RecipientId = recipient,
                Kind = notification.Kind,
                SubjectKey = notification.SubjectKey,
                SubjectTitle = notification.SubjectTitle,
                Link = notification.Link,
                RecentActors = notification.ActorName is { } name ? [name] : [],
                FirstAt = now,
                LatestAt = now,
            });
        }
    }
}
