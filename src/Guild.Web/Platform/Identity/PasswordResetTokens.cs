using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Guild.Web.Platform.Identity;

public enum PasswordResetTokenStatus { Valid, Expired, Invalid }

/// <summary>
/// Identity's password reset token provider for Guild (<c>UserManager.GeneratePasswordResetTokenAsync</c> and
/// <c>ResetPasswordAsync</c> use it). Like Identity's own data-protection provider, the token names the account, its
/// purpose and the moment it was made, holds the account's security stamp and is protected by the key ring every node
/// shares; unlike it, time comes from <see cref="TimeProvider"/> and the lifetime is its own (<see cref="Lifetime"/>,
/// not the one-day default every other Identity token shares). Setting the new password renews the security stamp,
/// so a link works once; so does anything else that renews it (deactivation, another reset).
/// </summary>
public sealed class PasswordResetTokens(IDataProtectionProvider protection, TimeProvider clock) : IUserTwoFactorTokenProvider<GuildUser>
{
    public const string ProviderName = "GuildPasswordReset";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly IDataProtector _protector = protection.CreateProtector("Guild.Identity.PasswordReset.v1");

    public async Task<string> GenerateAsync(string purpose, UserManager<GuildUser> manager, GuildUser user)
    {
        var stamp = Encoding.UTF8.GetBytes(await manager.GetSecurityStampAsync(user));
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        // id (16) | created, UTC ticks (8) | purpose length (2) | purpose | security stamp
        var payload = new byte[16 + 8 + 2 + purposeBytes.Length + stamp.Length];
        user.Id.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16, 8), clock.GetUtcNow().UtcTicks);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(24, 2), checked((ushort)purposeBytes.Length));
        purposeBytes.CopyTo(payload.AsSpan(26));
        stamp.CopyTo(payload.AsSpan(26 + purposeBytes.Length));
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<GuildUser> manager, GuildUser user) =>
        Check(purpose, token, user.Id, await manager.GetSecurityStampAsync(user)) == PasswordResetTokenStatus.Valid;

    /// <summary>What a link leads to, for the page that opens it: a usable link, one that ran out, or one that never will work.</summary>
    public PasswordResetTokenStatus Check(string purpose, string? token, Guid userId, string? securityStamp)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return PasswordResetTokenStatus.Invalid;
        }
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return PasswordResetTokenStatus.Invalid;
        }
        if (payload.Length < 26 || new Guid(payload.AsSpan(0, 16)) != userId)
        {
            return PasswordResetTokenStatus.Invalid;
        }
        var purposeLength = BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(24, 2));
        if (payload.Length < 26 + purposeLength
            || !payload.AsSpan(26, purposeLength).SequenceEqual(Encoding.UTF8.GetBytes(purpose))
            || !CryptographicOperations.FixedTimeEquals(payload.AsSpan(26 + purposeLength), Encoding.UTF8.GetBytes(securityStamp ?? "")))
        {
            return PasswordResetTokenStatus.Invalid;
        }
        var createdAt = new DateTimeOffset(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16, 8)), TimeSpan.Zero);
        return clock.GetUtcNow() > createdAt + Lifetime ? PasswordResetTokenStatus.Expired : PasswordResetTokenStatus.Valid;
    }

    /// <summary>Reset tokens are mailed by Guild itself; they are never a second factor.</summary>
    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<GuildUser> manager, GuildUser user) => Task.FromResult(false);
}
