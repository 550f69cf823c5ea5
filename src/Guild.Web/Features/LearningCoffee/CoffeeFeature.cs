using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>
/// Learning coffee: colleagues who opt in are paired every two weeks with someone they have little in common with (a
/// maximum-weight matching), introduced in their own working hours, and asked afterwards whether they met.
/// </summary>
public static class CoffeeFeature
{
    public static WebApplicationBuilder AddLearningCoffee(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<CoffeeOptions>(builder.Configuration.GetSection("LearningCoffee"));
        services.AddScoped<CoffeeProgramme>();
        services.AddScoped<CoffeeRounds>();
        services.AddScoped<CoffeeMails>();
        services.AddScoped<CoffeeFigures>();
        services.AddResourceRule<CoffeeRule>();
        services.AddScoped<IJobHandler, CoffeeRoundJob>();
        services.AddScoped<IJobHandler, CoffeeIntroJob>();
        services.AddScoped<IJobHandler, CoffeeMetQuestionJob>();
        services.AddJobKind(new JobKind(CoffeeRoundJob.JobKind, typeof(CoffeeText)));
        services.AddJobKind(new JobKind(CoffeeIntroJob.JobKind, typeof(CoffeeText)));
        services.AddJobKind(new JobKind(CoffeeMetQuestionJob.JobKind, typeof(CoffeeText)));
        services.AddRecurringJob(new RecurringJob("coffee.round", CoffeeRoundJob.JobKind, Schedules.WorkingDaysAt(new(8, 0))));
        // The introduction has its own mail (CoffeeIntroMail, with the partners and shared hours), so this kind mails nobody by default.
        services.AddNotificationKind(new NotificationKind(CoffeeIntroJob.PairedKind, typeof(CoffeeText), NotificationDelivery.Off));
        services.AddNotificationKind(new NotificationKind(CoffeeMetQuestionJob.QuestionKind, typeof(CoffeeText), NotificationDelivery.Immediately));
        services.AddNotificationKind(new NotificationKind(CoffeeRounds.NoPartnerKind, typeof(CoffeeText), NotificationDelivery.Immediately));
        services.AddNavigation(new NavigationItem("/coffee", "Nav.Coffee", 19, Policies.Member, TextResource: typeof(CoffeeText)));
        services.AddNavigation(new NavigationItem("/admin/coffee", "Nav.CoffeeFigures", 919, Policies.LearningAdmin, NavigationArea.Administration, typeof(CoffeeText)));
        services.AddScoped<Platform.Demo.IDemoContent, CoffeeDemoContent>();
        return builder;
    }

    public static WebApplication MapLearningCoffee(this WebApplication app)
    {
        var coffee = app.MapApiGroup("/coffee", "Learning coffee").RequireAuthorization(Policies.Member).ProducesProblem(StatusCodes.Status403Forbidden);
        coffee.MapGet("/", MineAsync).WithName("GetMyCoffee")
            .WithSummary("My learning-coffee membership: settings, my private exclusions, what I want to learn and can teach, and my current pair.");
        coffee.MapPost("/membership", JoinAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("JoinCoffee").WithSummary("Join the learning-coffee programme (409 when already in it).");
        coffee.MapDelete("/membership", LeaveAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("LeaveCoffee").WithSummary("Leave the learning-coffee programme (409 when not in it); past pairs stay.");
        coffee.MapPut("/settings", UpdateAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateCoffeeSettings").WithSummary("Replace my settings: cross-department only, private exclusions, skills to learn and to teach.");
        coffee.MapPost("/pairs/{id:guid}/meeting", AnswerAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("AnswerCoffeeMeeting").WithSummary("Answer \"did you meet?\" for my pair; a pair that did not meet may be paired again soon.");
        coffee.MapGet("/rounds", RoundsAsync).WithName("ListCoffeeRounds")
            .WithSummary("The programme's rounds with their figures: opted in, away, paired, left out, pairs and the share that met (L&D admins).");
        return app;
    }

    private static async Task<Results<Ok<CoffeeMembership>, ProblemHttpResult>> MineAsync(CoffeeProgramme programme, CancellationToken cancellationToken) =>
        (await programme.MineAsync(cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CoffeeMembership>, ValidationProblem, ProblemHttpResult>> JoinAsync(CoffeeJoinRequest? request, CoffeeProgramme programme,
        CancellationToken cancellationToken) =>
        (await programme.JoinAsync(request ?? new CoffeeJoinRequest(), cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<CoffeeMembership>, ProblemHttpResult>> LeaveAsync(CoffeeProgramme programme, CancellationToken cancellationToken) =>
        (await programme.LeaveAsync(cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CoffeeMembership>, ValidationProblem, ProblemHttpResult>> UpdateAsync(CoffeeSettingsRequest request, CoffeeProgramme programme,
        CancellationToken cancellationToken) =>
        (await programme.UpdateAsync(request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<CoffeeMembership>, ProblemHttpResult>> AnswerAsync(Guid id, CoffeeMeetingAnswer answer, CoffeeProgramme programme,
        CancellationToken cancellationToken) =>
        (await programme.AnswerAsync(id, answer.Met, cancellationToken)).ToHttp(TypedResults.Ok);

    /// <param name="rounds">The latest this many rounds (1-100, default 26: a year at two weeks).</param>
    internal static async Task<Results<Ok<IReadOnlyList<CoffeeRoundFigures>>, ValidationProblem, ProblemHttpResult>> RoundsAsync(CoffeeFigures figures,
        CancellationToken cancellationToken, int rounds = 26) =>
        (await figures.ComputeAsync(rounds, cancellationToken)).ToHttpChecked(TypedResults.Ok);
}
