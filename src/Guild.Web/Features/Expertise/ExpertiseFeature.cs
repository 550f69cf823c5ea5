using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Coverage;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.Expertise.Talent;
using Guild.Web.Features.Expertise.Teams;

namespace Guild.Web.Features.Expertise;

/// <summary>
/// Who knows what: the know-how map (capabilities, components, skills), the call for Knowledge Champions and its
/// review, expertise profiles and endorsements, the talent directory, coverage and flexible teams. Each part lives in
/// its own folder with its own registration, texts and endpoints; this only composes them.
/// </summary>
public static class ExpertiseFeature
{
    public static WebApplicationBuilder AddExpertise(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddKnowHowMap()
            .AddChampionCalls()
            .AddExpertiseProfiles()
            .AddTalentDirectory()
            .AddFlexibleTeams()
            .AddCoverage();
        return builder;
    }

    public static WebApplication MapExpertise(this WebApplication app)
    {
        app.MapKnowHowMap();
        app.MapChampionCalls();
        app.MapExpertiseProfiles();
        app.MapTalentDirectory();
        app.MapFlexibleTeams();
        app.MapCoverage();
        return app;
    }
}
