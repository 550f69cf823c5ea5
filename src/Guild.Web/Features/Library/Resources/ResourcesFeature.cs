namespace Guild.Web.Features.Library.Resources;

/// <summary>Resources: their kinds, status from draft to published, review by a fellow champion, and history.</summary>
internal static class ResourcesFeature
{
    public static IServiceCollection AddResources(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapResources(this IEndpointRouteBuilder endpoints) => endpoints;
}
