namespace Guild.Web.Features.Expertise.Map;

/// <summary>The know-how map: capabilities, their components and skills; browse, edit, import and export.</summary>
internal static class KnowHowMapFeature
{
    public static IServiceCollection AddKnowHowMap(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapKnowHowMap(this IEndpointRouteBuilder endpoints) => endpoints;
}
