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

    /// <summary>
    /// Formatting (dates, numbers) may follow the browser's region (en-GB, en-US, nl-BE...); texts
    /// exist in en and nl. A bare choice of "en" formats the European way (en-GB), like the organisation.
    /// </summary>
    private static readonly CultureInfo[] FormattingCultures =
        [.. new[] { "en-GB", "en-US", "en-IE", "en-AU", "en-CA", "nl-NL", "nl-BE" }.Select(CultureInfo.GetCultureInfo), English, Dutch];

    internal static ProviderCultureResult ResultFor(string language) =>
        new(language == "nl" ? "nl-NL" : "en-GB", language);

    public static bool IsSupported(string? language) =>
        language is not null && Supported.Any(culture => culture.Name == language);

    public static IHostApplicationBuilder AddGuildLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(CultureInfo.GetCultureInfo("en-GB"), English);
            options.SupportedCultures = [.. FormattingCultures];
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
            return Task.FromResult(IsSupported(language) ? ResultFor(language!) : null);
        }
    }

    private sealed class OrganisationLanguageProvider : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var organisation = await httpContext.RequestServices.GetRequiredService<Organisation.OrganisationProfile>().GetAsync();
            return ResultFor(organisation.DefaultLanguage);
        }
    }
}
