using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Guild.Web.Platform.Identity;

public enum AccountLinkStatus { Valid, Expired, Invalid }

/// <summary>
/// The secret in a link Guild mails about one account (an invitation, a password reset): it names the account and
/// the moment it was made, carries bytes bound to the account's state (its security stamp, so a link stops working
/// once the stamp is renewed: a password chosen, a deactivation), and is protected by the key ring every node
/// shares under the link's own purpose. Time comes from <see cref="TimeProvider"/> (Identity's token providers read
/// the system clock). Layout: account id (16) | created, UTC ticks (8) | bound bytes.
/// </summary>
public sealed class AccountLinkTokens(IDataProtector protector, TimeProvider clock, TimeSpan lifetime)
{
    private const int MaxTokenLength = 2000;

    public TimeSpan Lifetime => lifetime;

    public string Create(Guid accountId, ReadOnlySpan<byte> bound)
    {
        var payload = new byte[16 + 8 + bound.Length];
        accountId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16, 8), clock.GetUtcNow().UtcTicks);
        bound.CopyTo(payload.AsSpan(24));
        return WebEncoders.Base64UrlEncode(protector.Protect(payload));
    }

    /// <summary>A usable link, one that ran out, or one that never will work (not ours, another account, a renewed stamp).</summary>
    public AccountLinkStatus Check(string? token, Guid accountId, ReadOnlySpan<byte> expectedBound)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return AccountLinkStatus.Invalid;
        }
        byte[] payload;
        try
        {
            payload = protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return AccountLinkStatus.Invalid;
        }
        if (payload.Length < 24 || new Guid(payload.AsSpan(0, 16)) != accountId
            || !CryptographicOperations.FixedTimeEquals(payload.AsSpan(24), expectedBound))
        {
            return AccountLinkStatus.Invalid;
        }
        var createdAt = new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16, 8)), TimeSpan.Zero);
        return clock.GetUtcNow() > createdAt + lifetime ? AccountLinkStatus.Expired : AccountLinkStatus.Valid;
    }
}
