using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;

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
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<JobRunner>());
        return builder;
    }

    /// <summary>Progress of a job, for the person who started it (and admins); others get 404.</summary>
    public static IEndpointRouteBuilder MapGuildJobs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApiGroup("/jobs", "Jobs")
            .MapGet("/{id:guid}", GetJobAsync)
            .WithName("GetJob")
            .WithSummary("Progress and outcome of a background job you started.");
        return endpoints;
    }

    private static async Task<IResult> GetJobAsync(Guid id, JobQueue jobs, CurrentPerson me, CancellationToken cancellationToken)
    {
        var job = await jobs.FindAsync(id, cancellationToken);
        return job is null || (job.StartedById != me.IdOrNull && !me.IsLearningAdmin)
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such job.")
            : TypedResults.Ok(JobView.From(job));
    }
}
