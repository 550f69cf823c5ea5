using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Features.Administration;

public abstract class AdminAccessTests(GuildApp app)
{
    public static TheoryData<string> AdminPages => ["/admin", "/admin/organisation", "/admin/system", "/admin/audit", "/admin/api-tokens"];

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Employee_gets_the_friendly_403_page_for_an_admin_page(string path)
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.Champion, Roles.Moderator);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("You cannot open this page", page, StringComparison.Ordinal);
        Assert.Contains("<h1>", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Learning_admin_opens_each_admin_page_from_the_administration_menu(string path)
    {
        var (client, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var home = await client.GetPageAsync("/");
        Assert.Contains($"href=\"{path}\"", home, StringComparison.Ordinal);
        var page = await client.GetPageAsync(path);
        Assert.Contains("<h1>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Employee_does_not_see_admin_pages_in_the_menu()
    {
        var (client, _) = await app.SignedInAsync();
        var home = await client.GetPageAsync("/");
        Assert.DoesNotContain("href=\"/admin/", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Employee_gets_403_problem_details_from_admin_api_endpoints()
    {
        var (client, _) = await app.SignedInAsync();
        var calls = new List<(string Name, Func<Task<HttpResponseMessage>> Call)>
        {
            ("GET audit", () => client.Http.GetAsync("/api/v1/audit")),
            ("PUT organisation", () => client.Http.PutAsJsonAsync("/api/v1/organisation", new { name = "x" })),
            ("PUT logo", () => client.Http.PutAsync("/api/v1/organisation/logo", new ByteArrayContent([1, 2, 3]))),
            ("DELETE logo", () => client.Http.DeleteAsync("/api/v1/organisation/logo")),
            ("GET everyone's tokens", () => client.Http.GetAsync("/api/v1/tokens?everyone=true")),
            ("POST service token", () => client.Http.PostAsJsonAsync("/api/v1/tokens", new { name = "Sneaky", kind = "Service", serviceRole = "LearningAdmin" })),
        };
        foreach (var (name, call) in calls)
        {
            using var response = await call();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{name} answered {(int)response.StatusCode}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{name} did not answer with problem details");
        }
    }

    [Fact]
    public async Task Anonymous_visitor_of_an_admin_page_is_sent_to_sign_in()
    {
        using var client = app.CreateGuildClient();
        using var response = await client.GetAsync("/admin/system");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AdminAccessTestsOnSqlite(SqliteApp app) : AdminAccessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AdminAccessTestsOnPostgres(PostgresApp app) : AdminAccessTests(app);
