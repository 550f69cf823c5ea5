using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Health;
using Microsoft.Extensions.Options;

namespace Guild.Tests.Platform.Health;

/// <summary>
/// /health/ready is anonymous and runs checks that open an SMTP connection and write a file: callers within a few
/// seconds share one evaluation, so nobody can make Guild do that work per request.
/// </summary>
public abstract class ReadinessTests(GuildApp app)
{
    [Fact]
    public async Task Readiness_is_evaluated_once_per_window_and_concurrent_callers_share_one_evaluation()
    {
        var readiness = app.Services.GetRequiredService<Readiness>();
        var window = app.Services.GetRequiredService<IOptions<ReadinessOptions>>().Value.ReadyCacheFor;
        // Whatever an earlier test evaluated is out of date now.
        app.Clock.Advance(window);
        var before = readiness.Evaluations;

        using var anonymous = app.CreateGuildClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await anonymous.GetAsync("/health/ready");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("\"mail\":\"Healthy\"", answer.Body, StringComparison.Ordinal);
        });
        Assert.Equal(before + 1, readiness.Evaluations);

        // Within the window: the same answer, no new evaluation; liveness never evaluates.
        using (var again = await anonymous.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        using (var live = await anonymous.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        Assert.Equal(before + 1, readiness.Evaluations);

        // Once the window has passed, the next caller evaluates afresh.
        app.Clock.Advance(window);
        using (var later = await anonymous.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        }
        Assert.Equal(before + 2, readiness.Evaluations);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReadinessTestsOnSqlite(SqliteApp app) : ReadinessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReadinessTestsOnPostgres(PostgresApp app) : ReadinessTests(app);
