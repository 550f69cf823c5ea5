using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Community.WorkingOutLoud;

/// <summary>Marker for the Working Out Loud weeks' strings (WorkingOutLoudText.resx, WorkingOutLoudText.nl.resx).</summary>
public sealed class WorkingOutLoudText;

/// <summary>
/// Working Out Loud weeks: dated campaigns in a space with a prompt each day, sent to each member in their own working
/// hours by durable jobs, a shared page of what people made visible, and a recap with figures.
/// </summary>
public static class WorkingOutLoudFeature
{
    public static IServiceCollection AddWorkingOutLoud(this IServiceCollection services)
    {
        services.AddScoped<WorkingOutLoudWeeks>();
        services.AddScoped<WorkingOutLoudPrompts>();
        services.AddResourceRule<WorkingOutLoudWeekRule>();
        services.AddScoped<IJobHandler, WorkingOutLoudPlanJob>();
        services.AddScoped<IJobHandler, WorkingOutLoudPromptJob>();
        services.AddJobKind(new JobKind(WorkingOutLoudPlanJob.JobKind, typeof(WorkingOutLoudText)));
        services.AddJobKind(new JobKind(WorkingOutLoudPromptJob.JobKind, typeof(WorkingOutLoudText)));
        services.AddRecurringJob(new RecurringJob(WorkingOutLoudPlanJob.JobKind, WorkingOutLoudPlanJob.JobKind, Schedules.DailyAt(new(0, 15))));
        services.AddNotificationKind(new NotificationKind(WorkingOutLoudPromptJob.PromptKind, typeof(WorkingOutLoudText), NotificationDelivery.Immediately));
        services.AddScoped<Platform.Demo.IDemoContent, WorkingOutLoudDemoContent>();
        return services;
    }

    public static RouteGroupBuilder MapWorkingOutLoud(this RouteGroupBuilder community)
    {
        community.MapGet("/spaces/{id:guid}/wol-weeks", ListAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListWorkingOutLoudWeeks")
            .WithSummary("A space's Working Out Loud weeks, latest first, each upcoming, running or finished (those who may read the space).");
        community.MapPost("/spaces/{id:guid}/wol-weeks", CreateAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("CreateWorkingOutLoudWeek")
            .WithSummary("Make a Working Out Loud week with a prompt for each day and co-organisers (the space's moderators); members get each day's prompt in their working hours.");
        community.MapGet("/wol-weeks/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetWorkingOutLoudWeek")
            .WithSummary("A Working Out Loud week: each day's prompt and the Working Out Loud posts of that day, and its figures (the recap once it is over).");
        community.MapPut("/wol-weeks/{id:guid}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateWorkingOutLoudWeek")
            .WithSummary("Change a Working Out Loud week's title, dates, prompts and co-organisers (its organisers and the space's moderators).");
        return community;
    }

    private static async Task<Results<Ok<IReadOnlyList<WeekSummary>>, ProblemHttpResult>> ListAsync(Guid id, WorkingOutLoudWeeks weeks,
        CancellationToken cancellationToken) =>
        (await weeks.ListAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<WeekView>, ValidationProblem, ProblemHttpResult>> CreateAsync(Guid id, WeekRequest request, WorkingOutLoudWeeks weeks,
        CancellationToken cancellationToken) =>
        (await weeks.CreateAsync(id, request, cancellationToken)).ToHttpChecked(week => TypedResults.Created($"/api/v1/community/wol-weeks/{week.Id}", week));

    private static async Task<Results<Ok<WeekView>, ProblemHttpResult>> GetAsync(Guid id, WorkingOutLoudWeeks weeks, CancellationToken cancellationToken) =>
        (await weeks.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<WeekView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, WeekRequest request, WorkingOutLoudWeeks weeks,
        CancellationToken cancellationToken) =>
        (await weeks.UpdateAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);
}
