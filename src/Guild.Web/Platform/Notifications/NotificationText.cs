namespace Guild.Web.Platform.Notifications;

/// <summary>
/// Marker for the notification centre's own texts (NotificationText.resx, NotificationText.nl.resx):
/// the preferences, the mails, and the foundation's own notification kinds.
/// </summary>
public sealed class NotificationText;
