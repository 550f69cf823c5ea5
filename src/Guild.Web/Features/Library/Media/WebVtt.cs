using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Guild.Web.Features.Library.Media;

/// <summary>A problem with an uploaded caption file: a key of <c>MediaText</c> and its arguments (a line number).</summary>
public sealed record CaptionProblem(string Key, params object[] Arguments);

/// <summary>
/// Checks a WebVTT file before it is stored: at most <see cref="MaxBytes"/>, UTF-8, the <c>WEBVTT</c> signature, and cues
/// whose times parse and end after they start. Browsers skip a broken cue without a word, so Guild refuses the file and
/// says which line is wrong instead.
/// </summary>
public static partial class WebVtt
{
    /// <summary>512 KB: a ten-minute talk's captions are some 20 KB.</summary>
    public const int MaxBytes = 512 * 1024;

    [GeneratedRegex(@"^(?:(\d{2,6}):)?([0-5]\d):([0-5]\d)\.(\d{3})[ \t]+-->[ \t]+(?:(\d{2,6}):)?([0-5]\d):([0-5]\d)\.(\d{3})(?:[ \t].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CueTiming();

    /// <summary>Reads at most <see cref="MaxBytes"/> + 1 bytes; answers the text, or the problem that refuses it.</summary>
    public static async Task<(string? Text, CaptionProblem? Problem)> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes + 1];
        var read = 0;
        while (read < buffer.Length && await content.ReadAsync(buffer.AsMemory(read), cancellationToken) is var count and > 0)
        {
            read += count;
        }
        if (read > MaxBytes)
        {
            return (null, new CaptionProblem("Captions.TooLarge", MaxBytes / 1024));
        }
        if (read == 0)
        {
            return (null, new CaptionProblem("Captions.Empty"));
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, read);
        }
        catch (DecoderFallbackException)
        {
            return (null, new CaptionProblem("Captions.NotUtf8"));
        }
        var problem = Check(text);
        return problem is null ? (text.TrimStart('\uFEFF'), null) : (null, problem);
    }

    /// <summary>The first problem of a WebVTT text, or null when it is fine.</summary>
    public static CaptionProblem? Check(string text)
    {
        text = text.TrimStart('\uFEFF');
        if (!text.StartsWith("WEBVTT", StringComparison.Ordinal) || (text.Length > 6 && text[6] is not (' ' or '\t' or '\n' or '\r')))
        {
            return new CaptionProblem("Captions.NoSignature");
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return new CaptionProblem("Captions.NotUtf8");
        }
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var cues = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!line.Contains("-->", StringComparison.Ordinal))
            {
                continue;
            }
            var match = CueTiming().Match(line);
            if (!match.Success)
            {
                return new CaptionProblem("Captions.BadTiming", i + 1);
            }
            var start = Seconds(match, 1);
            var end = Seconds(match, 5);
            if (end <= start)
            {
                return new CaptionProblem("Captions.EndBeforeStart", i + 1);
            }
            cues++;
        }
        return cues == 0 ? new CaptionProblem("Captions.NoCues") : null;
    }

    private static double Seconds(Match match, int first) =>
        (match.Groups[first].Success ? long.Parse(match.Groups[first].Value, CultureInfo.InvariantCulture) * 3600 : 0)
        + int.Parse(match.Groups[first + 1].Value, CultureInfo.InvariantCulture) * 60
        + int.Parse(match.Groups[first + 2].Value, CultureInfo.InvariantCulture)
        + int.Parse(match.Groups[first + 3].Value, CultureInfo.InvariantCulture) / 1000.0;
}
