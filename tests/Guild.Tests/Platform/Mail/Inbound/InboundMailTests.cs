using System.Net.Sockets;
using System.Text;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail.Inbound;
using Guild.Web.Platform.Storage;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static Guild.Tests.Platform.Mail.Inbound.InboundMailTestKit;

namespace Guild.Tests.Platform.Mail.Inbound;

/// <summary>
/// Answering by replying to Guild's mail, over a real SMTP conversation (MailKit as the relay): a signed reply from its
/// person reaches the purpose's handler as plain new text; a forged, tampered, unsigned or someone else's reply is refused
/// with a bounce that says why and an audit entry; automatic mail is never bounced; a 50 MB reply is refused at the SMTP
/// level with nothing stored; and a stored reply survives its node (the job processes it later, once).
/// </summary>
public abstract class InboundMailTests(InboundMailApp app)
{
    [Fact]
    public async Task A_signed_reply_over_SMTP_reaches_the_handler_as_its_author_without_quotes()
    {
        var champion = await app.CreatePersonAsync("Daan", "Bakker");
        var subjectId = Guid.CreateVersion7();
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, subjectId, champion.Id);
        var message = Sample("outlook-en", champion.Email, address);

        await SendAsync(app, message);

        // Acknowledged means stored: the row, its raw bytes and its job exist before anything is processed.
        var stored = Assert.Single(await MailsFromAsync(app, champion.Email));
        Assert.Equal(InboundMailStatus.Received, stored.Status);
        Assert.NotNull(await app.Services.GetRequiredService<IFileStore>().GetInfoAsync(stored.FileKey!, CancellationToken.None));
        Assert.Empty(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId));

        await app.RunDueJobsAsync();

        var reply = Assert.Single(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId));
        Assert.Equal(champion.Id, reply.PersonId);
        Assert.Equal(Expected("outlook-en"), reply.Text);
        Assert.Equal(message.Subject, reply.OriginalSubject);
        Assert.Equal(message.MessageId, reply.MessageId);
        Assert.Equal("en", reply.Language);
        var done = Assert.Single(await MailsFromAsync(app, champion.Email));
        Assert.Equal(InboundMailStatus.Delivered, done.Status);
        Assert.Equal(champion.Id, done.PersonId);
        Assert.Null(done.FileKey);
        Assert.Null(await app.Services.GetRequiredService<IFileStore>().GetInfoAsync(stored.FileKey!, CancellationToken.None));
        Assert.Empty(await BouncesToAsync(app, champion.Email));
    }

    [Fact]
    public async Task The_reply_address_fits_SMTP_and_survives_a_relay_that_changes_its_case()
    {
        var champion = await app.CreatePersonAsync("Eva", "Visser");
        var subjectId = Guid.CreateVersion7();
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, subjectId, champion.Id);
        Assert.True(app.Services.GetRequiredService<ReplyAddresses>().Enabled);
        Assert.True(address.IndexOf('@', StringComparison.Ordinal) <= 64, address);
        Assert.StartsWith("reply+test.", address, StringComparison.Ordinal);

        // Sender's address in other case too: Guild compares addresses case-insensitively.
        await SendAsync(app, Plain(champion.Email.ToUpperInvariant(), address.ToUpperInvariant(), "Shouted, but fine.\n\n> quoted"));
        await app.RunDueJobsAsync();

        var reply = Assert.Single(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId));
        Assert.Equal("Shouted, but fine.", reply.Text);
        Assert.Equal(champion.Id, reply.PersonId);
    }

    [Fact]
    public async Task A_forged_signature_is_refused_with_a_bounce_that_says_why_and_an_audit_entry()
    {
        var champion = await app.CreatePersonAsync("Fenna", "Smit");
        var subjectId = Guid.CreateVersion7();
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, subjectId, champion.Id);
        var at = address.IndexOf('@', StringComparison.Ordinal);
        var forged = address[..(at - 1)] + (address[at - 1] == 'a' ? 'b' : 'a') + address[at..];

        await SendAsync(app, Plain(champion.Email, forged, "I answer anyway."));

        var bounce = Assert.Single(await BouncesToAsync(app, champion.Email));
        Assert.Equal("Not posted: Re: A question for you", bounce.Subject);
        Assert.Contains("its signature does not match", bounce.TextBody, StringComparison.Ordinal);
        Assert.Empty(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId));
        var refused = Assert.Single(await MailsFromAsync(app, champion.Email));
        Assert.Equal((InboundMailStatus.Refused, InboundRefusals.BadSignature), (refused.Status, refused.Refusal));
        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.ObjectId == refused.Id.ToString()));
        Assert.Equal(AuditActions.InboundReplyRefused, audit.Action);
        Assert.Contains(InboundRefusals.BadSignature, audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_address_with_another_subject_id_put_in_is_refused()
    {
        var champion = await app.CreatePersonAsync("Gijs", "Mulder");
        var mine = await ReplyAddressAsync(app, RecordingReplyHandler.Name, Guid.CreateVersion7(), champion.Id);
        var othersSubject = Guid.CreateVersion7();
        var other = await ReplyAddressAsync(app, RecordingReplyHandler.Name, othersSubject, champion.Id);
        // The subject's characters of another address with this address's signature: both halves are Guild's, the pair is not.
        var prefix = "reply+test.".Length;
        var tampered = other[..(prefix + 26)] + mine[(prefix + 26)..];
        Assert.NotEqual(mine, tampered);

        await SendAsync(app, Plain(champion.Email, tampered, "Answering the other one."));
        await app.RunDueJobsAsync();

        Assert.Empty(app.Services.GetRequiredService<ReceivedReplies>().About(othersSubject));
        Assert.Equal(InboundRefusals.BadSignature, Assert.Single(await MailsFromAsync(app, champion.Email)).Refusal);
        Assert.Single(await BouncesToAsync(app, champion.Email));
    }

    [Fact]
    public async Task A_reply_from_someone_other_than_the_person_is_refused_with_a_bounce_in_their_language()
    {
        var champion = await app.CreatePersonAsync("Hanna", "de Boer");
        var colleague = await app.CreatePersonAsync("Ivo", "Jansen");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == colleague.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PreferredLanguage, "nl")));
        var subjectId = Guid.CreateVersion7();
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, subjectId, champion.Id);

        // A forwarded notification answered by a colleague, and the same address used from outside Guild.
        await SendAsync(app, Plain(colleague.Email, address, "Ik weet het ook!", "Re: Nieuwe vraag"));
        var stranger = $"stranger.{Guid.NewGuid():N}@elsewhere.example";
        await SendAsync(app, Plain(stranger, address, "Buy cheap watches"));

        var toColleague = Assert.Single(await BouncesToAsync(app, colleague.Email));
        Assert.Equal("Niet geplaatst: Re: Nieuwe vraag", toColleague.Subject);
        Assert.Contains("Dit antwoordadres is voor iemand anders gemaakt", toColleague.TextBody, StringComparison.Ordinal);
        var toStranger = Assert.Single(await BouncesToAsync(app, stranger));
        Assert.Contains("This reply address was made for someone else", toStranger.TextBody, StringComparison.Ordinal);
        Assert.Empty(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId));
        Assert.Equal(InboundRefusals.NotThePerson, Assert.Single(await MailsFromAsync(app, colleague.Email)).Refusal);
    }

    [Fact]
    public async Task An_unsigned_address_in_the_reply_domain_is_refused_and_other_domains_are_not_taken_at_all()
    {
        var person = await app.CreatePersonAsync("Jip", "Bos");

        await SendAsync(app, Plain(person.Email, $"support@{InboundMailApp.Domain}", "Can you help?"));
        var bounce = Assert.Single(await BouncesToAsync(app, person.Email));
        Assert.Contains("is not a Guild reply address", bounce.TextBody, StringComparison.Ordinal);

        // Guild is no relay: a recipient outside its reply domain is refused during the conversation.
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            SendAsync(app, Plain(person.Email, "someone@example.com", "Relay this")));
        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        Assert.Single(await MailsFromAsync(app, person.Email));
    }

    [Fact]
    public async Task A_reply_with_nothing_but_quotes_is_refused_and_a_handler_can_refuse_in_the_persons_language()
    {
        var champion = await app.CreatePersonAsync("Kim", "Dekker");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == champion.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PreferredLanguage, "nl")));
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, Guid.CreateVersion7(), champion.Id);
        var closed = await ReplyAddressAsync(app, RefusingReplyHandler.Name, Guid.CreateVersion7(), champion.Id);

        await SendAsync(app, Plain(champion.Email, address, "> Only the question\n> quoted back\n\nVerzonden vanaf mijn iPhone", "Leeg"));
        await SendAsync(app, Plain(champion.Email, closed, "Mijn antwoord", "Te laat"));

        var bounces = await BouncesToAsync(app, champion.Email);
        Assert.Equal(2, bounces.Count);
        Assert.Contains(bounces, b => b.Subject == "Niet geplaatst: Leeg" && (b.TextBody ?? "").Contains("geen eigen tekst meer", StringComparison.Ordinal));
        Assert.Contains(bounces, b => b.Subject == "Niet geplaatst: Te laat" && (b.TextBody ?? "").Contains("Deze vraag is gisteren gesloten.", StringComparison.Ordinal));
        Assert.Equal([InboundRefusals.Empty, InboundRefusals.Handler],
            (await MailsFromAsync(app, champion.Email)).Select(m => m.Refusal!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Auto_replies_and_delivery_reports_are_dropped_without_a_bounce()
    {
        var champion = await app.CreatePersonAsync("Lotte", "Peters");
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, Guid.CreateVersion7(), champion.Id);
        var outOfOffice = Plain(champion.Email, address, "I am out of the office until Monday.", "Automatic reply: A question for you");
        outOfOffice.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        var unsigned = Plain(champion.Email, $"nobody@{InboundMailApp.Domain}", "Vacation", "Afwezig");
        unsigned.Headers.Add("X-Autoreply", "yes");

        await SendAsync(app, outOfOffice);
        await SendAsync(app, unsigned);

        Assert.Empty(await BouncesToAsync(app, champion.Email));
        Assert.All(await MailsFromAsync(app, champion.Email), m => Assert.Equal(InboundMailStatus.Ignored, m.Status));
        Assert.Equal(2, (await MailsFromAsync(app, champion.Email)).Count);
    }

    [Fact]
    public async Task A_50_MB_reply_is_refused_with_552_and_nothing_is_stored()
    {
        var champion = await app.CreatePersonAsync("Mees", "Vos");
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, Guid.CreateVersion7(), champion.Id);
        var huge = Plain(champion.Email, address, "See the attached recording.");
        var body = new Multipart("mixed") { new TextPart("plain") { Text = "See the attached recording." } };
        var video = new byte[50 * 1024 * 1024];
        Random.Shared.NextBytes(video);
        body.Add(new MimePart("video", "mp4") { Content = new MimeContent(new MemoryStream(video)), FileName = "recording.mp4", ContentTransferEncoding = ContentEncoding.Base64 });
        huge.Body = body;
        var filesBefore = StoredInboundFiles(app).Count();

        // MailKit announces the size (SIZE=) and is refused before it sends a byte of it.
        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(app, huge));
        Assert.Equal(552, (int)refused.StatusCode);

        // A client that does not announce it is cut off during DATA once it passes the limit.
        var reply = await SendWithoutSizeAsync(champion.Email, address, 11 * 1024 * 1024);
        Assert.StartsWith("552", reply, StringComparison.Ordinal);

        Assert.Empty(await MailsFromAsync(app, champion.Email));
        Assert.Equal(filesBefore, StoredInboundFiles(app).Count());
    }

    [Fact]
    public async Task Too_many_replies_from_one_sender_are_refused_with_one_bounce()
    {
        var champion = await app.CreatePersonAsync("Noor", "Hendriks");
        var subjectId = Guid.CreateVersion7();
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, subjectId, champion.Id);

        for (var i = 0; i < InboundMailApp.RepliesPerHour + 3; i++)
        {
            await SendAsync(app, Plain(champion.Email, address, $"Answer number {i}"));
            await app.RunDueJobsAsync();
        }

        Assert.Equal(InboundMailApp.RepliesPerHour, app.Services.GetRequiredService<ReceivedReplies>().About(subjectId).Count);
        var bounce = Assert.Single(await BouncesToAsync(app, champion.Email));
        Assert.Contains("too many mails from your address", bounce.TextBody, StringComparison.Ordinal);
        Assert.Equal(3, (await MailsFromAsync(app, champion.Email)).Count(m => m.Refusal == InboundRefusals.TooMany));

        // An hour later the sender is welcome again.
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await SendAsync(app, Plain(champion.Email, address, "Back again"));
        await app.RunDueJobsAsync();
        Assert.Equal(InboundMailApp.RepliesPerHour + 1, app.Services.GetRequiredService<ReceivedReplies>().About(subjectId).Count);
    }

    [Fact]
    public async Task A_stored_reply_is_processed_after_a_restart_and_only_once()
    {
        var champion = await app.CreatePersonAsync("Olaf", "Kramer");
        var subjectId = Guid.CreateVersion7();
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, subjectId, champion.Id);
        var message = Sample("gmail-nl", champion.Email, address);
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw);
        raw.Position = 0;

        // What the listener does before it answers 250; then the node dies, so nothing ran.
        Guid? id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<InboundMailReceiver>()
                .ReceiveAsync(raw, "smtp", champion.Email, [address], null, CancellationToken.None);
        }
        Assert.NotNull(id);
        // A second job for the same mail, as a retry of a job whose node died after the commit would be.
        await app.WithDbAsync(async db =>
        {
            db.Add(new BackgroundJob
            {
                Id = Guid.CreateVersion7(), Kind = "mail.inbound", Payload = $"{{\"inboundMailId\":\"{id}\"}}", Status = JobStatus.Queued,
                CreatedAt = app.Clock.GetUtcNow(), RunAfter = app.Clock.GetUtcNow(), MaxAttempts = 8,
            });
            await db.SaveChangesAsync();
        });

        // Any node's workers find the job in the database.
        await app.RunDueJobsAsync();

        var reply = Assert.Single(app.Services.GetRequiredService<ReceivedReplies>().About(subjectId));
        Assert.Equal(Expected("gmail-nl"), reply.Text);
        Assert.Equal(InboundMailStatus.Delivered, Assert.Single(await MailsFromAsync(app, champion.Email)).Status);
    }

    [Fact]
    public async Task Outgoing_mail_carries_the_reply_address_as_Reply_To()
    {
        var champion = await app.CreatePersonAsync("Pien", "Meijer");
        var address = await ReplyAddressAsync(app, RecordingReplyHandler.Name, Guid.CreateVersion7(), champion.Id);
        await app.WithDbAsync(async db =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var jobs = new JobQueue(db, app.Clock, app.Services.GetRequiredService<JobSignal>());
            new Guild.Web.Platform.Mail.Mailer(jobs).Queue(
                new Guild.Web.Platform.Mail.OutgoingMail(champion.Email, champion.Name, "A question for you", "<p>Hi</p>", "Hi\n", ReplyTo: address));
            await db.SaveChangesAsync();
        });

        var sent = Assert.Single(await BouncesToAsync(app, champion.Email));
        Assert.Equal(address, Assert.Single(sent.ReplyTo.Mailboxes).Address);
    }

    /// <summary>An SMTP client that sends a large message without announcing its size (as some relays do), answering the final reply.</summary>
    private async Task<string> SendWithoutSizeAsync(string from, string to, int bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", app.SmtpPort);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task<string> ReadReplyAsync()
        {
            string line;
            do
            {
                line = await reader.ReadLineAsync() ?? "";
            }
            while (line.Length > 3 && line[3] == '-');
            return line;
        }
        async Task<string> CommandAsync(string command)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            return await ReadReplyAsync();
        }
        await ReadReplyAsync();
        await CommandAsync("EHLO relay.test");
        await CommandAsync($"MAIL FROM:<{from}>");
        await CommandAsync($"RCPT TO:<{to}>");
        Assert.StartsWith("354", await CommandAsync("DATA"), StringComparison.Ordinal);
        var line = Encoding.ASCII.GetBytes(new string('x', 998) + "\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"From: {from}\r\nTo: {to}\r\nSubject: big\r\n\r\n"));
        try
        {
            for (var sent = 0; sent < bytes; sent += line.Length)
            {
                await stream.WriteAsync(line);
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes("\r\n.\r\n"));
        }
        catch (IOException)
        {
            // The server may close the connection while we are still sending: its reply is what counts.
        }
        return await ReadReplyAsync();
    }
}

[Collection(SqliteInboundMailCollection.Name)]
public sealed class InboundMailTestsOnSqlite(SqliteInboundMailApp app) : InboundMailTests(app);

[Collection(PostgresInboundMailCollection.Name)]
public sealed class InboundMailTestsOnPostgres(PostgresInboundMailApp app) : InboundMailTests(app);
