using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Audit;

/// <summary>
/// One line of the append-only audit log: who did what, when, to which object. Rows are never
/// updated or deleted; the database refuses it (triggers in the migrations).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    /// <summary>Dotted verb such as <c>people.imported</c> or <c>person.deactivated</c>.</summary>
    public required string Action { get; set; }
    public required string ObjectType { get; set; }
    public string? ObjectId { get; set; }
    public string? ObjectName { get; set; }
    /// <summary>JSON with what changed, for the reader of the log.</summary>
    public string? Details { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.Property(entry => entry.ActorName).HasMaxLength(200);
        builder.Property(entry => entry.Action).HasMaxLength(100);
        builder.Property(entry => entry.ObjectType).HasMaxLength(100);
        builder.Property(entry => entry.ObjectId).HasMaxLength(100);
        builder.Property(entry => entry.ObjectName).HasMaxLength(300);
        builder.HasIndex(entry => entry.At);
        builder.HasIndex(entry => new { entry.ObjectType, entry.ObjectId });
        builder.HasIndex(entry => entry.ActorId);
        // The admin audit page filters by action (newest first) and by actor name ("system", service tokens).
        builder.HasIndex(entry => new { entry.Action, entry.At });
        builder.HasIndex(entry => entry.ActorName);
    }
}
