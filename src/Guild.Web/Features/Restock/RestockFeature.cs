using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Restock;

/// <summary>
/// The restock board: what people looked for in vain (similar searches grouped by meaning), resources flagged outdated and
/// components with demand but no resource or champion, ranked by demand, for L&amp;D admins to turn into requests for
/// champions; when the resource is published, everyone who waited hears that it is there.
/// </summary>
public static class RestockFeature
{
    public static WebApplicationBuilder AddRestock(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<RestockBoard>();
        services.AddScoped<RestockCompletion>();
        services.AddScoped<SearchGrouping>();
        services.AddScoped<IResourcePublishedListener, RestockOnPublish>();
        services.AddResourceRule<RestockRule>();
        services.AddRestockDemandSource<SearchDemand>();
        services.AddRestockDemandSource<OutdatedDemand>();
        services.AddRestockDemandSource<GapDemand>();
        services.AddScoped<IJobHandler, SearchGroupingJob>();
        services.AddJobKind(new JobKind(SearchGroupingJob.JobKind, typeof(RestockText)));
        // Grouped before L&D's day starts; the board queues it too when it sees searches not grouped yet.
        services.AddRecurringJob(new RecurringJob("restock.group-searches", SearchGroupingJob.JobKind, Schedules.DailyAt(new(6, 30))));
        services.AddNotificationKind(new NotificationKind(RestockBoard.AssignedKind, typeof(RestockText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(RestockCompletion.RestockedKind, typeof(RestockText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(RestockCompletion.DoneKind, typeof(RestockText), NotificationDelivery.DailyDigest));
        services.AddNavigation(new NavigationItem("/restock", "Nav.Restock", 917, Policies.LearningAdmin, NavigationArea.Administration, typeof(RestockText)));
        services.AddNavigation(new NavigationItem("/restock/mine", "Nav.RestockMine", 42, Policies.Champion, TextResource: typeof(RestockText)));
        services.AddScoped<Platform.Demo.IDemoContent, RestockDemoContent>();
        return builder;
    }

    public static WebApplication MapRestock(this WebApplication app)
    {
        var restock = app.MapApiGroup("/restock", "Restock board").RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        restock.MapGet("/", BoardAsync).WithName("GetRestockBoard")
            .WithSummary("What people need that the library lacks, ranked by demand: grouped unanswered searches, outdated flags, components with demand and no resource or champion.")
            .WithDescription("L&D admins only. Items with an open restock request are left out (they are under requests); a done item returns when people ask for it again.");
        restock.MapPost("/requests", CreateAsync).ProducesProblem(StatusCodes.Status409Conflict).WithName("CreateRestockRequest")
            .WithSummary("Turn a board item into a restock request for a Knowledge Champion, due on a day; the champion is notified.");
        restock.MapGet("/requests/mine", MineAsync).WithName("ListMyRestockRequests")
            .WithSummary("The restock requests assigned to me: open ones soonest due first, then done and cancelled ones.");
        restock.MapGet("/requests/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetRestockRequest")
            .WithSummary("A restock request (its champion and L&D admins; 404 for anyone else).");
        restock.MapPost("/requests/{id:guid}/fulfilment", FulfilAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("FulfilRestockRequest")
            .WithSummary("Name the resource that fulfils the request: a published one makes it done at once, a draft when it is published.")
            .WithDescription("When it is done, everyone who searched, flagged or asked for the item gets one notification that the resource is there.");
        restock.MapPost("/requests/{id:guid}/cancellation", CancelAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("CancelRestockRequest")
            .WithSummary("Call an open restock request off (L&D admins); its item returns to the board.");
        return app;
    }

    /// <summary>The restock board.</summary>
    /// <param name="kind">Only items of this kind: Search, Outdated, Gap or Ask.</param>
    /// <param name="component">Only items about this component.</param>
    internal static async Task<Results<Ok<RestockBoardView>, ProblemHttpResult>> BoardAsync(RestockKind? kind, Guid? component, RestockBoard board,
        CancellationToken cancellationToken) =>
        (await board.BoardAsync(kind, component, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<RestockRequestView>, ValidationProblem, ProblemHttpResult>> CreateAsync(RestockRequestInput request,
        RestockBoard board, CancellationToken cancellationToken) =>
        (await board.CreateAsync(request, cancellationToken)).ToHttpChecked(created => TypedResults.Created($"/api/v1/restock/requests/{created.Id}", created));

    private static async Task<Ok<IReadOnlyList<RestockRequestView>>> MineAsync(RestockBoard board, CancellationToken cancellationToken) =>
        TypedResults.Ok(await board.MineAsync(cancellationToken));

    private static async Task<Results<Ok<RestockRequestView>, ProblemHttpResult>> GetAsync(Guid id, RestockBoard board, CancellationToken cancellationToken) =>
        (await board.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<RestockRequestView>, ValidationProblem, ProblemHttpResult>> FulfilAsync(Guid id, RestockFulfilment request,
        RestockBoard board, CancellationToken cancellationToken) =>
        (await board.FulfilAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<RestockRequestView>, ProblemHttpResult>> CancelAsync(Guid id, RestockBoard board, CancellationToken cancellationToken) =>
        (await board.CancelAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);
}
