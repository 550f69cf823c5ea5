namespace Guild.Web.Platform.Notifications;

public enum NotificationDelivery { Immediately, DailyDigest, WeeklyDigest, Off }

/// <summary>
/// A kind of notification a feature sends, registered with <see cref="NotificationKindExtensions.AddNotificationKind"/>.
/// The texts live in the feature's resources: <c>{Key}.Label</c> for the preferences page and
/// <c>{Key}.Text</c>, a format with {0} the actors ("Anna and 2 others"), {1} the subject title, {2} the count.
/// </summary>
/// <param name="Key">Stable key such as <c>asks.answered</c>.</param>
/// <param name="TextResource">The feature's resource marker type that holds the texts.</param>
/// <param name="DefaultDelivery">Email delivery for people who did not choose.</param>
public sealed record NotificationKind(string Key, Type TextResource, NotificationDelivery DefaultDelivery);

public static class NotificationKindExtensions
{
    public static IServiceCollection AddNotificationKind(this IServiceCollection services, NotificationKind kind) =>
        services.AddSingleton(kind);
}
