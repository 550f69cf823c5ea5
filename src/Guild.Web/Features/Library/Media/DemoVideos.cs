using System.Globalization;
using System.Text;

namespace Guild.Web.Features.Library.Media;

/// <summary>A short demo video to make: a title over a test pattern, speech-like sound, and what the captions say.</summary>
/// <param name="Title">Shown on the picture.</param>
/// <param name="Seconds">Length, 2 to 60 seconds.</param>
/// <param name="Lines">Caption lines, spread evenly over the video.</param>
public sealed record DemoClip(string Title, int Seconds, IReadOnlyList<string> Lines);

/// <summary>
/// Makes demo videos with ffmpeg at seed time (never committed): testsrc2 with the title drawn on it, and a tone whose pitch
/// drifts and whose loudness pulses at syllable rate (about 4 a second) in phrases with pauses, so a player's waveform and
/// captions look like a talk. The WebVTT captions match the clip's length. Tests make their clips here too.
/// </summary>
public sealed class DemoVideos(Ffmpeg ffmpeg, ILogger<DemoVideos> logger)
{
    /// <summary>Writes the clip as an H.264/AAC MP4 to <paramref name="output"/>.</summary>
    public async Task GenerateAsync(DemoClip clip, string output, int width, int height, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clip.Seconds, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clip.Seconds, 60);
        var seconds = clip.Seconds.ToString(CultureInfo.InvariantCulture);
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        var titleFile = Path.Combine(folder, $"title-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(titleFile, clip.Title, new UTF8Encoding(false), cancellationToken);
        try
        {
            var fontSize = Math.Max(12, height / 12).ToString(CultureInfo.InvariantCulture);
            var title = $"drawtext=textfile='{FilterPath(titleFile)}':fontcolor=white:fontsize={fontSize}:box=1:boxcolor=black@0.6:boxborderw=12:x=(w-tw)/2:y=h-th-{height / 8}";
            try
            {
                await ffmpeg.RunFfmpegAsync(Arguments(output, width, height, seconds, title), cancellationToken);
            }
            catch (FfmpegException exception)
            {
                // An ffmpeg without fonts (or drawtext) still makes a clip, just without its title.
                logger.LogWarning("Demo clip without its title: {Detail}", exception.Detail);
                await ffmpeg.RunFfmpegAsync(Arguments(output, width, height, seconds, null), cancellationToken);
            }
        }
        finally
        {
            File.Delete(titleFile);
        }
    }

    /// <summary>WebVTT captions for the clip: its lines, one after another, over its whole length.</summary>
    public static string Captions(DemoClip clip)
    {
        var text = new StringBuilder("WEBVTT\n");
        var each = (double)clip.Seconds / Math.Max(1, clip.Lines.Count);
        for (var i = 0; i < clip.Lines.Count; i++)
        {
            text.Append('\n').Append(i + 1).Append('\n')
                .Append(Time(i * each)).Append(" --> ").Append(Time(Math.Min(clip.Seconds, (i + 1) * each) - 0.1)).Append('\n')
                .Append(clip.Lines[i]).Append('\n');
        }
        return text.ToString();
    }

    private static List<string> Arguments(string output, int width, int height, string seconds, string? title)
    {
        // Syllables at ~4.2 Hz, phrases of about a second and a half with pauses between, the pitch drifting like a voice.
        // The comma inside gt() is escaped: lavfi reads an unescaped one as the next filter.
        var voice = $"aevalsrc='0.4*sin(2*PI*(150+30*sin(2*PI*0.4*t))*t)*(0.55+0.45*sin(2*PI*4.2*t))*gt(sin(2*PI*0.55*t)\\,-0.35)':s=44100:d={seconds}";
        var arguments = new List<string>
        {
            "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", voice,
        };
        if (title is not null)
        {
            arguments.AddRange(["-vf", title]);
        }
        arguments.AddRange(["-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
            "-movflags", "+faststart", "-shortest", "-f", "mp4", output]);
        return arguments;
    }

    private static string Time(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}.{time.Milliseconds:000}");
    }

    /// <summary>A path inside a filter's quoted option: backslashes and quotes escaped.</summary>
    private static string FilterPath(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "'\\''", StringComparison.Ordinal);
}
