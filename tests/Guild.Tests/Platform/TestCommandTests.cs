using System.Diagnostics;

namespace Guild.Tests.Platform;

/// <summary>
/// The test command must not report green when the code does not compile: before, test.sh hid the build's
/// exit code behind <c>grep … || true</c> and ran <c>dotnet test --no-build</c> on the binaries of an earlier build.
/// </summary>
public sealed class TestCommandTests
{
    [Fact]
    public async Task A_build_that_fails_ends_the_run_red_with_the_compilers_errors_and_runs_no_tests()
    {
        var folder = Directory.CreateTempSubdirectory("guild-broken-build-").FullName;
        try
        {
            var project = Path.Combine(folder, "Broken.csproj");
            await File.WriteAllTextAsync(project, """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(folder, "Broken.cs"), "public class Broken { public int Count = \"not a number\"; }");

            var (exitCode, output, errors) = await RunTestCommandAsync(new Dictionary<string, string>
            {
                ["GUILD_SOLUTION"] = project,
                ["GUILD_TEST_SETUP"] = "none",
                ["GUILD_TEST_RESULTS"] = Path.Combine(folder, "results"),
                // Were the build's failure ignored, this project's (earlier) binaries would be tested.
                ["GUILD_TEST_PROJECTS"] = "tests/Guild.Tests",
            });

            Assert.True(exitCode != 0, "test.sh ended 0 on a broken build:\n" + output + errors);
            Assert.Contains("error CS0029", output, StringComparison.Ordinal);
            Assert.DoesNotContain("== Testing", output, StringComparison.Ordinal);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("0 passed, 1 failed, 0 skipped", lines[^1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunTestCommandAsync(Dictionary<string, string> environment)
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "test.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "test.sh")) && File.Exists(Path.Combine(folder.FullName, "Guild.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (with test.sh) was not found above " + AppContext.BaseDirectory);
    }
}
