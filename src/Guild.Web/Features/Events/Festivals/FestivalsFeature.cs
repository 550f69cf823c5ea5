using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>Marker for the festivals' texts (<c>FestivalsText.resx</c>, <c>FestivalsText.nl.resx</c>).</summary>
public sealed class FestivalsText;

/// <summary>
/// Festivals: workshops over days and rooms, co-hosted with partner organisations whose people have places of their own until the
/// quota returns, a programme page, and a personal schedule in which the database refuses overlaps.
/// </summary>
public static class FestivalsFeature
{
    public static WebApplicationBuilder AddFestivals(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<FestivalProgrammes>();
        services.AddScoped<FestivalPlaces>();
        services.AddScoped<FestivalInvitations>();
        services.AddScoped<FestivalFeeds>();
        services.AddScoped<FestivalProposals>();
        services.AddNotificationKind(new NotificationKind(FestivalProposals.AcceptedKind, typeof(FestivalsText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(FestivalProposals.DeclinedKind, typeof(FestivalsText), NotificationDelivery.Immediately));
        services.AddResourceRule<FestivalRule>();
        services.AddScoped<IJobHandler, QuotaReturnJob>();
        services.AddJobKind(new JobKind(QuotaReturnJob.JobKind, typeof(FestivalsText)));
        services.AddRecurringJob(new RecurringJob("festivals:quota-return", QuotaReturnJob.JobKind, Schedules.DailyAt(new(0, 30))));
        services.AddNavigation(new NavigationItem("/festivals", "Nav.Festivals", 31, TextResource: typeof(FestivalsText)));
        services.AddScoped<Platform.Demo.IDemoContent, FestivalsDemoContent>();
        return builder;
    }

    public static WebApplication MapFestivals(this WebApplication app)
    {
        // The festival's feed under the person's secret feed URL: no cookie, the secret is the permission (like the person feed).
        app.MapGet("/events/feed/{token}/festivals/{festivalId:guid}.ics", FeedAsync).AllowAnonymous().RequireRateLimiting(GuildApi.RateLimitPolicy)
            .ExcludeFromDescription();

        var festivals = app.MapApiGroup("/festivals", "Festivals").ProducesProblem(StatusCodes.Status403Forbidden);
        festivals.MapGet("/", ListAsync).WithName("ListFestivals")
            .WithSummary("The festivals the caller may see: published ones (drafts too for L&D admins); a partner guest only their organisation's.");
        festivals.MapPost("/", CreateAsync).WithName("CreateFestival")
            .WithSummary("Create a festival with its days, rooms and partner organisations (L&D admins).");
        festivals.MapGet("/{id:guid}", ProgrammeAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetFestivalProgramme")
            .WithSummary("A festival's programme: rooms, partners and every workshop with its places (\"19 of 50\"); pools only for organisers.");
        festivals.MapPut("/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateFestival")
            .WithSummary("Change a festival's name, description, days, zone and rooms; its workshops must still fit (L&D admins).");
        festivals.MapPut("/{id:guid}/workshops/{workshopId:guid}", UpdateWorkshopAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("UpdateFestivalWorkshop")
            .WithSummary("Change a workshop with the checks of adding one; a new time moves it in every schedule and mails everyone with a place.");
        festivals.MapPost("/{id:guid}/workshops/{workshopId:guid}/cancellation", CancelWorkshopAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("CancelFestivalWorkshop")
            .WithSummary("Call a workshop off: cancelled in every calendar, out of every schedule; everyone with a place is mailed.");
        festivals.MapPost("/{id:guid}/publication", PublishAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("PublishFestival")
            .WithSummary("Publish a draft festival: its programme opens to everyone and its partners' guests.");
        festivals.MapPost("/{id:guid}/workshops", AddWorkshopAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("AddFestivalWorkshop")
            .WithSummary("Add a workshop in a room and time slot; its places are split into a pool per partner and the general pool.");
        festivals.MapPost("/{id:guid}/partners", AddPartnerAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("AddFestivalPartner")
            .WithSummary("Add a partner organisation to a festival (audited): its places per workshop come out of the general pool of workshops that have not started.");
        festivals.MapPut("/{id:guid}/partners/{partnerId:guid}/quota", SetQuotaAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SetFestivalPartnerQuota")
            .WithSummary("Change a partner's places per workshop (audited); workshops whose partner places have not returned follow.");
        festivals.MapGet("/{id:guid}/schedule", ScheduleAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetMyFestivalSchedule")
            .WithSummary("The caller's schedule at a festival, with workshops that would fill its gaps.");
        festivals.MapPost("/{id:guid}/schedule/{workshopId:guid}", RegisterAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("AddToFestivalSchedule")
            .WithSummary("Register for a workshop: a place from the caller's pool, and into the schedule; an overlapping workshop answers 409 naming it.");
        festivals.MapDelete("/{id:guid}/schedule/{workshopId:guid}", LeaveAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("RemoveFromFestivalSchedule")
            .WithSummary("Leave a workshop: out of the schedule, its place back to the pool it came from.");
        festivals.MapGet("/{id:guid}/invitations", InvitationsAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListFestivalInvitationLinks")
            .WithSummary("The invitation links of a festival's partner organisations (organisers), without their secrets.");
        festivals.MapPost("/{id:guid}/partners/{partnerId:guid}/invitations", CreateInvitationAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("CreateFestivalInvitationLink")
            .WithSummary("Make an invitation link for a partner organisation (audited); the answer holds its URL this once.");
        festivals.MapPost("/{id:guid}/invitations/{invitationId:guid}/revocation", RevokeInvitationAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RevokeFestivalInvitationLink")
            .WithSummary("Revoke an invitation link (audited): it stops working at once; accounts made with it stay.");
        festivals.MapGet("/{id:guid}/proposals", ProposalsAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListFestivalProposals")
            .WithSummary("Workshop proposals: all of them for organisers, their own for a partner guest of the festival.");
        festivals.MapPost("/{id:guid}/proposals", ProposeAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ProposeFestivalWorkshop")
            .WithSummary("A partner guest proposes a workshop (title, description, length, preferred day) for their festival.");
        festivals.MapPost("/{id:guid}/proposals/{proposalId:guid}/acceptance", AcceptProposalAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("AcceptFestivalProposal")
            .WithSummary("Accept a proposal: it becomes a workshop in the given room and time, with the checks of any workshop; the guest is notified.");
        festivals.MapPost("/{id:guid}/proposals/{proposalId:guid}/decline", DeclineProposalAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).WithName("DeclineFestivalProposal")
            .WithSummary("Decline a proposal with a message the guest reads; the guest is notified.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<ProposalView>>, ProblemHttpResult>> ProposalsAsync(Guid id, FestivalProposals proposals,
        CancellationToken cancellationToken) =>
        (await proposals.ListAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<ProposalView>, ValidationProblem, ProblemHttpResult>> ProposeAsync(Guid id, ProposalInput input,
        FestivalProposals proposals, CancellationToken cancellationToken) =>
        (await proposals.ProposeAsync(id, input, cancellationToken)).ToHttpChecked(created => TypedResults.Created($"/api/v1/festivals/{id}/proposals", created));

    private static async Task<Results<Ok<WorkshopView>, ValidationProblem, ProblemHttpResult>> AcceptProposalAsync(Guid id, Guid proposalId, WorkshopInput input,
        FestivalProposals proposals, CancellationToken cancellationToken) =>
        (await proposals.AcceptAsync(id, proposalId, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ProposalView>, ValidationProblem, ProblemHttpResult>> DeclineProposalAsync(Guid id, Guid proposalId, DeclineInput input,
        FestivalProposals proposals, CancellationToken cancellationToken) =>
        (await proposals.DeclineAsync(id, proposalId, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<InvitationLinkView>>, ProblemHttpResult>> InvitationsAsync(Guid id, FestivalInvitations invitations,
        CancellationToken cancellationToken) =>
        (await invitations.ListAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<InvitationLinkView>, ValidationProblem, ProblemHttpResult>> CreateInvitationAsync(Guid id, Guid partnerId,
        InvitationLinkInput input, FestivalInvitations invitations, CancellationToken cancellationToken) =>
        (await invitations.CreateAsync(id, partnerId, input, cancellationToken)).ToHttpChecked(created => TypedResults.Created($"/api/v1/festivals/{id}/invitations", created));

    private static async Task<Results<Ok<InvitationLinkView>, ProblemHttpResult>> RevokeInvitationAsync(Guid id, Guid invitationId, FestivalInvitations invitations,
        CancellationToken cancellationToken) =>
        (await invitations.RevokeAsync(id, invitationId, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> FeedAsync(string token, Guid festivalId, HttpContext http, FestivalFeeds feeds, CancellationToken cancellationToken)
    {
        var feed = await feeds.FeedAsync(token, festivalId, http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null, cancellationToken);
        if (feed is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Bytes(System.Text.Encoding.UTF8.GetBytes(feed), "text/calendar; charset=utf-8");
    }

    private static async Task<Ok<IReadOnlyList<FestivalSummaryView>>> ListAsync(FestivalProgrammes programmes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await programmes.ListAsync(cancellationToken));

    private static async Task<Results<Created<ProgrammeView>, ValidationProblem, ProblemHttpResult>> CreateAsync(FestivalInput input, FestivalProgrammes programmes,
        CancellationToken cancellationToken) =>
        (await programmes.CreateAsync(input, cancellationToken)).ToHttpChecked(created => TypedResults.Created($"/api/v1/festivals/{created.Id}", created));

    private static async Task<Results<Ok<ProgrammeView>, ProblemHttpResult>> ProgrammeAsync(Guid id, FestivalProgrammes programmes, CancellationToken cancellationToken) =>
        (await programmes.ProgrammeAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ProgrammeView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, FestivalChangeInput input, FestivalProgrammes programmes,
        CancellationToken cancellationToken) =>
        (await programmes.UpdateAsync(id, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<WorkshopView>, ValidationProblem, ProblemHttpResult>> UpdateWorkshopAsync(Guid id, Guid workshopId, WorkshopInput input,
        FestivalProgrammes programmes, CancellationToken cancellationToken) =>
        (await programmes.UpdateWorkshopAsync(id, workshopId, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<WorkshopView>, ProblemHttpResult>> CancelWorkshopAsync(Guid id, Guid workshopId, FestivalProgrammes programmes,
        CancellationToken cancellationToken) =>
        (await programmes.CancelWorkshopAsync(id, workshopId, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ProgrammeView>, ProblemHttpResult>> PublishAsync(Guid id, FestivalProgrammes programmes, CancellationToken cancellationToken) =>
        (await programmes.PublishAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<WorkshopView>, ValidationProblem, ProblemHttpResult>> AddWorkshopAsync(Guid id, WorkshopInput input,
        FestivalProgrammes programmes, CancellationToken cancellationToken) =>
        (await programmes.AddWorkshopAsync(id, input, cancellationToken)).ToHttpChecked(created => TypedResults.Created($"/api/v1/events/{created.Id}", created));

    private static async Task<Results<Created<FestivalPartnerView>, ValidationProblem, ProblemHttpResult>> AddPartnerAsync(Guid id, FestivalPartnerInput input,
        FestivalProgrammes programmes, CancellationToken cancellationToken) =>
        (await programmes.AddPartnerAsync(id, input, cancellationToken)).ToHttpChecked(added => TypedResults.Created($"/api/v1/festivals/{id}/partners/{added.Id}", added));

    private static async Task<Results<Ok<FestivalPartnerView>, ValidationProblem, ProblemHttpResult>> SetQuotaAsync(Guid id, Guid partnerId, PartnerQuotaInput input,
        FestivalProgrammes programmes, CancellationToken cancellationToken) =>
        (await programmes.SetPartnerQuotaAsync(id, partnerId, input, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> ScheduleAsync(Guid id, FestivalPlaces places, CancellationToken cancellationToken) =>
        (await places.ScheduleAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ScheduleView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(Guid id, Guid workshopId, FestivalPlaces places,
        CancellationToken cancellationToken)
    {
        var placed = await places.RegisterAsync(workshopId, new RegistrationInput(0), id, cancellationToken);
        return (placed.IsOk ? await places.ScheduleAsync(id, cancellationToken) : FestivalPlaces.Refusal<ScheduleView>(placed)).ToHttpChecked(TypedResults.Ok);
    }

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> LeaveAsync(Guid id, Guid workshopId, FestivalPlaces places, CancellationToken cancellationToken)
    {
        var left = await places.LeaveAsync(workshopId, id, cancellationToken);
        return (left.IsOk ? await places.ScheduleAsync(id, cancellationToken) : FestivalPlaces.Refusal<ScheduleView>(left)).ToHttp(TypedResults.Ok);
    }
}
