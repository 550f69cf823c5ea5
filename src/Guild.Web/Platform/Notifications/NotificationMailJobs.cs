using System.Text.Json;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Localization;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Notifications;

/// <summary>Who a notification mail goes to, and in which language.</summary>
internal sealed record MailRecipient(Guid Id, string Email, string Language)
{
    /// <summary>Active people with an address, in one query; the language is theirs, else the organisation's.</summary>
    public static async Task<Dictionary<Guid, MailRecipient>> LoadAsync(GuildDb db, IReadOnlyCollection<Guid> ids, string defaultLanguage,
        CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.DeactivatedAt == null && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.PreferredLanguage })
            .ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => new MailRecipient(u.Id, u.Email!,
            GuildLocalization.IsSupported(u.PreferredLanguage) ? u.PreferredLanguage! : defaultLanguage));
    }
}

/// <summary>
/// Immediate delivery: one mail per new notification entry, queued by <see cref="Notifier"/> in the
/// unit of work that created the entries. Entries already read (seen in the app) or already mailed
/// are skipped, and each mail commits together with the entry's <see cref="Notification.EmailedAt"/>,
/// so running again sends nothing twice.
/// </summary>
internal sealed class NotificationMailJob(
    GuildDb db, Mailer mailer, MailTemplates templates, NotificationTexts texts, OrganisationProfile organisationProfile,
    TimeProvider clock, ILogger<NotificationMailJob> logger) : IJobHandler
{
    public const string JobKind = "notifications.email";

    public sealed record Payload(IReadOnlyList<Guid> NotificationIds);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var ids = job.PayloadAs<Payload>().NotificationIds;
        var pending = await db.Set<Notification>()
            .Where(n => ids.Contains(n.Id) && n.EmailedAt == null && n.ReadAt == null)
            .ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }
        var organisation = await organisationProfile.GetAsync(cancellationToken);
        var recipients = await MailRecipient.LoadAsync(db, pending.Select(n => n.RecipientId).Distinct().ToList(),
            organisation.DefaultLanguage, cancellationToken);
        var now = clock.GetUtcNow();
        var sent = 0;
        foreach (var notification in pending)
        {
            if (!recipients.TryGetValue(notification.RecipientId, out var recipient))
            {
                continue;
            }
            var mail = await templates.RenderAsync<NotificationMail>(recipient.Email, null, recipient.Language,
                () => Shorten(texts.TextOf(notification)),
                new Dictionary<string, object?>
                {
                    [nameof(NotificationMail.Notification)] = notification,
                    [nameof(NotificationMail.OrganisationName)] = organisation.Name,
                });
            mailer.Queue(mail);
            notification.EmailedAt = now;
            sent++;
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Queued {Sent} immediate notification mails of {Pending} new entries", sent, pending.Count);
    }

    internal static string Shorten(string subject) => subject.Length > 150 ? subject[..149] + "…" : subject;
}

