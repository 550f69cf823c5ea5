using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>
/// Tells every recipient of a sent call: a mail in their language and an entry in their notification centre, in
/// batches of <see cref="Notifier.MailJobSize"/>, each committed with its mails. Safe to run again: a recipient who has
/// the call's notification already was told, so a retried job continues where the last batch committed.
/// </summary>
internal sealed class CallDeliveryJob(GuildDb db, Notifier notifier, Mailer mailer, CallMails mails) : IJobHandler
{
    public const string JobKind = "calls.deliver";
    private const int BatchSize = 500;

    public sealed record Payload(Guid CallId);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var callId = job.PayloadAs<Payload>().CallId;
        var call = await db.Set<ChampionCall>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call?.SentAt is null)
        {
            return;
        }
        var subject = CallNotifications.SubjectOf(call.Id);
        var total = await db.Set<CallRecipient>().CountAsync(r => r.CallId == callId, cancellationToken);
        var done = 0;
        var after = Guid.Empty;
        while (true)
        {
            var batch = await (from recipient in db.Set<CallRecipient>().AsNoTracking()
                               join person in db.Set<Person>() on recipient.PersonId equals person.Id
                               join user in db.Users on person.Id equals user.Id
                               where recipient.CallId == callId && recipient.PersonId.CompareTo(after) > 0
                               orderby recipient.PersonId
                               select new
                               {
                                   person.Id, user.Email, person.GivenName, person.FamilyName, user.PreferredLanguage,
                                   Told = db.Set<Notification>().Any(n => n.RecipientId == person.Id && n.Kind == CallNotifications.Sent && n.SubjectKey == subject),
                               }).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1].Id;
            var untold = batch.Where(r => !r.Told).ToList();
            foreach (var recipient in untold)
            {
                mailer.Queue(await mails.ForAsync(CallMails.Call, call, recipient.PreferredLanguage, recipient.Email,
                    $"{recipient.GivenName} {recipient.FamilyName}", cancellationToken));
            }
            await notifier.NotifyAsync(untold.Select(r => r.Id).ToList(),
                new NotificationEvent(CallNotifications.Sent, subject, call.Title, $"/calls/{call.Id}", null), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            done += batch.Count;
            await job.ReportProgressAsync(done, total, new JobMessage("JobProgress.Delivering", done, total));
        }
        job.SetOutcome(JobOutcome.Positive, new JobMessage("JobProgress.Delivered", total));
    }
}

/// <summary>The call's notification kinds and subjects.</summary>
public static class CallNotifications
{
    /// <summary>"Eva Visser asks who would share what they know: …" — the mail is the call's own, so by default none more.</summary>
    public const string Sent = "calls.sent";
    /// <summary>An admin declined (part of) someone's offer, with a message; the message goes by mail too.</summary>
    public const string Declined = "calls.declined";
    /// <summary>An admin approved (part of) someone's offer.</summary>
    public const string Approved = "calls.approved";

    public static string SubjectOf(Guid callId) => $"call:{callId}";
}
