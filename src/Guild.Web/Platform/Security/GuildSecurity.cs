using System.Globalization;
using System.Threading.RateLimiting;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace Guild.Web.Platform.Security;

public static class GuildSecurity
{
    public const string SignInRateLimit = "sign-in";
    /// <summary>Requests for a password reset link, per client address (the per-account limit is in the reset job).</summary>
    public const string PasswordResetRateLimit = "password-reset";

    /// <summary>
    /// Whether cookies may travel over plain http: only in Development (a developer's own machine) and Testing (the
    /// test suite's environment, which talks to Guild over a real socket without TLS). Everywhere else — Production,
    /// Staging, anything an operator names — the sign-in and antiforgery cookies are <c>Secure</c>, so a browser never
    /// sends them over an unencrypted connection.
    /// </summary>
    public static bool AllowsCookiesOverPlainHttp(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public static IHostApplicationBuilder AddGuildSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var plainHttp = AllowsCookiesOverPlainHttp(builder.Environment);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "guild.af";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = plainHttp ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.HeaderName = ApiAntiforgery.HeaderName;
        });
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        var proxies = TrustedProxies.From(builder.Configuration.GetSection("ForwardedHeaders"));
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Behind the load balancer of a multi-node set-up (docs/operations.md). X-Forwarded-For decides the client
            // address that rate limits count by, so it is believed only from the proxies the operator names; without
            // any, the framework's default stands: the loopback proxy (a balancer on the same host), never "anyone".
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            proxies.ApplyTo(options);
        });

        var limits = builder.Configuration.GetSection("RateLimits");
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }
                if (GuildIdentity.IsMachinePath(context.HttpContext.Request.Path))
                {
                    await TypedResults.Problem(statusCode: 429, title: "Too many requests; try again shortly.")
                        .ExecuteAsync(context.HttpContext);
                }
            };
            // Sign-in attempts per client address: slows password guessing on top of account lockout.
            options.AddPolicy(SignInRateLimit, context => HttpMethods.IsGet(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("sign-in-page")
                : RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress(context),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.GetValue("SignInPerMinute", 20),
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            // Requests for a reset link per client address: each queues a job, so one address cannot fill the queue.
            // (At most a few mails per account an hour is the job's own rule: the answer never changes, whoever asks.)
            options.AddPolicy(PasswordResetRateLimit, context => HttpMethods.IsGet(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("password-reset-page")
                : RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress(context),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.GetValue("PasswordResetPerHour", 10),
                    Window = TimeSpan.FromHours(1),
                    QueueLimit = 0,
                }));
            // API calls per caller (person or token), generous enough for integrations.
            options.AddPolicy(GuildApi.RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.Identity?.Name ?? ClientAddress(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.GetValue("ApiBurst", 600),
                    TokensPerPeriod = limits.GetValue("ApiPerSecond", 200),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
        });
        return builder;
    }

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static WebApplication UseGuildSecurityHeaders(this WebApplication app)
    {
        if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            app.UseForwardedHeaders();
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        // Redirect to HTTPS only where Guild knows an HTTPS address of its own (Kestrel serves https, or a port is
        // configured). Behind a load balancer that terminates TLS the balancer redirects, and a plain-http
        // development server has nowhere to send anyone: the middleware would only log that it cannot tell the port.
        var httpsKnown = new Lazy<bool>(() => HttpsAddressKnown(app), LazyThreadSafetyMode.PublicationOnly);
        app.UseWhen(_ => httpsKnown.Value, branch => branch.UseHttpsRedirection());
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar") ? ScalarPolicy : Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()";
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// What HttpsRedirectionMiddleware itself looks at: a configured port (HttpsRedirection:HttpsPort, ASPNETCORE_HTTPS_PORT(S))
    /// or an https address the server listens on. Asked at the first request, when the server's addresses are known.
    /// </summary>
    private static readonly string[] HttpsPortSettings = ["HttpsRedirection:HttpsPort", "HTTPS_PORT", "HTTPS_PORTS", "ANCM_HTTPS_PORT"];

    internal static bool HttpsAddressKnown(WebApplication app)
    {
        var configuration = app.Configuration;
        if (HttpsPortSettings.Any(key => !string.IsNullOrWhiteSpace(configuration[key])))
        {
            return true;
        }
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        return addresses.Any(address => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// No inline script anywhere; scripts are ES modules from our own origin. Workers may also come from blob: URLs, which only those
    /// scripts can make (the check-in page's QR decoder starts its worker that way where the browser has no BarcodeDetector).
    /// </summary>
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' blob:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The Scalar API browser ships an inline bootstrap script and styles; it shows only public API documentation.</summary>
    private const string ScalarPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
}
