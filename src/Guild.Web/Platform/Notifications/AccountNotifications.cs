using Guild.Web.Platform.Identity;

namespace Guild.Web.Platform.Notifications;

/// <summary>
/// Notifications about a person's own account that the foundation sends. Whoever changes roles
/// (the People feature's role administration, an import) calls <see cref="NotifyRoleGrantedAsync"/>
/// for each role a person gained, in the unit of work that grants it.
/// </summary>
public static class AccountNotifications
{
    /// <summary>"Eva Visser made you a Knowledge Champion" (or, from the system, "You are now …"): a role was granted to the recipient.</summary>
    public const string RoleGranted = "people.role-granted";

    internal static readonly NotificationKind RoleGrantedKind =
        new(RoleGranted, typeof(NotificationText), NotificationDelivery.Immediately, SubjectIsTextKey: true);

    /// <summary>
    /// Tells <paramref name="personId"/> they now hold <paramref name="role"/> (one of <see cref="Roles"/>),
    /// granted by <paramref name="grantedBy"/> (a display name, or null for the system). The entry
    /// links to their profile. Adds to the caller's unit of work; the caller saves.
    /// </summary>
    public static Task NotifyRoleGrantedAsync(this Notifier notifier, Guid personId, string role, string? grantedBy,
        CancellationToken cancellationToken)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"'{role}' is not one of Guild's roles.", nameof(role));
        }
        return notifier.NotifyAsync([personId],
            new NotificationEvent(RoleGranted, $"role:{role}", role, $"/people/{personId}", grantedBy), cancellationToken);
    }
}
