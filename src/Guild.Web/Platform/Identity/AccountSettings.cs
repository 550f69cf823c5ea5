using Guild.Web.Platform.Localization;
using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Platform.Identity;

/// <summary>The signed-in person's own account choices.</summary>
public sealed class AccountSettings(UserManager<GuildUser> users, SignInManager<GuildUser> signIn, CurrentPerson me)
{
    public async Task<string?> GetLanguageAsync()
    {
        var user = await users.FindByIdAsync(me.Id.ToString());
        return user?.PreferredLanguage;
    }

    /// <summary>Stores the choice and renews the cookie, which carries it to every later request.</summary>
    public async Task SetLanguageAsync(string? language, CancellationToken cancellationToken)
    {
        if (language is not null && !GuildLocalization.IsSupported(language))
        {
            throw new ArgumentException($"Language '{language}' is not offered.", nameof(language));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(me.Id.ToString());
        if (user is null || user.PreferredLanguage == language)
        {
            return;
        }
        user.PreferredLanguage = language;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
    }
}
