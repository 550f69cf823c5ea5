using Guild.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>
/// The call for champions through <c>/api/v1</c>: the same services as the pages, so the same rule
/// (<see cref="ChampionCallRule"/>) answers: someone outside a call's audience gets 404, a reader who may not do
/// something 403.
/// </summary>
internal static class CallsApi
{
    public static void MapCallsApi(this IEndpointRouteBuilder app)
    {
        var calls = app.MapApiGroup("/calls", "Calls for champions");
        calls.MapGet("/", ListAsync).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("ListChampionCalls").WithSummary("Every call for champions with its counts (L&D admins).");
        calls.MapGet("/open", OpenAsync)
            .WithName("ListMyOpenChampionCalls").WithSummary("The calls waiting for the caller's answer (not answered, not dismissed, still open).");
        calls.MapPost("/", CreateAsync).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("CreateChampionCall").WithSummary("Write a call for champions as a draft (L&D admins).")
            .WithDescription("Nothing is sent until POST /api/v1/calls/{id}/send. The closing day must be today or later.");
        calls.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetChampionCall").WithSummary("A call, with the caller's own answer.")
            .WithDescription("L&D admins see every call; others only sent calls they received (404 otherwise).");
        calls.MapPut("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateChampionCall").WithSummary("Change a draft (a sent call stays as its recipients received it: 409).");
        calls.MapPost("/{id:guid}/send", SendAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SendChampionCall").WithSummary("Send a draft: fixes its recipients and tells each by mail and in the app.");
        calls.MapPost("/{id:guid}/close", CloseAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CloseChampionCall").WithSummary("Close an open call before its closing day; the review goes on.");
        calls.MapPut("/{id:guid}/answer", AnswerAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AnswerChampionCall").WithSummary("Volunteer, or change the answer given before (the one answer is updated).")
            .WithDescription("Components whose level is unchanged keep the decision made about them. A closed call answers 409.");
        calls.MapPost("/{id:guid}/dismiss", DismissAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DismissChampionCall").WithSummary("Not for me: no more banner or reminders for this call.");
        calls.MapGet("/{id:guid}/review", ReviewAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("GetChampionCallReview").WithSummary("The review queue: every volunteer × component with level, hours and formats (L&D admins).");
        calls.MapPost("/{id:guid}/review/approve", ApproveAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ApproveVolunteers").WithSummary("Approve volunteers for components: they become Knowledge Champions of them.");
        calls.MapPost("/{id:guid}/review/decline", DeclineAsync).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeclineVolunteers").WithSummary("Decline volunteers for components; the message goes to each by mail and notification.");

        app.MapApiGroup("/champions", "Calls for champions")
            .MapGet("/{id:guid}/onboarding", OnboardingAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetChampionOnboarding").WithSummary("A champion's onboarding checklist (the champion and L&D admins).");
    }

    private static async Task<Results<Ok<IReadOnlyList<CallSummary>>, ProblemHttpResult>> ListAsync(ChampionCalls calls, CancellationToken cancellationToken) =>
        (await calls.ListAsync(cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Ok<IReadOnlyList<OpenCallNotice>>> OpenAsync(ChampionCalls calls, CancellationToken cancellationToken) =>
        TypedResults.Ok(await calls.OpenForMeAsync(cancellationToken));

    private static async Task<Results<Created<CallDetails>, ValidationProblem, ProblemHttpResult>> CreateAsync(CallDraft draft, ChampionCalls calls,
        CancellationToken cancellationToken) =>
        (await calls.CreateAsync(draft, cancellationToken)).ToHttpChecked(call => TypedResults.Created($"/api/v1/calls/{call.Id}", call));

    private static async Task<Results<Ok<CallDetails>, ProblemHttpResult>> GetAsync(Guid id, ChampionCalls calls, CancellationToken cancellationToken) =>
        (await calls.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CallDetails>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, CallDraft draft, ChampionCalls calls,
        CancellationToken cancellationToken) =>
        (await calls.UpdateAsync(id, draft, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<CallDetails>, ValidationProblem, ProblemHttpResult>> SendAsync(Guid id, ChampionCalls calls, CancellationToken cancellationToken) =>
        (await calls.SendAsync(id, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<CallDetails>, ProblemHttpResult>> CloseAsync(Guid id, ChampionCalls calls, CancellationToken cancellationToken) =>
        (await calls.CloseAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CallDetails>, ValidationProblem, ProblemHttpResult>> AnswerAsync(Guid id, CallAnswer answer, ChampionCalls calls,
        CancellationToken cancellationToken) =>
        (await calls.AnswerAsync(id, answer, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<CallDetails>, ProblemHttpResult>> DismissAsync(Guid id, ChampionCalls calls, CancellationToken cancellationToken) =>
        (await calls.DismissAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CallReviewQueue>, ProblemHttpResult>> ReviewAsync(Guid id, CallReview review, CancellationToken cancellationToken) =>
        (await review.QueueAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ReviewOutcome>, ValidationProblem, ProblemHttpResult>> ApproveAsync(Guid id, ReviewDecision decision, CallReview review,
        CancellationToken cancellationToken) =>
        (await review.ApproveAsync(id, decision, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ReviewOutcome>, ValidationProblem, ProblemHttpResult>> DeclineAsync(Guid id, ReviewDecision decision, CallReview review,
        CancellationToken cancellationToken) =>
        (await review.DeclineAsync(id, decision, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<OnboardingChecklist>, ProblemHttpResult>> OnboardingAsync(Guid id, ChampionOnboarding onboarding,
        CancellationToken cancellationToken) =>
        (await onboarding.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);
}
