using Guild.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>The moderation of a space: pin, lock, move, hide (and later reports), composed into the community's API group.</summary>
public static class ModerationFeature
{
    public static IServiceCollection AddCommunityModeration(this IServiceCollection services)
    {
        services.AddScoped<CommunityModeration>();
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
        return community;
    }

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
