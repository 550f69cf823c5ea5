using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Jobs;

public sealed record JobView(Guid Id, string Kind, JobStatus Status, int ProgressDone, int ProgressTotal,
    string? ProgressMessage, string? Result, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public int Percent => ProgressTotal <= 0 ? (Status == JobStatus.Succeeded ? 100 : 0) : (int)(100L * ProgressDone / ProgressTotal);
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
            .WithName("GetJob")
            .WithSummary("Progress and outcome of a background job you started.");
        // Admins only, said here and checked again in JobAdministration.
        api.MapGet("/", ListJobsAsync)
            .WithName("ListJobs")
            .WithSummary("Recent background jobs, newest first, optionally of one status (L&D admins).")
            .RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/{id:guid}/retry", RetryJobAsync)
            .WithName("RetryJob")
            .WithSummary("Runs a failed job (or one waiting to try again) now, with a fresh set of attempts (L&D admins).")
            .RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        // The admin page's "Retry now" button: a plain form post, then back to the list with a message.
        endpoints.MapPost("/admin/jobs/{id:guid}/retry", RetryFromPageAsync)
            .RequireAuthorization(Policies.LearningAdmin)
            .RequireAntiforgery();
        return endpoints;
    }

    /// <summary>Progress of a job, for the person who started it (and admins); others get 404.</summary>
    private static async Task<IResult> GetJobAsync(Guid id, JobAdministration jobs, CancellationToken cancellationToken) =>
        (await jobs.ViewAsync(id, cancellationToken)).ToHttp(job => TypedResults.Ok(job));

    private static async Task<IResult> ListJobsAsync(JobStatus? status, [AsParameters] PageRequest page, JobAdministration administration,
        CancellationToken cancellationToken) =>
        (await administration.ListAsync(status, page, cancellationToken)).ToHttp(rows => TypedResults.Ok(rows));

    private static async Task<IResult> RetryJobAsync(Guid id, JobAdministration administration, CancellationToken cancellationToken) =>
        (await administration.RetryNowAsync(id, cancellationToken)).ToHttp(job => TypedResults.Ok(job));

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
