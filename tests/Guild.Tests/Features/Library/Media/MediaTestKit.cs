using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Tests.Platform.Uploads;
using Microsoft.EntityFrameworkCore;
using Guild.Web.Features.Library.Media;
using Guild.Web.Platform.Storage;

namespace Guild.Tests.Features.Library.Media;

/// <summary>Clips and stored files for the media pipeline's tests.</summary>
public static class MediaTestKit
{
    private static readonly SemaphoreSlim Making = new(1, 1);
    private static string? _clip;

    /// <summary>
    /// A 3-second 320×180 H.264/AAC clip made once per test run with the demo generator (test pattern, title, speech-like
    /// tone): every test that needs a real video stores a copy of it.
    /// </summary>
    public static async Task<string> ClipAsync(GuildApp app)
    {
        await Making.WaitAsync();
        try
        {
            if (_clip is null || !File.Exists(_clip))
            {
                var path = Path.Combine(Directory.CreateTempSubdirectory("guild-test-clip-").FullName, "clip.mp4");
                await app.Services.GetRequiredService<DemoVideos>().GenerateAsync(
                    new DemoClip("Test clip", 3, ["One", "Two"]), path, 320, 180, CancellationToken.None);
                _clip = path;
            }
            return _clip;
        }
        finally
        {
            Making.Release();
        }
    }

    public static async Task<string> StoreAsync(this GuildApp app, byte[] content, string extension)
    {
        using var stream = new MemoryStream(content);
        return await app.Services.GetRequiredService<IFileStore>().SaveAsync(stream, "uploads", extension, CancellationToken.None);
    }

    public static async Task<string> StoreClipAsync(this GuildApp app) => await app.StoreAsync(await File.ReadAllBytesAsync(await ClipAsync(app)), ".mp4");

    /// <summary>Where the local store keeps a key (tests that "fix" an upload write there).</summary>
    public static string LocalPathOf(this GuildApp app, string key) =>
        Path.Combine(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Storage:LocalRoot"]!, key);

    /// <summary>Uploads <paramref name="content"/> whole over tus (as the pages do) and answers the finished upload's id.</summary>
    public static async Task<Guid> UploadAsync(this GuildClient client, byte[] content, string purpose = "video", string fileName = "clip.mp4")
    {
        var tus = new TusTestClient(client);
        var upload = await tus.StartAsync(content.Length, purpose, fileName);
        using var response = await tus.PatchAsync(upload, 0, content);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.NoContent, $"The upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return Guid.Parse(upload.Segments[^1]);
    }

    public static async Task<Guid> UploadClipAsync(this GuildClient client, GuildApp app, string purpose = "video") =>
        await client.UploadAsync(await File.ReadAllBytesAsync(await ClipAsync(app)), purpose);

    /// <summary>
    /// The start of an MP4 (an ftyp box, so the upload's content check passes) followed by a shopping list: a video that
    /// ffprobe cannot read, as a damaged export is.
    /// </summary>
    public static byte[] BrokenVideo() =>
        [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', .. "This is a shopping list, not a video."u8];

    public static async Task<MediaAssetView> CreateMediaAsync(this GuildClient client, Guid uploadId)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/media", new { uploadId });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Creating the media answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<MediaAssetView>(Json))!;
    }

    /// <summary>The stored upload an asset was made of (tests that "fix" an upload overwrite it).</summary>
    public static Task<string> SourceKeyAsync(this GuildApp app, Guid assetId) =>
        app.WithDbAsync(db => db.Set<MediaAsset>().Where(a => a.Id == assetId).Select(a => a.SourceKey).FirstAsync());

    public static async Task<MediaAssetView> MediaAsync(this GuildClient client, Guid id) =>
        (await client.Http.GetFromJsonAsync<MediaAssetView>($"/api/v1/media/{id}", Json))!;

    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
