using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Library.Feedback;

/// <summary>
/// Feedback on library resources: "did this help?", flags for the authors, sharing, the authors' reach chart, oEmbed
/// and the embeddable page.
/// </summary>
internal static class FeedbackFeature
{
    public static IServiceCollection AddFeedback(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ResourceFeedback>();
        services.AddScoped<Platform.Demo.IDemoContent, FeedbackDemoContent>();
        services.AddResourceRule<FeedbackRule>();
        services.Configure<EmbedOptions>(configuration.GetSection("Library:Embed"));
        services.AddNotificationKind(new NotificationKind(ResourceFeedback.OutdatedKind, typeof(FeedbackText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(ResourceFeedback.QuestionKind, typeof(FeedbackText), NotificationDelivery.Immediately));
        return services;
    }

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder endpoints)
    {
        var resources = endpoints.MapApiGroup("/resources", "Library resources").RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        resources.MapGet("/{id:guid}/helpfulness", HelpfulnessAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetResourceHelpfulness").WithSummary("How colleagues answered \"did this help you do your job?\", and your own answer.");
        resources.MapPut("/{id:guid}/helpfulness", AnswerAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AnswerResourceHelpfulness").WithSummary("Say whether a published resource helped you do your job (a later answer replaces it).")
            .WithDescription("Not on your own resource (403) nor on one that is not published (409).");
        resources.MapPost("/{id:guid}/flags", FlagAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("FlagResource").WithSummary("Flag a published resource as outdated, or ask its authors a question; every author is notified.");
        resources.MapPost("/{id:guid}/flags/{flagId:guid}/handled", HandleFlagAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("HandleResourceFlag").WithSummary("Mark a flag on your resource handled (its authors and L&D admins).");
        resources.MapGet("/{id:guid}/reach", ReachAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetResourceReach").WithSummary("Views, people reached and helpfulness per week of your resource (its authors and L&D admins).");
        resources.MapGet("/reach", AllReachAsync)
            .WithName("GetMyResourcesReach").WithSummary("Views, people reached and helpfulness per week of all your resources together.");
        resources.MapPost("/{id:guid}/shares", ShareAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ShareResource").WithSummary("Record that you shared a published resource's link (the learning record 'shared').");

        var oembed = endpoints.MapApiGroup("/oembed", "oEmbed").RequireAuthorization(Policies.Member);
        oembed.MapGet("/", OEmbed.AnswerAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status501NotImplemented)
            .WithName("OEmbed").WithSummary("oEmbed 1.0: how to embed a published resource (JSON; a 'video' for video, else 'rich').")
            .WithDescription("The page it embeds, /library/{id}/embed, asks the viewer to be signed in like every page of the library.");
        return endpoints;
    }

    private static async Task<Results<Ok<HelpfulnessSummary>, ProblemHttpResult>> HelpfulnessAsync(Guid id, ResourceFeedback feedback,
        Resources.ResourceLibrary library, CancellationToken cancellationToken)
    {
        // Seeing the answers is seeing the resource.
        var resource = await library.GetAsync(id, cancellationToken);
        return resource.IsOk
            ? TypedResults.Ok(await feedback.SummaryAsync(id, cancellationToken))
            : Result<HelpfulnessSummary>.NotFound().ToHttp(TypedResults.Ok);
    }

    private static async Task<Results<Ok<HelpfulnessSummary>, ValidationProblem, ProblemHttpResult>> AnswerAsync(Guid id, HelpfulAnswer answer,
        ResourceFeedback feedback, CancellationToken cancellationToken) =>
        (await feedback.AnswerAsync(id, answer, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Created<FlagView>, ValidationProblem, ProblemHttpResult>> FlagAsync(Guid id, FlagRequest request,
        ResourceFeedback feedback, CancellationToken cancellationToken) =>
        (await feedback.FlagAsync(id, request, cancellationToken)).ToHttpChecked(f => TypedResults.Created($"/api/v1/resources/{id}/flags/{f.Id}", f));

    private static async Task<Results<Ok<FlagView>, ProblemHttpResult>> HandleFlagAsync(Guid id, Guid flagId, ResourceFeedback feedback,
        CancellationToken cancellationToken)
    {
        var result = await feedback.HandleFlagAsync(flagId, cancellationToken);
        // A flag of another resource named under this one's address is no flag here.
        return result.IsOk && result.Value!.ResourceId != id ? Result<FlagView>.NotFound().ToHttp(TypedResults.Ok) : result.ToHttp(TypedResults.Ok);
    }

    private static async Task<Results<Ok<ReachReport>, ProblemHttpResult>> ReachAsync(Guid id, ResourceFeedback feedback, CancellationToken cancellationToken) =>
        (await feedback.ReachAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ReachReport>, ProblemHttpResult>> AllReachAsync(ResourceFeedback feedback, CancellationToken cancellationToken) =>
        (await feedback.ReachAsync(null, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<NoContent, ProblemHttpResult>> ShareAsync(Guid id, ResourceFeedback feedback, CancellationToken cancellationToken) =>
        (await feedback.ShareAsync(id, cancellationToken)).ToHttp(_ => TypedResults.NoContent());
}
