using System.Text.RegularExpressions;

namespace Guild.Tests.Platform.Localization;

/// <summary>The source files of Guild, found from the test binaries upwards.</summary>
internal static class SourceFiles
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> Code() => Files("*.cs").Concat(Files("*.razor"));

    public static IEnumerable<string> Files(string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), pattern, SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Guild.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Guild.slnx not found above the test binaries.");
    }
}

/// <summary>Every text a person reads exists in English and in Dutch: each resource file has its Dutch twin with the same keys.</summary>
public sealed partial class ResourceParityTests
{
    [Fact]
    public void Every_english_text_has_a_dutch_one_and_the_other_way_round()
    {
        var problems = new List<string>();
        var english = SourceFiles.Files("*.resx").Where(path => !path.EndsWith(".nl.resx", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(english);
        foreach (var path in english)
        {
            var dutchPath = path[..^".resx".Length] + ".nl.resx";
            var name = Path.GetRelativePath(SourceFiles.Root, path);
            if (!File.Exists(dutchPath))
            {
                problems.Add($"{name}: no Dutch resource file");
                continue;
            }
            var keys = Keys(path);
            var dutch = Keys(dutchPath);
            problems.AddRange(keys.Keys.Except(dutch.Keys).Select(key => $"{name}: {key} has no Dutch text"));
            problems.AddRange(dutch.Keys.Except(keys.Keys).Select(key => $"{name}: {key} has no English text"));
            problems.AddRange(dutch.Where(pair => string.IsNullOrWhiteSpace(pair.Value)).Select(pair => $"{name}: {pair.Key} is empty in Dutch"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static Dictionary<string, string> Keys(string path) =>
        Entry().Matches(File.ReadAllText(path)).ToDictionary(match => match.Groups[1].Value, match => match.Groups[2].Value, StringComparer.Ordinal);

    [GeneratedRegex("<data name=\"([^\"]+)\"[^>]*>\\s*<value>(.*?)</value>", RegexOptions.Singleline)]
    private static partial Regex Entry();
}
