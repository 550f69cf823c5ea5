using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// The library's search: full text and sentence embeddings ranked together, the header's search box, the results page,
/// <c>GET /api/v1/search</c>, and the record of searches that found nothing useful (the restock board's source).
/// </summary>
internal static class SearchFeature
{
    public static IServiceCollection AddLibrarySearch(this IServiceCollection services)
    {
        services.AddSingleton<SentenceEmbedder>();
        services.AddSingleton<ResourceVectors>();
        services.AddSingleton<SearchVocabulary>();
        services.AddSingleton<IInterceptor, SearchIndexInterceptor>();
        services.AddScoped<LibrarySearchService>();
        services.AddScoped<IJobHandler, SearchEmbedJob>();
        services.AddScoped<IJobHandler, SearchSettleJob>();
        services.AddJobKind(new JobKind(SearchEmbedJob.JobKind, typeof(SearchText)));
        services.AddJobKind(new JobKind(SearchSettleJob.JobKind, typeof(SearchText)));
        services.AddScoped<Platform.Demo.IDemoContent, SearchDemoContent>();
        return services;
    }

    public static IEndpointRouteBuilder MapLibrarySearch(this IEndpointRouteBuilder endpoints)
    {
        var search = endpoints.MapApiGroup("/search", "Library search").RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        search.MapGet("/", SearchAsync).WithName("SearchLibrary")
            .WithSummary("Search the library with a question in your own words: full text and meaning ranked together, with facets and highlights.")
            .WithDescription("Finds published resources (and your own drafts) that answer q confidently; none when nothing does. " +
                             "Each search is recorded: one that finds nothing, or whose results are not opened (through each result's url) within " +
                             "30 minutes, is passed on to the Knowledge Champions as unanswered. An empty or overlong q is a 400.");

        // A result's link: records the click (so an answered search is told from one nobody followed), then opens the resource.
        endpoints.MapGet("/library/search/open", OpenAsync).RequireAuthorization(Policies.Member).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Search the library.</summary>
    /// <param name="q">The question, 1 to 200 characters.</param>
    /// <param name="component">Only resources about this component.</param>
    /// <param name="kind">Only this kind.</param>
    /// <param name="language">Only this language ("en" or "nl").</param>
    /// <param name="length">Only this length: Brief (up to 5 minutes), Medium (5 to 15), Extended.</param>
    /// <param name="limit">At most this many results (1 to 50, default 20).</param>
    internal static async Task<Results<Ok<SearchAnswer>, ValidationProblem, ProblemHttpResult>> SearchAsync(string? q, Guid? component, ResourceKind? kind,
        string? language, SearchLength? length, int? limit, LibrarySearchService service, CancellationToken cancellationToken)
    {
        var result = await service.SearchAsync(q, new SearchFilters(component, kind, language, length), limit ?? 20, LibrarySearchService.CurrentLanguage(), cancellationToken);
        return result.ToHttpChecked(TypedResults.Ok);
    }

    private static async Task<RedirectHttpResult> OpenAsync(Guid search, Guid resource, LibrarySearchService service, CancellationToken cancellationToken) =>
        TypedResults.LocalRedirect(await service.OpenAsync(search, resource, cancellationToken));
}
