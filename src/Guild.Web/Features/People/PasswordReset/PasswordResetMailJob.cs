using System.Globalization;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.People.PasswordReset;

/// <summary>
/// Decides, out of sight of whoever asked, whether a reset request becomes a mail: only for an active account with a
/// password (deactivated people, invitations not yet accepted and unknown addresses get nothing), and at most
/// <see cref="MailsPerAccountPerHour"/> an hour per account, counted from the audit log so that every node keeps the
/// same count; extra requests are dropped without a word. The mail goes out in the person's language with a link that
/// works for <see cref="PasswordResetTokens.Lifetime"/>, queued in the same unit of work as its audit entry.
/// </summary>
internal sealed class PasswordResetMailJob(
    GuildDb db,
    UserManager<GuildUser> users,
    Mailer mailer,
    MailTemplates templates,
    OrganisationProfile organisation,
    AuditLog audit,
    TimeProvider clock,
    IStringLocalizer<PasswordResetText> text,
    ILogger<PasswordResetMailJob> logger) : IJobHandler
{
    public const string JobKind = "account.password-reset";
    public const string MailedAction = AuditActions.PersonPasswordResetMailed;
    public const int MailsPerAccountPerHour = 3;

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var request = job.PayloadAs<PasswordResetRequest>();
        var user = await users.FindByNameAsync(request.Email);
        if (user is null || user.DeactivatedAt is not null || user.PasswordHash is null)
        {
            // Nothing to say to anyone; the address is not logged (it may be anybody's typo).
            logger.LogInformation("Reset request {JobId}: no active account with a password for the address; no mail.", job.Id);
            return;
        }
        var person = await db.Set<Person>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == user.Id, cancellationToken);
        if (person is null)
        {
            return;
        }
        var personId = person.Id.ToString();
        var since = clock.GetUtcNow().AddHours(-1);
        var recent = await db.Set<AuditEntry>().CountAsync(entry => entry.ObjectType == "Person" && entry.ObjectId == personId
            && entry.Action == MailedAction && entry.At >= since, cancellationToken);
        if (recent >= MailsPerAccountPerHour)
        {
            logger.LogWarning("Reset request {JobId} for person {PersonId} dropped: {Count} reset mails in the past hour already.", job.Id, person.Id, recent);
            return;
        }

        var settings = await organisation.GetAsync(cancellationToken);
        var language = user.PreferredLanguage ?? settings.DefaultLanguage;
        var culture = CultureInfo.GetCultureInfo(language);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = templates.AbsoluteUrl($"/account/reset-password?person={user.Id}&token={token}");
        var expires = settings.ToLocal(clock.GetUtcNow() + PasswordResetTokens.Lifetime).ToString("g", culture);
        mailer.Queue(await templates.RenderAsync<PasswordResetMail>(user.Email!, person.DisplayName, language,
            () => text["MailSubject", settings.Name], new Dictionary<string, object?>
            {
                [nameof(PasswordResetMail.OrganisationName)] = settings.Name,
                [nameof(PasswordResetMail.GivenName)] = person.GivenName,
                [nameof(PasswordResetMail.Email)] = user.Email,
                [nameof(PasswordResetMail.ResetUrl)] = link,
                [nameof(PasswordResetMail.ExpiresAt)] = expires,
            }));
        audit.Record(MailedAction, AuditObjectTypes.Person, personId, person.DisplayName, new { requestedFrom = request.RequestedFrom });
        await db.SaveChangesAsync(cancellationToken);
    }
}
