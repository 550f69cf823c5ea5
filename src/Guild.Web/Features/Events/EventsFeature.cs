using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Events;

/// <summary>
/// Events: online or in a room, registration with guests and a waiting list that offers freed places, reminders, check-in with a QR
/// ticket, an attendance list, and a calendar feed per person that calendar apps follow (plus invitations by mail).
/// </summary>
public static class EventsFeature
{
    public static WebApplicationBuilder AddEvents(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<EventOptions>(builder.Configuration.GetSection("Events"));
        services.AddScoped<EventPlanner>();
        services.AddScoped<Registrations>();
        services.AddScoped<WaitingList>();
        services.AddScoped<EventMails>();
        services.AddScoped<CalendarFeeds>();
        services.AddScoped<SpaceCalendar>();
        services.AddSingleton<OfferLinks>();
        services.AddResourceRule<EventRule>();
        services.AddScoped<IJobHandler, OfferExpiryJob>();
        services.AddScoped<IJobHandler, EventReminderJob>();
        services.AddJobKind(new JobKind(OfferExpiryJob.JobKind, typeof(EventsText)));
        services.AddJobKind(new JobKind(EventReminderJob.JobKind, typeof(EventsText), Queue: JobQueues.Mail));
        services.AddNotificationKind(new NotificationKind(EventMails.OfferKind, typeof(EventsText), NotificationDelivery.Off));
        services.AddNavigation(new NavigationItem("/events", "Nav.Events", 30, Policies.Member, TextResource: typeof(EventsText)));
        services.AddScoped<Platform.Demo.IDemoContent, EventsDemoContent>();
        services.AddScoped<Platform.Demo.IDemoContent, SpaceEventsDemoContent>();
        return builder;
    }

