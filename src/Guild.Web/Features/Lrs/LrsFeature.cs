using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Features.Lrs.Documents;
using Guild.Web.Features.Lrs.Forwarding;
using Guild.Web.Features.Lrs.Http;
using Guild.Web.Features.Lrs.Writing;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// Guild's Learning Record Store: xAPI 1.0.3 at /xapi, its clients and their administration.
/// Configuration lives under "Lrs" (Lrs:Http, Lrs:Writer, Lrs:Auth, Lrs:BootstrapClient, Lrs:LearningActs, Lrs:Forwarding).
/// </summary>
public static class LrsFeature
{
    public static WebApplicationBuilder AddLrs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection("Lrs");
        services.Configure<LrsHttpOptions>(section.GetSection("Http"));
        services.Configure<LrsWriterOptions>(section.GetSection("Writer"));
        services.Configure<LrsAuthOptions>(section.GetSection("Auth"));
        services.Configure<LrsBootstrapOptions>(section.GetSection("BootstrapClient"));
        services.Configure<LearningActsOptions>(section.GetSection("LearningActs"));
        services.Configure<LrsForwardingOptions>(section.GetSection("Forwarding"));
        services.AddSingleton<LrsForwardingSwitch>();
        services.AddSingleton<StatementWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<StatementWriter>());
        services.AddSingleton<LrsSecretKeys>();
        services.AddSingleton<LrsSecretHasher>();
        services.AddSingleton<LrsAuthFailures>();
        services.AddSingleton<LrsAuthenticator>();
        // A revoked client, or one whose secret changed, is forgotten by every node's authenticator.
        services.AddCredentialRevocationRule<LrsClient>(entry => entry.State == Microsoft.EntityFrameworkCore.EntityState.Deleted
            || (entry.State == Microsoft.EntityFrameworkCore.EntityState.Modified
                && (entry.Property(nameof(LrsClient.RevokedAt)).IsModified || entry.Property(nameof(LrsClient.SecretHash)).IsModified)));
        services.AddSingleton<LrsRateLimiter>();
        services.AddScoped<StatementStore>();
        services.AddScoped<DocumentStore>();
        services.AddScoped<LrsClients>();
        services.AddScoped<IDatabaseStartupTask, LrsBootstrapClient>();
        // The platform's learning acts, from the outbox into statements.
        services.AddSingleton<LearningActsWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<LearningActsWorker>());
        // Forwarding to an external LRS.
        services.AddHttpClient(LrsForwarder.HttpClientName);
        services.AddSingleton<LrsForwarder>();
        services.AddHostedService(provider => provider.GetRequiredService<LrsForwarder>());
        services.AddScoped<LrsForwardingService>();
        services.AddScoped<Admin.StatementBrowser>();
        services.AddScoped<Platform.Demo.IDemoContent, LrsDemoContent>();
        services.AddNavigation(new NavigationItem("/admin/lrs/clients", "Nav.LrsClients", 920, Policies.LearningAdmin,
            NavigationArea.Administration, typeof(LrsText)));
        services.AddNavigation(new NavigationItem("/admin/lrs/statements", "Nav.LrsStatements", 921, Policies.LearningAdmin,
            NavigationArea.Administration, typeof(LrsText)));
        services.AddNavigation(new NavigationItem("/admin/lrs/counts", "Nav.LrsCounts", 922, Policies.LearningAdmin,
            NavigationArea.Administration, typeof(LrsText)));
        services.AddNavigation(new NavigationItem("/admin/lrs/forwarding", "Nav.LrsForwarding", 923, Policies.LearningAdmin,
            NavigationArea.Administration, typeof(LrsText)));
        // What the admin overview shows when the LRS or forwarding needs a look.
        services.AddAttentionCheck(new AttentionCheck("lrs.refused", typeof(LrsText), "/admin/lrs/counts", AttentionLevel.Problem,
            (db, _) => db.Set<Platform.LearningRecords.LearningActOutboxEntry>().Where(e => e.RejectedAt != null).Select(_ => true)));
        services.AddAttentionCheck(new AttentionCheck("lrs.forwarding-paused", typeof(LrsText), "/admin/lrs/forwarding", AttentionLevel.Warning,
            (db, now) => db.Set<LrsForwardingSettings>().Where(s => s.Enabled && s.PausedUntil > now).Select(_ => true)));
        services.AddAttentionCheck(new AttentionCheck("lrs.forwarding-refused", typeof(LrsText), "/admin/lrs/forwarding", AttentionLevel.Problem,
            (db, _) => db.Set<LrsForwardItem>().Where(i => i.RefusedAt != null).Select(_ => true)));
        return builder;
    }

    public static WebApplication MapLrs(this WebApplication app)
    {
        LrsEndpoints.Map(app);
        Admin.LrsAdminEndpoints.Map(app);
        return app;
    }
}

/// <summary>Marker for the LRS feature's strings (LrsText.resx, LrsText.nl.resx).</summary>
public sealed class LrsText;
