using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Community.Digests;

/// <summary>How often a person hears about the community by mail. Weekly unless they chose otherwise.</summary>
public enum CommunityDigestFrequency { Weekly, Daily, Off }

/// <summary>
/// A person's community digest: how often, and when the last one went out. A person without a row gets the weekly digest;
/// the row appears when they choose, unsubscribe, or receive their first digest. <see cref="LastSentAt"/> commits with the
/// digest's mail, so a digest run that is retried after a crash never mails anyone twice.
/// </summary>
public sealed class CommunityDigestSubscription
{
    public Guid PersonId { get; set; }
    public CommunityDigestFrequency Frequency { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class CommunityDigestSubscriptionConfiguration : IEntityTypeConfiguration<CommunityDigestSubscription>
{
    public void Configure(EntityTypeBuilder<CommunityDigestSubscription> builder)
    {
        builder.ToTable("community_digest_subscriptions");
        builder.HasKey(s => s.PersonId);
        builder.Property(s => s.Frequency).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(s => s.Frequency);
    }
}
