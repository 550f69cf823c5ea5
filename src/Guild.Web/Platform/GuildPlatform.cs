using Guild.Web.Components;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Health;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Localization;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Guild.Web.Platform.Security;
using Guild.Web.Platform.Storage;
using Guild.Web.Platform.Uploads;

namespace Guild.Web.Platform;

/// <summary>What every feature stands on. Program.cs calls these two and then each feature's own.</summary>
public static class GuildPlatform
{
    public static WebApplicationBuilder AddGuildPlatform(this WebApplicationBuilder builder)
    {
        ConfigureLogging(builder.Logging, builder.Environment);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMemoryCache();
        builder.Services.AddHttpContextAccessor();
        builder.AddGuildData();
        try
        {
            builder.AddGuildDataProtection();
        }
        catch (StartupRefusedException refusal)
        {
            // No host, so no logger yet: one made like the host's own, so the refusal reaches the same log.
            using (var logging = LoggerFactory.Create(logs =>
                   {
                       logs.AddConfiguration(builder.Configuration.GetSection("Logging"));
                       ConfigureLogging(logs, builder.Environment);
                       if (builder.Environment.IsDevelopment())
                       {
                           logs.AddSimpleConsole();
                       }
                   }))
            {
                logging.CreateLogger("Guild.Startup").LogCritical("{Refusal}", refusal.Message);
            }
            throw;
        }
        builder.AddGuildIdentity();
        builder.AddGuildLocalization();
        builder.AddGuildSecurity();
        builder.AddGuildApi();
        builder.AddGuildStorage();
        builder.AddGuildUploads();
        builder.AddGuildJobs();
        builder.AddGuildMail();
        builder.AddGuildHealth();
        builder.Services.AddGuildNotifications();
        builder.Services.AddGuildDemo();
        builder.Services.AddGuildLearningRecords();
        builder.Services.AddSingleton<OrganisationProfile>();
        builder.Services.AddSingleton<WorkingCalendar>();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<FlashMessages>();
        builder.Services.AddOutputCache();
        builder.Services.AddRazorComponents();
        return builder;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IHostEnvironment environment)
    {
        logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!environment.IsDevelopment())
        {
            // Structured logs: one JSON object per line, with trace ids, for the log collector.
            logging.ClearProviders();
            logging.AddJsonConsole(options => options.IncludeScopes = true);
        }
    }

    public static WebApplication UseGuildPlatform(this WebApplication app)
    {
        app.UseGuildProblemDetails();
        app.UseGuildSecurityHeaders();
        // Routing after the error and status pages, so their re-executed requests find the page.
        app.UseRouting();
        app.UseAuthentication();
        // After authentication: the person's own language choice travels in their cookie.
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthorization();
        // After authorisation (the caller is known) and before any endpoint reads a body.
        app.UseApiAntiforgery();
        app.UseOutputCache();
        app.UseAntiforgery();
        // After the antiforgery check has read a page's form, and before any endpoint binds what was sent.
        app.UseRequestChecks();
        app.MapStaticAssets().AllowAnonymous();
        app.MapGuildHealth();
        app.MapGuildApiDocuments();
        app.MapGuildJobs();
        app.MapGuildNotifications();
        app.MapGuildUploads();
        return app;
    }

    /// <summary>Pages last, after every feature has mapped its endpoints.</summary>
    public static WebApplication MapGuildPages(this WebApplication app)
    {
        app.MapRazorComponents<App>();
        return app;
    }
}
