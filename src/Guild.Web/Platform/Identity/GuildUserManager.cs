using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Identity;

/// <summary>
/// Identity's user manager with lockout on the application's <see cref="TimeProvider"/>: Identity itself reads the system
/// clock for lockout, while everything else in Guild (the profile's "locked out until", tests that move the clock)
/// reads <see cref="TimeProvider"/>. The rules are Identity's own: <c>MaxFailedAccessAttempts</c> failures lock the
/// account for <c>DefaultLockoutTimeSpan</c> and start the count again.
/// </summary>
public sealed class GuildUserManager(
    IUserStore<GuildUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<GuildUser> passwordHasher,
    IEnumerable<IUserValidator<GuildUser>> userValidators,
    IEnumerable<IPasswordValidator<GuildUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<GuildUser>> logger,
    TimeProvider clock)
    : UserManager<GuildUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private IUserLockoutStore<GuildUser> LockoutStore =>
        Store as IUserLockoutStore<GuildUser> ?? throw new NotSupportedException("The user store does not support lockout.");

    public override async Task<bool> IsLockedOutAsync(GuildUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await LockoutStore.GetLockoutEnabledAsync(user, CancellationToken))
        {
            return false;
        }
        return await LockoutStore.GetLockoutEndDateAsync(user, CancellationToken) is { } end && end > clock.GetUtcNow();
    }

    public override async Task<IdentityResult> AccessFailedAsync(GuildUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var count = await LockoutStore.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (count >= Options.Lockout.MaxFailedAccessAttempts)
        {
            await LockoutStore.SetLockoutEndDateAsync(user, clock.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan), CancellationToken);
            await LockoutStore.ResetAccessFailedCountAsync(user, CancellationToken);
        }
        return await UpdateUserAsync(user);
    }
}
