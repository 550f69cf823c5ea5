using Guild.Web.Features.Expertise.Coverage;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Library.Resources;

/// <summary>Resources: their kinds, status from draft to published, review by a fellow champion, and history.</summary>
internal static class ResourcesFeature
{
    public static IServiceCollection AddResources(this IServiceCollection services)
    {
        services.AddScoped<ResourceLibrary>();
        services.AddResourceRule<ResourceRule>();
        services.AddCoverageSignals<ResourceCoverageSignals>(typeof(Resource), typeof(ResourceComponent));
        // Registered before the media pipeline's default (which only adds itself when none is): whoever may see a
        // resource may watch its video.
        services.AddSingleton<Media.IMediaAudience, ResourceVideoAudience>();
        services.AddSingleton<Media.IMediaReferences, ResourceMediaReferences>();
        services.AddNotificationKind(new NotificationKind(ResourceLibrary.ReviewRequestedKind, typeof(ResourceText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(ResourceLibrary.ChangesRequestedKind, typeof(ResourceText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(ResourceLibrary.ApprovedKind, typeof(ResourceText), NotificationDelivery.Immediately));
        services.AddNavigation(new NavigationItem("/library", "Nav.Library", 15, Policies.Member, TextResource: typeof(ResourceText)));
        services.AddScoped<Platform.Demo.IDemoContent, ResourcesDemoContent>();
        return services;
    }

    public static IEndpointRouteBuilder MapResources(this IEndpointRouteBuilder endpoints)
    {
        var resources = endpoints.MapApiGroup("/resources", "Library resources").RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        resources.MapGet("/", ListAsync).WithName("ListResources")
            .WithSummary("Published resources, newest first, by component, kind and language, in pages.");
        resources.MapPost("/", CreateAsync).WithName("CreateResource")
            .WithSummary("Make a resource (a draft) about components you champion.")
            .WithDescription("Champions of at least one of its components and L&D admins may; anyone else gets 403 with the reason.");
        resources.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetResource")
            .WithSummary("A resource with its components, authors and their champion badges.")
            .WithDescription("Drafts and resources in review are seen by their authors, the requested reviewer and L&D admins only; others get 404.");
        resources.MapPut("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateResource").WithSummary("An author changes the resource; a published one keeps the new version in its history.");
        resources.MapPost("/{id:guid}/review-request", RequestReviewAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RequestResourceReview").WithSummary("An author asks a champion of one of its components to review the draft; the reviewer is notified.");
        resources.MapPost("/{id:guid}/approval", ApproveAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ApproveResource").WithSummary("The reviewer approves: the resource is published and its authors are notified.");
        resources.MapPost("/{id:guid}/changes-request", RequestChangesAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RequestResourceChanges").WithSummary("The reviewer asks for changes with a message: back to draft, the authors are notified.");
        resources.MapPost("/{id:guid}/publication", PublishAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("PublishResource").WithSummary("An author publishes directly (a review is optional).");
        resources.MapPost("/{id:guid}/archive", ArchiveAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ArchiveResource").WithSummary("An L&D admin takes the resource out of the library.");
        resources.MapGet("/{id:guid}/revisions", RevisionsAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListResourceRevisions").WithSummary("The resource's published versions, newest first.");

        // The download of a File resource, for the people who may see it (outside the API: a browser link).
        endpoints.MapGet("/library/{id:guid}/file", DownloadAsync).RequireAuthorization(Policies.Member).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Published resources, newest first.</summary>
    /// <param name="component">Only resources about this component.</param>
    /// <param name="kind">Only this kind.</param>
    /// <param name="language">Only this language ("en" or "nl").</param>
    internal static async Task<Results<Ok<Paged<ResourceSummary>>, ValidationProblem>> ListAsync(Guid? component, ResourceKind? kind, string? language,
        [AsParameters] PageRequest page, ResourceLibrary library, Microsoft.Extensions.Localization.IStringLocalizer<ResourceText> text, CancellationToken cancellationToken)
    {
        if (language is not null && !ResourceLibrary.Languages.Contains(language))
        {
            return ResultHttp.Invalid("language", text["LanguageInvalid"]);
        }
        return TypedResults.Ok(await library.ListAsync(component, kind, language, page, cancellationToken));
    }

    private static async Task<Results<Created<ResourceDetails>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ResourceRequest request, ResourceLibrary library, CancellationToken cancellationToken) =>
        (await library.CreateAsync(request, cancellationToken)).ToHttpChecked(r => TypedResults.Created($"/api/v1/resources/{r.Id}", r));

    private static async Task<Results<Ok<ResourceDetails>, ProblemHttpResult>> GetAsync(Guid id, ResourceLibrary library, CancellationToken cancellationToken)
    {
        var result = await library.GetAsync(id, cancellationToken);
        if (result.IsOk)
        {
            await library.RecordViewAsync(result.Value!, cancellationToken);
        }
        return result.ToHttp(TypedResults.Ok);
    }

    private static async Task<Results<Ok<ResourceDetails>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, ResourceRequest request, ResourceLibrary library, CancellationToken cancellationToken) =>
        (await library.UpdateAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ResourceDetails>, ValidationProblem, ProblemHttpResult>> RequestReviewAsync(
        Guid id, ReviewRequest request, ResourceLibrary library, CancellationToken cancellationToken) =>
        (await library.RequestReviewAsync(id, request.ReviewerId, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ResourceDetails>, ProblemHttpResult>> ApproveAsync(Guid id, ResourceLibrary library, CancellationToken cancellationToken) =>
        (await library.ApproveAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ResourceDetails>, ValidationProblem, ProblemHttpResult>> RequestChangesAsync(
        Guid id, ChangesRequest request, ResourceLibrary library, CancellationToken cancellationToken) =>
        (await library.RequestChangesAsync(id, request.Message, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ResourceDetails>, ProblemHttpResult>> PublishAsync(Guid id, ResourceLibrary library, CancellationToken cancellationToken) =>
        (await library.PublishAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ResourceDetails>, ProblemHttpResult>> ArchiveAsync(Guid id, ResourceLibrary library, CancellationToken cancellationToken) =>
        (await library.ArchiveAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<RevisionView>>, ProblemHttpResult>> RevisionsAsync(Guid id, ResourceLibrary library, CancellationToken cancellationToken) =>
        (await library.RevisionsAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> DownloadAsync(Guid id, ResourceLibrary library, IFileStore files, CancellationToken cancellationToken)
    {
        if (await library.FileOfAsync(id, cancellationToken) is not { } file || await files.OpenReadAsync(file.Key, cancellationToken) is not { } stream)
        {
            return TypedResults.NotFound();
        }
        // Always a download, never shown as a page of Guild's origin (a stored HTML file must not run here).
        return TypedResults.File(stream, "application/octet-stream", file.Name, enableRangeProcessing: true);
    }
}
