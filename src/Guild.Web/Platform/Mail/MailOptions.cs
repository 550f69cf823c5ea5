namespace Guild.Web.Platform.Mail;

public enum SmtpSecurity { None, StartTls, SslOnConnect }

/// <summary>Configuration section <c>Mail</c>.</summary>
public sealed class MailOptions
{
    public string FromAddress { get; set; } = "guild@localhost";
    public string FromName { get; set; } = "Guild";
    /// <summary>When set, mail is written as .eml files into this folder instead of being sent (Development).</summary>
    public string? PickupDirectory { get; set; }
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;
    public string? SmtpUserName { get; set; }
    public string? SmtpPassword { get; set; }
    /// <summary>Absolute address of Guild for links in mail, such as https://guild.example.com.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5218";
}
