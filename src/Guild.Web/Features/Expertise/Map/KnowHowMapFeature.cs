using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>The know-how map: capabilities, their components and skills; browse, edit, import and export.</summary>
internal static class KnowHowMapFeature
{
    public static IServiceCollection AddKnowHowMap(this IServiceCollection services)
    {
        services.AddScoped<KnowHowMap>();
        services.AddResourceRule<CapabilityRule>();
        services.AddScoped<Platform.Demo.IDemoContent, MapDemoContent>();
        // The menu needs a policy name; it matches what CapabilityRule lets browse (people of the organisation).
        services.AddNavigation(new NavigationItem("/map", "Nav.Map", 20, Policy: Policies.Member, TextResource: typeof(MapText)));
        services.AddNavigation(new NavigationItem("/admin/map", "Nav.AdminMap", 920, Policy: Policies.LearningAdmin,
            Area: NavigationArea.Administration, TextResource: typeof(MapText)));
        return services;
    }

    public static IEndpointRouteBuilder MapKnowHowMap(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapKnowHowMapApi();
        return endpoints;
    }
}