    public static WebApplication MapEvents(this WebApplication app)
    {
        // The feed is fetched by calendar apps, which carry no cookie: the secret in the URL is the permission. No compression, no
        // Accept header needed (some clients send none, or */*).
        app.MapGet("/events/feed/{token}.ics", FeedAsync).AllowAnonymous().RequireRateLimiting(GuildApi.RateLimitPolicy).ExcludeFromDescription();
        // A community space's events under the same secret: the owner must be able to read the space (SpaceRule).
        app.MapGet("/events/feed/{token}/spaces/{spaceId:guid}.ics", SpaceFeedAsync).AllowAnonymous().RequireRateLimiting(GuildApi.RateLimitPolicy)
            .ExcludeFromDescription();

        var events = app.MapApiGroup("/events", "Events").RequireAuthorization(Policies.Member).ProducesProblem(StatusCodes.Status403Forbidden);
        events.MapGet("/", UpcomingAsync).WithName("ListEvents")
            .WithSummary("Upcoming events, soonest first, with places taken (\"19 of 50\") and the caller's registration.");
        events.MapGet("/mine", MineAsync).WithName("ListMyEvents")
            .WithSummary("The events the caller registered for, waits for or organises: upcoming first, then past ones.");
        events.MapPost("/", CreateAsync).WithName("CreateEvent")
            .WithSummary("Create an event (L&D admins and Knowledge Champions); the caller becomes its organiser.");
        events.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetEvent")
            .WithSummary("One event; the meeting link only for people with a place and organisers.");
        events.MapPut("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateEvent")
            .WithSummary("Change an event (its organisers and L&D admins, not once it is over); a change calendars follow raises its sequence.");
        events.MapPost("/{id:guid}/cancellation", CancelEventAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("CancelEvent")
            .WithSummary("Call an event off: everyone with a place gets a METHOD:CANCEL invitation update; feeds show it cancelled for 30 days.");
        events.MapPost("/{id:guid}/registration", RegisterAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("RegisterForEvent")
            .WithSummary("Register the caller with guests; a full event answers 409 unless joinWaitingList is true, which puts the caller in line.");
        events.MapDelete("/{id:guid}/registration", CancelRegistrationAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("CancelEventRegistration")
            .WithSummary("Cancel the caller's registration or leave the waiting list; a freed place is offered to the next person waiting.");
        events.MapPost("/{id:guid}/offer/acceptance", AcceptOfferAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("AcceptEventOffer")
            .WithSummary("Accept the place the waiting list offered the caller (before the offer runs out).");
        events.MapPost("/{id:guid}/offer/decline", DeclineOfferAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("DeclineEventOffer")
            .WithSummary("\"No thanks\": the offered place goes to the next person waiting at once.");
        events.MapPost("/{id:guid}/check-ins", CheckInAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("CheckInToEvent")
            .WithSummary("An organiser checks a ticket's code in; a code checked in before answers when, and nothing changes.");
        events.MapGet("/{id:guid}/attendees", AttendeesAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListEventAttendees")
            .WithSummary("Who registered, waits and came (organisers and L&D admins).");
        return app;
    }

    private static async Task<IResult> FeedAsync(string token, HttpContext http, CalendarFeeds feeds, CancellationToken cancellationToken)
    {
        var feed = await feeds.FeedAsync(token, http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null, cancellationToken);
        if (feed is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Bytes(System.Text.Encoding.UTF8.GetBytes(feed), "text/calendar; charset=utf-8");
    }

    private static async Task<IResult> SpaceFeedAsync(string token, Guid spaceId, HttpContext http, SpaceCalendar calendar, CancellationToken cancellationToken)
    {
        var feed = await calendar.FeedAsync(token, spaceId, http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null, cancellationToken);
        if (feed is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Bytes(System.Text.Encoding.UTF8.GetBytes(feed), "text/calendar; charset=utf-8");
    }

    private static async Task<Ok<IReadOnlyList<EventView>>> UpcomingAsync(EventPlanner planner, CancellationToken cancellationToken) =>
        TypedResults.Ok(await planner.UpcomingAsync(cancellationToken));

    private static async Task<Ok<IReadOnlyList<EventView>>> MineAsync(EventPlanner planner, CancellationToken cancellationToken) =>
        TypedResults.Ok(await planner.MineAsync(cancellationToken));

    private static async Task<Results<Created<EventView>, ValidationProblem, ProblemHttpResult>> CreateAsync(EventInput input, EventPlanner planner,
        CancellationToken cancellationToken) =>
        (await planner.CreateAsync(input, cancellationToken)).ToHttpChecked(created => TypedResults.Created($"/api/v1/events/{created.Id}", created));

    private static async Task<Results<Ok<EventView>, ProblemHttpResult>> GetAsync(Guid id, EventPlanner planner, CancellationToken cancellationToken) =>
        (await planner.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<EventView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, EventInput input, EventPlanner planner,
        CancellationToken cancellationToken) =>
        (await planner.UpdateAsync(id, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<EventView>, ProblemHttpResult>> CancelEventAsync(Guid id, EventPlanner planner, CancellationToken cancellationToken) =>
        (await planner.CancelAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<EventView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(Guid id, RegistrationInput input,
        Registrations registrations, CancellationToken cancellationToken) =>
        (await registrations.RegisterAsync(id, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<EventView>, ProblemHttpResult>> CancelRegistrationAsync(Guid id, Registrations registrations,
        CancellationToken cancellationToken) =>
        (await registrations.CancelAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<EventView>, ProblemHttpResult>> AcceptOfferAsync(Guid id, Registrations registrations, CancellationToken cancellationToken) =>
        (await registrations.AnswerOfferAsync(id, accept: true, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<EventView>, ProblemHttpResult>> DeclineOfferAsync(Guid id, Registrations registrations, CancellationToken cancellationToken) =>
        (await registrations.AnswerOfferAsync(id, accept: false, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CheckInView>, ValidationProblem, ProblemHttpResult>> CheckInAsync(Guid id, CheckInInput input,
        Registrations registrations, CancellationToken cancellationToken) =>
        (await registrations.CheckInAsync(id, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<AttendeeView>>, ProblemHttpResult>> AttendeesAsync(Guid id, Registrations registrations,
        CancellationToken cancellationToken) =>
        (await registrations.AttendeesAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);
}
