using Guild.Tests.Features.People;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Mail.Inbound;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Guild.Tests.Platform.Mail.Inbound;

internal static class InboundMailTestKit
{
    public static string SamplePath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "Platform", "Mail", "Inbound", "Samples", name + ".eml");

    /// <summary>A sample as its client wrote it, now from <paramref name="from"/> to <paramref name="to"/> with a fresh Message-Id.</summary>
    public static MimeMessage Sample(string name, string from, string to)
    {
        var message = MimeMessage.Load(SamplePath(name));
        message.From.Clear();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Clear();
        message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("client.test");
        return message;
    }

    public static string Expected(string name) =>
        File.ReadAllText(Path.ChangeExtension(SamplePath(name), null) + ".expected.txt").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    public static MimeMessage Plain(string from, string to, string text, string subject = "Re: A question for you")
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("client.test");
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    public static Task<string> ReplyAddressAsync(InboundMailApp app, string purpose, Guid subjectId, Guid personId) =>
        app.Services.GetRequiredService<ReplyAddresses>().CreateAsync(purpose, subjectId, personId);

    /// <summary>A real SMTP conversation with Guild's listener, as the organisation's relay would have it.</summary>
    public static async Task SendAsync(InboundMailApp app, MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", app.SmtpPort, SecureSocketOptions.None);
        try
        {
            await client.SendAsync(message);
        }
        finally
        {
            await client.DisconnectAsync(quit: true);
        }
    }

    public static Task<List<InboundMail>> MailsFromAsync(InboundMailApp app, string address)
    {
        var folded = address.ToLowerInvariant();
        return app.WithDbAsync(db => db.Set<InboundMail>().AsNoTracking()
            .Where(m => m.EnvelopeFrom == address || m.FromAddress == folded)
            .OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id).ToListAsync());
    }

    /// <summary>The bounces Guild sent to an address (after the processing and mail jobs ran).</summary>
    public static async Task<List<MimeMessage>> BouncesToAsync(InboundMailApp app, string address)
    {
        await app.RunDueJobsAsync();
        return await PeopleTestKit.MailToAsync(app, address);
    }

    public static IEnumerable<string> StoredInboundFiles(InboundMailApp app)
    {
        var folder = Path.Combine(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Storage:LocalRoot"]!,
            InboundMailReceiver.Folder);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];
    }
}
