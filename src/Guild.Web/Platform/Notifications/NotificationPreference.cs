using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Notifications;

/// <summary>
/// A person's choice of mail delivery for one kind of notification. No row means the kind's
/// <see cref="NotificationKind.DefaultDelivery"/>. In-app notifications are kept whatever the choice.
/// </summary>
public sealed class NotificationPreference
{
    public Guid PersonId { get; set; }
    /// <summary>A registered <see cref="NotificationKind"/> key.</summary>
    public required string Kind { get; set; }
    public NotificationDelivery Delivery { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("notification_preferences");
        builder.HasKey(p => new { p.PersonId, p.Kind });
        builder.Property(p => p.Kind).HasMaxLength(100);
        builder.Property(p => p.Delivery).HasConversion<string>().HasMaxLength(16);
        // The digests look up who chose a delivery for a kind.
        builder.HasIndex(p => new { p.Kind, p.Delivery });
    }
}
