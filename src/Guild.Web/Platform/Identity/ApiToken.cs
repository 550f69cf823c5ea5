using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Identity;

public enum ApiTokenKind { Personal, Service }

/// <summary>
/// A bearer token for an integration. Only a SHA-256 hash of the secret is stored: the secret has
/// 256 bits of randomness, so a fast hash is enough, and it is shown once when created.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public ApiTokenKind Kind { get; set; }
    /// <summary>Whose token it is (personal tokens act as this person).</summary>
    public Guid? OwnerId { get; set; }
    /// <summary>The role a service token acts with.</summary>
    public string? ServiceRole { get; set; }
    /// <summary>The first characters of the token, so people can tell their tokens apart.</summary>
    public required string Prefix { get; set; }
    public required byte[] Hash { get; set; }
    /// <summary>
    /// Who created it. A service token works only while this person is an active L&amp;D admin
    /// (<see cref="ApiTokenAuthentication"/>): a token never outlives the authority of the one who made it.
    /// </summary>
    public Guid CreatedById { get; set; }
    /// <summary>The creator's name when the token was made, for lists (null for tokens from before it was kept).</summary>
    public string? CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// Every token expires, at most the organisation's maximum after its creation (<c>ApiTokenMaxDays</c>); the
    /// TrustIdentity migration gave older tokens one. The column stays nullable (SQLite would rebuild the table to change
    /// that), and a row without an expiry is refused, never read as "valid for ever".
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? RevokedById { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt is { } expires && expires > now;
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(token => token.Name).HasMaxLength(100);
        builder.Property(token => token.Prefix).HasMaxLength(16);
        builder.Property(token => token.ServiceRole).HasMaxLength(32);
        builder.Property(token => token.CreatedByName).HasMaxLength(200);
        builder.Property(token => token.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(token => token.Hash).IsUnique();
        builder.HasIndex(token => token.OwnerId);
    }
}
