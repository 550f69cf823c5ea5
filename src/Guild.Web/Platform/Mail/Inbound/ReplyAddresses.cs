using System.Security.Cryptography;
using System.Text;
using Guild.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>
/// What a verified reply address names: the purpose (which handler), the subject (an ask's id) and the last five bytes of
/// the person's id it was made for; <see cref="IsFor"/> checks a sender against them.
/// </summary>
public sealed record ReplyAddressClaim(string Purpose, Guid SubjectId, byte[] PersonTail)
{
    public bool IsFor(Guid personId) => CryptographicOperations.FixedTimeEquals(ReplyAddresses.TailOf(personId), PersonTail);
}

public enum ReplyAddressCheck
{
    /// <summary>Signed by Guild and unchanged.</summary>
    Valid,
    /// <summary>Not in Guild's reply form at all (no prefix, wrong domain, not our encoding): not something Guild signed.</summary>
    NotAReplyAddress,
    /// <summary>In Guild's form, but the signature does not match: altered or made up.</summary>
    BadSignature,
}

/// <summary>
/// Signed reply addresses, so a mail reply can be matched to what it answers without trusting anything else in it:
/// <c>reply+ask.&lt;base32&gt;@reply.guild.example.com</c>, where the base32 (lower case, so relays that fold case change
/// nothing) packs the subject's id (16 bytes), the last 5 bytes of the recipient's id (random in both v4 and v7 ids) and
/// 10 bytes of HMAC-SHA256 over the purpose and both: 50 characters, which keeps the local part within SMTP's 64 with a
/// purpose of up to 7 characters after the default prefix. The person's full id would not fit; the sender's From, matched to
/// an account, gives it, and the five bytes tell "someone else replied" apart from "made up". The HMAC key is 32 random bytes made once per deployment,
/// kept in <c>mail_reply_keys</c> protected by the data-protection key ring (like other stored secrets), so every node
/// signs and checks alike and a database dump alone does not let anyone forge addresses.
/// </summary>
public sealed class ReplyAddresses(IServiceScopeFactory scopes, IDataProtectionProvider protection, IOptions<InboundMailOptions> options, TimeProvider clock) : IDisposable
{
    private const int SubjectBytes = 16;
    private const int TailBytes = 5;
    private const int MacBytes = 10;
    private const int PayloadBytes = SubjectBytes + TailBytes + MacBytes;
    private const int MaxLocalPart = 64;
    private readonly IDataProtector _protector = protection.CreateProtector("Guild.Mail.Inbound.ReplyKey.v1");
    private readonly SemaphoreSlim _loading = new(1, 1);
    private byte[]? _key;

    /// <summary>
    /// Whether this deployment receives replies (<c>Mail:Inbound:Mode</c> is not Off and a domain is set): only then is a reply
    /// address worth putting in a mail; otherwise leave <c>Reply-To</c> out and people answer in Guild.
    /// </summary>
    public bool Enabled => options.Value.Mode != InboundMailMode.Off && !string.IsNullOrWhiteSpace(options.Value.Domain);

