using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
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
public sealed class Notifier(GuildDb db, TimeProvider clock, IEnumerable<NotificationKind> kinds, JobQueue jobs)
{
    /// <summary>Recipients per immediate-mail job: large audiences (a call to the whole company) split into several.</summary>
    internal const int MailJobSize = 500;

    private readonly Dictionary<string, NotificationKind> _kinds = kinds.ToDictionary(k => k.Key, StringComparer.Ordinal);

    /// <summary>
    /// Adds the event to each recipient's centre in the caller's unit of work; the caller saves.
    /// An event about a subject the recipient has an unread entry for folds into that entry
    /// ("Anna and 3 others ..."); otherwise a new entry starts, and people who want this kind
    /// immediately get one mail about it (queued in the same unit of work, so it is sent exactly
    /// when the change commits). Folded events send no further mail: that is the point of grouping.
    /// </summary>
    public async Task NotifyAsync(IReadOnlyCollection<Guid> recipients, NotificationEvent notification, CancellationToken cancellationToken)
    {
        if (!_kinds.TryGetValue(notification.Kind, out var kind))
        {
            throw new ArgumentException($"Notification kind '{notification.Kind}' is not registered.", nameof(notification));
        }
        if (recipients.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var ids = recipients.Distinct().ToList();
        var open = new Dictionary<Guid, Notification>();
        foreach (var chunk in ids.Chunk(MailJobSize))
        {
            var found = await db.Set<Notification>()
                .Where(n => chunk.Contains(n.RecipientId) && n.Kind == notification.Kind
                            && n.SubjectKey == notification.SubjectKey && n.ReadAt == null)
                .ToListAsync(cancellationToken);
            foreach (var entry in found)
            {
                open.TryAdd(entry.RecipientId, entry);
            }
        }
        var created = new List<Notification>();
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
            var entry = new Notification
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
            };
            db.Add(entry);
            created.Add(entry);
        }
        await QueueImmediateMailAsync(kind, created, cancellationToken);
    }

    private async Task QueueImmediateMailAsync(NotificationKind kind, List<Notification> created, CancellationToken cancellationToken)
    {
        if (created.Count == 0)
        {
            return;
        }
        foreach (var chunk in created.Chunk(MailJobSize))
        {
            var chunkRecipients = chunk.Select(n => n.RecipientId).ToList();
            var chosen = await db.Set<NotificationPreference>().AsNoTracking()
                .Where(p => p.Kind == kind.Key && chunkRecipients.Contains(p.PersonId))
                .ToDictionaryAsync(p => p.PersonId, p => p.Delivery, cancellationToken);
            var immediate = chunk
                .Where(n => chosen.GetValueOrDefault(n.RecipientId, kind.DefaultDelivery) == NotificationDelivery.Immediately)
                .Select(n => n.Id)
                .ToList();
            if (immediate.Count > 0)
            {
                jobs.Enqueue(NotificationMailJob.JobKind, new NotificationMailJob.Payload(immediate), maxAttempts: 5);
            }
        }
    }
}
