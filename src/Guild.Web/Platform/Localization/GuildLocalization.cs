using System.Globalization;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Localization;

namespace Guild.Web.Platform.Localization;

public static class GuildLocalization
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl");
    public static readonly IReadOnlyList<CultureInfo> Supported = [English, Dutch];
    public const string CookieName = "guild.lang";

    public static bool IsSupported(string? language) =>
        language is not null && Supported.Any(culture => culture.Name == language);

    public static IHostApplicationBuilder AddGuildLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(English);
            options.SupportedCultures = [.. Supported];
            options.SupportedUICultures = [.. Supported];
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // The person's own choice first, then the browser, then the organisation's default.
            options.RequestCultureProviders =
            [
                new PersonLanguageProvider(),
                new CookieRequestCultureProvider { CookieName = CookieName },
                new AcceptLanguageHeaderRequestCultureProvider { MaximumAcceptLanguageHeaderValuesToTry = 5 },
                new OrganisationLanguageProvider(),
            ];
        });
        return builder;
    }

    /// <summary>The preferred language stored on the person's profile, carried in their sign-in cookie.</summary>
    private sealed class PersonLanguageProvider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var language = httpContext.User.FindFirst(GuildClaims.Language)?.Value;
            return Task.FromResult(IsSupported(language) ? new ProviderCultureResult(language) : null);
        }
    }

    private sealed class OrganisationLanguageProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var organisation = await httpContext.RequestServices.GetRequiredService<Organisation.OrganisationProfile>().GetAsync();
            return new ProviderCultureResult(organisation.DefaultLanguage);
        }
    }
}