    /// <summary>The address to put in <c>Reply-To</c> of a mail about <paramref name="subjectId"/> to <paramref name="personId"/>.</summary>
    public async Task<string> CreateAsync(string purpose, Guid subjectId, Guid personId, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Domain))
        {
            throw new InvalidOperationException("Mail:Inbound:Domain is not set: Guild has no address to receive replies at.");
        }
        if (!IsPurpose(purpose))
        {
            throw new ArgumentException("A reply purpose is 1 to 10 lower-case letters or digits.", nameof(purpose));
        }
        var key = await KeyAsync(cancellationToken);
        var payload = new byte[PayloadBytes];
        subjectId.TryWriteBytes(payload.AsSpan(0, SubjectBytes));
        TailOf(personId).CopyTo(payload.AsSpan(SubjectBytes, TailBytes));
        Mac(key, purpose, payload.AsSpan(0, SubjectBytes + TailBytes)).CopyTo(payload.AsSpan(SubjectBytes + TailBytes));
        var local = settings.LocalPrefix + purpose + "." + Base32.Encode(payload);
        if (local.Length > MaxLocalPart)
        {
            throw new InvalidOperationException($"The reply address's local part would be {local.Length} characters (SMTP allows {MaxLocalPart}): shorten Mail:Inbound:LocalPrefix or the purpose.");
        }
        return local + "@" + settings.Domain.Trim().ToLowerInvariant();
    }

    /// <summary>Whether an address is in this deployment's reply domain (the SMTP listener takes no other recipient).</summary>
    public bool IsInReplyDomain(string address)
    {
        var domain = options.Value.Domain?.Trim();
        var at = address.LastIndexOf('@');
        return !string.IsNullOrEmpty(domain) && at > 0 && string.Equals(address[(at + 1)..].Trim(), domain, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Checks an address (constant-time comparison of the signature); the claim is set only when it is valid.</summary>
    public async Task<(ReplyAddressCheck Check, ReplyAddressClaim? Claim)> VerifyAsync(string address, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!IsInReplyDomain(address))
        {
            return (ReplyAddressCheck.NotAReplyAddress, null);
        }
        var local = address[..address.LastIndexOf('@')].Trim();
        if (!local.StartsWith(settings.LocalPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return (ReplyAddressCheck.NotAReplyAddress, null);
        }
        var rest = local[settings.LocalPrefix.Length..].ToLowerInvariant();
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !IsPurpose(rest[..dot]))
        {
            return (ReplyAddressCheck.NotAReplyAddress, null);
        }
        var purpose = rest[..dot];
        var payload = Base32.Decode(rest[(dot + 1)..]);
        if (payload is null || payload.Length != PayloadBytes)
        {
            // Our prefix and a purpose, but not our encoding: someone wrote an address by hand.
            return (ReplyAddressCheck.BadSignature, null);
        }
        var key = await KeyAsync(cancellationToken);
        var expected = Mac(key, purpose, payload.AsSpan(0, SubjectBytes + TailBytes));
        if (!CryptographicOperations.FixedTimeEquals(expected, payload.AsSpan(SubjectBytes + TailBytes)))
        {
            return (ReplyAddressCheck.BadSignature, null);
        }
        return (ReplyAddressCheck.Valid,
            new ReplyAddressClaim(purpose, new Guid(payload.AsSpan(0, SubjectBytes)), payload.AsSpan(SubjectBytes, TailBytes).ToArray()));
    }

    public void Dispose() => _loading.Dispose();

    internal static byte[] TailOf(Guid personId)
    {
        Span<byte> bytes = stackalloc byte[16];
        personId.TryWriteBytes(bytes);
        return bytes[(16 - TailBytes)..].ToArray();
    }

    private static bool IsPurpose(string purpose) =>
        purpose.Length is > 0 and <= 10 && purpose.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private static byte[] Mac(byte[] key, string purpose, ReadOnlySpan<byte> signed)
    {
        // Domain separation: the version and the purpose are signed with the ids, so an address made for one purpose
        // cannot be turned into another's.
        var prefix = Encoding.ASCII.GetBytes("guild.reply.v1\0" + purpose + "\0");
        var input = new byte[prefix.Length + signed.Length];
        prefix.CopyTo(input, 0);
        signed.CopyTo(input.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, input)[..MacBytes];
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known)
        {
            return known;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_key is not null)
            {
                return _key;
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
            var stored = await db.Set<ReplySigningKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == ReplySigningKey.CurrentId, cancellationToken);
            if (stored is null)
            {
                var fresh = RandomNumberGenerator.GetBytes(32);
                db.Add(new ReplySigningKey
                {
                    Id = ReplySigningKey.CurrentId,
                    ProtectedKey = Convert.ToBase64String(_protector.Protect(fresh)),
                    CreatedAt = clock.GetUtcNow(),
                });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return _key = fresh;
                }
                catch (DbUpdateException)
                {
                    // Another node made the key first: use theirs.
                    db.ChangeTracker.Clear();
                    stored = await db.Set<ReplySigningKey>().AsNoTracking().FirstAsync(k => k.Id == ReplySigningKey.CurrentId, cancellationToken);
                }
            }
            return _key = _protector.Unprotect(Convert.FromBase64String(stored.ProtectedKey));
        }
        finally
        {
            _loading.Release();
        }
    }
}

/// <summary>The secret that signs reply addresses, protected by the data-protection key ring; one row per deployment.</summary>
public sealed class ReplySigningKey
{
    public const int CurrentId = 1;

    public int Id { get; set; }

    public required string ProtectedKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ReplySigningKeyConfiguration : IEntityTypeConfiguration<ReplySigningKey>
{
    public void Configure(EntityTypeBuilder<ReplySigningKey> builder)
    {
        builder.ToTable("mail_reply_keys");
        builder.Property(key => key.Id).ValueGeneratedNever();
        builder.Property(key => key.ProtectedKey).HasMaxLength(1000);
    }
}

/// <summary>RFC 4648 base32 in lower case without padding: survives relays that fold the case of addresses.</summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return text.ToString();
    }

    /// <summary>The bytes, or null when the text is not base32 (or has bits left over that a real encoding never sets).</summary>
    public static byte[]? Decode(string text)
    {
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            var value = Alphabet.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }
            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0)
        {
            return null;
        }
        return [.. bytes];
    }
}
