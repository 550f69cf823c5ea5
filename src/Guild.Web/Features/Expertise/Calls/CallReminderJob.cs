using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>
/// Reminds recipients of open calls who have neither answered nor dismissed: the first reminder in the last
/// <see cref="FirstBefore"/> before the closing moment, the second in the last <see cref="SecondBefore"/>, never more than
/// <see cref="MaxReminders"/>, and only inside working hours. Guild keeps no working hours per person, so these are the
/// organisation's (its time zone, working days, start and end of the working day). It runs on working days at
/// <see cref="RunAt"/>; a run that starts outside working hours (a late retry) reminds nobody.
/// </summary>
internal sealed class CallReminderJob(GuildDb db, Mailer mailer, CallMails mails, OrganisationProfile organisation, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "calls.remind";
    public const int MaxReminders = 2;
    public static readonly TimeSpan FirstBefore = TimeSpan.FromDays(3);
    public static readonly TimeSpan SecondBefore = TimeSpan.FromDays(1);
    /// <summary>Two reminders never come on the same day.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromHours(20);
    public static readonly TimeOnly RunAt = new(10, 0);
    private const int BatchSize = 500;

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var settings = await organisation.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (!settings.IsWorkingTime(now))
        {
            job.SetOutcome(JobOutcome.Positive, new JobMessage("JobProgress.OutsideWorkingHours"));
            return;
        }
        var firstFrom = now + FirstBefore;
        var secondFrom = now + SecondBefore;
        var gap = now - MinimumGap;
        var reminded = 0;
        while (true)
        {
            // Each batch leaves the condition as it is reminded (Reminders and LastRemindedAt change), so the loop ends.
            var batch = await (from recipient in db.Set<CallRecipient>()
                               join call in db.Set<ChampionCall>() on recipient.CallId equals call.Id
                               join person in db.Set<Person>() on recipient.PersonId equals person.Id
                               join user in db.Users on person.Id equals user.Id
                               where call.SentAt != null && call.ClosedAt == null && call.ClosesAt > now
                                     && recipient.AnsweredAt == null && recipient.DismissedAt == null && user.DeactivatedAt == null
                                     && recipient.Reminders < MaxReminders
                                     && (recipient.LastRemindedAt == null || recipient.LastRemindedAt < gap)
                                     && ((recipient.Reminders == 0 && call.ClosesAt <= firstFrom) || (recipient.Reminders == 1 && call.ClosesAt <= secondFrom))
                               orderby recipient.CallId, recipient.PersonId
                               select new { Recipient = recipient, Call = call, user.Email, person.GivenName, person.FamilyName, user.PreferredLanguage })
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var row in batch)
            {
                mailer.Queue(await mails.ForAsync(CallMails.Reminder, row.Call, row.PreferredLanguage, row.Email, $"{row.GivenName} {row.FamilyName}", cancellationToken));
                row.Recipient.Reminders++;
                row.Recipient.LastRemindedAt = now;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            reminded += batch.Count;
            await job.ReportProgressAsync(reminded, reminded, new JobMessage("JobProgress.Reminded", reminded));
        }
        job.SetOutcome(JobOutcome.Positive, new JobMessage("JobProgress.Reminded", reminded));
    }
}
