using Guild.Web.Features.Expertise.Coverage;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Restock;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Mail.Inbound;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Asks;

/// <summary>
/// Asks: a question the library could not answer goes to the colleagues most likely to answer it today; colleagues say
/// "me too" and follow; a champion claims and answers; the asker confirms; L&amp;D sees the figures.
/// </summary>
public static class AsksFeature
{
    public static WebApplicationBuilder AddAsks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AskOptions>(builder.Configuration.GetSection("Asks"));
        services.AddScoped<Asking>();
        services.AddScoped<AskAnswers>();
        services.AddScoped<IResourcePublishedListener, AskRecordingOnPublish>();
        services.AddScoped<AskRouter>();
        services.AddScoped<AskMails>();
        services.AddInboundReplyHandler<AskReplyHandler>();
        services.AddRestockDemandSource<AskRestockDemand>();
        services.AddScoped<AskFigureReport>();
        services.AddCoverageSignals<AskCoverageSignals>(typeof(Ask));
        services.AddSingleton<AskDemand>();
        services.AddSingleton<AskComponentVectors>();
        services.AddResourceRule<AskRule>();
        services.AddScoped<IJobHandler, AskEscalationJob>();
        services.AddScoped<IJobHandler, AskNudgeJob>();
        services.AddJobKind(new JobKind(AskEscalationJob.JobKind, typeof(AsksText)));
        services.AddJobKind(new JobKind(AskNudgeJob.JobKind, typeof(AsksText)));
        // Routed people get the ask's own mail (AskMails, which a reply can answer), so this kind mails nobody by default.
        services.AddNotificationKind(new NotificationKind(AskRouter.RoutedKind, typeof(AsksText), NotificationDelivery.Off));
        services.AddNotificationKind(new NotificationKind(Asking.AnsweredKind, typeof(AsksText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(Asking.NotYetKind, typeof(AsksText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(Asking.NudgeKind, typeof(AsksText), NotificationDelivery.Immediately));
        services.AddNavigation(new NavigationItem("/asks", "Nav.Asks", 18, Policies.Member, TextResource: typeof(AsksText)));
        services.AddNavigation(new NavigationItem("/asks/figures", "Nav.AskFigures", 917, Policies.LearningAdmin, NavigationArea.Administration, typeof(AsksText)));
        services.AddScoped<Platform.Demo.IDemoContent, AsksDemoContent>();
        // The working calendar's editing (a person's hours, public holidays) arrives with asks, its first user.
        services.AddScoped<Platform.Organisation.WorkingCalendarEditing>();
        services.AddNavigation(new NavigationItem("/admin/holidays", "Nav.Holidays", 918, Policies.LearningAdmin, NavigationArea.Administration,
            typeof(Platform.Organisation.CalendarText)));
        return builder;
    }

    public static WebApplication MapAsks(this WebApplication app)
    {
        var asks = app.MapApiGroup("/asks", "Asks").RequireAuthorization(Policies.Member).ProducesProblem(StatusCodes.Status403Forbidden);
        asks.MapGet("/", MineAsync).WithName("ListMyAsks").WithSummary("Asks for me as champion (routed or claimed), asks I asked, and asks I follow.");
        asks.MapPost("/", PostAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("PostAsk").WithSummary("Ask a question; Guild routes it to the champions most likely to answer it today.")
            .WithDescription("409 when the caller posted too many asks in the last hour. A screenshot or file follows with PUT /api/v1/asks/{id}/attachment.");
        asks.MapGet("/suggestions", SuggestAsync).WithName("SuggestForAsk")
            .WithSummary("Resources and answered asks that may already answer a question being typed (nothing is recorded).");
        asks.MapPost("/solved-by-library", SolvedByLibraryAsync).WithName("RecordAskSolvedByLibrary")
            .WithSummary("A suggested resource solved the question: it is not posted, and the figures count it as solved by the library.");
        asks.MapGet("/figures", FiguresAsync).WithName("GetAskFigures")
            .WithSummary("Same-day solved rate and median working time to first response and to solution, per component and department (L&D admins).");
        asks.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetAsk").WithSummary("An ask with its answers; the author is left out when it is anonymous, routing reasons are for L&D admins.");
        asks.MapPost("/{id:guid}/claim", ClaimAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ClaimAsk").WithSummary("Claim an ask to answer it (people it was routed to, champions of its component, L&D admins).");
        asks.MapPost("/{id:guid}/answers", AnswerAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("AnswerAsk").WithSummary("Answer an ask with Markdown and/or a link to a published resource (a recording made with the recorder, an article).");
        asks.MapPost("/{id:guid}/answers/{answerId:guid}/resource", ToResourceAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("TurnAnswerIntoResource").WithSummary("Turn my answer into a draft library article that links back to the ask; answers its id.");
        asks.MapPost("/{id:guid}/confirmation", ConfirmAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ConfirmAsk").WithSummary("The asker says the answer solved it, or not yet.");
        asks.MapPut("/{id:guid}/attachment", AttachAsync)
            .WithMetadata(new RequestSizeLimitAttribute(app.Services.GetRequiredService<IOptions<AskOptions>>().Value.AttachmentMaxBytes + 64 * 1024))
            .Accepts<byte[]>("image/png", "image/jpeg", "image/webp", "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("AttachToAsk").WithSummary("Add or replace the screenshot or file of my ask: the file is the request body (PNG, JPEG, WebP or PDF, at most 10 MB).")
            .WithDescription("Only the asker, while the ask waits for an answer or a confirmation; checked before the body is read. Send " +
                             "Content-Length, and the file's name in Content-Disposition (attachment; filename=\"screen.png\") if it has one. The " +
                             "file's bytes decide what it is: a renamed text file is refused with 400 and nothing changes. Colleagues download it at /asks/{id}/attachment.");
        asks.MapPut("/{id:guid}/support", SupportAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SupportAsk").WithSummary("Say \"me too\" and/or follow an ask (or take either back).");
        asks.MapGet("/{id:guid}/similar", SimilarAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListSimilarAsks").WithSummary("Open asks close in meaning to this one: merge suggestions (moderators and L&D admins).");
        asks.MapPost("/{id:guid}/merge", MergeAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("MergeAsk").WithSummary("Merge this ask into another: its followers and \"me too\"s move there, and it points to the kept one.");
        asks.MapPost("/{id:guid}/author-reveal", RevealAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RevealAskAuthor").WithSummary("Who asked an anonymous ask (moderators and L&D admins, when the organisation allows; audited).");

        Platform.Organisation.WorkingCalendarApi.MapWorkingCalendar(app);
        app.MapGet("/asks/{id:guid}/attachment", AttachmentAsync).RequireAuthorization(Policies.Member).ExcludeFromDescription();
        return app;
    }

    private static async Task<Ok<MyAsks>> MineAsync(Asking asking, CancellationToken cancellationToken) =>
        TypedResults.Ok(await asking.MineAsync(cancellationToken));

    private static async Task<Results<Created<AskView>, ValidationProblem, ProblemHttpResult>> PostAsync(AskRequest request, Asking asking, CancellationToken cancellationToken) =>
        (await asking.PostAsync(request, null, cancellationToken)).ToHttpChecked(ask => TypedResults.Created($"/api/v1/asks/{ask.Id}", ask));

    /// <param name="q">The question as typed so far (up to 200 characters).</param>
    internal static async Task<Results<Ok<AskSuggestions>, ValidationProblem, ProblemHttpResult>> SuggestAsync(string? q, Asking asking, CancellationToken cancellationToken) =>
        (await asking.SuggestAsync(q, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SolvedByLibraryAsync(SolvedByLibraryRequest request, Asking asking,
        CancellationToken cancellationToken) =>
        (await asking.SolvedByLibraryAsync(request, cancellationToken)).ToHttpChecked(_ => TypedResults.NoContent());

    /// <param name="days">The period: the last this many days (1-366, default 30).</param>
    internal static async Task<Results<Ok<AskFigures>, ValidationProblem, ProblemHttpResult>> FiguresAsync(AskFigureReport figures, CancellationToken cancellationToken,
        int days = 30) =>
        (await figures.ComputeAsync(days, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<AskView>, ProblemHttpResult>> GetAsync(Guid id, Asking asking, CancellationToken cancellationToken) =>
        (await asking.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<AskView>, ProblemHttpResult>> ClaimAsync(Guid id, AskAnswers answers, CancellationToken cancellationToken) =>
        (await answers.ClaimAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<AskView>, ValidationProblem, ProblemHttpResult>> AnswerAsync(Guid id, AnswerDraft draft, AskAnswers answers, CurrentPerson me,
        CancellationToken cancellationToken) =>
        (await answers.PostAsync(id, me.Id, draft, AnswerChannel.Api, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<Guid>, ValidationProblem, ProblemHttpResult>> ToResourceAsync(Guid id, Guid answerId, AskAnswers answers,
        CancellationToken cancellationToken) =>
        (await answers.ToResourceAsync(id, answerId, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<AskView>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(Guid id, ConfirmationRequest request, Asking asking,
        CancellationToken cancellationToken) =>
        (await asking.ConfirmAsync(id, request.Solved, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<AskView>, ValidationProblem, ProblemHttpResult>> AttachAsync(Guid id, HttpRequest request, Asking asking,
        IStringLocalizer<AsksText> text, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not { } length)
        {
            return ResultHttp.Invalid("attachment", text["AttachmentLengthRequired"]);
        }
        var name = System.Net.Http.Headers.ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition)
            ? (disposition.FileNameStar ?? disposition.FileName)?.Trim('"') : null;
        // The service decides who may attach before it reads a byte of the body.
        return (await asking.AttachAsync(id, new AskAttachmentUpload(request.Body, length, name ?? ""), cancellationToken)).ToHttpChecked(TypedResults.Ok);
    }

    private static async Task<Results<Ok<AskView>, ProblemHttpResult>> SupportAsync(Guid id, SupportRequest request, Asking asking, CancellationToken cancellationToken) =>
        (await asking.SupportAsync(id, request, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<SimilarAsk>>, ProblemHttpResult>> SimilarAsync(Guid id, Asking asking, CancellationToken cancellationToken) =>
        (await asking.SimilarAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<AskView>, ValidationProblem, ProblemHttpResult>> MergeAsync(Guid id, MergeRequest request, Asking asking,
        CancellationToken cancellationToken) =>
        (await asking.MergeAsync(id, request.IntoId, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<RevealedAuthor>, ProblemHttpResult>> RevealAsync(Guid id, Asking asking, CancellationToken cancellationToken) =>
        (await asking.RevealAuthorAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> AttachmentAsync(Guid id, Asking asking, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await asking.AttachmentAsync(id, cancellationToken);
        if (!result.IsOk)
        {
            return TypedResults.NotFound();
        }
        var (content, type, name) = result.Value;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "private";
        // Served as a download whatever it is: a PDF or image never runs as a page of Guild's origin.
        return TypedResults.File(content, type, name);
    }
}
