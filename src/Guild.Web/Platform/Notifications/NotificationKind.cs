namespace Guild.Web.Platform.Notifications;

/// <summary>How a person wants to hear about one kind of notification by mail (the notification centre always shows it).</summary>
public enum NotificationDelivery { Immediately, DailyDigest, WeeklyDigest, Off }

/// <summary>
/// A kind of notification a feature sends, registered with <see cref="NotificationKindExtensions.AddNotificationKind"/>.
/// The texts live in the feature's resources: <c>{Key}.Label</c> for the preferences page and
/// <c>{Key}.Text</c>, a format with {0} the actors ("Anna and 2 others"), {1} the subject title, {2} the count.
/// An event without actors (from the system or an import) uses <c>{Key}.TextAlone</c> when the kind has one.
/// </summary>
/// <param name="Key">Stable key such as <c>asks.answered</c>.</param>
/// <param name="TextResource">The feature's resource marker type that holds the texts.</param>
/// <param name="DefaultDelivery">Email delivery for people who did not choose.</param>
/// <param name="SubjectIsTextKey">
/// The event's subject title is not a name (an ask's title) but a word to translate, looked up as
/// <c>{Key}.{SubjectTitle}</c> in <paramref name="TextResource"/> when the notification is shown,
/// so each reader sees it in their own language ("people.role-granted.Champion").
/// </param>
public sealed record NotificationKind(string Key, Type TextResource, NotificationDelivery DefaultDelivery, bool SubjectIsTextKey = false);

public static class NotificationKindExtensions
{
    public static IServiceCollection AddNotificationKind(this IServiceCollection services, NotificationKind kind) =>
        services.AddSingleton(kind);
}
