using System.Net;
using System.Text.Json;
using Guild.Tests.Infrastructure;

namespace Guild.Tests.Platform;

public abstract class ShellTests(GuildApp app)
{
    [Fact]
    public async Task Anonymous_visitor_of_a_page_is_sent_to_sign_in()
    {
        using var client = app.CreateGuildClient();
        using var response = await client.GetAsync("/people");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_api_call_gets_401_problem_details()
    {
        using var client = app.CreateGuildClient();
        using var response = await client.GetAsync("/api/v1/people");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Pages_carry_security_headers_and_a_csp_without_inline_script()
    {
        using var client = app.CreateGuildClient();
        using var response = await client.GetAsync("/account/sign-in");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var page = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script(?![^>]*src=)", page);
    }

    [Fact]
    public async Task Sign_in_page_follows_the_browser_language()
    {
        using var dutch = app.CreateGuildClient("nl");
        Assert.Contains("<html lang=\"nl\"", await dutch.GetPageAsync("/account/sign-in"), StringComparison.Ordinal);
        using var english = app.CreateGuildClient("en");
        Assert.Contains("<html lang=\"en\"", await english.GetPageAsync("/account/sign-in"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_page_shows_the_not_found_page_with_404()
    {
        var (client, _) = await app.SignedInAsync();
        using var response = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_and_ready_health_checks_answer_without_sign_in()
    {
        using var client = app.CreateGuildClient();
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetString());
        Assert.Equal("Healthy", checks.GetProperty("storage").GetString());
        Assert.Equal("Healthy", checks.GetProperty("mail").GetString());
        Assert.True(checks.TryGetProperty("ffmpeg", out _));
    }

    [Fact]
    public async Task Openapi_document_describes_the_api()
    {
        using var client = app.CreateGuildClient();
        using var json = JsonDocument.Parse(await client.GetPageAsync("/openapi/v1.json"));
        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/people", out var people));
        Assert.False(string.IsNullOrEmpty(people.GetProperty("get").GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Home_page_answers_many_concurrent_requests_of_one_person()
    {
        // The header and the page body load data at the same time; under concurrency a shared
        // DbContext would throw on PostgreSQL. Every request must still succeed.
        var (client, _) = await app.SignedInAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("/")));
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Me_endpoint_answers_who_is_signed_in()
    {
        var (client, person) = await app.SignedInAsync(Guild.Web.Platform.Identity.Roles.Employee, Guild.Web.Platform.Identity.Roles.Champion);
        using var json = JsonDocument.Parse(await client.GetPageAsync("/api/v1/me"));
        Assert.Equal(person.Id, json.RootElement.GetProperty("id").GetGuid());
        Assert.Equal(person.Email, json.RootElement.GetProperty("email").GetString());
        Assert.Contains("Champion", json.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Paged_list_rejects_a_page_size_out_of_range_with_problem_details()
    {
        var (client, _) = await app.SignedInAsync();
        using var response = await client.GetAsync("/api/v1/people?pageSize=5000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ShellTestsOnSqlite(SqliteApp app) : ShellTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ShellTestsOnPostgres(PostgresApp app) : ShellTests(app);
