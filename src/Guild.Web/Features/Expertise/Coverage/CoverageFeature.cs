using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;

namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>Coverage: per capability, its components with champions, resources, demand and the gaps.</summary>
internal static class CoverageFeature
{
    public static IServiceCollection AddCoverage(this IServiceCollection services)
    {
        services.AddScoped<CoverageReports>();
        services.AddSingleton<CoverageCache>();
        services.AddSingleton<CoverageChangeInterceptor>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(provider => provider.GetRequiredService<CoverageChangeInterceptor>());
        services.AddResourceRule<CoverageRule>();
        // What an L&D admin opens every Monday. Owners of a capability reach theirs from the map or by link.
        services.AddNavigation(new NavigationItem("/admin/coverage", "Nav.Coverage", 915, Policies.LearningAdmin,
            NavigationArea.Administration, typeof(CoverageText)));
        // Live components of live capabilities that no active champion covers: the first gap to close.
        services.AddAttentionCheck(new AttentionCheck("coverage.no-champion", typeof(CoverageText), "/admin/coverage?sort=gap", AttentionLevel.Warning,
            (db, _) => db.Set<KnowHowComponent>()
                .Where(k => k.ArchivedAt == null
                    && db.Set<Capability>().Any(c => c.Id == k.CapabilityId && c.ArchivedAt == null)
                    && !db.Set<ComponentChampion>().Any(ch => ch.ComponentId == k.Id && ch.EndedAt == null
                        && db.Users.Any(u => u.Id == ch.PersonId && u.DeactivatedAt == null)))
                .Select(_ => true)));
        return services;
    }

    public static IEndpointRouteBuilder MapCoverage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCoverageApi();
        return endpoints;
    }
}
