using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>
/// The durable first step every channel shares: the raw message goes to the file store, then its row and its processing
/// job commit together, and only then does the channel acknowledge (SMTP's 250, IMAP's \Seen). A node killed before the
/// commit never acknowledged, so the sender (or the mailbox) still has the mail; killed after, the job runs on a node that lives.
/// </summary>
public sealed class InboundMailReceiver(GuildDb db, IFileStore files, JobQueue jobs, TimeProvider clock)
{
    public const string Folder = "inbound-mail";

    /// <summary>Stores a raw message; answers its id, or null when a message with the same dedupe key was already stored.</summary>
    public async Task<Guid?> ReceiveAsync(Stream raw, string channel, string? envelopeFrom, IReadOnlyCollection<string> envelopeTo,
        string? dedupeKey, CancellationToken cancellationToken)
    {
        if (dedupeKey is not null && await db.Set<InboundMail>().AnyAsync(mail => mail.DedupeKey == dedupeKey, cancellationToken))
        {
            return null;
        }
        var key = await files.SaveAsync(raw, Folder, "eml", cancellationToken);
        var info = await files.GetInfoAsync(key, cancellationToken);
        var mail = new InboundMail
        {
            Id = Guid.CreateVersion7(),
            ReceivedAt = clock.GetUtcNow(),
            Channel = channel,
            DedupeKey = dedupeKey,
            EnvelopeFrom = Cut(envelopeFrom, 320),
            EnvelopeTo = Cut(string.Join(",", envelopeTo), 2000),
            Size = info?.Length ?? 0,
            FileKey = key,
            Status = InboundMailStatus.Received,
        };
        db.Add(mail);
        jobs.Enqueue(InboundMailJob.JobKind, new InboundMailJob.Payload(mail.Id));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (dedupeKey is not null)
        {
            // Another node stored the same IMAP message between our check and our insert.
            await files.DeleteAsync(key, CancellationToken.None);
            db.ChangeTracker.Clear();
            return null;
        }
        return mail.Id;
    }

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
