namespace Guild.Web.Platform.Mail;

/// <summary>Marker for the strings mail templates share (MailText.resx, MailText.nl.resx).</summary>
public sealed class MailText;
