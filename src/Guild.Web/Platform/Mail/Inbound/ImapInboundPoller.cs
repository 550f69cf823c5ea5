using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>
/// Mode=Imap: polls a mailbox (MailKit) every <c>Mail:Inbound:Imap:PollInterval</c>: each unseen message is stored and its job
/// committed (<see cref="InboundMailReceiver"/>, deduplicated by folder, UIDVALIDITY and UID), and only then flagged \Seen (or moved to
/// <c>ProcessedFolder</c>). A node killed in between finds the message unseen next time, and the dedupe key keeps it from being
/// processed twice. Messages larger than <c>MaxMessageBytes</c> are flagged seen without being downloaded and logged.
/// Several nodes may poll the same mailbox: the dedupe key decides who stores a message.
/// </summary>
internal sealed class ImapInboundPoller(IOptions<InboundMailOptions> options, IServiceScopeFactory scopes, ILogger<ImapInboundPoller> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Imap;
        logger.LogInformation("Receiving replies by polling IMAP {Host}:{Port} folder {Folder} every {Interval}",
            settings.Host, settings.Port, settings.Folder, settings.PollInterval);
        using var timer = new PeriodicTimer(settings.PollInterval);
        do
        {
            try
            {
                var stored = await PollOnceAsync(stoppingToken);
                if (stored > 0)
                {
                    logger.LogInformation("Stored {Count} replies from IMAP", stored);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Polling IMAP {Host} failed; trying again at the next interval", settings.Host);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: stores every unseen message and marks it; answers how many were stored.</summary>
    internal async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var all = options.Value;
        var settings = all.Imap;
        using var client = new ImapClient { Timeout = 30_000 };
        var security = settings.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.SslOnConnect,
        };
        await client.ConnectAsync(settings.Host ?? throw new InvalidOperationException("Mail:Inbound:Imap:Host is not set."), settings.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }
        var folder = await client.GetFolderAsync(settings.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var processed = string.IsNullOrEmpty(settings.ProcessedFolder) ? null : await client.GetFolderAsync(settings.ProcessedFolder, cancellationToken);
        var unseen = await folder.SearchAsync(SearchQuery.NotSeen, cancellationToken);
        var stored = 0;
        if (unseen.Count > 0)
        {
            var summaries = await folder.FetchAsync(unseen, MessageSummaryItems.Size | MessageSummaryItems.UniqueId, cancellationToken);
            foreach (var summary in summaries)
            {
                var dedupeKey = $"imap:{settings.Folder}:{folder.UidValidity}:{summary.UniqueId.Id}";
                if (summary.Size is { } size && size > all.MaxMessageBytes)
                {
                    logger.LogWarning("IMAP message {Uid} is {Size} bytes, over Mail:Inbound:MaxMessageBytes; left unprocessed", summary.UniqueId, size);
                }
                else
                {
                    using var raw = new MemoryStream();
                    var message = await folder.GetMessageAsync(summary.UniqueId, cancellationToken);
                    await message.WriteToAsync(raw, cancellationToken);
                    raw.Position = 0;
                    await using var scope = scopes.CreateAsyncScope();
                    var receiver = scope.ServiceProvider.GetRequiredService<InboundMailReceiver>();
                    var envelopeTo = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address).ToList();
                    if (await receiver.ReceiveAsync(raw, "imap", message.Headers[MimeKit.HeaderId.ReturnPath], envelopeTo, dedupeKey, cancellationToken) is not null)
                    {
                        stored++;
                    }
                }
                // Only after the commit: a crash before this line leaves it unseen, and the dedupe key stops a second copy.
                if (processed is not null)
                {
                    await folder.MoveToAsync(summary.UniqueId, processed, cancellationToken);
                }
                else
                {
                    await folder.AddFlagsAsync(summary.UniqueId, MessageFlags.Seen, silent: true, cancellationToken);
                }
            }
        }
        await client.DisconnectAsync(quit: true, cancellationToken);
        return stored;
    }
}
