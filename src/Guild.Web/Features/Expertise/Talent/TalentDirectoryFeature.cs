using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Expertise.Talent;

/// <summary>The talent directory: find people by skill, component, level, department, location, language or name.</summary>
internal static class TalentDirectoryFeature
{
    public static IServiceCollection AddTalentDirectory(this IServiceCollection services)
    {
        // The page is /people (People's navigation entry leads there already).
        services.AddScoped<TalentDirectory>();
        return services;
    }

    public static IEndpointRouteBuilder MapTalentDirectory(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/directory", "Talent directory")
            .MapGet("/", SearchAsync).RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("SearchDirectory").WithSummary("Find people by name, skill, component, level, department, location and language, with facets and reasons.")
            .WithDescription("Several values of department, location or language mean any of them; filters of different facets all apply. " +
                             "Facet counts may be up to 30 seconds old. Partner guests cannot use the directory (403).");
        return endpoints;
    }

    /// <param name="q">Start of a first or last name.</param>
    /// <param name="department">Department ids (repeat for several: any of them).</param>
    /// <param name="location">Location ids (repeat for several).</param>
    /// <param name="language">ISO 639-1 language codes (repeat for several).</param>
    /// <param name="skill">A skill's id: people who have it.</param>
    /// <param name="component">A know-how component's id: its champions and people with its skills.</param>
    /// <param name="level">At least this level: UsesIt, CanExplainIt or CanTeachIt.</param>
    internal static async Task<Results<Ok<DirectoryResult>, ProblemHttpResult>> SearchAsync(
        TalentDirectory directory, string? q, Guid[]? department, Guid[]? location, string[]? language, Guid? skill, Guid? component,
        ExpertiseLevel? level, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        (await directory.SearchAsync(new DirectorySearch(q, department, location, language, skill, component, level), page, cancellationToken))
        .ToHttp(TypedResults.Ok);
}
