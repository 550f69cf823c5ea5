using System.Net;
using System.Text.RegularExpressions;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Xunit.Abstractions;

namespace Guild.Tests.Platform;

/// <summary>The demo organisation (Development environment) on a given database, for page-level sweeps.</summary>
public abstract class DemoApp : GuildApp
{
    protected override string EnvironmentName => "Development";

    public override async Task InitializeAsync()
    {
        Clock.SetUtcNow(DateTimeOffset.UtcNow);
        await base.InitializeAsync();
    }
}

public sealed class SqliteDemoApp : DemoApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresDemoApp : DemoApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Signs in as each demo role and follows every link it can reach, answering each page over HTTP.
/// Cheaper than the browser crawl, and it runs on PostgreSQL too, where asynchronous database calls
/// really are asynchronous: a page that renders half-loaded state or shares a DbContext between its
/// components fails here, not only under load.
/// </summary>
public abstract partial class EveryPageAnswersTests<TApp>(TApp app, ITestOutputHelper output) : IClassFixture<TApp>
    where TApp : DemoApp
{
    public static TheoryData<string> DemoRoles() => new(Roles.All);

    [Theory]
    [MemberData(nameof(DemoRoles))]
    public async Task Every_page_a_demo_role_can_reach_answers_without_error(string role)
    {
        var account = DemoAccounts.All.Single(a => a.Role == role);
        using var client = app.CreateGuildClient();
        using (var signIn = await client.PostFormAsync("/account/sign-in", "/account/demo-sign-in", [new("email", account.Email)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var problems = new List<string>();
        var seen = new HashSet<string>();
        var perShape = new Dictionary<string, int>();
        var queue = new Queue<string>(["/"]);
        var visited = 0;
        while (queue.Count > 0 && visited < 120)
        {
            var path = queue.Dequeue();
            // A few of each shape (one's own profile, a colleague's, a former colleague's...), not all of them.
            var shape = Shape(path);
            if (!seen.Add(path) || perShape.GetValueOrDefault(shape) >= 3)
            {
                continue;
            }
            perShape[shape] = perShape.GetValueOrDefault(shape) + 1;
            visited++;
            using var response = await client.GetAsync(path);
            var status = (int)response.StatusCode;
            if (status >= 500 || status == 404)
            {
                problems.Add($"{path}: {status}");
                continue;
            }
            if (status != 200 || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var page = await response.Content.ReadAsStringAsync();
            foreach (Match link in Href().Matches(page))
            {
                var href = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (IsPageLink(href))
                {
                    queue.Enqueue(href);
                }
            }
        }
        output.WriteLine($"{role}: {visited} pages of {perShape.Count} shapes: {string.Join(", ", perShape.Keys.Order())}");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(visited >= 3, $"Only {visited} pages were reachable; the demo sign-in probably failed.");
    }

    private static bool IsPageLink(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
        && !href.StartsWith("/api/", StringComparison.Ordinal) && !href.StartsWith("/openapi", StringComparison.Ordinal)
        && !href.StartsWith("/scalar", StringComparison.Ordinal) && !href.StartsWith("/xapi", StringComparison.Ordinal)
        && !href.StartsWith("/_", StringComparison.Ordinal) && !href.Contains('#', StringComparison.Ordinal)
        && !href.StartsWith("/notifications/", StringComparison.Ordinal)
        && !Regex.IsMatch(href, @"\.(css|js|svg|png|jpg|ico|csv|json)(\?|$)");

    /// <summary>One request per page shape: /people/{id} once, not once per person.</summary>
    private static string Shape(string path)
    {
        var parts = path.Split('?', 2);
        var query = parts.Length == 2 ? "?" + string.Join("&", parts[1].Split('&').Select(p => p.Split('=')[0]).Order()) : "";
        return Id().Replace(parts[0], "{id}") + query;
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<=/)\\d+(?=/|$)")]
    private static partial Regex Id();
}

public sealed class EveryPageAnswersOnSqlite(SqliteDemoApp app, ITestOutputHelper output)
    : EveryPageAnswersTests<SqliteDemoApp>(app, output);

public sealed class EveryPageAnswersOnPostgres(PostgresDemoApp app, ITestOutputHelper output)
    : EveryPageAnswersTests<PostgresDemoApp>(app, output);
