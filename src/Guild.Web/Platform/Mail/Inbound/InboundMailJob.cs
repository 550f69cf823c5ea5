using System.Globalization;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Localization;
using Guild.Web.Platform.Organisation;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>
/// Processes one stored mail (<see cref="InboundMailReceiver"/>): automatic mail is dropped; then the signed reply address is
/// found among the envelope recipients, To, Cc and Delivered-To, its signature checked, the From matched to the account it
/// was made for, the per-sender limit applied, quotes and signature stripped, and the purpose's handler called. Whatever the
/// answer, the mail's row, the handler's changes, the audit entry and the bounce commit together; a mail already processed
/// is skipped, so a retry after a crash does nothing twice. The raw bytes are deleted after that commit.
/// </summary>
internal sealed class InboundMailJob(
    GuildDb db, IFileStore files, ReplyAddresses addresses, IEnumerable<IInboundReplyHandler> handlers, ILookupNormalizer normalizer,
    Mailer mailer, MailTemplates templates, OrganisationProfile organisationProfile, AuditLog audit, TimeProvider clock,
    IOptions<InboundMailOptions> options, IStringLocalizer<InboundMailText> texts, ILogger<InboundMailJob> logger) : IJobHandler
{
    public const string JobKind = "mail.inbound";

    public sealed record Payload(Guid InboundMailId);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var mail = await db.Set<InboundMail>().FirstOrDefaultAsync(m => m.Id == job.PayloadAs<Payload>().InboundMailId, cancellationToken);
        if (mail is null || mail.Status != InboundMailStatus.Received)
        {
            return;
        }
        var fileKey = mail.FileKey;
        var message = fileKey is null ? null : await LoadAsync(fileKey, cancellationToken);
        if (message is null)
        {
            logger.LogWarning("Inbound mail {InboundMailId} could not be read as a message; dropped", mail.Id);
            await FinishAsync(mail, InboundMailStatus.Ignored, fileKey, cancellationToken);
            return;
        }
        mail.MessageId = Cut(message.MessageId, 1000);
        var from = message.From.Mailboxes.FirstOrDefault();
        mail.FromAddress = from is null ? null : Cut(from.Address.Trim().ToLowerInvariant(), 320);
        if (IsAutomatic(message, mail.EnvelopeFrom) || from is null)
        {
            logger.LogInformation("Inbound mail {InboundMailId} is automatic (an auto-reply or delivery report); dropped without a bounce", mail.Id);
            await FinishAsync(mail, InboundMailStatus.Ignored, fileKey, cancellationToken);
            return;
        }

        var organisation = await organisationProfile.GetAsync(cancellationToken);
        var normalized = normalizer.NormalizeEmail(from.Address.Trim());
        var sender = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.PreferredLanguage, u.DeactivatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        // The bounce speaks the sender's language when the sender is one of us, else English.
        var language = sender is not null && GuildLocalization.IsSupported(sender.PreferredLanguage)
            ? sender.PreferredLanguage!
            : sender is not null ? organisation.DefaultLanguage : "en";

        var since = clock.GetUtcNow().AddHours(-1);
        var recent = await db.Set<InboundMail>().AsNoTracking()
            .Where(m => m.FromAddress == mail.FromAddress && m.ReceivedAt >= since && m.Id != mail.Id && m.Status != InboundMailStatus.Received)
            .GroupBy(m => m.Refusal == InboundRefusals.TooMany)
            .Select(g => new { TooMany = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        if (recent.Sum(r => r.Count) >= options.Value.RepliesPerSenderPerHour)
        {
            // One bounce says so; after that, more bounces would only feed whoever floods us.
            var told = recent.Any(r => r.TooMany);
            await RefuseAsync(mail, message, from, InboundRefusals.TooMany, null, language, organisation.Name, bounce: !told, fileKey, cancellationToken);
            return;
        }

        var (check, claim) = await FindAddressAsync(mail, message, cancellationToken);
        if (claim is null)
        {
            var refusal = check == ReplyAddressCheck.BadSignature ? InboundRefusals.BadSignature : InboundRefusals.NotAReplyAddress;
            await RefuseAsync(mail, message, from, refusal, null, language, organisation.Name, bounce: true, fileKey, cancellationToken);
            return;
        }
        mail.Purpose = claim.Purpose;
        mail.SubjectId = claim.SubjectId;
        if (sender is null || sender.DeactivatedAt is not null || !claim.IsFor(sender.Id))
        {
            await RefuseAsync(mail, message, from, InboundRefusals.NotThePerson, null, language, organisation.Name, bounce: true, fileKey, cancellationToken);
            return;
        }
        mail.PersonId = sender.Id;
        var handler = handlers.FirstOrDefault(h => h.Purpose == claim.Purpose);
        if (handler is null)
        {
            await RefuseAsync(mail, message, from, InboundRefusals.UnknownPurpose, null, language, organisation.Name, bounce: true, fileKey, cancellationToken);
            return;
        }
        var text = ReplyText.Strip(message);
        if (text.Length == 0)
        {
            await RefuseAsync(mail, message, from, InboundRefusals.Empty, null, language, organisation.Name, bounce: true, fileKey, cancellationToken);
            return;
        }

        var reply = new InboundReply(sender.Id, claim.SubjectId, text, message.Subject ?? "", message.MessageId ?? "", language, mail.ReceivedAt);
        // The handler's changes (saved or not) and the processed mark commit together, or neither does: a retry after a
        // crash never posts a reply twice, and a refused reply leaves nothing behind.
        InboundReplyOutcome outcome;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            outcome = await HandleInLanguageAsync(handler, reply, language, cancellationToken);
            if (outcome.Accepted)
            {
                mail.Status = InboundMailStatus.Delivered;
                mail.ProcessedAt = clock.GetUtcNow();
                mail.FileKey = null;
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        if (!outcome.Accepted)
        {
            // Rolled back: forget what the handler added, and write the mail's own row whole again.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity != mail).ToList())
            {
                entry.State = EntityState.Detached;
            }
            db.Entry(mail).State = EntityState.Modified;
            await RefuseAsync(mail, message, from, InboundRefusals.Handler, outcome.Reason, language, organisation.Name, bounce: true, fileKey, cancellationToken);
            return;
        }
        logger.LogInformation("Inbound mail {InboundMailId} delivered to the {Purpose} handler for {SubjectId}", mail.Id, claim.Purpose, claim.SubjectId);
        if (fileKey is not null)
        {
            // After the commit: a crash before this line leaves an orphan file, never an unprocessed reply.
            await files.DeleteAsync(fileKey, CancellationToken.None);
        }
    }

    private static async Task<InboundReplyOutcome> HandleInLanguageAsync(IInboundReplyHandler handler, InboundReply reply, string language,
        CancellationToken cancellationToken)
    {
        var (previousCulture, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return await handler.HandleAsync(reply, cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentCulture = previousCulture;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    /// <summary>
    /// Out-of-office replies, delivery reports and list mail (RFC 3834 Auto-Submitted, an empty Return-Path or envelope sender,
    /// mailer-daemon, the headers Exchange and others add): never answered, so Guild and another robot cannot bounce forever.
    /// </summary>
    internal static bool IsAutomatic(MimeMessage message, string? envelopeFrom)
    {
        var headers = message.Headers;
        var autoSubmitted = headers[HeaderId.AutoSubmitted];
        if (!string.IsNullOrWhiteSpace(autoSubmitted) && !autoSubmitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond")
            || (headers.Contains("X-Auto-Response-Suppress") && IsAutoReplySubject(message.Subject))
            || (headers["Precedence"] ?? "").Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return true;
        }
        var returnPath = headers[HeaderId.ReturnPath];
        if (returnPath is not null && returnPath.Trim() is "<>" or "")
        {
            return true;
        }
        if (envelopeFrom is not null && envelopeFrom.Trim() is "" or "<>")
        {
            return true;
        }
        if (message.Body is MultipartReport)
        {
            return true;
        }
        var from = message.From.Mailboxes.FirstOrDefault()?.LocalPart ?? "";
        return from.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase) || from.Equals("postmaster", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAutoReplySubject(string? subject) =>
        subject is not null && (subject.StartsWith("Automatic reply", StringComparison.OrdinalIgnoreCase)
                                || subject.StartsWith("Automatisch antwoord", StringComparison.OrdinalIgnoreCase));

    /// <summary>The first valid reply address; else whether one of ours was tampered with (bad signature) or none was there.</summary>
    private async Task<(ReplyAddressCheck, ReplyAddressClaim?)> FindAddressAsync(InboundMail mail, MimeMessage message, CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        candidates.AddRange((mail.EnvelopeTo ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        candidates.AddRange(message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address));
        foreach (var header in message.Headers.Where(h => h.Field.Equals("Delivered-To", StringComparison.OrdinalIgnoreCase)
                                                           || h.Field.Equals("X-Original-To", StringComparison.OrdinalIgnoreCase)))
        {
            if (InternetAddressList.TryParse(header.Value, out var list))
            {
                candidates.AddRange(list.Mailboxes.Select(m => m.Address));
            }
        }
        var worst = ReplyAddressCheck.NotAReplyAddress;
        foreach (var candidate in candidates.Where(addresses.IsInReplyDomain).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var (check, claim) = await addresses.VerifyAsync(candidate, cancellationToken);
            if (claim is not null)
            {
                return (check, claim);
            }
            if (check == ReplyAddressCheck.BadSignature)
            {
                worst = ReplyAddressCheck.BadSignature;
            }
        }
        return (worst, null);
    }

    private async Task RefuseAsync(InboundMail mail, MimeMessage message, MailboxAddress from, string refusal, string? handlerReason,
        string language, string organisationName, bool bounce, string? fileKey, CancellationToken cancellationToken)
    {
        mail.Refusal = refusal;
        audit.Record(AuditActions.InboundReplyRefused, AuditObjectTypes.InboundMail, mail.Id.ToString(), mail.FromAddress,
            new { refusal, mail.Purpose, mail.SubjectId, mail.PersonId, mail.MessageId });
        if (bounce)
        {
            var bounceMail = await templates.RenderAsync<InboundRefusalMail>(from.Address, from.Name, language,
                () => texts["Bounce.Subject", message.Subject ?? ""].Value,
                new Dictionary<string, object?>
                {
                    [nameof(InboundRefusalMail.Refusal)] = refusal,
                    [nameof(InboundRefusalMail.HandlerReason)] = handlerReason,
                    [nameof(InboundRefusalMail.OriginalSubject)] = message.Subject ?? "",
                    [nameof(InboundRefusalMail.OrganisationName)] = organisationName,
                });
            mailer.Queue(bounceMail);
        }
        logger.LogInformation("Inbound mail {InboundMailId} refused: {Refusal}; bounced: {Bounced}", mail.Id, refusal, bounce);
        await FinishAsync(mail, InboundMailStatus.Refused, fileKey, cancellationToken);
    }

    private async Task FinishAsync(InboundMail mail, InboundMailStatus status, string? fileKey, CancellationToken cancellationToken)
    {
        mail.Status = status;
        mail.ProcessedAt = clock.GetUtcNow();
        mail.FileKey = null;
        await db.SaveChangesAsync(cancellationToken);
        if (fileKey is not null)
        {
            // After the commit: a crash before this line leaves an orphan file, never an unprocessed reply.
            await files.DeleteAsync(fileKey, CancellationToken.None);
        }
    }

    private async Task<MimeMessage?> LoadAsync(string fileKey, CancellationToken cancellationToken)
    {
        await using var stream = await files.OpenReadAsync(fileKey, cancellationToken);
        if (stream is null)
        {
            return null;
        }
        try
        {
            return await MimeMessage.LoadAsync(stream, cancellationToken);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
