using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Guild.Web.Features.People;

public enum InvitationTokenStatus { Valid, Expired, Invalid }

/// <summary>
/// The secret in an invitation link. It names the account and the moment it was made, is protected
/// by the data-protection keys every node shares, and holds the account's security stamp: choosing
/// a password (or being deactivated) changes the stamp, so a used link stops working. Time comes
/// from <see cref="TimeProvider"/> (Identity's own token providers read the system clock).
/// </summary>
public sealed class InvitationTokens(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private readonly IDataProtector _protector = protection.CreateProtector("Guild.People.Invitation.v1");

    public string Create(Guid personId, string securityStamp)
    {
        var stamp = System.Text.Encoding.UTF8.GetBytes(securityStamp);
        var payload = new byte[16 + 8 + stamp.Length];
        personId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16, 8), clock.GetUtcNow().UtcTicks);
        stamp.CopyTo(payload.AsSpan(24));
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload));
    }

    public InvitationTokenStatus Check(string? token, Guid personId, string? securityStamp)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return InvitationTokenStatus.Invalid;
        }
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return InvitationTokenStatus.Invalid;
        }
        if (payload.Length < 24 || new Guid(payload.AsSpan(0, 16)) != personId)
        {
            return InvitationTokenStatus.Invalid;
        }
        if (!CryptographicOperations.FixedTimeEquals(payload.AsSpan(24), System.Text.Encoding.UTF8.GetBytes(securityStamp ?? "")))
        {
            return InvitationTokenStatus.Invalid;
        }
        var createdAt = new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16, 8)), TimeSpan.Zero);
        return clock.GetUtcNow() > createdAt + Lifetime ? InvitationTokenStatus.Expired : InvitationTokenStatus.Valid;
    }
}
