using System.Buffers.Binary;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Platform.Identity;

/// <summary>
/// Identity's password reset token provider for Guild (<c>UserManager.GeneratePasswordResetTokenAsync</c> and
/// <c>ResetPasswordAsync</c> use it): an <see cref="AccountLinkTokens"/> bound to Identity's purpose and the account's
/// security stamp, with a lifetime of its own (<see cref="Lifetime"/>, not the one-day default every other Identity
/// token shares). Setting the new password renews the security stamp, so a link works once; so does anything else
/// that renews it (deactivation, another reset).
/// </summary>
public sealed class PasswordResetTokens(IDataProtectionProvider protection, TimeProvider clock) : IUserTwoFactorTokenProvider<GuildUser>
{
    public const string ProviderName = "GuildPasswordReset";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly AccountLinkTokens _links = new(protection.CreateProtector("Guild.Identity.PasswordReset.v1"), clock, Lifetime);

    public async Task<string> GenerateAsync(string purpose, UserManager<GuildUser> manager, GuildUser user) =>
        _links.Create(user.Id, Bound(purpose, await manager.GetSecurityStampAsync(user)));

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<GuildUser> manager, GuildUser user) =>
        Check(purpose, token, user.Id, await manager.GetSecurityStampAsync(user)) == AccountLinkStatus.Valid;

    /// <summary>What a link leads to, for the page that opens it: a usable link, one that ran out, or one that never will work.</summary>
    public AccountLinkStatus Check(string purpose, string? token, Guid userId, string? securityStamp) =>
        _links.Check(token, userId, Bound(purpose, securityStamp));

    /// <summary>Reset tokens are mailed by Guild itself; they are never a second factor.</summary>
    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<GuildUser> manager, GuildUser user) => Task.FromResult(false);

    /// <summary>Purpose length (2) | purpose | security stamp: a token made for one Identity purpose is useless for another.</summary>
    private static byte[] Bound(string purpose, string? securityStamp)
    {
        var purposeBytes = Encoding.UTF8.GetBytes(purpose);
        var stamp = Encoding.UTF8.GetBytes(securityStamp ?? "");
        var bound = new byte[2 + purposeBytes.Length + stamp.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bound.AsSpan(0, 2), checked((ushort)purposeBytes.Length));
        purposeBytes.CopyTo(bound.AsSpan(2));
        stamp.CopyTo(bound.AsSpan(2 + purposeBytes.Length));
        return bound;
    }
}
