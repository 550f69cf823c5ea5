using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Media;

/// <summary>
/// Told when an asset's video is ready, with its duration (the library's resources take it as theirs). Runs after the
/// asset is saved as ready; it must be safe to run again, as the job may be.
/// </summary>
public interface IMediaReadyListener
{
    Task MediaReadyAsync(Guid assetId, double durationSeconds, CancellationToken cancellationToken);
}

/// <summary>
/// Turns an uploaded video into a playable one, on the <c>media</c> queue: the source is streamed from the store to a temporary
/// file, probed (ffprobe), transcoded to H.264/AAC MP4 with the index in front, a poster frame is taken, and the MP4 and poster
/// go back to the store. Progress goes to the job and the asset as ffmpeg writes it. A file that cannot be a video fails at
/// once with its reason (no retries: the same file fails the same way); anything else (the store away for a moment) is retried
/// by the queue. Safe to run again: a ready asset is left alone, and temporary files are always removed.
/// </summary>
internal sealed class MediaTranscodeJob(GuildDb db, IFileStore store, Ffmpeg ffmpeg, TimeProvider clock, IEnumerable<IMediaReadyListener> readyListeners,
    ILogger<MediaTranscodeJob> logger) : IJobHandler
{
    public const string JobKind = "media.transcode";

    public sealed record Payload(Guid AssetId);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var assetId = job.PayloadAs<Payload>().AssetId;
        var asset = await db.Set<MediaAsset>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == assetId, cancellationToken);
        if (asset is null || asset.State == MediaState.Ready || asset.JobId != job.Id)
        {
            // Gone, done already, or a newer job (a retry) has it.
            return;
        }
        await UpdateAsync(assetId, job.Id, set => set.SetProperty(a => a.State, MediaState.Processing).SetProperty(a => a.ProgressPercent, 0));
        await job.ReportProgressAsync(0, 100, new JobMessage("Media.Probing"));

        var folder = Directory.CreateTempSubdirectory("guild-media-").FullName;
        try
        {
            var source = Path.Combine(folder, "source");
            await using (var stored = await store.OpenReadAsync(asset.SourceKey, cancellationToken))
            {
                if (stored is null)
                {
                    await FailAsync(assetId, job.Id, MediaFailures.SourceMissing, null);
                }
                await using var file = new FileStream(source, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await stored!.CopyToAsync(file, cancellationToken);
            }

            var probe = await RunStepAsync(assetId, job.Id, MediaFailures.Unreadable, () => ffmpeg.ProbeAsync(source, cancellationToken));
            if (!probe.HasVideo)
            {
                await FailAsync(assetId, job.Id, MediaFailures.NoVideo, $"Streams: audio {probe.AudioCodec ?? "none"}, no video.");
            }

            // The part to keep: after the trim's start, up to its end, and never longer than a recording may be (so a
            // too-long upload costs at most the allowed length of work before it is refused).
            var start = asset.TrimStartSeconds ?? 0;
            if (probe.DurationSeconds is { } whole && start >= whole)
            {
                await FailAsync(assetId, job.Id, MediaFailures.TrimmedAway, $"Trim starts at {start:0.#} s; the video is {whole:0.#} s.");
            }
            double? keep = asset.TrimEndSeconds is { } end ? end - start : null;
            if (asset.MaxSeconds is { } max)
            {
                keep = Math.Min(keep ?? double.MaxValue, max + 1);
            }
            var expected = Math.Min(keep ?? double.MaxValue, (probe.DurationSeconds ?? double.MaxValue) - start);
            var output = Path.Combine(folder, "video.mp4");
            var reported = 0;
            await RunStepAsync(assetId, job.Id, MediaFailures.TranscodeFailed, async () =>
            {
                await ffmpeg.TranscodeAsync(source, output, start, keep, async seconds =>
                {
                    // A browser's WebM recording often says no duration: then there is nothing to measure against.
                    if (expected is not (> 0 and < double.MaxValue))
                    {
                        return;
                    }
                    // At most 99 until the files are stored; a report every 2 % is plenty for a progress bar.
                    var percent = (int)Math.Clamp(seconds / expected * 100, 0, 99);
                    if (percent >= reported + 2)
                    {
                        reported = percent;
                        await job.ReportProgressAsync(percent, 100, new JobMessage("Media.Transcoding", percent));
                        await UpdateAsync(assetId, job.Id, set => set.SetProperty(a => a.ProgressPercent, percent));
                    }
                }, cancellationToken);
                return true;
            });

            var result = await RunStepAsync(assetId, job.Id, MediaFailures.TranscodeFailed, () => ffmpeg.ProbeAsync(output, cancellationToken));
            var duration = result.DurationSeconds ?? probe.DurationSeconds ?? 0;
            if (asset.MaxSeconds is { } longest && duration > longest + 0.5)
            {
                // Measured on what was made, not on what the source claims: a recording's own header may say nothing.
                await FailAsync(assetId, job.Id, MediaFailures.TooLong, $"At least {duration:0.#} s after the trim; at most {longest:0} s are allowed.");
            }
            var poster = Path.Combine(folder, "poster.jpg");
            // A frame a little way in: the first is often black or a title fading in.
            await RunStepAsync(assetId, job.Id, MediaFailures.TranscodeFailed,
                async () => { await ffmpeg.PosterAsync(output, Math.Min(duration * 0.25, 3), poster, cancellationToken); return true; });

            string mp4Key, posterKey;
            await using (var mp4 = File.OpenRead(output))
            {
                mp4Key = await store.SaveAsync(mp4, MediaAssets.StoreFolder, ".mp4", cancellationToken);
            }
            await using (var jpeg = File.OpenRead(poster))
            {
                posterKey = await store.SaveAsync(jpeg, MediaAssets.StoreFolder, ".jpg", cancellationToken);
            }
            var length = new FileInfo(output).Length;
            var changed = await UpdateAsync(assetId, job.Id, set => set
                .SetProperty(a => a.State, MediaState.Ready)
                .SetProperty(a => a.ProgressPercent, 100)
                .SetProperty(a => a.Mp4Key, mp4Key)
                .SetProperty(a => a.Mp4Length, length)
                .SetProperty(a => a.PosterKey, posterKey)
                .SetProperty(a => a.DurationSeconds, duration)
                .SetProperty(a => a.Width, result.Width)
                .SetProperty(a => a.Height, result.Height)
                .SetProperty(a => a.FailureReason, (string?)null)
                .SetProperty(a => a.FailureDetail, (string?)null));
            if (changed == 0)
            {
                // A retry took the asset over meanwhile: these files belong to nobody.
                await store.DeleteAsync(mp4Key, CancellationToken.None);
                await store.DeleteAsync(posterKey, CancellationToken.None);
                return;
            }
            foreach (var listener in readyListeners)
            {
                await listener.MediaReadyAsync(assetId, duration, CancellationToken.None);
            }
            job.SetOutcome(JobOutcome.Positive, new JobMessage("Media.Ready", (int)Math.Round(duration)));
            logger.LogInformation("Media asset {AssetId} ready: {Seconds:0.0} s, {Width}x{Height}, {Bytes} bytes", assetId, duration, result.Width, result.Height, length);
        }
        catch (FfmpegMissingException exception)
        {
            await FailAsync(assetId, job.Id, MediaFailures.FfmpegMissing, exception.Message);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException exception)
            {
                logger.LogWarning(exception, "Temporary media folder {Folder} not removed", folder);
            }
        }
    }

    /// <summary>A step whose ffmpeg error means the file itself is the problem: the asset fails with the reason, for good.</summary>
    private async Task<T> RunStepAsync<T>(Guid assetId, Guid jobId, string reason, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (FfmpegException exception)
        {
            await FailAsync(assetId, jobId, reason, exception.Detail.Length > 0 ? exception.Detail : exception.Message);
            throw; // not reached: FailAsync throws
        }
        catch (System.Text.Json.JsonException exception)
        {
            await FailAsync(assetId, jobId, reason, exception.Message);
            throw;
        }
    }

    private async Task FailAsync(Guid assetId, Guid jobId, string reason, string? detail)
    {
        var shortened = detail is { Length: > 1000 } ? detail[^1000..] : detail;
        await UpdateAsync(assetId, jobId, set => set
            .SetProperty(a => a.State, MediaState.Failed)
            .SetProperty(a => a.FailureReason, reason)
            .SetProperty(a => a.FailureDetail, shortened));
        throw new PermanentJobFailure($"The video cannot be processed ({reason}). {shortened}".Trim());
    }

    /// <summary>Changes the asset only while this job is still its job (a retry queues a new one).</summary>
    private Task<int> UpdateAsync(Guid assetId, Guid jobId,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<MediaAsset>> change)
    {
        var now = clock.GetUtcNow();
        return db.Set<MediaAsset>().Where(a => a.Id == assetId && a.JobId == jobId)
            .ExecuteUpdateAsync(set => { change(set); set.SetProperty(a => a.UpdatedAt, now); }, CancellationToken.None);
    }
}
