using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail.Inbound;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Guild.Web.Platform.Mail;

/// <summary>A message ready to send: both an HTML and a plain-text body.</summary>
/// <param name="ReplyTo">
/// Where replies go instead of Guild's From address: a signed reply address (<c>Inbound.ReplyAddresses.CreateAsync</c>), so a reply
/// by mail reaches the feature that sent it: <c>mail with { ReplyTo = await replyAddresses.CreateAsync("ask", askId, personId) }</c>.
/// </param>
/// <param name="ListUnsubscribe">An https address that unsubscribes the reader with one POST (RFC 8058): sent as <c>List-Unsubscribe</c>
/// with <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c>, so mail clients offer an unsubscribe button that works.</param>
/// <param name="Calendar">An iCalendar invitation (METHOD:REQUEST or CANCEL) sent as a third alternative beside text and HTML, which is
/// where calendar clients look for it.</param>
public sealed record OutgoingMail(string ToAddress, string? ToName, string Subject, string HtmlBody, string TextBody, string? ReplyTo = null,
    MailCalendarPart? Calendar = null, string? ListUnsubscribe = null);

/// <summary>An iCalendar object for a mail: its METHOD (repeated in the MIME part's <c>method=</c> parameter, as RFC 6047 asks) and its text.</summary>
public sealed record MailCalendarPart(string Method, string Content);

/// <summary>
/// Sends mail through the durable job queue, so a slow or absent mail server never blocks a page
/// and a message survives a restart. <see cref="Queue"/> joins the caller's unit of work.
/// </summary>
public sealed class Mailer(JobQueue jobs)
{
    public BackgroundJob Queue(OutgoingMail mail) => jobs.Enqueue(SendMailJob.JobKind, mail, maxAttempts: 10);
}

internal sealed class SendMailJob(IMailTransport transport, IOptions<MailOptions> options) : IJobHandler
{
    public const string JobKind = "mail.send";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var mail = job.PayloadAs<OutgoingMail>();
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.Value.FromName, options.Value.FromAddress));
        message.To.Add(new MailboxAddress(mail.ToName ?? "", mail.ToAddress));
        if (!string.IsNullOrEmpty(mail.ReplyTo))
        {
            message.ReplyTo.Add(MailboxAddress.Parse(mail.ReplyTo));
        }
        message.Subject = mail.Subject;
        if (!string.IsNullOrEmpty(mail.ListUnsubscribe))
        {
            message.Headers.Add("List-Unsubscribe", $"<{mail.ListUnsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        // The job id makes the Message-Id stable across retries, so receivers can drop duplicates.
        message.MessageId = $"{job.Id:N}@guild";
        message.Body = mail.Calendar is { } calendar ? WithCalendar(mail, calendar) : new BodyBuilder { HtmlBody = mail.HtmlBody, TextBody = mail.TextBody }.ToMessageBody();
        await transport.SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// multipart/alternative of text, HTML and <c>text/calendar; method=…; charset=utf-8</c> (base64, so the CRLF line ends and folded
    /// lines reach the client exactly).
    /// </summary>
    private static MultipartAlternative WithCalendar(OutgoingMail mail, MailCalendarPart calendar)
    {
        var part = new TextPart("calendar") { ContentTransferEncoding = ContentEncoding.Base64 };
        part.SetText("utf-8", calendar.Content);
        part.ContentType.Parameters.Add("method", calendar.Method);
        return new MultipartAlternative
        {
            new TextPart("plain") { Text = mail.TextBody },
            new TextPart("html") { Text = mail.HtmlBody },
            part,
        };
    }
}

public static class GuildMail
{
    public static IHostApplicationBuilder AddGuildMail(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Mail");
        builder.Services.Configure<MailOptions>(section);
        var options = section.Get<MailOptions>() ?? new MailOptions();
        if (!string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            var folder = Path.IsPathRooted(options.PickupDirectory)
                ? options.PickupDirectory
                : Path.Combine(builder.Environment.ContentRootPath, options.PickupDirectory);
            builder.Services.AddSingleton<IMailTransport>(new PickupDirectoryTransport(folder));
        }
        else
        {
            builder.Services.AddSingleton<IMailTransport, SmtpTransport>();
        }
        builder.Services.AddScoped<Mailer>();
        builder.Services.AddScoped<MailTemplates>();
        builder.Services.AddScoped<IJobHandler, SendMailJob>();
        builder.Services.AddJobKind(new JobKind(SendMailJob.JobKind, typeof(MailText), Queue: JobQueues.Mail));
        builder.AddGuildInboundMail();
        return builder;
    }
}
