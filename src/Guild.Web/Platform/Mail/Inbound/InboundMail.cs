using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Mail.Inbound;

public enum InboundMailStatus
{
    /// <summary>Stored and acknowledged; the processing job has not finished it yet.</summary>
    Received,
    /// <summary>A handler took the reply.</summary>
    Delivered,
    /// <summary>Refused (<see cref="InboundMail.Refusal"/>); the sender was told why unless the mail was itself automatic.</summary>
    Refused,
    /// <summary>An automatic mail (out of office, delivery report): dropped without a bounce, so two robots never talk forever.</summary>
    Ignored,
}

/// <summary>Why a reply was refused: stored as the code, shown through <c>InboundMailText</c> as <c>Refusal.{code}</c>.</summary>
public static class InboundRefusals
{
    public const string NotAReplyAddress = "NotAReplyAddress";
    public const string BadSignature = "BadSignature";
    public const string NotThePerson = "NotThePerson";
    public const string UnknownPurpose = "UnknownPurpose";
    public const string Empty = "Empty";
    public const string TooMany = "TooMany";
    public const string Handler = "Handler";

    public static readonly IReadOnlyList<string> All = [NotAReplyAddress, BadSignature, NotThePerson, UnknownPurpose, Empty, TooMany, Handler];
}

/// <summary>
/// One received mail. The raw message is in the file store (<see cref="FileKey"/>) from before the sender hears "250 OK"
/// (or the IMAP message is marked seen) until it has been processed, so a node killed in between loses nothing: the
/// processing job, committed with this row, finds it after a restart.
/// </summary>
public sealed class InboundMail
{
    public Guid Id { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary><c>smtp</c> or <c>imap</c>.</summary>
    public required string Channel { get; set; }

    /// <summary>IMAP: folder, UIDVALIDITY and UID, so a message stored twice (killed before it was marked seen) is processed once.</summary>
    public string? DedupeKey { get; set; }

    /// <summary>The envelope sender (MAIL FROM); empty for bounces.</summary>
    public string? EnvelopeFrom { get; set; }

    /// <summary>The envelope recipients (RCPT TO), comma-separated.</summary>
    public string? EnvelopeTo { get; set; }

    /// <summary>The From address, normalised (lower case), once read: the per-sender rate limit counts by it.</summary>
    public string? FromAddress { get; set; }

    public long Size { get; set; }

    /// <summary>The raw message in the file store; null once processed (the text went to the handler, the bytes are deleted).</summary>
    public string? FileKey { get; set; }

    public InboundMailStatus Status { get; set; }

    /// <summary>A code of <see cref="InboundRefusals"/> when refused.</summary>
    public string? Refusal { get; set; }

    public string? Purpose { get; set; }

    public Guid? SubjectId { get; set; }

    public Guid? PersonId { get; set; }

    public string? MessageId { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}

internal sealed class InboundMailConfiguration : IEntityTypeConfiguration<InboundMail>
{
    public void Configure(EntityTypeBuilder<InboundMail> builder)
    {
        builder.ToTable("inbound_mails");
        builder.Property(mail => mail.Channel).HasMaxLength(8);
        builder.Property(mail => mail.DedupeKey).HasMaxLength(300);
        builder.HasIndex(mail => mail.DedupeKey).IsUnique();
        builder.Property(mail => mail.EnvelopeFrom).HasMaxLength(320);
        builder.Property(mail => mail.EnvelopeTo).HasMaxLength(2000);
        builder.Property(mail => mail.FromAddress).HasMaxLength(320);
        builder.Property(mail => mail.FileKey).HasMaxLength(300);
        builder.Property(mail => mail.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(mail => mail.Refusal).HasMaxLength(32);
        builder.Property(mail => mail.Purpose).HasMaxLength(16);
        builder.Property(mail => mail.MessageId).HasMaxLength(1000);
        // The rate limit's question: how many from this sender in the last hour?
        builder.HasIndex(mail => new { mail.FromAddress, mail.ReceivedAt });
    }
}
