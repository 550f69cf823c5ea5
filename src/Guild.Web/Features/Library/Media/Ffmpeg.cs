using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Library.Media;

public sealed class MediaOptions
{
    /// <summary>The ffmpeg program: a name on the PATH or a full path. ffprobe is looked for beside it.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";
    /// <summary>Constant rate factor of the H.264 encoder: 23 looks as good as the source for screen recordings and talks.</summary>
    public int Crf { get; set; } = 23;
    /// <summary>x264 preset: <c>veryfast</c> keeps a two-core node at a few times real time at 1080p.</summary>
    public string Preset { get; set; } = "veryfast";
    /// <summary>The shorter side of the output at most (1080: 1080p for landscape, 1080 wide for portrait).</summary>
    public int MaxShortSide { get; set; } = 1080;
    /// <summary>
    /// How long an asset that nothing shows (a video uploaded for a resource never saved, one replaced in the editor) is
    /// kept after its last change before the nightly cleanup removes it with its files.
    /// </summary>
    public TimeSpan KeepUnusedFor { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>What ffprobe saw in a file.</summary>
public sealed record MediaProbe(double? DurationSeconds, int? Width, int? Height, string? VideoCodec, string? AudioCodec)
{
    public bool HasVideo => VideoCodec is not null;
}

/// <summary>ffmpeg or ffprobe ended with an error: its exit code and the last lines it wrote to stderr.</summary>
public sealed class FfmpegException(string message, string detail) : Exception(message)
{
    public string Detail { get; } = detail;
}

/// <summary>The ffmpeg program could not be started (not installed, or <c>Media:FfmpegPath</c> is wrong).</summary>
public sealed class FfmpegMissingException(string path, Exception inner) : Exception($"ffmpeg was not found at '{path}'.", inner);

/// <summary>
/// A thin wrapper over the ffmpeg and ffprobe processes: argument lists (never a shell, so no file name is ever parsed as
/// a command), stdout read as it comes (<c>-progress pipe:1</c>), the end of stderr kept for the failure's detail, and the
/// process killed when the job is cancelled.
/// </summary>
public sealed class Ffmpeg(IOptions<MediaOptions> options, ILogger<Ffmpeg> logger)
{
    private MediaOptions Options => options.Value;

    public string FfmpegPath => Options.FfmpegPath;

    /// <summary>ffprobe beside ffmpeg: the same folder when a path is configured, else the name on the PATH.</summary>
    public string FfprobePath =>
        Path.GetDirectoryName(Options.FfmpegPath) is { Length: > 0 } folder
            ? Path.Combine(folder, Path.GetFileName(Options.FfmpegPath).Replace("ffmpeg", "ffprobe", StringComparison.Ordinal))
            : "ffprobe";

    /// <summary>Streams, duration and size; throws <see cref="FfmpegException"/> for a file ffprobe cannot read.</summary>
    public async Task<MediaProbe> ProbeAsync(string file, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        await RunAsync(FfprobePath, ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", file],
            line => output.AppendLine(line), cancellationToken);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        JsonElement? video = null, audio = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = stream.TryGetProperty("codec_type", out var t) ? t.GetString() : null;
                // Cover art in an audio file is a "video" stream of one picture; it is no video.
                var isPicture = stream.TryGetProperty("disposition", out var disposition)
                    && disposition.TryGetProperty("attached_pic", out var attached) && attached.ValueKind == JsonValueKind.Number && attached.GetInt32() == 1;
                if (type == "video" && !isPicture && video is null)
                {
                    video = stream;
                }
                else if (type == "audio" && audio is null)
                {
                    audio = stream;
                }
            }
        }
        double? duration = root.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
        return new MediaProbe(duration,
            video is { } v && v.TryGetProperty("width", out var w) ? w.GetInt32() : null,
            video is { } v2 && v2.TryGetProperty("height", out var h) ? h.GetInt32() : null,
            video is { } v3 && v3.TryGetProperty("codec_name", out var vc) ? vc.GetString() : null,
            audio is { } a && a.TryGetProperty("codec_name", out var ac) ? ac.GetString() : null);
    }

    /// <summary>
    /// Transcodes to H.264/AAC MP4 with the index in front (<c>+faststart</c>: playback starts before the download ends), the
    /// shorter side at most <see cref="MediaOptions.MaxShortSide"/>, reporting the seconds done as ffmpeg writes them.
    /// </summary>
    public Task TranscodeAsync(string input, string output, Func<double, Task> secondsDone, CancellationToken cancellationToken) =>
        TranscodeAsync(input, output, 0, null, secondsDone, cancellationToken);

