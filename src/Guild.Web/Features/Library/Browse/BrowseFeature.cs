using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
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
        services.AddScoped<Collections>();
        services.AddResourceRule<CollectionRule>();
        services.AddNavigation(new NavigationItem("/library/collections", "Nav.Collections", 16, Policies.Member, TextResource: typeof(BrowseText)));
        services.AddScoped<Platform.Demo.IDemoContent, CollectionsDemoContent>();
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

        var collections = endpoints.MapApiGroup("/collections", "Library collections").RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        collections.MapGet("/", ListCollectionsAsync).WithName("ListCollections")
            .WithSummary("Published collections and your own drafts, last changed first.");
        collections.MapPost("/", CreateCollectionAsync).WithName("CreateCollection")
            .WithSummary("Start a collection (champions and L&D admins): a title, a description and published resources in order.");
        collections.MapGet("/{id:guid}", GetCollectionAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetCollection")
            .WithSummary("A collection with its resources in order and your progress through them.")
            .WithDescription("A draft is seen by its owner, co-curators and L&D admins only; others get 404.");
        collections.MapPut("/{id:guid}", UpdateCollectionAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateCollection")
            .WithSummary("Curators change the collection: title, description, resources and their order, published or draft.");
        collections.MapDelete("/{id:guid}", DeleteCollectionAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("DeleteCollection")
            .WithSummary("The owner or an L&D admin deletes the collection; its resources stay in the library.");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<CollectionSummary>>> ListCollectionsAsync(Collections collections, CancellationToken cancellationToken) =>
        TypedResults.Ok(await collections.ListAsync(cancellationToken));

    private static async Task<Results<Created<CollectionDetails>, ValidationProblem, ProblemHttpResult>> CreateCollectionAsync(
        CollectionRequest request, Collections collections, CancellationToken cancellationToken) =>
        (await collections.CreateAsync(request, cancellationToken)).ToHttpChecked(c => TypedResults.Created($"/api/v1/collections/{c.Id}", c));

    private static async Task<Results<Ok<CollectionDetails>, ProblemHttpResult>> GetCollectionAsync(Guid id, Collections collections, CancellationToken cancellationToken) =>
        (await collections.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CollectionDetails>, ValidationProblem, ProblemHttpResult>> UpdateCollectionAsync(
        Guid id, CollectionRequest request, Collections collections, CancellationToken cancellationToken) =>
        (await collections.UpdateAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCollectionAsync(Guid id, Collections collections, CancellationToken cancellationToken) =>
        (await collections.DeleteAsync(id, cancellationToken)).ToHttp(_ => TypedResults.NoContent());

    private static async Task<Results<Ok<ProgressView>, ValidationProblem, ProblemHttpResult>> SaveProgressAsync(
        Guid id, ProgressRequest request, ProgressTracker progress, CancellationToken cancellationToken) =>
        (await progress.SaveAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);
}
