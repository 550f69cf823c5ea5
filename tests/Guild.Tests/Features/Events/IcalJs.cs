using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Guild.Tests.Features.Events;

/// <summary>What ical.js read from a calendar (IcalParser/parse.mjs).</summary>
public sealed record ParsedCalendar(string? Method, string? Name, string? RefreshInterval, string? PublishedTtl, IReadOnlyList<string> Timezones,
    IReadOnlyList<ParsedEvent> Events);

public sealed record ParsedEvent(string Uid, int? Sequence, string? Summary, string? Status, string? StartTzid, DateTimeOffset StartUtc, DateTimeOffset EndUtc,
    string? Organizer, IReadOnlyList<string> Attendees, string? Description);

/// <summary>
/// Runs the npm ical.js 2.2.1 (pinned by IcalParser/package-lock.json, installed by the test build) over iCalendar text: an independent
/// parser reads every feed and invitation Guild writes, including its VTIMEZONEs (each start is converted to UTC by ical.js's reading
/// of them). Fails the test with ical.js's error when it cannot parse the text.
/// </summary>
public static class IcalJs
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ParsedCalendar> ParseAsync(string text)
    {
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(ScriptFolder(), "parse.mjs") },
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = Encoding.UTF8, UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        await node.StandardInput.WriteAsync(text);
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"ical.js could not parse the calendar: {await errors}\n{text}");
        return JsonSerializer.Deserialize<ParsedCalendar>(await output, Json)!;
    }

    private static string ScriptFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "IcalParser");
            if (File.Exists(Path.Combine(candidate, "parse.mjs")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("IcalParser/parse.mjs is not above the test binaries.");
    }

    /// <summary>RFC 5545's shape: CRLF line ends only, and no physical line longer than 75 octets.</summary>
    public static void AssertFoldedAndCrlf(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (var line in text.Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"line of {Encoding.UTF8.GetByteCount(line)} octets: {line}");
        }
    }
}