/// <summary>
/// The daily and weekly digests: everyone with unread, not yet mailed entries of kinds they get
/// as this digest receives ONE mail listing them; the entries are then marked mailed. Works through
/// people in batches (a few queries per batch, never per person), each batch committing its mails
/// together with the marks, so a crash or a second run never mails anyone twice.
/// </summary>
internal sealed class NotificationDigestJob(
    GuildDb db, Mailer mailer, MailTemplates templates, NotificationTexts texts, OrganisationProfile organisationProfile,
    TimeProvider clock, IStringLocalizerFactory localizers, ILogger<NotificationDigestJob> logger) : IJobHandler
{
    public const string JobKind = "notifications.digest";
    internal const int DefaultBatchSize = 200;

    /// <param name="Delivery">Which digest: daily or weekly.</param>
    /// <param name="BatchSize">People per batch (one commit each); the default suits 100,000 people.</param>
    public sealed record Payload(NotificationDelivery Delivery, int? BatchSize = null);

    public static readonly RecurringJob Daily = new("digest:daily", JobKind,
        Schedules.WorkingDaysAt(new TimeOnly(7, 0)), new Payload(NotificationDelivery.DailyDigest));

    public static readonly RecurringJob Weekly = new("digest:weekly", JobKind,
        Schedules.WeeklyAt(DayOfWeek.Monday, new TimeOnly(7, 0)), new Payload(NotificationDelivery.WeeklyDigest));

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var payload = job.PayloadAs<Payload>();
        var delivery = payload.Delivery;
        var batchSize = Math.Clamp(payload.BatchSize ?? DefaultBatchSize, 1, 5000);
        if (delivery is not (NotificationDelivery.DailyDigest or NotificationDelivery.WeeklyDigest))
        {
            throw new PermanentJobFailure($"A digest is daily or weekly, not {delivery}.");
        }
        var pending = Pending(delivery);
        var total = await pending.Select(n => n.RecipientId).Distinct().CountAsync(cancellationToken);
        await job.ReportProgressAsync(0, total, new JobMessage("Digest.Progress", 0, total));
        var organisation = await organisationProfile.GetAsync(cancellationToken);
        var text = localizers.Create(typeof(NotificationText));
        var now = clock.GetUtcNow();
        int people = 0, mails = 0, entries = 0;
        var (reading, rendering, storing) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        Guid? after = null;
        while (true)
        {
            // Keyset pages over the recipients (no OFFSET), so each batch reads only its own rows.
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var page = after is { } last ? pending.Where(n => n.RecipientId.CompareTo(last) > 0) : pending;
            var batch = await page.Select(n => n.RecipientId).Distinct().OrderBy(id => id).Take(batchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1];
            var notifications = await pending.AsNoTracking().Where(n => batch.Contains(n.RecipientId)).ToListAsync(cancellationToken);
            var recipients = await MailRecipient.LoadAsync(db, batch, organisation.DefaultLanguage, cancellationToken);
            reading += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            var mailed = new List<Guid>();
            foreach (var group in notifications.GroupBy(n => n.RecipientId))
            {
                var listed = group.OrderByDescending(n => n.LatestAt).ToList();
                if (!recipients.TryGetValue(group.Key, out var recipient))
                {
                    // Deactivated between the two queries: nobody to mail; mark the entries so a
                    // later digest does not meet them again.
                    mailed.AddRange(listed.Select(n => n.Id));
                    continue;
                }
                var mail = await templates.RenderAsync<NotificationDigestMail>(recipient.Email, null, recipient.Language,
                    () => text[$"DigestSubject{(delivery == NotificationDelivery.WeeklyDigest ? "Weekly" : "Daily")}.{(listed.Count == 1 ? "One" : "Many")}",
                        listed.Count, organisation.Name],
                    new Dictionary<string, object?>
                    {
                        [nameof(NotificationDigestMail.Notifications)] = listed,
                        [nameof(NotificationDigestMail.Delivery)] = delivery,
                        [nameof(NotificationDigestMail.OrganisationName)] = organisation.Name,
                    });
                mailer.Queue(mail);
                mailed.AddRange(listed.Select(n => n.Id));
                mails++;
                entries += listed.Count;
            }
            rendering += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            // The batch's mails and its marks commit together: a crash before the commit leaves
            // both undone (the retry mails them), after it both done (the retry skips them).
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
                await db.Set<Notification>().Where(n => mailed.Contains(n.Id))
                    .ExecuteUpdateAsync(set => set.SetProperty(n => n.EmailedAt, now), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            db.ChangeTracker.Clear();
            storing += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            people += batch.Count;
            await job.ReportProgressAsync(people, Math.Max(total, people), new JobMessage("Digest.Progress", people, Math.Max(total, people)));
        }
        logger.LogInformation("{Delivery} digest: {Mails} mails listing {Entries} notifications; reading {ReadingMs} ms, rendering {RenderingMs} ms, storing {StoringMs} ms",
            delivery, mails, entries, (long)reading.TotalMilliseconds, (long)rendering.TotalMilliseconds, (long)storing.TotalMilliseconds);
        job.SetResult(JsonSerializer.Serialize(new { mails, notifications = entries }, JsonSerializerOptions.Web));
        job.SetOutcome(JobOutcome.Positive, new JobMessage("Digest.Done", mails, entries));
    }

    /// <summary>
    /// Unread, unmailed entries whose recipient gets this kind as this digest: by their own choice,
    /// or by the kind's default when they made none; only for people who can receive mail.
    /// </summary>
    private IQueryable<Notification> Pending(NotificationDelivery delivery)
    {
        var known = texts.Kinds.Select(k => k.Key).ToList();
        var byDefault = texts.Kinds.Where(k => k.DefaultDelivery == delivery).Select(k => k.Key).ToList();
        var preferences = db.Set<NotificationPreference>();
        return db.Set<Notification>()
            .Where(n => n.ReadAt == null && n.EmailedAt == null && known.Contains(n.Kind))
            .Where(n => preferences.Any(p => p.PersonId == n.RecipientId && p.Kind == n.Kind && p.Delivery == delivery)
                        || (byDefault.Contains(n.Kind) && !preferences.Any(p => p.PersonId == n.RecipientId && p.Kind == n.Kind)))
            .Where(n => db.Users.Any(u => u.Id == n.RecipientId && u.DeactivatedAt == null && u.Email != null));
    }
}
