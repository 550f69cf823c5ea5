using Guild.Web.Features.Community.Posts;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>The moderation of a space: pin, lock, move, hide (and later reports), composed into the community's API group.</summary>
public static class ModerationFeature
{
    public static IServiceCollection AddCommunityModeration(this IServiceCollection services)
    {
        services.AddScoped<CommunityModeration>();
        services.AddScoped<PostReports>();
        services.AddScoped<AcknowledgementQueue>();
        services.AddScoped<FacilitationPrompts>();
        services.AddScoped<FacilitationFigures>();
        services.AddScoped<SpaceConduct>();
        services.AddScoped<HeldPosts>();
        services.AddNotificationKind(new NotificationKind(PostReports.ReportedKind, typeof(ModerationText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(HeldPosts.HeldKind, typeof(ConductText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(HeldPosts.ApprovedKind, typeof(ConductText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(HeldPosts.DeclinedKind, typeof(ConductText), NotificationDelivery.Immediately));
        return services;
    }

    public static RouteGroupBuilder MapCommunityModeration(this RouteGroupBuilder community)
    {
        community.MapPut("/threads/{id:guid}/pinned", PinAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("PinThread")
            .WithSummary("Pin a thread (first on its space's home) or unpin it (the space's moderators; audited).");
        community.MapPut("/threads/{id:guid}/locked", LockAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("LockThread")
            .WithSummary("Lock a thread with a reason (no new replies) or unlock it (the space's moderators; audited).");
        community.MapPost("/threads/{id:guid}/move", MoveAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("MoveThread")
            .WithSummary("Move a thread and its replies to another space the moderator also moderates, with a reason (audited).");
        community.MapPut("/posts/{id:guid}/hidden", HideAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("HidePost")
            .WithSummary("Hide a post with a reason its author reads, or show it again (the space's moderators; audited).");
        community.MapPost("/posts/{id:guid}/reports", ReportAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ReportPost").WithSummary("Report a post to its space's moderators with a reason (one open report per person and post; at most 10 an hour).");
        community.MapGet("/spaces/{id:guid}/reports", OpenReportsAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListOpenReports")
            .WithSummary("A space's open reports, oldest first (the space's moderators).");
        community.MapPost("/reports/{id:guid}/resolution", ResolveAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ResolveReport").WithSummary("Resolve a report: hide the post (the note is the reason its author reads) or keep it (the space's moderators; audited).");
        community.MapGet("/spaces/{id:guid}/queue", QueueAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetAcknowledgementQueue")
            .WithSummary("What waits for a first response beyond the space's working hours (weekends and holidays do not count), oldest first (its moderators).");
        community.MapPut("/spaces/{id:guid}/queue/setting", SetWithinAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("SetAcknowledgementQueueSetting")
            .WithSummary("How many working hours (1-200, default 24) a contribution may wait before it queues (the space's moderators).");
        community.MapPut("/threads/{id:guid}/claim", ClaimAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ClaimQueuedThread").WithSummary("Claim a queued thread so the other moderators see who took it on, or let it go.");
        community.MapGet("/spaces/{id:guid}/facilitation-figures", FiguresAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetFacilitationFigures")
            .WithSummary("A space's facilitation figures over 12 weeks: median and p90 working hours to a first acknowledgement by colleagues and by moderators, share acknowledged, unanswered questions, week by week (its moderators and L&D admins).");
        community.MapGet("/threads/{id:guid}/suggestions", SuggestionsAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetFacilitationSuggestions")
            .WithSummary("Deepening questions and a reply template for a thread, by its kind and its space's components, in the caller's language, for a moderator to adapt and post as their own reply (the space's moderators).");
        community.MapGet("/spaces/{id:guid}/conduct", ConductAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetCodeOfConduct")
            .WithSummary("A space's current code of conduct, its version and whether I accepted it; its moderators also get the count of members who accepted it.");
        community.MapPut("/spaces/{id:guid}/conduct", SetConductAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("SetCodeOfConduct")
            .WithSummary("Write a new version of a space's code of conduct in Markdown (empty takes it away; the space's moderators; audited).");
        community.MapPost("/spaces/{id:guid}/conduct/acceptance", AcceptConductAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("AcceptCodeOfConduct")
            .WithSummary("Accept the current version of a space's code of conduct, named by its number (members; once per version; audited).");
        community.MapPut("/spaces/{id:guid}/holding", SetHoldingAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("SetHoldFirstPosts")
            .WithSummary("Hold members' first contributions in a space for review, or stop holding them (the space's moderators; audited).");
        community.MapGet("/spaces/{id:guid}/held", HeldAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListHeldPosts")
            .WithSummary("First contributions waiting for a moderator in a space, oldest first (the space's moderators).");
        community.MapPost("/posts/{id:guid}/approval", ApproveAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ApproveHeldPost").WithSummary("Approve a held post, optionally with edited text or title: published as of now, mentions and followers notified once (the space's moderators; audited).");
        community.MapPost("/posts/{id:guid}/decline", DeclineAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeclineHeldPost").WithSummary("Decline a held post with a reason its author reads; nobody else sees it (the space's moderators; audited).");
        return community;
    }

    private static async Task<Results<Ok<ConductView>, ProblemHttpResult>> ConductAsync(Guid id, SpaceConduct conduct, CancellationToken cancellationToken) =>
        (await conduct.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ConductView>, ValidationProblem, ProblemHttpResult>> SetConductAsync(Guid id, ConductRequest request, SpaceConduct conduct,
        CancellationToken cancellationToken) =>
        (await conduct.SetAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ConductAcceptanceView>, ValidationProblem, ProblemHttpResult>> AcceptConductAsync(Guid id, ConductAcceptanceRequest request,
        SpaceConduct conduct, CancellationToken cancellationToken) =>
        (await conduct.AcceptAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ConductView>, ValidationProblem, ProblemHttpResult>> SetHoldingAsync(Guid id, HoldingRequest request, SpaceConduct conduct,
        CancellationToken cancellationToken) =>
        (await conduct.SetHoldingAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<HeldPostView>>, ProblemHttpResult>> HeldAsync(Guid id, HeldPosts held, CancellationToken cancellationToken) =>
        (await held.ListAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> ApproveAsync(Guid id, ApprovalRequest request, CommunityThreads threads,
        CancellationToken cancellationToken) =>
        (await threads.ApproveAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> DeclineAsync(Guid id, DeclineRequest request, CommunityThreads threads,
        CancellationToken cancellationToken) =>
        (await threads.DeclineAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<QueueView>, ProblemHttpResult>> QueueAsync(Guid id, AcknowledgementQueue queue, CancellationToken cancellationToken) =>
        (await queue.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<FacilitationFiguresView>, ProblemHttpResult>> FiguresAsync(Guid id, FacilitationFigures figures, CancellationToken cancellationToken) =>
        (await figures.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<FacilitationSuggestion>>, ProblemHttpResult>> SuggestionsAsync(Guid id, FacilitationPrompts prompts,
        CancellationToken cancellationToken) =>
        (await prompts.ForThreadAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<QueueView>, ValidationProblem, ProblemHttpResult>> SetWithinAsync(Guid id, QueueSettingRequest request,
        AcknowledgementQueue queue, CancellationToken cancellationToken) =>
        (await queue.SetWithinAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<QueueClaimView>, ValidationProblem, ProblemHttpResult>> ClaimAsync(Guid id, ClaimRequest request,
        AcknowledgementQueue queue, CancellationToken cancellationToken) =>
        (await queue.ClaimAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Created<ReportReceipt>, ValidationProblem, ProblemHttpResult>> ReportAsync(Guid id, ReportRequest request,
        PostReports reports, CancellationToken cancellationToken)
    {
        if (await reports.FloodingAsync(cancellationToken))
        {
            return TypedResults.Problem(reports.FloodMessage, statusCode: StatusCodes.Status429TooManyRequests);
        }
        return (await reports.ReportAsync(id, request, cancellationToken)).ToHttpChecked(receipt => TypedResults.Created($"/api/v1/community/posts/{id}/reports", receipt));
    }

    private static async Task<Results<Ok<IReadOnlyList<ReportView>>, ProblemHttpResult>> OpenReportsAsync(Guid id, PostReports reports, CancellationToken cancellationToken) =>
        (await reports.OpenAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ReportResolution>, ValidationProblem, ProblemHttpResult>> ResolveAsync(Guid id, ResolutionRequest request,
        PostReports reports, CancellationToken cancellationToken) =>
        (await reports.ResolveAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> PinAsync(Guid id, ModerationRequest request,
        CommunityModeration moderation, CancellationToken cancellationToken) =>
        (await moderation.PinAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> LockAsync(Guid id, ModerationRequest request,
        CommunityModeration moderation, CancellationToken cancellationToken) =>
        (await moderation.LockAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> MoveAsync(Guid id, MoveRequest request,
        CommunityModeration moderation, CancellationToken cancellationToken) =>
        (await moderation.MoveAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> HideAsync(Guid id, ModerationRequest request,
        CommunityModeration moderation, CancellationToken cancellationToken) =>
        (await moderation.HideAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);
}
