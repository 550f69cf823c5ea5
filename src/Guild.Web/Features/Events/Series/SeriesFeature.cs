using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Events.Series;

/// <summary>
/// Lecture series with a rotating speaker: a recurring slot whose occurrences are events made a horizon ahead, a speaker roster per
/// occurrence (sign up, propose → confirm or decline, swap), the organisers told when a date nears without a speaker, a feed per series
/// at the person's secret URL, and the API under <c>/api/v1/events/series</c>.
/// </summary>
public static class SeriesFeature
{
    public static WebApplicationBuilder AddLectureSeries(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<SeriesOptions>(builder.Configuration.GetSection("Events:Series"));
        services.AddScoped<SeriesPlanner>();
        services.AddScoped<SeriesMaterialiser>();
        services.AddScoped<SeriesRoster>();
        services.AddScoped<SeriesFeed>();
        services.AddScoped<TalkRecordings>();
        services.AddScoped<Library.Resources.IResourcePublishedListener, TalkRecordingOnPublish>();
        services.AddResourceRule<SeriesRule>();
        services.AddScoped<Platform.Demo.IDemoContent, SeriesDemoContent>();
        services.AddScoped<IJobHandler, SeriesMaterialiseJob>();
        services.AddScoped<IJobHandler, SpeakerCheckJob>();
        services.AddScoped<IJobHandler, TellOrganiserJob>();
        services.AddJobKind(new JobKind(SeriesMaterialiseJob.JobKind, typeof(SeriesText)));
        services.AddJobKind(new JobKind(SpeakerCheckJob.JobKind, typeof(SeriesText)));
        services.AddJobKind(new JobKind(TellOrganiserJob.JobKind, typeof(SeriesText)));
        services.AddRecurringJob(new RecurringJob("series.materialise", SeriesMaterialiseJob.JobKind, Schedules.DailyAt(new(2, 30))));
        services.AddRecurringJob(new RecurringJob("series.speaker-check", SpeakerCheckJob.JobKind, Schedules.DailyAt(new(7, 0))));
        services.AddNotificationKind(new NotificationKind(SeriesRoster.ProposedKind, typeof(SeriesText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(SeriesRoster.SwapAskedKind, typeof(SeriesText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(SeriesRoster.NoSpeakerKind, typeof(SeriesText), NotificationDelivery.Immediately));
        return builder;
    }

    public static WebApplication MapLectureSeries(this WebApplication app)
    {
        // Fetched by calendar apps without a cookie: the person's secret is the permission, as for their own feed.
        app.MapGet("/events/feed/{token}/series/{seriesId:guid}.ics", FeedAsync).AllowAnonymous().RequireRateLimiting(GuildApi.RateLimitPolicy)
            .ExcludeFromDescription();

        var series = app.MapApiGroup("/events/series", "Lecture series").RequireAuthorization(Policies.Member).ProducesProblem(StatusCodes.Status403Forbidden);
        series.MapGet("/", ListAsync).WithName("ListLectureSeries")
            .WithSummary("Lecture series with their slot in words, next occurrence and speaker, and how many dates have no speaker yet.");
        series.MapPost("/", CreateAsync).WithName("CreateLectureSeries")
            .WithSummary("Start a series (L&D admins and Knowledge Champions): an RRULE (FREQ=DAILY/WEEKLY/MONTHLY, INTERVAL, BYDAY, COUNT/UNTIL), a wall-clock time in an IANA zone; its occurrences are made 12 weeks ahead.");
        series.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetLectureSeries")
            .WithSummary("One series: its slot, upcoming occurrences with their speakers and open dates, and past talks with their recordings.");
        series.MapPut("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateLectureSeries")
            .WithSummary("Change a series (its organisers). A new time, slot or place applies from fromDate on (\"this and following\"): the series is split there; occurrences with registrations or a speaker move (SEQUENCE raised), the others are made again.");
        series.MapGet("/{id:guid}/suggestions", SuggestionsAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("SuggestLectureSpeakers")
            .WithSummary("Speakers to ask (organisers): people who have not spoken in the series, champions of its components first, then departments not heard recently.");
        var talks = series.MapGroup("/talks/{id:guid}").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        talks.MapPost("/sign-up", SignUpAsync).WithName("SignUpToSpeak")
            .WithSummary("The caller speaks on this open date of a series, with a topic (confirmed at once; one upcoming talk per series).");
        talks.MapPost("/proposal", ProposeAsync).WithName("ProposeSpeaker")
            .WithSummary("An organiser proposes a colleague for this open date; they are told in the app and by mail and confirm or decline.");
        talks.MapPost("/confirmation", ConfirmAsync).WithName("ConfirmTalk")
            .WithSummary("The proposed speaker confirms the date (with a topic when the proposal had none).");
        talks.MapPost("/decline", DeclineAsync).WithName("DeclineTalk")
            .WithSummary("The proposed speaker declines: the date is open again.");
        talks.MapPost("/swap", AskSwapAsync).WithName("AskTalkSwap")
            .WithSummary("The confirmed speaker of this date asks the confirmed speaker of another date of the series to swap dates.");
        talks.MapPost("/swap/acceptance", AcceptSwapAsync).WithName("AcceptTalkSwap")
            .WithSummary("The speaker of this date accepts the swap the speaker of askedByEventId asked for: the two talks change dates.");
        talks.MapPost("/swap/decline", DeclineSwapAsync).WithName("DeclineTalkSwap")
            .WithSummary("The speaker of this date declines the swap asked for by the speaker of askedByEventId.");
        return app;
    }

    private static async Task<IResult> FeedAsync(string token, Guid seriesId, HttpContext http, SeriesFeed feeds, CancellationToken cancellationToken)
    {
        var feed = await feeds.FeedAsync(token, seriesId, http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null, cancellationToken);
        if (feed is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Bytes(System.Text.Encoding.UTF8.GetBytes(feed), "text/calendar; charset=utf-8");
    }

    private static async Task<Ok<IReadOnlyList<SeriesSummaryView>>> ListAsync(SeriesPlanner planner, CancellationToken cancellationToken) =>
        TypedResults.Ok(await planner.ListAsync(cancellationToken));

    private static async Task<Results<Created<SeriesView>, ValidationProblem, ProblemHttpResult>> CreateAsync(SeriesInput input, SeriesPlanner planner,
        CancellationToken cancellationToken) =>
        (await planner.CreateAsync(input, cancellationToken)).ToHttpChecked(created => TypedResults.Created($"/api/v1/events/series/{created.Id}", created));

    private static async Task<Results<Ok<SeriesView>, ProblemHttpResult>> GetAsync(Guid id, SeriesPlanner planner, CancellationToken cancellationToken) =>
        (await planner.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, SeriesInput input, SeriesPlanner planner,
        CancellationToken cancellationToken) =>
        (await planner.UpdateAsync(id, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<SpeakerSuggestion>>, ProblemHttpResult>> SuggestionsAsync(Guid id, SeriesRoster roster,
        CancellationToken cancellationToken) =>
        (await roster.SuggestionsAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult>> SignUpAsync(Guid id, SignUpInput input, SeriesRoster roster,
        CancellationToken cancellationToken) =>
        (await roster.SignUpAsync(id, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult>> ProposeAsync(Guid id, ProposalInput input, SeriesRoster roster,
        CancellationToken cancellationToken) =>
        (await roster.ProposeAsync(id, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(Guid id, SignUpInput input, SeriesRoster roster,
        CancellationToken cancellationToken) =>
        (await roster.AnswerProposalAsync(id, accept: true, input.Topic, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult>> DeclineAsync(Guid id, SeriesRoster roster,
        CancellationToken cancellationToken) =>
        (await roster.AnswerProposalAsync(id, accept: false, null, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult>> AskSwapAsync(Guid id, SwapInput input, SeriesRoster roster,
        CancellationToken cancellationToken) =>
        (await roster.AskSwapAsync(id, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult>> AcceptSwapAsync(Guid id, SwapAnswer input, SeriesRoster roster,
        CancellationToken cancellationToken) =>
        (await roster.AnswerSwapAsync(id, input.AskedByEventId, accept: true, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<SeriesView>, ValidationProblem, ProblemHttpResult>> DeclineSwapAsync(Guid id, SwapAnswer input, SeriesRoster roster,
        CancellationToken cancellationToken) =>
        (await roster.AnswerSwapAsync(id, input.AskedByEventId, accept: false, cancellationToken)).ToHttpChecked(TypedResults.Ok);
}

/// <summary>An answer to a swap request.</summary>
/// <param name="AskedByEventId">The date whose speaker asked to swap.</param>
public sealed record SwapAnswer(Guid? AskedByEventId);
