using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Expertise.Teams;

/// <summary>Flexible teams: a business problem, the components it needs, and a proposed team that covers them.</summary>
internal static class FlexibleTeamsFeature
{
    public static IServiceCollection AddFlexibleTeams(this IServiceCollection services)
    {
        services.AddScoped<TeamFormation>();
        services.AddResourceRule<TeamRule>();
        services.AddNotificationKind(new NotificationKind(TeamFormation.InvitedKind, typeof(TeamText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(TeamFormation.AnsweredKind, typeof(TeamText), NotificationDelivery.DailyDigest));
        services.AddNavigation(new NavigationItem("/teams", "Nav.Teams", 40, Policies.Member, TextResource: typeof(TeamText)));
        services.AddScoped<Platform.Demo.IDemoContent, TeamsDemoContent>();
        return services;
    }

    public static IEndpointRouteBuilder MapFlexibleTeams(this IEndpointRouteBuilder endpoints)
    {
        var teams = endpoints.MapApiGroup("/teams", "Flexible teams").RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        teams.MapGet("/", MineAsync).WithName("ListMyTeams").WithSummary("Teams I proposed or was invited to, newest first.");
        teams.MapPost("/", ProposeAsync)
            .WithName("ProposeTeam").WithSummary("Describe a business problem and its components; Guild proposes a team that covers them.")
            .WithDescription("Members are stored as Proposed, each with the reason Guild chose them; nobody is told until the proposer invites.");
        teams.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTeam").WithSummary("A team: purpose, components, members with their status, end date.")
            .WithDescription("The proposer and invited people see it (the proposer also sees proposed people and why they were chosen); others get 404.");
        teams.MapPost("/{id:guid}/members", AddMemberAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("AddTeamMember").WithSummary("The proposer adds someone by hand (as Proposed).");
        teams.MapDelete("/{id:guid}/members/{personId:guid}", RemoveMemberAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RemoveTeamMember").WithSummary("The proposer takes someone off the team.");
        teams.MapPost("/{id:guid}/repropose", ReproposeAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ReproposeTeamMember").WithSummary("Propose someone else for one of the team's components.")
            .WithDescription("Proposed people who cover it make way; Guild proposes the next best person who is not on the team.");
        teams.MapPost("/{id:guid}/invitations", InviteAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("InviteTeam").WithSummary("Invite everyone still proposed; they get a notification (and mail as they prefer).");
        teams.MapPost("/{id:guid}/accept", AcceptAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("AcceptTeamInvitation").WithSummary("Accept an invitation to the team (recorded as joining it).");
        teams.MapPost("/{id:guid}/decline", DeclineAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeclineTeamInvitation").WithSummary("Decline an invitation to the team.");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<TeamSummary>>> MineAsync(TeamFormation teams, CancellationToken cancellationToken) =>
        TypedResults.Ok(await teams.MineAsync(cancellationToken));

    private static async Task<Results<Created<TeamView>, ValidationProblem, ProblemHttpResult>> ProposeAsync(
        TeamRequest request, TeamFormation teams, CancellationToken cancellationToken) =>
        (await teams.ProposeAsync(request, cancellationToken)).ToHttpChecked(team => TypedResults.Created($"/api/v1/teams/{team.Id}", team));

    private static async Task<Results<Ok<TeamView>, ProblemHttpResult>> GetAsync(Guid id, TeamFormation teams, CancellationToken cancellationToken) =>
        (await teams.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> AddMemberAsync(
        Guid id, TeamMemberRequest request, TeamFormation teams, CancellationToken cancellationToken) =>
        (await teams.AddMemberAsync(id, request.PersonId, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<TeamView>, ProblemHttpResult>> RemoveMemberAsync(
        Guid id, Guid personId, TeamFormation teams, CancellationToken cancellationToken) =>
        (await teams.RemoveMemberAsync(id, personId, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> ReproposeAsync(
        Guid id, ReproposeRequest request, TeamFormation teams, CancellationToken cancellationToken) =>
        (await teams.ReproposeAsync(id, request.ComponentId, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        Guid id, TeamFormation teams, CancellationToken cancellationToken) =>
        (await teams.InviteAsync(id, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<TeamView>, ProblemHttpResult>> AcceptAsync(Guid id, TeamFormation teams, CancellationToken cancellationToken) =>
        (await teams.RespondAsync(id, accept: true, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<TeamView>, ProblemHttpResult>> DeclineAsync(Guid id, TeamFormation teams, CancellationToken cancellationToken) =>
        (await teams.RespondAsync(id, accept: false, cancellationToken)).ToHttp(TypedResults.Ok);
}