    /// <summary>
    /// The same, keeping only <paramref name="lengthSeconds"/> (all when null) from <paramref name="startSeconds"/> on: the
    /// trim of a recording. The start is an input option (a fast seek to the nearest frame before it, then exact decoding).
    /// </summary>
    public Task TranscodeAsync(string input, string output, double startSeconds, double? lengthSeconds, Func<double, Task> secondsDone,
        CancellationToken cancellationToken)
    {
        var max = Options.MaxShortSide.ToString(CultureInfo.InvariantCulture);
        // Landscape: limit the height; portrait: the width. -2 keeps the aspect ratio with an even size (yuv420p needs one).
        var scale = $"scale=w='if(gte(iw,ih),-2,min({max},iw))':h='if(gte(iw,ih),min({max},ih),-2)'";
        string[] arguments =
        [
            "-hide_banner", "-nostdin", "-y", "-nostats", "-loglevel", "error",
            .. startSeconds > 0 ? (string[])["-ss", startSeconds.ToString("0.###", CultureInfo.InvariantCulture)] : [],
            "-i", input,
            .. lengthSeconds is { } length ? (string[])["-t", length.ToString("0.###", CultureInfo.InvariantCulture)] : [],
            "-map", "0:v:0", "-map", "0:a:0?",
            "-vf", scale,
            "-c:v", "libx264", "-preset", Options.Preset, "-crf", Options.Crf.ToString(CultureInfo.InvariantCulture),
            "-pix_fmt", "yuv420p", "-profile:v", "high",
            "-c:a", "aac", "-b:a", "128k", "-ac", "2",
            "-movflags", "+faststart",
            "-progress", "pipe:1",
            "-f", "mp4", output,
        ];
        var last = 0.0;
        return RunAsync(FfmpegPath, arguments, async line =>
        {
            // "out_time_us=12345678" (also written as out_time_ms, which is microseconds too): the output's position.
            if ((line.StartsWith("out_time_us=", StringComparison.Ordinal) || line.StartsWith("out_time_ms=", StringComparison.Ordinal))
                && long.TryParse(line.AsSpan(line.IndexOf('=', StringComparison.Ordinal) + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros)
                && micros > 0)
            {
                var seconds = micros / 1_000_000.0;
                if (seconds > last)
                {
                    last = seconds;
                    await secondsDone(seconds);
                }
            }
        }, cancellationToken);
    }

    /// <summary>One JPEG frame at <paramref name="atSeconds"/>, at most 1280 wide.</summary>
    public Task PosterAsync(string input, double atSeconds, string output, CancellationToken cancellationToken) =>
        RunAsync(FfmpegPath,
        [
            "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            "-ss", atSeconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", input,
            "-frames:v", "1", "-vf", "scale='min(1280,iw)':-2", "-q:v", "3", "-f", "image2", output,
        ], _ => { }, cancellationToken);

    /// <summary>Runs ffmpeg with any arguments (the demo generator makes clips with it).</summary>
    public Task RunFfmpegAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(FfmpegPath, arguments, _ => { }, cancellationToken);

    private Task RunAsync(string program, IReadOnlyList<string> arguments, Action<string> onLine, CancellationToken cancellationToken) =>
        RunAsync(program, arguments, line => { onLine(line); return Task.CompletedTask; }, cancellationToken);

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, Func<string, Task> onLine, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new FfmpegMissingException(program, exception);
        }
        // stderr is drained at once (a full pipe would stall ffmpeg); only its end is kept.
        var errors = new Queue<string>();
        var readingErrors = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                lock (errors)
                {
                    errors.Enqueue(line);
                    if (errors.Count > 12)
                    {
                        errors.Dequeue();
                    }
                }
            }
        }, CancellationToken.None);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                await onLine(line);
            }
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        catch
        {
            Kill(process);
            throw;
        }
        await readingErrors;
        if (process.ExitCode != 0)
        {
            string detail;
            lock (errors)
            {
                detail = string.Join('\n', errors).Trim();
            }
            logger.LogWarning("{Program} ended with exit code {ExitCode}: {Detail}", Path.GetFileName(program), process.ExitCode, detail);
            throw new FfmpegException($"{Path.GetFileName(program)} ended with exit code {process.ExitCode}.", detail.Length > 1000 ? detail[^1000..] : detail);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }
}
