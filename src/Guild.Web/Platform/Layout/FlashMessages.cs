using Microsoft.AspNetCore.DataProtection;

namespace Guild.Web.Platform.Layout;

/// <summary>
/// A one-time message carried across a redirect after a form post ("Saved."), in a short-lived,
/// protected cookie: no server state, so any node can show it.
/// </summary>
public sealed class FlashMessages(IHttpContextAccessor accessor, IDataProtectionProvider protection)
{
    private const string CookieName = "guild.flash";
    private readonly IDataProtector _protector = protection.CreateProtector("Guild.FlashMessages");

    public enum Kind { Success, Info, Warning, Error }

    public sealed record Message(Kind Kind, string Text);

    public void Set(Kind kind, string text)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("Flash messages need a request.");
        context.Response.Cookies.Append(CookieName, _protector.Protect($"{(int)kind}|{text}"), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(1),
        });
    }

    public void Success(string text) => Set(Kind.Success, text);

    public Message? Take()
    {
        var context = accessor.HttpContext;
        if (context is null || !context.Request.Cookies.TryGetValue(CookieName, out var value))
        {
            return null;
        }
        if (!context.Response.HasStarted)
        {
            context.Response.Cookies.Delete(CookieName);
        }
        try
        {
            var plain = _protector.Unprotect(value);
            var separator = plain.IndexOf('|', StringComparison.Ordinal);
            return new Message((Kind)int.Parse(plain[..separator], System.Globalization.CultureInfo.InvariantCulture), plain[(separator + 1)..]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
