using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Notifications;

/// <summary>
/// One entry of a person's notification centre. Events about the same subject and of the same kind
/// fold into one entry while it is unread ("Anna and 3 others thanked you for ..."), so the centre
/// shows what happened, not every like.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid RecipientId { get; set; }
    /// <summary>The kind's key, see <see cref="NotificationKind"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>What it is about, such as <c>ask:3f2a…</c>; events with the same kind and subject group.</summary>
    public required string SubjectKey { get; set; }
    public required string SubjectTitle { get; set; }
    /// <summary>Where the notification leads, a local path.</summary>
    public required string Link { get; set; }
    /// <summary>How many events this entry holds.</summary>
    public int Count { get; set; } = 1;
    /// <summary>The most recent actors' names, newest first, at most three.</summary>
    public List<string> RecentActors { get; set; } = [];
    public DateTimeOffset FirstAt { get; set; }
    public DateTimeOffset LatestAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>When this entry went out by email on its own (immediate delivery), or in a digest.</summary>
    public DateTimeOffset? EmailedAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Kind).HasMaxLength(100);
        builder.Property(n => n.SubjectKey).HasMaxLength(200);
        builder.Property(n => n.SubjectTitle).HasMaxLength(300);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.Property(n => n.RecentActors).HasConversion(
            names => string.Join('\u001f', names),
            stored => stored.Split('\u001f', StringSplitOptions.RemoveEmptyEntries).ToList(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                (a, b) => a!.SequenceEqual(b!), names => names.Aggregate(0, (hash, name) => HashCode.Combine(hash, name)), names => names.ToList()))
            .HasMaxLength(700);
        builder.HasIndex(n => new { n.RecipientId, n.ReadAt, n.LatestAt });
        builder.HasIndex(n => new { n.RecipientId, n.LatestAt });
        builder.HasIndex(n => new { n.RecipientId, n.Kind, n.SubjectKey });
        // What the digests still have to mail: small, because reading or mailing takes a row out.
        builder.HasIndex(n => new { n.RecipientId, n.Kind })
            .HasDatabaseName("ix_notification_pending_mail")
            .HasFilter("read_at IS NULL AND emailed_at IS NULL");
    }
}
