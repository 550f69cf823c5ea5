namespace Guild.Web.Features.Expertise.Teams;

/// <summary>Flexible teams: a business problem, the components it needs, and a proposed team that covers them.</summary>
internal static class FlexibleTeamsFeature
{
    public static IServiceCollection AddFlexibleTeams(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapFlexibleTeams(this IEndpointRouteBuilder endpoints) => endpoints;
}
