using System.Net;
using System.Security.Claims;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace Guild.Tests.Platform.Jobs;

/// <summary>
/// A job runs on behalf of whoever started it, and only that person (and L&amp;D admins) may follow it: a job of
/// someone who has left does not run, and nobody learns about another person's job.
/// </summary>
public abstract class JobAccessTests(GuildApp app)
{
    [Fact]
    public async Task A_job_whose_starter_was_deactivated_fails_with_that_reason_without_running()
    {
        var admin = await app.CreatePersonAsync("Job", "Admin", [Roles.Employee, Roles.LearningAdmin]);
        var leaver = await app.CreatePersonAsync("Lena", "Vertrokken");
        var key = "leaver-" + Guid.NewGuid().ToString("N");
        var job = await QueueAsync(new TestJobPayload(key), startedBy: leaver.Id);
        var deactivated = await app.AsPersonAsync(admin.Id, services =>
            services.GetRequiredService<PersonAdministration>().DeactivateAsync(leaver.Id, CancellationToken.None));
        Assert.True(deactivated.IsOk);

        var done = await app.RunJobAsync(job.Id);
        Assert.Equal(JobStatus.Failed, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal("The person who started this job has been deactivated since, so it did not run on their behalf.", done.LastError);
        Assert.Equal(0, app.Services.GetRequiredService<TestJobLog>().RunsOf(key));

        // The same job of someone still here runs as usual.
        var stayer = await app.CreatePersonAsync("Sam", "Blijft");
        var other = await QueueAsync(new TestJobPayload(key + "-stayer"), startedBy: stayer.Id);
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(other.Id)).Status);
    }

    [Fact]
    public async Task A_job_is_visible_to_its_starter_and_admins_and_not_found_for_anyone_else()
    {
        var (starter, starterPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var job = await QueueAsync(new TestJobPayload("watched-" + Guid.NewGuid().ToString("N")), startedBy: starterPerson.Id);
        var path = $"/api/v1/jobs/{job.Id}";

        using (var mine = await starter.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        }
        using (var admins = await admin.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, admins.StatusCode);
        }
        using (var someoneElses = await colleague.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.NotFound, someoneElses.StatusCode);
            Assert.Equal("application/problem+json", someoneElses.Content.Headers.ContentType?.MediaType);
        }

        // A caller that is no person (a service token has no person id) sees no job that no person started.
        var system = await QueueAsync(new TestJobPayload("system-" + Guid.NewGuid().ToString("N")), startedBy: null);
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentPerson>()
            .ActAs(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "integration")], "test")));
        var seen = await scope.ServiceProvider.GetRequiredService<JobAdministration>().ViewAsync(system.Id, CancellationToken.None);
        Assert.Equal(ResultStatus.NotFound, seen.Status);
    }

    [Fact]
    public async Task Listing_and_retrying_jobs_is_refused_to_employees_at_the_endpoint_before_anything_else()
    {
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        // A bad filter would be a 400 if the request got as far as binding: the endpoint's policy answers first.
        using var list = await employee.GetAsync("/api/v1/jobs?status=NoSuchStatus");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        foreach (var name in new[] { "ListJobs", "RetryJob" })
        {
            var endpoint = Assert.Single(endpoints, e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == name);
            Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), data => data.Policy == Policies.LearningAdmin);
        }
    }

    private Task<BackgroundJob> QueueAsync(TestJobPayload payload, Guid? startedBy) =>
        app.WithDbAsync(async db =>
        {
            var job = new JobQueue(db, app.Clock, app.Services.GetRequiredService<JobSignal>())
                .Enqueue(TestJobHandler.JobKind, payload, startedById: startedBy);
            await db.SaveChangesAsync();
            return job;
        });
}

[Collection(SqliteCollection.Name)]
public sealed class JobAccessTestsOnSqlite(SqliteApp app) : JobAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class JobAccessTestsOnPostgres(PostgresApp app) : JobAccessTests(app);
