using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Library.Browse;

/// <summary>
/// Browsing the library: shelves on /library (continue, recommended with reasons, popular in my department, new this week,
/// per capability), progress in a resource (<c>PUT /api/v1/resources/{id}/progress</c>) and collections that champions curate.
/// </summary>
internal static class BrowseFeature
{
    public static IServiceCollection AddBrowse(this IServiceCollection services)
    {
        services.AddScoped<LibraryShelves>();
        services.AddScoped<ProgressTracker>();
        return services;
    }

    public static IEndpointRouteBuilder MapBrowse(this IEndpointRouteBuilder endpoints)
    {
        var resources = endpoints.MapApiGroup("/resources", "Library resources").RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        resources.MapPut("/{id:guid}/progress", SaveProgressAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SaveResourceProgress")
            .WithSummary("Save where you stopped in a resource (position and share watched or read) to continue later.")
            .WithDescription("For resources you may see (404 otherwise). Crossing 25, 50, 75 and 100 % records 'progressed'; 95 % or more is finished.");
        return endpoints;
    }

    private static async Task<Results<Ok<ProgressView>, ValidationProblem, ProblemHttpResult>> SaveProgressAsync(
        Guid id, ProgressRequest request, ProgressTracker progress, CancellationToken cancellationToken) =>
        (await progress.SaveAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);
}
