using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Lrs.Credentials;

[Flags]
public enum LrsScopes { Read = 1, Write = 2, ReadWrite = Read | Write }

/// <summary>
/// A tool allowed to use the LRS with HTTP Basic credentials (key and secret). The secret is kept
/// only as a keyed hash (<see cref="LrsSecretHasher"/>); it is shown once when the client is created.
/// Outside the authenticator, clients travel as <see cref="LrsClientView"/>, which has no hash.
/// </summary>
public sealed class LrsClient
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The Basic user name; unique; also names the default authority (lrs-client/KEY).</summary>
    public required string Key { get; set; }
    public required string SecretHash { get; set; }
    public LrsScopes Scopes { get; set; } = LrsScopes.ReadWrite;
    /// <summary>An Agent (JSON) every statement of this client is asserted by; none means the default account agent.</summary>
    public string? AuthorityJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Guid? RevokedById { get; set; }

    public bool IsActive => RevokedAt is null;
}

/// <summary>An LRS client as pages and services show it: everything but the secret's hash.</summary>
public sealed record LrsClientView(Guid Id, string Name, string Key, LrsScopes Scopes, string? AuthorityJson, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;

    public static LrsClientView From(LrsClient client) =>
        new(client.Id, client.Name, client.Key, client.Scopes, client.AuthorityJson, client.CreatedAt, client.RevokedAt);
}

internal sealed class LrsClientConfiguration : IEntityTypeConfiguration<LrsClient>
{
    public void Configure(EntityTypeBuilder<LrsClient> builder)
    {
        builder.ToTable("lrs_clients");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Key).HasMaxLength(100);
        builder.Property(c => c.SecretHash).HasMaxLength(200);
        builder.Property(c => c.Scopes).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(c => c.Key).IsUnique();
    }
}
