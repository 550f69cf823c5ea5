using System.Diagnostics;
using Guild.Tests.Infrastructure;

namespace Guild.Tests.Features.Lrs;

/// <summary>
/// "A third-party xAPI client can use Guild as its LRS with nothing Guild-specific": the npm package
/// @xapi/xapi, run by Node against the running app, sends statements (single, batch, with an
/// attachment), queries them with filters and pages through "more", voids one, and uses the State,
/// Activity Profile and Agent Profile resources.
/// </summary>
public abstract class XapiClientTests(GuildApp app)
{
    private static string ScriptFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "XapiClient");
            if (File.Exists(Path.Combine(candidate, "client-test.mjs")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("XapiClient/client-test.mjs is not above the test binaries.");
    }

    [Fact]
    public async Task The_xapi_npm_client_writes_and_reads_through_every_resource()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ScriptFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "client-test.mjs", new Uri(app.BaseAddress, "/xapi/").ToString(), lrs.Key, lrs.Secret })
        {
            start.ArgumentList.Add(argument);
        }
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}: {await output}\n{await errors}");
        Assert.Matches("xapi client: \\d+ checks passed", await output);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class XapiClientTestsOnSqlite(SqliteApp app) : XapiClientTests(app);

[Collection(PostgresCollection.Name)]
public sealed class XapiClientTestsOnPostgres(PostgresApp app) : XapiClientTests(app);
