namespace Guild.Web.Features.Expertise.Profiles;

/// <summary>Expertise profiles: skills with levels, ask-me-about topics, endorsements, availability and champion badges.</summary>
internal static class ExpertiseProfilesFeature
{
    public static IServiceCollection AddExpertiseProfiles(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapExpertiseProfiles(this IEndpointRouteBuilder endpoints) => endpoints;
}
