using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Guild.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Lrs.Credentials;

/// <summary>
/// The server key that LRS client secrets are hashed with (HMAC-SHA-256), one row per key id; only the newest
/// is used for new hashes, older ones still verify (room for a rotation; Guild makes key 1 on first use).
/// The key is stored protected by ASP.NET Data Protection, so the table is useless without the key ring.
/// </summary>
public sealed class LrsSecretKey
{
    public int Id { get; set; }
    /// <summary>The 32 key bytes, protected with the purpose <see cref="LrsSecretKeys.ProtectionPurpose"/>, base64.</summary>
    public required string ProtectedKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class LrsSecretKeyConfiguration : IEntityTypeConfiguration<LrsSecretKey>
{
    public void Configure(EntityTypeBuilder<LrsSecretKey> builder)
    {
        builder.ToTable("lrs_secret_keys");
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.ProtectedKey).HasMaxLength(1000);
    }
}

/// <summary>
/// Where the HMAC key of client secrets comes from. Not from <c>lrs_clients</c> (a stolen table of hashes must
/// not carry its key), and not from configuration (one more secret for operators to generate, share between
/// nodes and keep): a random key in <c>lrs_secret_keys</c>, protected with the data-protection key ring that
/// already protects sign-in cookies and the forwarding credentials, purpose <c>Guild.Lrs.ClientSecrets.v1</c>.
/// Every node reads the same key ring, so every node verifies every secret. Once the key ring itself is
/// encrypted with a certificate or key from outside the database (docs/operations.md), a copy of the database
/// alone gives neither the secrets nor a way to test guesses against their hashes. Losing the key ring means
/// creating new LRS clients (their secrets can no longer be checked), as it means signing everyone in again.
/// </summary>
public sealed class LrsSecretKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    public const string ProtectionPurpose = "Guild.Lrs.ClientSecrets.v1";

    private readonly ConcurrentDictionary<int, byte[]> _keys = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (int Id, byte[] Key)? _current;

    private IDataProtector Protector => protection.CreateProtector(ProtectionPurpose);

    /// <summary>The key new hashes use: the newest, made (once, by whichever node comes first) when there is none.</summary>
    public async ValueTask<(int Id, byte[] Key)> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current)
        {
            return current;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } loaded)
            {
                return loaded;
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
            var row = await db.Set<LrsSecretKey>().AsNoTracking().OrderByDescending(k => k.Id).FirstOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                row = new LrsSecretKey
                {
                    Id = 1,
                    ProtectedKey = Convert.ToBase64String(Protector.Protect(RandomNumberGenerator.GetBytes(32))),
                    CreatedAt = clock.GetUtcNow(),
                };
                db.Add(row);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Another node made key 1 at the same moment: use theirs.
                    db.ChangeTracker.Clear();
                    row = await db.Set<LrsSecretKey>().AsNoTracking().OrderByDescending(k => k.Id).FirstAsync(cancellationToken);
                }
            }
            var key = Unprotect(row);
            _keys[row.Id] = key;
            _current = (row.Id, key);
            return (row.Id, key);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The key with this id (for verifying), or null when there is none.</summary>
    public async ValueTask<byte[]?> KeyAsync(int id, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(id, out var key))
        {
            return key;
        }
        await using var scope = scopes.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<GuildDb>().Set<LrsSecretKey>().AsNoTracking()
            .FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (row is null)
        {
            return null;
        }
        return _keys[id] = Unprotect(row);
    }

    public void Dispose() => _gate.Dispose();

    private byte[] Unprotect(LrsSecretKey row)
    {
        try
        {
            return Protector.Unprotect(Convert.FromBase64String(row.ProtectedKey));
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException(
                $"The LRS secret key {row.Id} (lrs_secret_keys) cannot be read with this node's data-protection key ring; " +
                "LRS client secrets cannot be checked until the key ring is restored, or new clients are created.", exception);
        }
    }
}

public enum SecretCheck
{
    Wrong,
    Valid,
    /// <summary>Right, but stored as an old PBKDF2 hash that should be replaced by a keyed hash now.</summary>
    ValidLegacy,
}

/// <summary>
/// Hashes and checks LRS client secrets: HMAC-SHA-256 under the server key (<see cref="LrsSecretKeys"/>),
/// stored as <c>hmac-sha256$keyId$base64</c>. Guild makes every secret itself from 24 random bytes
/// (192 bits), so a slow, salted hash adds nothing against guessing: what protects a stolen hash is the key
/// that is not beside it. A slow hash would instead let anyone make Guild spend 100,000 SHA-256 rounds per
/// request by sending wrong secrets; an HMAC costs about a microsecond. Hashes written before (PBKDF2,
/// <c>pbkdf2-sha256$…</c>) still verify, and are replaced by a keyed hash at their next successful check.
/// </summary>
public sealed class LrsSecretHasher(LrsSecretKeys keys)
{
    /// <summary>
    /// Secrets at least this long count as high-entropy: Guild's own are exactly this long (24 random bytes in
    /// base64url); a bootstrap secret from configuration must be too, and shorter old ones keep their PBKDF2 hash.
    /// </summary>
    public const int MinimumSecretLength = 32;

    private const string Scheme = "hmac-sha256";

    public async ValueTask<string> HashAsync(string secret, CancellationToken cancellationToken)
    {
        var (id, key) = await keys.CurrentAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${id}${Convert.ToBase64String(Mac(key, secret))}");
    }

    public async ValueTask<SecretCheck> VerifyAsync(string secret, string stored, CancellationToken cancellationToken)
    {
        if (stored.StartsWith(Scheme + "$", StringComparison.Ordinal))
        {
            var parts = stored.Split('$');
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || await keys.KeyAsync(id, cancellationToken) is not { } key)
            {
                return SecretCheck.Wrong;
            }
            Span<byte> expected = stackalloc byte[32];
            if (!Convert.TryFromBase64String(parts[2], expected, out var written) || written != 32)
            {
                return SecretCheck.Wrong;
            }
            return CryptographicOperations.FixedTimeEquals(Mac(key, secret), expected) ? SecretCheck.Valid : SecretCheck.Wrong;
        }
        if (!Pbkdf2SecretHash.Verify(secret, stored))
        {
            return SecretCheck.Wrong;
        }
        return secret.Length >= MinimumSecretLength ? SecretCheck.ValidLegacy : SecretCheck.Valid;
    }

    private static byte[] Mac(byte[] key, string secret) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(secret));
}

/// <summary>The hashes Guild wrote before keyed hashes (salted PBKDF2-SHA256, 100,000 rounds): verified, never written.</summary>
internal static class Pbkdf2SecretHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>A hash as the previous version wrote it; for tests of the upgrade.</summary>
    public static string Hash(string secret)
    {
        const int iterations = 100_000;
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > 1_000_000)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
