using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Expertise.Profiles;

/// <summary>
/// The API of expertise profiles: your own skills, topics and availability, and endorsing colleagues' skills.
/// Someone else's expertise comes with their profile, <c>GET /api/v1/people/{id}</c>.
/// </summary>
internal static class ProfilesApi
{
    public static void MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapApiGroup("/me", "Expertise profiles");
        mine.MapGet("/skills", MySkillsAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMySkills").WithSummary("Your skills with their levels and endorsements.");
        mine.MapPut("/skills", SetMySkillsAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetMySkills").WithSummary("Replace your skills; a skill left out is removed with its endorsements.")
            .WithDescription("Name a skill by its id or by its name; a name nobody used yet adds it to the organisation's skills.");
        mine.MapGet("/topics", MyTopicsAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMyTopics").WithSummary("Your \"ask me about\" topics, in order.");
        mine.MapPut("/topics", SetMyTopicsAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetMyTopics").WithSummary("Replace your \"ask me about\" topics (at most 10 of at most 80 characters).");
        mine.MapGet("/availability", MyAvailabilityAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMyAvailability").WithSummary("Your availability: away until, hours a month, note.");
        mine.MapPut("/availability", SetMyAvailabilityAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetMyAvailability").WithSummary("Set your availability; all fields empty clears it.");

        var people = app.MapApiGroup("/people", "Expertise profiles");
        people.MapPost("/{id:guid}/skills/{skillId:guid}/endorsements", EndorseAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("EndorseSkill").WithSummary("Endorse a colleague's skill (once; endorsing again changes nothing).")
            .WithDescription("Not your own skills (403), not a skill they have not listed (400), not a former colleague (409). Partner guests cannot endorse.");
        people.MapDelete("/{id:guid}/skills/{skillId:guid}/endorsements", UnendorseAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("WithdrawEndorsement").WithSummary("Withdraw your endorsement of a colleague's skill.");
    }

    private static async Task<Result<ProfileExpertise>> MineAsync(PeopleDirectory directory, ExpertiseProfileReader reader, CurrentPerson me, CancellationToken cancellationToken)
    {
        var profile = await directory.GetProfileAsync(me.Id, cancellationToken);
        return profile.IsOk ? Result<ProfileExpertise>.Ok(await reader.GetAsync(profile.Value!, cancellationToken)) : Result<ProfileExpertise>.NotFound();
    }

    private static async Task<Results<Ok<IReadOnlyList<ProfileSkill>>, ProblemHttpResult>> MySkillsAsync(
        PeopleDirectory directory, ExpertiseProfileReader reader, CurrentPerson me, CancellationToken cancellationToken) =>
        (await MineAsync(directory, reader, me, cancellationToken)).ToHttp(e => TypedResults.Ok(e.Skills));

    private static async Task<Results<Ok<IReadOnlyList<ProfileSkill>>, ValidationProblem, ProblemHttpResult>> SetMySkillsAsync(
        SkillsRequest request, ExpertiseProfileEditor editor, CurrentPerson me, CancellationToken cancellationToken) =>
        (await editor.SetSkillsAsync(me.Id, request.Skills, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<string>>, ProblemHttpResult>> MyTopicsAsync(
        PeopleDirectory directory, ExpertiseProfileReader reader, CurrentPerson me, CancellationToken cancellationToken) =>
        (await MineAsync(directory, reader, me, cancellationToken)).ToHttp(e => TypedResults.Ok(e.AskMeAbout));

    private static async Task<Results<Ok<IReadOnlyList<string>>, ValidationProblem, ProblemHttpResult>> SetMyTopicsAsync(
        TopicsRequest request, ExpertiseProfileEditor editor, CurrentPerson me, CancellationToken cancellationToken) =>
        (await editor.SetTopicsAsync(me.Id, request.Topics, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<AvailabilityView>, ProblemHttpResult>> MyAvailabilityAsync(
        PeopleDirectory directory, ExpertiseProfileReader reader, CurrentPerson me, CancellationToken cancellationToken) =>
        (await MineAsync(directory, reader, me, cancellationToken)).ToHttp(e => TypedResults.Ok(e.Availability ?? new AvailabilityView(null, null, null)));

    private static async Task<Results<Ok<AvailabilityView>, ValidationProblem, ProblemHttpResult>> SetMyAvailabilityAsync(
        AvailabilityRequest request, ExpertiseProfileEditor editor, CurrentPerson me, CancellationToken cancellationToken) =>
        (await editor.SetAvailabilityAsync(me.Id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    /// <param name="id">The colleague whose skill it is.</param>
    /// <param name="skillId">The skill, as listed on their profile.</param>
    internal static async Task<Results<Ok<EndorsementState>, ValidationProblem, ProblemHttpResult>> EndorseAsync(
        Guid id, Guid skillId, ExpertiseProfileEditor editor, CancellationToken cancellationToken) =>
        (await editor.EndorseAsync(id, skillId, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    /// <param name="id">The colleague whose skill it is.</param>
    /// <param name="skillId">The skill you endorsed.</param>
    internal static async Task<Results<Ok<EndorsementState>, ProblemHttpResult>> UnendorseAsync(
        Guid id, Guid skillId, ExpertiseProfileEditor editor, CancellationToken cancellationToken) =>
        (await editor.UnendorseAsync(id, skillId, cancellationToken)).ToHttp(TypedResults.Ok);
}
