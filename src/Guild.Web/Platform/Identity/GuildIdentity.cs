using System.Security.Claims;
using Guild.Web.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Identity;

public static class GuildIdentity
{
    /// <summary>The scheme that picks cookie or API token per request.</summary>
    public const string Scheme = "Guild";

    public static IHostApplicationBuilder AddGuildIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentity<GuildUser, GuildRole>(options =>
            {
                // Length over composition rules (NIST SP 800-63B); a breached-password list is a later step.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                // Reset links expire after two hours and on the application's clock (PasswordResetTokens).
                options.Tokens.PasswordResetTokenProvider = PasswordResetTokens.ProviderName;
            })
            .AddEntityFrameworkStores<GuildDb>()
            .AddUserManager<GuildUserManager>()
            .AddSignInManager<GuildSignInManager>()
            .AddClaimsPrincipalFactory<GuildClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokens>(PasswordResetTokens.ProviderName);

        services.Configure<SecurityStampValidatorOptions>(options =>
            // How long a deactivated person or a changed role can keep using an existing cookie.
            options.ValidationInterval = TimeSpan.FromMinutes(5));

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "guild.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure outside Development and Testing: the session never travels over plain http (GuildSecurity).
            options.Cookie.SecurePolicy = Security.GuildSecurity.AllowsCookiesOverPlainHttp(builder.Environment)
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/access-denied";
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = ValidateSecurityStampWhenDue;
            options.Events.OnRedirectToLogin = context => Challenge(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Challenge(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                // AddIdentity sets the cookie as the authenticate default, which would never look at a bearer token.
                options.DefaultAuthenticateScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
                options.DefaultForbidScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or API token", options =>
                options.ForwardDefaultSelector = context =>
                    ApiTokenAuthentication.HasBearerToken(context.Request)
                        ? ApiTokenAuthentication.Scheme
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.Scheme, null);

        services.AddAuthorizationBuilder()
            // Deny by default: every page and endpoint needs a signed-in person unless it says otherwise.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.LearningAdmin, policy => policy.RequireRole(Roles.LearningAdmin))
            .AddPolicy(Policies.Moderator, policy => policy.RequireRole(Roles.Moderator, Roles.LearningAdmin))
            .AddPolicy(Policies.Champion, policy => policy.RequireRole(Roles.Champion, Roles.LearningAdmin))
            .AddPolicy(Policies.Member, policy => policy.RequireRole(Roles.Employee));

        services.AddScoped<ApiTokenService>();
        var limits = builder.Configuration.GetSection("RateLimits");
        services.Configure<SignInThrottleOptions>(options =>
        {
            options.PerAccountBurst = limits.GetValue("SignInPerAccountBurst", options.PerAccountBurst);
            options.PerAccountPerHour = limits.GetValue("SignInPerAccountPerHour", options.PerAccountPerHour);
        });
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.Configure<RevocationWatchOptions>(builder.Configuration.GetSection("Identity:Revocation"));
        services.AddSingleton<RevocationWatch>();
        services.AddHostedService(provider => provider.GetRequiredService<RevocationWatch>());
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, CredentialRevocationInterceptor>();
        services.AddPlatformRevocationRules();
        services.AddScoped<CurrentPerson>();
        services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>
    /// Pages redirect to sign-in; the API and the LRS answer with a status and problem details instead.
    /// A signed-in person who may not see a page gets the 403 page in place, not a redirect.
    /// </summary>
    private static Task Challenge(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !IsMachinePath(context.Request.Path))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>
    /// The validator compares the cookie's age with the interval itself, but only after resolving its services
    /// (the sign-in manager, the user manager and their store: a tenth of a small page's CPU); a cookie younger than
    /// the interval needs none of them.
    /// </summary>
    private static Task ValidateSecurityStampWhenDue(CookieValidatePrincipalContext context)
    {
        var interval = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return context.Properties.IssuedUtc is { } issued && now - issued <= interval
            ? Task.CompletedTask
            : SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/xapi") || path.StartsWithSegments("/health");
}

/// <summary>
/// Deactivated people (who left the organisation) cannot sign in; their content stays. Every sign-in
/// (password, demo, and any later external login: they all end in <see cref="SignInWithClaimsAsync"/>)
/// is recorded as a learning act "logged in to Guild"; refreshing the cookie (a changed language) is not.
/// </summary>
public sealed class GuildSignInManager(
    UserManager<GuildUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<GuildUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<GuildUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<GuildUser> confirmation,
    LearningRecords.LearningRecorder recorder)
    : SignInManager<GuildUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private bool _refreshing;
    private ClaimsPrincipal? _principal;

    public override async Task<bool> CanSignInAsync(GuildUser user) =>
        user.DeactivatedAt is null && await base.CanSignInAsync(user);

    public override async Task<ClaimsPrincipal> CreateUserPrincipalAsync(GuildUser user) =>
        _principal = await base.CreateUserPrincipalAsync(user);

    public override async Task RefreshSignInAsync(GuildUser user)
    {
        _refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _refreshing = false;
        }
    }

    public override async Task SignInWithClaimsAsync(GuildUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
        if (_refreshing)
        {
            return;
        }
        // The principal the cookie was just made from carries the display name (no extra query).
        var name = _principal?.FindFirstValue(GuildClaims.DisplayName) is { Length: > 0 } displayName ? displayName : user.Email ?? user.UserName ?? "";
        await recorder.RecordAsync(new LearningRecords.LearningAct(
            new LearningRecords.LearningActor(user.Id, name), LearningRecords.LearningVerbs.LoggedIn, LearningRecords.LearningActivity.Guild)
        {
            Language = user.PreferredLanguage ?? System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
        });
    }
}

/// <summary>What a feature adds to the signed-in person's cookie (display name, preferred language).</summary>
public interface IProfileClaimsSource
{
    Task AddClaimsAsync(GuildUser user, ClaimsIdentity identity);
}

public static class GuildClaims
{
    public const string DisplayName = "guild:name";
    public const string Language = "guild:lang";
}

public sealed class GuildClaimsPrincipalFactory(
    UserManager<GuildUser> userManager,
    RoleManager<GuildRole> roleManager,
    IOptions<IdentityOptions> options,
    IEnumerable<IProfileClaimsSource> sources)
    : UserClaimsPrincipalFactory<GuildUser, GuildRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(GuildUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.PreferredLanguage is { } language)
        {
            identity.AddClaim(new Claim(GuildClaims.Language, language));
        }
        foreach (var source in sources)
        {
            await source.AddClaimsAsync(user, identity);
        }
        return identity;
    }
}
