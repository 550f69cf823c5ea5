using Guild.Web.Features.Community.Digests;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Community.WorkingOutLoud;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Community;

/// <summary>
/// The community hub: spaces (open, closed, secret) with members and moderators, threads of posts with threaded replies,
/// reactions, mentions, follows, questions marked answered, shared literature, an idea board for innovators networks,
/// and questions asked anonymously that only the space's moderators can trace (with a reason, audited).
/// </summary>
public static class CommunityFeature
{
    public static WebApplicationBuilder AddCommunity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CommunitySpaces>();
        services.AddScoped<CommunityThreads>();
        services.AddResourceRule<SpaceRule>();
        services.AddCommunityModeration();
        services.AddNotificationKind(new NotificationKind(CommunityThreads.MentionedKind, typeof(CommunityText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(CommunityThreads.RepliedKind, typeof(CommunityText), NotificationDelivery.DailyDigest));
        services.AddNotificationKind(new NotificationKind(CommunityThreads.NewThreadKind, typeof(CommunityText), NotificationDelivery.DailyDigest));
        services.AddNotificationKind(new NotificationKind(CommunitySpaces.JoinRequestedKind, typeof(CommunityText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(CommunitySpaces.MembershipKind, typeof(CommunityText), NotificationDelivery.Immediately));
        services.AddNavigation(new NavigationItem("/community", "Nav.Community", 20, Policies.Member, TextResource: typeof(CommunityText)));
        services.AddScoped<Platform.Demo.IDemoContent, CommunityDemoContent>();
        services.AddWorkingOutLoud();
        services.AddCommunityDigests();
        return builder;
    }

    public static WebApplication MapCommunity(this WebApplication app)
    {
        var community = app.MapApiGroup("/community", "Community").RequireAuthorization(Policies.Member).ProducesProblem(StatusCodes.Status403Forbidden);
        community.MapGet("/spaces", ListSpacesAsync).WithName("ListSpaces")
            .WithSummary("The spaces I may see: mine first, then open and closed ones (secret spaces only to their members).");
        community.MapPost("/spaces", CreateSpaceAsync).WithName("CreateSpace")
            .WithSummary("Make a space (people with the Moderator or L&D admin role); its maker moderates it.");
        community.MapGet("/spaces/{id:guid}", GetSpaceAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetSpace")
            .WithSummary("A space's home: what is new, unanswered questions, who is active; requests to join for its moderators.");
        community.MapPut("/spaces/{id:guid}", UpdateSpaceAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateSpace")
            .WithSummary("Change a space's name, address, kind, reactions, anonymity, idea board and components (its moderators).");
        community.MapPost("/spaces/{id:guid}/membership", JoinAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("JoinSpace").WithSummary("Join an open space, or ask to join a closed one (its moderators decide).");
        community.MapDelete("/spaces/{id:guid}/membership", LeaveAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("LeaveSpace").WithSummary("Leave a space or withdraw a request to join; leaving a closed or secret space ends following its threads.");
        community.MapPost("/spaces/{id:guid}/members", AddMemberAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("AddSpaceMember")
            .WithSummary("Add a colleague by handle, optionally as moderator (the space's moderators; the way into a secret space).");
        community.MapPost("/spaces/{id:guid}/requests/{personId:guid}/decision", DecideAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DecideJoinRequest").WithSummary("Approve or decline a request to join, with a word to the person (the space's moderators).");
        community.MapPut("/spaces/{id:guid}/follow", FollowSpaceAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("FollowSpace")
            .WithSummary("Follow a space (every new thread and reply) or stop following it.");
        community.MapGet("/spaces/{id:guid}/threads", ThreadsAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListThreads")
            .WithSummary("A space's threads by latest activity (those who may read it).");
        community.MapPost("/spaces/{id:guid}/threads", StartAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("StartThread")
            .WithSummary("Start a thread: a discussion, a question (anonymous where the space allows), shared literature or an idea (members).");
        community.MapGet("/threads/{id:guid}", GetThreadAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetThread")
            .WithSummary("A thread with every post in conversation order, reaction counts and my reactions; anonymous authors are left out.");
        community.MapPost("/threads/{id:guid}/answer", MarkAnswerAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("MarkAnswer").WithSummary("Mark the reply that answers a question, or take the mark away (the asker or a space moderator).");
        community.MapPut("/threads/{id:guid}/follow", FollowThreadAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("FollowThread")
            .WithSummary("Follow a thread (its new replies notify me) or stop following it.");
        community.MapPost("/threads/{id:guid}/trials", TryIdeaAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("TryIdea").WithSummary("\"I tried it\" on an idea, with a note; the idea moves to \"tried\".");
        community.MapPut("/threads/{id:guid}/stage", SetStageAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetIdeaStage").WithSummary("Move an idea to idea, tried or adopted (its author or a space moderator).");
        community.MapPost("/posts/{id:guid}/replies", ReplyAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ReplyToPost").WithSummary("Reply to a post; mentions and followers are notified once each.");
        community.MapPut("/posts/{id:guid}", EditAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("EditPost")
            .WithSummary("Change my post's text (and a first post's title); it then shows \"edited\".");
        community.MapDelete("/posts/{id:guid}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("DeletePost")
            .WithSummary("Delete my post: gone without replies, a \"deleted\" tombstone with them. Answers the thread.");
        community.MapPut("/posts/{id:guid}/reactions", ReactAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ReactToPost").WithSummary("Give or take back a reaction the space offers (one of each kind per person).");
        community.MapPost("/posts/{id:guid}/author-reveal", RevealAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RevealPostAuthor").WithSummary("Who wrote an anonymous post (the space's moderators, with a reason; audited).");
        community.MapWorkingOutLoud();
        community.MapPost("/preview", Preview).WithName("PreviewPost")
            .WithSummary("Markdown rendered and sanitised exactly as a post shows it (the editor's preview; nothing is saved).");
        community.MapCommunityModeration();
        app.MapCommunityDigests(community);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<SpaceSummary>>> ListSpacesAsync(CommunitySpaces spaces, CancellationToken cancellationToken) =>
        TypedResults.Ok(await spaces.ListAsync(cancellationToken));

    private static async Task<Results<Created<SpaceView>, ValidationProblem, ProblemHttpResult>> CreateSpaceAsync(SpaceRequest request, CommunitySpaces spaces,
        CancellationToken cancellationToken) =>
        (await spaces.CreateAsync(request, cancellationToken)).ToHttpChecked(space => TypedResults.Created($"/api/v1/community/spaces/{space.Id}", space));

    private static async Task<Results<Ok<SpaceView>, ProblemHttpResult>> GetSpaceAsync(Guid id, CommunitySpaces spaces, CancellationToken cancellationToken) =>
        (await spaces.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<SpaceView>, ValidationProblem, ProblemHttpResult>> UpdateSpaceAsync(Guid id, SpaceRequest request, CommunitySpaces spaces,
        CancellationToken cancellationToken) =>
        (await spaces.UpdateAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SpaceView>, ValidationProblem, ProblemHttpResult>> JoinAsync(Guid id, JoinRequest request, CommunitySpaces spaces,
        CancellationToken cancellationToken) =>
        (await spaces.JoinAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SpaceView>, ProblemHttpResult>> LeaveAsync(Guid id, CommunitySpaces spaces, CancellationToken cancellationToken) =>
        (await spaces.LeaveAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<SpaceView>, ValidationProblem, ProblemHttpResult>> AddMemberAsync(Guid id, MemberInvitation request, CommunitySpaces spaces,
        CancellationToken cancellationToken) =>
        (await spaces.AddMemberAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SpaceView>, ValidationProblem, ProblemHttpResult>> DecideAsync(Guid id, Guid personId, JoinDecision request,
        CommunitySpaces spaces, CancellationToken cancellationToken) =>
        (await spaces.DecideAsync(id, personId, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SpaceView>, ValidationProblem, ProblemHttpResult>> FollowSpaceAsync(Guid id, FollowRequest request, CommunitySpaces spaces,
        CancellationToken cancellationToken) =>
        (await spaces.FollowAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    /// <param name="kind">Only threads of this kind (Discussion, Question, Literature, Idea).</param>
    internal static async Task<Results<Ok<IReadOnlyList<ThreadSummary>>, ProblemHttpResult>> ThreadsAsync(Guid id, CommunitySpaces spaces,
        CancellationToken cancellationToken, PostKind? kind = null) =>
        (await spaces.ThreadsAsync(id, kind, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<ThreadView>, ValidationProblem, ProblemHttpResult>> StartAsync(Guid id, ThreadRequest request,
        CommunityThreads threads, CancellationToken cancellationToken) =>
        (await threads.StartAsync(id, request, cancellationToken)).ToHttpChecked(thread => TypedResults.Created($"/api/v1/community/threads/{thread.Id}", thread));

    private static async Task<Results<Ok<ThreadView>, ProblemHttpResult>> GetThreadAsync(Guid id, CommunityThreads threads, CancellationToken cancellationToken) =>
        (await threads.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> MarkAnswerAsync(Guid id, AnswerMark request, CommunityThreads threads,
        CancellationToken cancellationToken) =>
        (await threads.MarkAnswerAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> FollowThreadAsync(Guid id, FollowRequest request,
        CommunityThreads threads, CancellationToken cancellationToken) =>
        (await threads.FollowAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> TryIdeaAsync(Guid id, TrialRequest request, CommunityThreads threads,
        CancellationToken cancellationToken) =>
        (await threads.TryIdeaAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> SetStageAsync(Guid id, StageRequest request, CommunityThreads threads,
        CancellationToken cancellationToken) =>
        (await threads.SetStageAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> ReplyAsync(Guid id, PostText request, CommunityThreads threads,
        CancellationToken cancellationToken) =>
        (await threads.ReplyAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> EditAsync(Guid id, PostText request, CommunityThreads threads,
        CancellationToken cancellationToken) =>
        (await threads.EditAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ProblemHttpResult>> DeleteAsync(Guid id, CommunityThreads threads, CancellationToken cancellationToken) =>
        (await threads.DeleteAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ThreadView>, ValidationProblem, ProblemHttpResult>> ReactAsync(Guid id, ReactionRequest request, CommunityThreads threads,
        CancellationToken cancellationToken) =>
        (await threads.ReactAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<RevealedPostAuthor>, ValidationProblem, ProblemHttpResult>> RevealAsync(Guid id, RevealRequest request,
        CommunityThreads threads, CancellationToken cancellationToken) =>
        (await threads.RevealAuthorAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static Results<Ok<PreviewView>, ValidationProblem, ProblemHttpResult> Preview(PreviewRequest request, CommunityThreads threads) =>
        threads.Preview(request).ToHttpChecked(TypedResults.Ok);
}
