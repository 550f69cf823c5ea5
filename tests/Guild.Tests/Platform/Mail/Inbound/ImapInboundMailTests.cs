using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Mail.Inbound;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static Guild.Tests.Platform.Mail.Inbound.InboundMailTestKit;

namespace Guild.Tests.Platform.Mail.Inbound;

/// <summary>
/// Mode=Imap against a real IMAP server (hoodiecrow-imap): a reply in the mailbox is stored, moved out of the inbox and
/// reaches the handler through the same processing as SMTP; a second poll stores nothing again, and a message stored twice
/// (a node killed before it could move it) is processed once.
/// </summary>
public abstract class ImapInboundMailTests(ImapInboundMailApp app)
{
    [Fact]
    public async Task A_reply_in_the_polled_mailbox_reaches_the_handler_and_is_moved_out_of_the_inbox()
    {
        var champion = await app.CreatePersonAsync("Quinten", "Bosman");
        var subjectId = Guid.CreateVersion7();
        var address = await app.Services.GetRequiredService<ReplyAddresses>().CreateAsync(RecordingReplyHandler.Name, subjectId, champion.Id);
        Assert.StartsWith(ImapInboundMailApp.Prefix + "test.", address, StringComparison.Ordinal);
        Assert.EndsWith("@" + ImapInboundMailApp.Domain, address, StringComparison.Ordinal);
        await AppendAsync(Sample("apple-mail-mac-nl", champion.Email, address));

        await app.Services.GetRequiredService<ImapInboundPoller>().PollOnceAsync(CancellationToken.None);
        await app.RunDueJobsAsync();

        var reply = Assert.Single(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId));
        Assert.Equal(Expected("apple-mail-mac-nl"), reply.Text);
        Assert.Equal(champion.Id, reply.PersonId);
        var (inbox, processed) = await CountAsync();
        Assert.Equal(0, inbox);
        Assert.True(processed >= 1);

        // Polling again finds nothing new to store.
        await app.Services.GetRequiredService<ImapInboundPoller>().PollOnceAsync(CancellationToken.None);
        await app.RunDueJobsAsync();
        Assert.Single(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId));
        var rows = await app.WithDbAsync(db => db.Set<InboundMail>().AsNoTracking().Where(m => m.SubjectId == subjectId).ToListAsync());
        Assert.Equal("imap", Assert.Single(rows).Channel);
    }

    [Fact]
    public async Task A_message_stored_twice_under_its_IMAP_key_is_processed_once()
    {
        var champion = await app.CreatePersonAsync("Rosa", "Willems");
        var subjectId = Guid.CreateVersion7();
        var address = await app.Services.GetRequiredService<ReplyAddresses>().CreateAsync(RecordingReplyHandler.Name, subjectId, champion.Id);
        var message = Plain(champion.Email, address, "Stored twice, answered once.");
        var key = $"imap:INBOX:1:{Guid.NewGuid():N}";

        Guid? first, second;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            first = await ReceiveAsync(scope.ServiceProvider.GetRequiredService<InboundMailReceiver>(), message, address, key);
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            second = await ReceiveAsync(scope.ServiceProvider.GetRequiredService<InboundMailReceiver>(), message, address, key);
        }
        await app.RunDueJobsAsync();

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("Stored twice, answered once.", Assert.Single(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId)).Text);
    }

    private static async Task<Guid?> ReceiveAsync(InboundMailReceiver receiver, MimeMessage message, string address, string key)
    {
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw);
        raw.Position = 0;
        return await receiver.ReceiveAsync(raw, "imap", message.From.Mailboxes.First().Address, [address], key, CancellationToken.None);
    }

    private async Task AppendAsync(MimeMessage message)
    {
        using var client = await ConnectAsync();
        await client.Inbox.AppendAsync(message, MessageFlags.None);
        await client.DisconnectAsync(quit: true);
    }

    private async Task<(int Inbox, int Processed)> CountAsync()
    {
        using var client = await ConnectAsync();
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var inbox = (await client.Inbox.SearchAsync(SearchQuery.All)).Count;
        var processedFolder = await client.GetFolderAsync("Processed");
        await processedFolder.OpenAsync(FolderAccess.ReadOnly);
        var processed = (await processedFolder.SearchAsync(SearchQuery.All)).Count;
        await client.DisconnectAsync(quit: true);
        return (inbox, processed);
    }

    private async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", app.Imap.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(ImapTestServer.UserName, ImapTestServer.Password);
        return client;
    }
}

[Collection(SqliteImapInboundMailCollection.Name)]
public sealed class ImapInboundMailTestsOnSqlite(SqliteImapInboundMailApp app) : ImapInboundMailTests(app);

[Collection(PostgresImapInboundMailCollection.Name)]
public sealed class ImapInboundMailTestsOnPostgres(PostgresImapInboundMailApp app) : ImapInboundMailTests(app);
