using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Platform.Identity;

/// <summary>
/// Signing in with an email address and a password, answered so that nobody learns which addresses have an
/// account: every refusal looks the same (the page shows one message) and costs the same (an address without an
/// account, a deactivated or locked account and one without a password yet still verify a password hash). Before
/// anything is looked up, the per-account <see cref="SignInThrottle"/> must allow the attempt; the per-address limit
/// is the rate limiter on the page (<c>GuildSecurity.SignInRateLimit</c>); Identity's lockout (5 failures, 15 minutes,
/// in the database) holds across nodes. Why both and what they cost a victim: docs/operations.md, "Sign-in limits".
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<GuildUser> signIn,
    UserManager<GuildUser> users,
    SignInThrottle throttle,
    IPasswordHasher<GuildUser> hasher,
    ILogger<PasswordSignIn> logger)
{
    private static readonly Lazy<string> PlaceholderPassword = new(() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
    private static string? _placeholderHash;

    /// <summary>True when the person is signed in (the cookie is set on the response); false for every kind of refusal.</summary>
    public async Task<bool> SignInAsync(string email, string password, bool rememberMe)
    {
        var name = email.Trim();
        var account = users.NormalizeName(name) ?? "";
        if (!throttle.TryBegin(account))
        {
            logger.LogInformation("A sign-in attempt was refused unchecked: too many failed attempts for this address lately.");
            return false;
        }
        var user = await users.FindByNameAsync(name);
        if (user is null || user.PasswordHash is null || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
        {
            // Identity would answer these without hashing; the same work as a real check keeps the timing uninformative.
            _placeholderHash ??= hasher.HashPassword(new GuildUser(), PlaceholderPassword.Value);
            hasher.VerifyHashedPassword(user ?? new GuildUser(), _placeholderHash, password);
            return false;
        }
        var result = await signIn.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            throttle.Forget(account);
        }
        return result.Succeeded;
    }
}
