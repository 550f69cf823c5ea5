using System.Text;
using Guild.Tests.Features.Administration;
using Guild.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Guild.Tests.Platform.Security;

/// <summary>
/// Every endpoint Guild maps — pages and their forms, the API, the LRS, admin form posts, health, the API document —
/// taken from the running application's endpoint data source, called as every caller on someone else's objects and
/// compared with <c>EndpointPermissions.txt</c>. A new endpoint (or a new form on a page) fails this test until the
/// table has its line; the failure prints the line to add with what Guild answers now.
/// </summary>
public abstract class EndpointPermissionsTests(GuildApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_endpoint_answers_every_caller_as_the_permission_table_says()
    {
        var callers = EndpointSweep.Callers;
        var table = EndpointPermissionTable.Load(callers.Count);
        var byKey = table.ToDictionary(row => row.Key);
        var endpoints = EndpointSweep.Enumerate(app.Services);
        var mapped = endpoints.Select(e => (e.Method, e.Route)).ToHashSet();
        var pages = endpoints.Where(e => e.IsPage).Select(e => e.Route).ToHashSet(StringComparer.Ordinal);
        var stale = table.Where(row => !mapped.Contains((row.Method, row.Route))).ToList();
        var missing = new List<PermissionRow>();
        PermissionRow RowFor(string method, string route, string? form)
        {
            if (byKey.TryGetValue((method, route, form), out var row))
            {
                return row;
            }
            row = new PermissionRow(method, route, form, null, [.. callers.Select(_ => "???")], "");
            missing.Add(row);
            byKey[row.Key] = row;
            return row;
        }

        var observed = new Dictionary<(string, string, string?), string[]>();
        var problems = new List<string>();
        var withoutToken = new List<string>();
        var serverErrors = new List<string>();
        var calls = 0;

        await using var keepSettings = await app.KeepOrganisationSettingsAsync();
        var sweep = new EndpointSweep(app);
        await sweep.StartAsync();
        try
        {
            async Task CallAsync(PermissionRow row, bool isPage, IReadOnlyList<string>? paths = null)
            {
                var cells = observed.TryGetValue(row.Key, out var known) ? known : observed[row.Key] = new string[callers.Count];
                for (var i = 0; i < callers.Count; i++)
                {
                    foreach (var path in paths ?? [null!])
                    {
                        var answer = await sweep.CallAsync(row, callers[i], isPage, path);
                        calls++;
                        cells[i] ??= answer.Status;
                        var where = $"{row.Name}{(path is null ? "" : $" ({path})")} as {callers[i].Name}";
                        if (answer.ServerError is { } error)
                        {
                            serverErrors.Add($"{where}: {error}");
                        }
                        if (answer.WithoutAntiforgery is { } bare && EndpointSweep.IsSuccess(bare))
                        {
                            withoutToken.Add($"{where} without the antiforgery token: {bare}");
                        }
                        if (row.Expected[i] != "???" && answer.Status != row.Expected[i])
                        {
                            problems.Add($"{where}: {row.Expected[i]} expected, {answer.Status} answered");
                            cells[i] = answer.Status;
                        }
                    }
                }
            }

            // Reads first, so the pages show the forms they have before the forms are posted.
            var byRoute = endpoints.GroupBy(e => (e.Method, e.Route))
                .OrderBy(g => PermissionRow.IsUnsafe(g.Key.Method)).ThenBy(g => g.Key.Route, StringComparer.Ordinal)
                .ThenBy(g => PermissionRow.MethodOrder(g.Key.Method));
            foreach (var group in byRoute)
            {
                var (method, route) = group.Key;
                if (route == EndpointSweep.StaticAssetRoute)
                {
                    await CallAsync(RowFor(method, route, null), false, [.. group.Select(e => "/" + e.Endpoint.RoutePattern.RawText).Distinct()]);
                }
                else if (method == "POST" && pages.Contains(route))
                {
                    var forms = table.Where(r => r.Method == method && r.Route == route && r.Form is not null).Select(r => r.Form!)
                        .Union(sweep.FormsOfPages.GetValueOrDefault(route) ?? []).Order(StringComparer.Ordinal).ToList();
                    foreach (var form in forms.Count == 0 ? [null] : forms.Cast<string?>())
                    {
                        await CallAsync(RowFor(method, route, form), true);
                    }
                }
                else
                {
                    await CallAsync(RowFor(method, route, null), pages.Contains(route));
                }
            }
        }
        finally
        {
            await sweep.FinishAsync();
        }

        var called = observed.Count;
        output.WriteLine($"Permission table: {called} endpoint lines × {callers.Count} callers = {called * callers.Count} cells; " +
                         $"{calls} calls (every static asset counted), plus one without the antiforgery token per unsafe call with a cookie.");

        var report = new StringBuilder();
        if (missing.Count > 0)
        {
            report.AppendLine($"Add these lines to {EndpointPermissionTable.SourcePath} — the statuses are what Guild answers now; check each is what you intend:");
            foreach (var row in missing.OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => PermissionRow.MethodOrder(r.Method)))
            {
                report.AppendLine(row.Format(observed[row.Key]));
            }
        }
        if (stale.Count > 0)
        {
            report.AppendLine($"Remove these lines from {EndpointPermissionTable.SourcePath}: Guild no longer maps them.");
            stale.ForEach(row => report.AppendLine(row.Format()));
        }
        var unmatched = table.Where(row => observed.TryGetValue(row.Key, out var cells) && !cells.SequenceEqual(row.Expected)).ToList();
        if (problems.Count > 0)
        {
            report.AppendLine("Unexpected answers:");
            problems.ForEach(problem => report.AppendLine("  " + problem));
            report.AppendLine("The lines as Guild answers now (fix the code, or the table if the change is intended):");
            unmatched.ForEach(row => report.AppendLine(row.Format(observed[row.Key])));
        }
        if (serverErrors.Count > 0)
        {
            report.AppendLine("Server errors (never expected):");
            serverErrors.ForEach(error => report.AppendLine("  " + error));
        }
        if (withoutToken.Count > 0)
        {
            report.AppendLine("Unsafe calls that succeeded with the cookie and no antiforgery token:");
            withoutToken.ForEach(line => report.AppendLine("  " + line));
        }
        Assert.True(report.Length == 0, "\n" + report);
    }

    [Fact]
    public async Task Demo_sign_in_exists_only_in_development()
    {
        Assert.DoesNotContain(EndpointSweep.Enumerate(app.Services), e => e.Route.Contains("demo-sign-in", StringComparison.Ordinal));
        using var anonymous = app.CreateGuildClient();
        using (var response = await anonymous.PostFormAsync("/account/sign-in", "/account/demo-sign-in", [new("email", "eva.visser@noordwind.example")]))
        {
            Assert.Equal("login", EndpointSweep.Classify(response));
        }
        var (signedIn, _) = await app.SignedInAsync();
        using (var response = await signedIn.PostFormAsync("/", "/account/demo-sign-in", [new("email", "eva.visser@noordwind.example")]))
        {
            // No endpoint takes the post: 404, or 405 where a route matches the path for other methods.
            Assert.True(EndpointSweep.Classify(response) is "404" or "405", $"Demo sign-in answered {(int)response.StatusCode}");
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EndpointPermissionsOnSqlite(SqliteApp app, ITestOutputHelper output) : EndpointPermissionsTests(app, output);

[Collection(PostgresCollection.Name)]
public sealed class EndpointPermissionsOnPostgres(PostgresApp app, ITestOutputHelper output) : EndpointPermissionsTests(app, output);
