using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
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

    public static async Task<MediaAssetView> CreateMediaAsync(this GuildClient client, string fileKey)
    {
        var response = await client.Http.PostAsJsonAsync("/api/v1/media", new { fileKey });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MediaAssetView>(Json))!;
    }

    public static async Task<MediaAssetView> MediaAsync(this GuildClient client, Guid id) =>
        (await client.Http.GetFromJsonAsync<MediaAssetView>($"/api/v1/media/{id}", Json))!;

    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
