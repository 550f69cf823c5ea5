namespace Guild.Web.Features.Expertise;

/// <summary>
/// Who knows what: the know-how map (capabilities, components, skills), the call for Knowledge Champions and its
/// review, expertise profiles and endorsements, the talent directory, coverage and flexible teams.
/// </summary>
public static class ExpertiseFeature
{
    public static WebApplicationBuilder AddExpertise(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapExpertise(this WebApplication app) => app;
}
