using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Jobs;

/// <summary>
/// A job as people and integrations see it, in the reader's language: the kind and status in words, the
/// progress (100 % once it succeeded) with its message — or, once finished, the final one — and how it went
/// for what it worked on (<see cref="Outcome"/>), with a link there.
/// </summary>
/// <param name="Id">The job's id (an import's job has the import's id).</param>
/// <param name="Kind">The kind's code (<c>people.import</c>); <paramref name="KindText"/> says it in words.</param>
/// <param name="KindText">What the job does, in the reader's language.</param>
/// <param name="Status">Queued, Running, Succeeded or Failed.</param>
/// <param name="StatusText">The status in the reader's language.</param>
/// <param name="ProgressDone">Steps done.</param>
/// <param name="ProgressTotal">Steps in all (0 when unknown).</param>
/// <param name="ProgressMessage">The progress or final message, in the reader's language.</param>
/// <param name="Message">The same message as its resource key and arguments, for integrations that keep their own texts.</param>
/// <param name="Outcome">
/// Set when a job that succeeded says how it went for its subject: <c>Negative</c> means the job did its work and
/// the answer was no (an import rejected for bad rows); <paramref name="OutcomeText"/> says it in words.
/// </param>
/// <param name="OutcomeText">The outcome in the reader's language.</param>
/// <param name="Subject">What the job worked on, with the page that shows it.</param>
/// <param name="Result">The handler's JSON result (a string), for the page that shows the outcome.</param>
/// <param name="Error">Why it failed; only when it failed for good.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="FinishedAt">When it succeeded or failed for good.</param>
public sealed record JobView(Guid Id, string Kind, string KindText, JobStatus Status, string StatusText, int ProgressDone, int ProgressTotal,
    string? ProgressMessage, JobMessageView? Message, JobOutcome? Outcome, string? OutcomeText, JobSubjectView? Subject,
    string? Result, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>Progress from 0 to 100; a job that succeeded is complete, whatever its last count was.</summary>
    public int Percent => Status == JobStatus.Succeeded ? 100 : ProgressTotal <= 0 ? 0 : (int)Math.Clamp(100L * ProgressDone / ProgressTotal, 0, 100);
    /// <summary>Whether it succeeded or failed for good.</summary>
    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed;

    public static JobView From(BackgroundJob job, JobTexts texts)
    {
        var message = JobMessage.Read(job.ProgressMessageKey, job.ProgressMessageArguments);
        return new JobView(job.Id, job.Kind, texts.KindText(job.Kind), job.Status, texts.StatusText(job.Status, job.Attempts),
            job.ProgressDone, job.ProgressTotal, texts.MessageText(job.Kind, message, job.ProgressMessage),
            message is null ? null : new JobMessageView(message.Key, message.Arguments),
            job.Status == JobStatus.Succeeded ? job.Outcome : null,
            job.Status == JobStatus.Succeeded ? texts.OutcomeText(job.Kind, job.Outcome, job.OutcomeKey) : null,
            job is { SubjectType: { } type, SubjectId: { } id } ? new JobSubjectView(type, id, texts.SubjectLink(job.Kind, id)) : null,
            job.Result, job.Status == JobStatus.Failed ? job.LastError : null, job.CreatedAt, job.FinishedAt);
    }
}

/// <summary>A job's message as stored: a resource key and its arguments (numbers and short texts).</summary>
/// <param name="Key">The resource key of the job kind's texts, such as <c>Rejected</c>.</param>
/// <param name="Arguments">The values the text is filled in with, in order.</param>
public sealed record JobMessageView(string Key, IReadOnlyList<object?> Arguments);

/// <summary>What a job worked on: its type (<c>PeopleImport</c>), id, and the page that shows it.</summary>
/// <param name="Type">The kind of object, such as <c>PeopleImport</c>.</param>
/// <param name="Id">Its id.</param>
/// <param name="Link">The page that shows it, if it has one.</param>
public sealed record JobSubjectView(string Type, string Id, string? Link);

public static class GuildJobs
{
    public static IHostApplicationBuilder AddGuildJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<JobOptions>(builder.Configuration.GetSection("Jobs"));
        builder.Services.AddSingleton<JobQueues>();
        builder.Services.AddSingleton<JobSignal>();
        builder.Services.AddScoped<JobQueue>();
        builder.Services.AddScoped<JobAdministration>();
        builder.Services.AddSingleton<JobTexts>();
        builder.Services.AddJobKind(new JobKind(JobHousekeeping.JobKind, typeof(JobsText)));
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService(services => services.GetRequiredService<JobRunner>());
        builder.Services.AddSingleton<RecurringJobScheduler>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RecurringJobScheduler>());
        builder.Services.AddScoped<IJobHandler, JobHousekeeping>();
        builder.Services.AddRecurringJob(JobHousekeeping.Schedule);
        builder.Services.AddNavigation(new NavigationItem("/admin/jobs", "Nav.Jobs", 980, Policies.LearningAdmin,
            NavigationArea.Administration, typeof(JobsText)));
        builder.Services.AddAttentionCheck(new AttentionCheck("jobs.failed", typeof(JobsText), "/admin/jobs?status=Failed", AttentionLevel.Problem,
            (db, _) => db.Set<BackgroundJob>().Where(job => job.Status == JobStatus.Failed).Select(_ => true)));
        builder.Services.AddAttentionCheck(new AttentionCheck("jobs.retrying", typeof(JobsText), "/admin/jobs?status=Queued", AttentionLevel.Warning,
            (db, _) => db.Set<BackgroundJob>().Where(job => job.Status == JobStatus.Queued && job.Attempts > 0).Select(_ => true)));
        return builder;
    }

    public static IEndpointRouteBuilder MapGuildJobs(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/jobs", "Jobs");
        api.MapGet("/{id:guid}", GetJobAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetJob")
            .WithSummary("Progress and outcome of a background job you started.")
            .WithDescription("Texts (kindText, statusText, progressMessage, outcomeText) are in the request's language; message gives the " +
                             "progress or final message as a resource key with its arguments. A job that succeeded is at 100 %; its outcome " +
                             "says how it went for what it worked on (subject): Negative means it did its work and the answer was no, such " +
                             "as a people import rejected for bad rows.");
        // Admins only, said here and checked again in JobAdministration.
        api.MapGet("/", ListJobsAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("ListJobs")
            .WithSummary("Recent background jobs, newest first, optionally of one status (L&D admins).")
            .RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/{id:guid}/retry", RetryJobAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
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
    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetJobAsync(Guid id, JobAdministration jobs, CancellationToken cancellationToken) =>
        (await jobs.ViewAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

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
