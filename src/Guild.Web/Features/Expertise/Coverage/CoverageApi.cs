using Guild.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>Coverage through the REST API: the same data as the coverage page.</summary>
internal static class CoverageApi
{
    public static void MapCoverageApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/capabilities", "Coverage")
            .MapGet("/{id:guid}/coverage", GetAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetCapabilityCoverage")
            .WithSummary("A capability's components with their active champions, the measures other features supply, and the gaps.")
            .WithDescription("For L&D admins and the capability's owner; anyone else gets 403, whether or not the capability exists. " +
                             "Resources, openDemand and engagement are null until a feature (the library, asks) supplies them; " +
                             "measures lists those that are supplied.");
    }

    /// <param name="sort">Tree (as on the map, the default), Gap (worst gaps first), Name, or Champions (fewest first); spelled as here.</param>
    internal static async Task<Results<Ok<CapabilityCoverage>, ProblemHttpResult>> GetAsync(
        Guid id, CoverageSort? sort, CoverageReports reports, CancellationToken cancellationToken) =>
        (await reports.GetCoverageAsync(id, sort ?? CoverageSort.Tree, cancellationToken)).ToHttp(TypedResults.Ok);
}
