using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Lrs.Forwarding;

/// <summary>
/// Forwarding to an external LRS (one row, id 1, once an L&amp;D admin has saved it). The key and the
/// secret are stored protected with ASP.NET Data Protection (keys in the database, shared by the
/// nodes), never in clear text. The state fields say how forwarding is going, for the admin page and
/// for the back-off every node respects.
/// </summary>
public sealed class LrsForwardingSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public bool Enabled { get; set; }
    /// <summary>The external LRS's base address, ending in "/": statements go to <c>{Endpoint}statements</c>.</summary>
    public string? Endpoint { get; set; }
    public string? ProtectedKey { get; set; }
    public string? ProtectedSecret { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>Failed attempts in a row; the back-off grows with it and a success resets it.</summary>
    public int ConsecutiveFailures { get; set; }
    /// <summary>No node tries again before this instant.</summary>
    public DateTimeOffset? PausedUntil { get; set; }
}

/// <summary>
/// A statement waiting to be sent to the external LRS, keyed by the statement id: added in the same
/// transaction that stores the statement, removed once the external LRS has accepted it. The external
/// POST is idempotent (the statement keeps its id), so sending a row twice does no harm.
/// </summary>
public sealed class LrsForwardItem
{
    public Guid StatementId { get; set; }
    /// <summary>The statement's stored time: rows go out in this order.</summary>
    public DateTimeOffset Stored { get; set; }
    public int Attempts { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>Set when the external LRS refused this statement on its own (400/409): kept, shown, not retried.</summary>
    public DateTimeOffset? RefusedAt { get; set; }
    public string? LastError { get; set; }
}

internal sealed class LrsForwardingSettingsConfiguration : IEntityTypeConfiguration<LrsForwardingSettings>
{
    public void Configure(EntityTypeBuilder<LrsForwardingSettings> builder)
    {
        builder.ToTable("lrs_forwarding");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Endpoint).HasMaxLength(500);
        builder.Property(s => s.LastError).HasMaxLength(2000);
    }
}

internal sealed class LrsForwardItemConfiguration : IEntityTypeConfiguration<LrsForwardItem>
{
    public void Configure(EntityTypeBuilder<LrsForwardItem> builder)
    {
        builder.ToTable("lrs_forward_queue");
        builder.HasKey(i => i.StatementId);
        builder.Property(i => i.ClaimedBy).HasMaxLength(100);
        builder.Property(i => i.LastError).HasMaxLength(2000);
        // The forwarder takes the oldest pending rows; refused rows stay out of its way.
        builder.HasIndex(i => new { i.Stored, i.StatementId }).HasFilter("refused_at IS NULL");
    }
}
