namespace Guild.Web.Features.Expertise.Calls;

/// <summary>The call for Knowledge Champions: writing and sending calls, answering, the review queue and onboarding.</summary>
internal static class ChampionCallsFeature
{
    public static IServiceCollection AddChampionCalls(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapChampionCalls(this IEndpointRouteBuilder endpoints) => endpoints;
}
