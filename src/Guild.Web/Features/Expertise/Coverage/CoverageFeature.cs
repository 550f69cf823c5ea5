namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>Coverage: per capability, its components with champions, resources, demand and the gaps.</summary>
internal static class CoverageFeature
{
    public static IServiceCollection AddCoverage(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapCoverage(this IEndpointRouteBuilder endpoints) => endpoints;
}
