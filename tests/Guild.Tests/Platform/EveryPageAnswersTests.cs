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

    /// <summary>
    /// Every page an L&amp;D admin reaches, read in Dutch, holds no English sentence of Guild's own
    /// (any English resource text that differs in Dutch) and, in either language, no code where words
    /// belong: job kinds, audit actions, object types, statuses. What is meant literally — code, JSON,
    /// the stored audit record — is left out, and so are names and titles from the demo data.
    /// </summary>
    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Every_page_an_admin_reaches_speaks_the_readers_language_in_words_not_codes(string language)
    {
        var account = DemoAccounts.All.Single(a => a.Role == Roles.LearningAdmin);
        using var client = app.CreateGuildClient(language);
        using (var signIn = await client.PostFormAsync("/account/sign-in", "/account/demo-sign-in", [new("email", account.Email)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }
        // Something in every admin list: a rejected and a clean import (jobs, audit entries, problems), and the mail they send.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var rejected = await Features.People.PeopleTestKit.UploadAsync(client, "email,given_name,family_name\nnot-an-email,Nora,No\n");
        await app.RunJobAsync(rejected);
        var clean = await Features.People.PeopleTestKit.UploadAsync(client, $"email,given_name,family_name,roles\nsweep.{tag}@demo.example,Sven,Sweep,Moderator\n");
        await app.RunDueJobsAsync();

        var codes = Codes(language);
        var english = language == "nl" ? EnglishSentences() : [];
        var problems = new List<string>();
        var seen = new HashSet<string>();
        var perShape = new Dictionary<string, int>();
        var queue = new Queue<string>(["/admin", $"/admin/jobs/{rejected}", $"/admin/people/import/{rejected}", $"/admin/people/import/{clean}", "/"]);
        var visited = 0;
        while (queue.Count > 0 && visited < 80)
        {
            var path = queue.Dequeue();
            var shape = Shape(path);
            if (!seen.Add(path) || perShape.GetValueOrDefault(shape) >= 2)
            {
                continue;
            }
            perShape[shape] = perShape.GetValueOrDefault(shape) + 1;
            using var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            visited++;
            var page = await response.Content.ReadAsStringAsync();
            var text = VisibleText(page);
            problems.AddRange(codes.Where(code => Regex.IsMatch(text, $@"(?<![\w.-]){Regex.Escape(code)}(?![\w-])")).Select(code => $"{path}: the code '{code}'"));
            problems.AddRange(english.Where(sentence => text.Contains(sentence, StringComparison.Ordinal)).Select(sentence => $"{path}: English '{sentence}'"));
            foreach (Match link in Href().Matches(page))
            {
                var href = WebUtility.HtmlDecode(link.Groups[1].Value);
                if (IsPageLink(href))
                {
                    queue.Enqueue(href);
                }
            }
        }
        output.WriteLine($"{language}: {visited} pages of {perShape.Count} shapes");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Distinct()));
        Assert.True(visited >= 15, $"Only {visited} pages were reachable.");
    }

    /// <summary>
    /// Codes that mean nothing to a reader: job kinds, audit actions and object types, detail keys; in
    /// Dutch also the English names of statuses (in English some of them are words of the interface).
    /// </summary>
    private List<string> Codes(string language)
    {
        var kinds = app.Services.GetRequiredService<Guild.Web.Platform.Jobs.JobTexts>().Kinds.Select(k => k.Kind);
        var objectTypes = Guild.Web.Platform.Audit.AuditObjectTypes.All.Where(t => t.Skip(1).Any(char.IsUpper));
        IEnumerable<string> statuses = language == "nl"
            ? ["Succeeded", "Queued", "Running", "Failed", "Healthy", "Unhealthy", "Degraded", "Rejected", "Completed", "ReadWrite"]
            : [];
        return [.. kinds.Concat(Guild.Web.Platform.Audit.AuditActions.All).Concat(objectTypes).Concat(["departmentsCreated", "previousStatus"]).Concat(statuses)];
    }

    /// <summary>Guild's English sentences that read differently in Dutch: the longest literal part of each English text.</summary>
    private static List<string> EnglishSentences()
    {
        var sentences = new List<string>();
        foreach (var path in Localization.SourceFiles.Files("*.resx").Where(p => !p.EndsWith(".nl.resx", StringComparison.Ordinal)))
        {
            var dutch = ResourceValues(path[..^".resx".Length] + ".nl.resx");
            foreach (var (key, value) in ResourceValues(path))
            {
                if (dutch.GetValueOrDefault(key) == value)
                {
                    continue;
                }
                var longest = Placeholder().Split(value).MaxBy(part => part.Length)!.Trim();
                if (longest.Length >= 16 && longest.Contains(' ', StringComparison.Ordinal))
                {
                    sentences.Add(longest);
                }
            }
        }
        return sentences;
    }

    private static Dictionary<string, string> ResourceValues(string path) =>
        ResourceEntry().Matches(File.ReadAllText(path))
            .ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value), StringComparer.Ordinal);

    /// <summary>What a reader sees: no markup, scripts or attributes, and nothing meant literally (code, JSON, the stored audit record).</summary>
    private static string VisibleText(string page)
    {
        var text = Literal().Replace(page, " ");
        text = Tag().Replace(text, " ");
        return Regex.Replace(WebUtility.HtmlDecode(text), @"\s+", " ");
    }

    [GeneratedRegex("<(head|script|style|code|pre)\\b[^>]*>.*?</\\1>|<details class=\"audit-raw\".*?</details>", RegexOptions.Singleline)]
    private static partial Regex Literal();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("<data name=\"([^\"]+)\"[^>]*>\\s*<value>(.*?)</value>", RegexOptions.Singleline)]
    private static partial Regex ResourceEntry();

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
