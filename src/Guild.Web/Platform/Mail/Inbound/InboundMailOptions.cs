namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>How Guild receives replies to its mail: not at all, as an SMTP server behind the relay, or by polling a mailbox.</summary>
public enum InboundMailMode { Off, Smtp, Imap }

/// <summary>Configuration section <c>Mail:Inbound</c> (docs/operations.md, "Replies by mail").</summary>
public sealed class InboundMailOptions
{
    public const string Section = "Mail:Inbound";

    public InboundMailMode Mode { get; set; } = InboundMailMode.Off;

    /// <summary>
    /// The domain of reply addresses (<c>reply.guild.example.com</c>): the relay sends this domain to Guild's listener,
    /// or, for IMAP, the domain of the mailbox Guild polls.
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>
    /// What every reply address starts with: <c>reply+</c> by default. For a mailbox with sub-addressing polled by IMAP, its own
    /// name and separator (<c>guild-replies+</c>), so every reply lands in that one mailbox.
    /// </summary>
    public string LocalPrefix { get; set; } = "reply+";

    /// <summary>The SMTP listener's port (Mode=Smtp). 2525 by default: the relay forwards to it, so it needs no root.</summary>
    public int SmtpPort { get; set; } = 2525;

    /// <summary>The address the listener binds (Mode=Smtp); all interfaces by default.</summary>
    public string SmtpListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The largest message taken (10 MB by default); a larger one is refused with 552 before it is stored.</summary>
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Replies taken from one sender address per hour; more are refused (one bounce says so).</summary>
    public int RepliesPerSenderPerHour { get; set; } = 30;

    public ImapInboundOptions Imap { get; set; } = new();
}

/// <summary><c>Mail:Inbound:Imap</c>: the mailbox Guild polls when Mode=Imap.</summary>
public sealed class ImapInboundOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 993;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.SslOnConnect;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>Where replies arrive.</summary>
    public string Folder { get; set; } = "INBOX";
    /// <summary>Where a stored message is moved; empty: it stays, flagged as seen.</summary>
    public string? ProcessedFolder { get; set; }
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);
}
