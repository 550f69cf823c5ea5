using System.Text;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Media;

/// <summary>
/// Three short ready videos owned by the demo Knowledge Champion (Daan Bakker), with English and Dutch captions, made with
/// ffmpeg at seed time (<see cref="DemoVideos"/>): the library's demo resources refer to them. The generated MP4 is already
/// H.264/AAC with the index in front, so it is stored as the asset's MP4 directly, with a poster and its probed duration.
/// Without ffmpeg the demo has no videos (and says so in the log). The large organisation gets none: generating thousands
/// of clips is not what its benchmarks measure. Runs after the people and the map, before the resources that show the clips (Order 45).
/// </summary>
internal sealed class MediaDemoContent(GuildDb db, DemoVideos videos, Ffmpeg ffmpeg, IFileStore store, ILogger<MediaDemoContent> logger) : IDemoContent
{
    // Before the library's resources (50), which turn these videos into published video resources.
    public int Order => 45;

    internal static readonly IReadOnlyList<(DemoClip Clip, string[] Dutch)> Clips =
    [
        (new DemoClip("Cutting vertical video", 16,
            ["Vertical video starts with framing: keep the face in the upper third.", "Cut on movement, not on pauses.",
             "Export at 1080 by 1920 for every social platform."]),
            ["Verticale video begint bij de kadrering: houd het gezicht in het bovenste derde.", "Knip op beweging, niet op pauzes.",
             "Exporteer op 1080 bij 1920 voor elk sociaal platform."]),
        (new DemoClip("Writing a headline in five minutes", 14,
            ["Start with the reader's question.", "Use the words they would type into a search box.", "Cut every word that does not earn its place."]),
            ["Begin bij de vraag van de lezer.", "Gebruik de woorden die ze in een zoekvak zouden typen.", "Schrap elk woord dat zijn plek niet verdient."]),
        (new DemoClip("Colour grading basics", 12,
            ["Fix the exposure before the colour.", "Match skin tones across shots.", "Then, and only then, add a look."]),
            ["Corrigeer eerst de belichting, dan de kleur.", "Laat huidtinten tussen shots overeenkomen.", "Pas daarna een look toe."]),
    ];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        if (context.Size == DemoSize.Large)
        {
            return;
        }
        var championEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var ownerId = await db.Set<Person>().Where(p => p.Account.Email == championEmail).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (ownerId is null)
        {
            return;
        }
        var folder = Directory.CreateTempSubdirectory("guild-demo-media-").FullName;
        try
        {
            foreach (var (clip, dutch) in Clips)
            {
                var video = Path.Combine(folder, $"{Guid.NewGuid():N}.mp4");
                var poster = Path.ChangeExtension(video, ".jpg");
                try
                {
                    await videos.GenerateAsync(clip, video, 640, 360, cancellationToken);
                    await ffmpeg.PosterAsync(video, 2, poster, cancellationToken);
                }
                catch (Exception exception) when (exception is FfmpegMissingException or FfmpegException)
                {
                    logger.LogWarning("No demo videos: ffmpeg could not make them ({Reason})", exception.Message);
                    return;
                }
                var probe = await ffmpeg.ProbeAsync(video, cancellationToken);
                var mp4Key = await SaveAsync(File.OpenRead(video), ".mp4", cancellationToken);
                var posterKey = await SaveAsync(File.OpenRead(poster), ".jpg", cancellationToken);
                var asset = new MediaAsset
                {
                    Id = Guid.CreateVersion7(), OwnerId = ownerId.Value, SourceKey = mp4Key, State = MediaState.Ready, ProgressPercent = 100,
                    Mp4Key = mp4Key, Mp4Length = new FileInfo(video).Length, PosterKey = posterKey, DurationSeconds = probe.DurationSeconds,
                    Width = probe.Width, Height = probe.Height, CreatedAt = context.Now.AddDays(-5), UpdatedAt = context.Now.AddDays(-5),
                };
                db.Add(asset);
                foreach (var (language, lines) in new[] { ("en", clip.Lines), ("nl", (IReadOnlyList<string>)dutch) })
                {
                    var vtt = DemoVideos.Captions(clip with { Lines = lines });
                    var key = await SaveAsync(new MemoryStream(Encoding.UTF8.GetBytes(vtt)), ".vtt", cancellationToken);
                    db.Add(new MediaCaption { AssetId = asset.Id, Language = language, FileKey = key, UpdatedAt = asset.CreatedAt });
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Demo media: {Count} videos with English and Dutch captions", Clips.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<string> SaveAsync(Stream content, string extension, CancellationToken cancellationToken)
    {
        await using (content)
        {
            return await store.SaveAsync(content, MediaAssets.StoreFolder, extension, cancellationToken);
        }
    }
}
