using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Features.Lrs.Documents;
using Guild.Web.Features.Lrs.Http;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// Guild's Learning Record Store: xAPI 1.0.3 at /xapi, its clients and their administration.
/// Configuration lives under "Lrs" (Lrs:Http, Lrs:Writer, Lrs:Auth, Lrs:BootstrapClient).
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
        services.AddSingleton<StatementWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<StatementWriter>());
        services.AddSingleton<LrsAuthenticator>();
        services.AddSingleton<LrsRateLimiter>();
        services.AddScoped<StatementStore>();
        services.AddScoped<DocumentStore>();
        services.AddScoped<LrsClients>();
        services.AddScoped<IDatabaseStartupTask, LrsBootstrapClient>();
        services.AddNavigation(new NavigationItem("/admin/lrs/clients", "Nav.LrsClients", 920, Policies.LearningAdmin,
            NavigationArea.Administration, typeof(LrsText)));
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
