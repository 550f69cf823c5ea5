using System.Text.RegularExpressions;
using Guild.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Guild.BrowserTests;

/// <summary>
/// Signs in as each demo role and visits every page that role can reach by following links from
/// the home page, in English and Dutch, at desktop and phone widths. Each page must load without
/// errors, pass axe-core's WCAG 2.2 AA rules, and not scroll sideways on a phone.
/// </summary>
[Collection(EveryPageCollection.Name)]
public sealed partial class EveryPageTests(BrowserApp app, ITestOutputHelper output)
{
    /// <summary>
    /// Every demo role once, the languages and widths spread over them rather than crossed: a page's layout does not depend on
    /// its language, and this crawl is the browser tests' long pole (the full cross doubled it twice over; the black-box crawl
    /// covers the cross). The roles with the most pages (admin, moderator, employee) are crawled at phone width, where pages
    /// break; most of them in Dutch, the language a missing text shows in.
    /// </summary>
    public static TheoryData<string, string, int> Visits() => new()
    {
        { "Employee", "en-GB", 360 },
        { "Knowledge Champion", "nl-NL", 1280 },
        { "Moderator", "nl-NL", 360 },
        { "L&D admin", "nl-NL", 360 },
        { "Partner guest", "en-GB", 1280 },
    };

    [Theory]
    [MemberData(nameof(Visits))]
    public async Task Every_reachable_page_loads_cleanly_and_passes_axe(string role, string locale, int width)
    {
        await using var context = await app.NewContextAsync(width, 800, locale);
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => consoleErrors.Add($"{page.Url}: {error}");

        await BrowserApp.SignInAsDemoAsync(page, RoleLabel(role, locale));

        var problems = new List<string>();
        var visited = new HashSet<string>();
        var queue = new Queue<string>(["/"]);
        while (queue.Count > 0 && visited.Count < 60)
        {
            var path = queue.Dequeue();
            if (!visited.Add(Shape(path)))
            {
                continue;
            }
            var response = await page.GotoAsync(path);
            var status = response?.Status ?? 0;
            if (status >= 400)
            {
                problems.Add($"{path}: HTTP {status}");
                continue;
            }
            // A link to a file (a published video, a caption track) is not a page: nothing to check with axe.
            if (response is not null && !(await response.HeaderValueAsync("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var violation in await Axe.ViolationsAsync(page))
            {
                problems.Add($"{path}: {violation}");
            }
            var lang = await page.EvaluateAsync<string>("() => document.documentElement.lang");
            if (lang != locale[..2])
            {
                problems.Add($"{path}: page language is '{lang}', the visitor asked for {locale}");
            }
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 1)
            {
                problems.Add($"{path}: page is {overflow}px wider than the {width}px screen");
            }
            // Blazor refuses a post to a page that repeats a form name, so a form repeated per row works only while there is one row.
            var repeatedForms = await page.EvalOnSelectorAllAsync<string[]>("input[name=_handler]",
                "els => { const names = els.map(e => e.value); return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))]; }");
            if (repeatedForms.Length > 0)
            {
                problems.Add($"{path}: the page repeats the form name(s) {string.Join(", ", repeatedForms)}; Blazor would refuse their posts");
            }
            var links = await page.EvalOnSelectorAllAsync<string[]>("a[href]", "els => els.map(e => e.getAttribute('href'))");
            foreach (var link in links.Where(IsPageLink))
            {
                queue.Enqueue(link);
            }
        }
        output.WriteLine($"{role} {locale} {width}px visited {visited.Count} page shapes: {string.Join(", ", visited.Order())}");
        problems.AddRange(consoleErrors);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(visited.Count >= 2, "The crawl reached fewer than two pages; sign-in probably failed.");
    }

    private static string RoleLabel(string role, string locale) => locale.StartsWith("nl", StringComparison.Ordinal)
        ? role switch
        {
            "Employee" => "Medewerker",
            "L&D admin" => "L&D-beheerder",
            "Partner guest" => "Partnergast",
            _ => role,
        }
        : role;

    /// <summary>Local page links only: no downloads, no API, no sign-out, no fragments.</summary>
    private static bool IsPageLink(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
        && !href.StartsWith("/api/", StringComparison.Ordinal) && !href.StartsWith("/openapi", StringComparison.Ordinal)
        && !href.StartsWith("/scalar", StringComparison.Ordinal) && !href.StartsWith("/health", StringComparison.Ordinal)
        && !href.Contains("/photo", StringComparison.Ordinal) && !href.StartsWith("/notifications/", StringComparison.Ordinal)
        && !href.Contains('#', StringComparison.Ordinal) && !href.StartsWith("/mailto", StringComparison.Ordinal);

    /// <summary>One visit per page shape: /people/{id} once, not once per person; query strings kept apart only by their keys.</summary>
    private static string Shape(string path)
    {
        var pathOnly = path.Split('?')[0];
        var query = path.Contains('?', StringComparison.Ordinal) ? "?" + string.Join("&", path.Split('?')[1].Split('&').Select(p => p.Split('=')[0]).Order()) : "";
        return IdPattern().Replace(pathOnly, "{id}") + query;
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|/\\d+(?=/|$)")]
    private static partial Regex IdPattern();
}
