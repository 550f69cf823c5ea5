using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Guild.Web.Platform.Mail;

/// <summary>Hands a finished message to the outside world.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
    /// <summary>For the readiness check.</summary>
    Task CheckAsync(CancellationToken cancellationToken);

    /// <summary>Where mail goes, in English, for logs and the readiness check's description.</summary>
    string Describe();

    /// <summary>Where mail goes, for the system page to say in the reader's language.</summary>
    MailTarget Target { get; }
}

public enum MailTargetKind { PickupFolder, Smtp }

/// <summary>Where mail goes: a folder of .eml files, or an SMTP server (host:port).</summary>
public sealed record MailTarget(MailTargetKind Kind, string Address);

/// <summary>Development and tests: every message becomes an .eml file in a folder.</summary>
public sealed class PickupDirectoryTransport(string directory) : IMailTransport
{
    public string Directory { get; } = System.IO.Directory.CreateDirectory(directory).FullName;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        // Named by the Message-Id, which stays the same across retries of one mail job: a retry
        // after a crash replaces the file instead of delivering the message twice.
        var name = string.IsNullOrEmpty(message.MessageId)
            ? Guid.NewGuid().ToString("N")
            : string.Concat(message.MessageId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
        var path = Path.Combine(Directory, name + ".eml");
        var temporary = path + ".partial";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(Directory, $".probe-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(probe, "ok", cancellationToken);
        File.Delete(probe);
    }

    public string Describe() => $"pickup folder {Directory}";

    public MailTarget Target => new(MailTargetKind.PickupFolder, Directory);
}

/// <summary>Production: SMTP through MailKit.</summary>
public sealed class SmtpTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using var client = await ConnectAsync(cancellationToken);
        await client.NoOpAsync(cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public string Describe() => $"SMTP {options.Value.SmtpHost}:{options.Value.SmtpPort}";

    public MailTarget Target => new(MailTargetKind.Smtp, $"{options.Value.SmtpHost}:{options.Value.SmtpPort}");

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = new SmtpClient { Timeout = 15_000 };
        var security = settings.SmtpSecurity switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("Mail:SmtpHost is not set."), settings.SmtpPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUserName))
        {
            await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? "", cancellationToken);
        }
        return client;
    }
}
