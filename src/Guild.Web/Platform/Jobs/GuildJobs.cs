using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Jobs;

/// <summary>A background job's progress and outcome, for the person who started it.</summary>
/// <param name="Id">The job's id (an import's job has the import's id).</param>
/// <param name="Kind">What the job does, such as <c>people.import</c>.</param>
/// <param name="Status">Queued, Running, Succeeded or Failed.</param>
/// <param name="ProgressDone">Steps done.</param>
/// <param name="ProgressTotal">Steps in all (0 when unknown).</param>
/// <param name="ProgressMessage">What it is doing now.</param>
/// <param name="Result">What it leaves for the page that shows the outcome, as JSON text.</param>
/// <param name="Error">Why it failed; only when it failed for good.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="FinishedAt">When it succeeded or failed for good.</param>
public sealed record JobView(Guid Id, string Kind, JobStatus Status, int ProgressDone, int ProgressTotal,
    string? ProgressMessage, string? Result, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>Progress from 0 to 100.</summary>
    public int Percent => ProgressTotal <= 0 ? (Status == JobStatus.Succeeded ? 100 : 0) : (int)(100L * ProgressDone / ProgressTotal);
    /// <summary>Whether it succeeded or failed for good.</summary>
    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed;

    public static JobView From(BackgroundJob job) => new(job.Id, job.Kind, job.Status, job.ProgressDone, job.ProgressTotal,
        job.ProgressMessage, job.Result, job.Status == JobStatus.Failed ? job.LastError : null, job.CreatedAt, job.FinishedAt);
}

public static class GuildJobs
{
    public static IHostApplicationBuilder AddGuildJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JobOptions>(builder.Configuration.GetSection("Jobs"));
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddScoped<JobQueue>();
        builder.Services.AddScoped<JobAdministration>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<JobRunner>());
        builder.Services.AddSingleton<RecurringJobScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RecurringJobScheduler>());
        builder.Services.AddScoped<IJobHandler, JobHousekeeping>();
        builder.Services.AddRecurringJob(JobHousekeeping.Schedule);
        builder.Services.AddNavigation(new NavigationItem("/admin/jobs", "Nav.Jobs", 980, Policies.LearningAdmin,
            NavigationArea.Administration, typeof(JobsText)));
        return builder;
    }

    public static IEndpointRouteBuilder MapGuildJobs(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/jobs", "Jobs");
        api.MapGet("/{id:guid}", GetJobAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetJob")
            .WithSummary("Progress and outcome of a background job you started.");
        api.MapGet("/", ListJobsAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("ListJobs")
            .WithSummary("Recent background jobs, newest first, optionally of one status (L&D admins).");
        api.MapPost("/{id:guid}/retry", RetryJobAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RetryJob")
            .WithSummary("Runs a failed job (or one waiting to try again) now, with a fresh set of attempts (L&D admins).");

        // The admin page's "Retry now" button: a plain form post, then back to the list with a message.
        endpoints.MapPost("/admin/jobs/{id:guid}/retry", RetryFromPageAsync)
            .RequireAuthorization(Policies.LearningAdmin)
            .RequireAntiforgery();
        return endpoints;
    }

    /// <summary>Progress of a job, for the person who started it (and admins); others get 404.</summary>
    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetJobAsync(Guid id, JobQueue jobs, CurrentPerson me, CancellationToken cancellationToken)
    {
        var job = await jobs.FindAsync(id, cancellationToken);
        return job is null || (job.StartedById != me.IdOrNull && !me.IsLearningAdmin)
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such job.")
            : TypedResults.Ok(JobView.From(job));
    }

    /// <param name="status">Only jobs with this status.</param>
    internal static async Task<Results<Ok<Paged<JobAdminRow>>, ProblemHttpResult>> ListJobsAsync(JobStatus? status, [AsParameters] PageRequest page,
        JobAdministration administration, CancellationToken cancellationToken) =>
        (await administration.ListAsync(status, page, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> RetryJobAsync(Guid id, JobAdministration administration, CancellationToken cancellationToken) =>
        (await administration.RetryNowAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<RedirectHttpResult> RetryFromPageAsync(Guid id, string? returnUrl, JobAdministration administration,
        FlashMessages flash, IStringLocalizer<JobsText> text, CancellationToken cancellationToken)
    {
        var result = await administration.RetryNowAsync(id, cancellationToken);
        if (result.IsOk)
        {
            flash.Success(text["Retried"]);
        }
        else
        {
            flash.Set(FlashMessages.Kind.Error, text["RetryRefused"]);
        }
        return TypedResults.LocalRedirect(Accounts.IsLocal(returnUrl) && returnUrl!.StartsWith("/admin/jobs", StringComparison.Ordinal) ? returnUrl : "/admin/jobs");
    }
}
