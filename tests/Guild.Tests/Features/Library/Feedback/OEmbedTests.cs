using System.Net;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Tests.Features.Library.Media;
using Guild.Web.Features.Library.Feedback;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Feedback;

/// <summary>
/// oEmbed for published resources: "rich" (or "video") JSON with an iframe of the embeddable page, sized within the
/// consumer's limits; 404 for what is not a visible published resource of this Guild, 501 for formats other than JSON;
/// the resource page points at it, and the embeddable page alone may be framed (by Guild and the configured origins).
/// </summary>
public abstract class OEmbedTests(GuildApp app)
{
    [Fact]
    public async Task A_published_article_is_rich_and_a_video_is_video_within_the_consumers_size()
    {
        var world = await app.WorldAsync();
        var article = await world.Anna.PublishedAsync(world.Editing, "Cut <fast> & clean");
        // A video is published once it plays: upload a clip, transcode it, then publish.
        var draftVideo = await world.Anna.CreateAsync(new
        {
            kind = "Video", title = "Trim a clip", summary = "In one minute.", language = "en", components = new[] { world.Editing },
            uploadId = await world.Anna.UploadClipAsync(app),
        });
        var asset = await world.Anna.MediaAsync(draftVideo.MediaAssetId!.Value);
        await app.RunJobAsync(asset.JobId!.Value);
        var video = await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{draftVideo.Id}/publication", null), HttpStatusCode.OK);
        var (reader, _) = await app.SignedInAsync();
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);

        var rich = await OEmbedAsync(reader, $"{origin}/library/{article.Id}", "&format=json");
        Assert.Equal("rich", rich.GetProperty("type").GetString());
        Assert.Equal("1.0", rich.GetProperty("version").GetString());
        Assert.Equal("Cut <fast> & clean", rich.GetProperty("title").GetString());
        Assert.Equal((640, 480), (rich.GetProperty("width").GetInt32(), rich.GetProperty("height").GetInt32()));
        var html = rich.GetProperty("html").GetString()!;
        Assert.Contains($"src=\"{origin}/library/{article.Id}/embed\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<fast>", html, StringComparison.Ordinal);
        Assert.Contains(world.AnnaPerson.Name, rich.GetProperty("author_name").GetString(), StringComparison.Ordinal);

        var player = await OEmbedAsync(reader, $"{origin}/library/{video.Id}", "&maxwidth=320&maxheight=400");
        Assert.Equal("video", player.GetProperty("type").GetString());
        Assert.Equal((320, 180), (player.GetProperty("width").GetInt32(), player.GetProperty("height").GetInt32()));
        var limited = await OEmbedAsync(reader, $"{origin}/library/{video.Id}", "&maxheight=90");
        Assert.Equal((160, 90), (limited.GetProperty("width").GetInt32(), limited.GetProperty("height").GetInt32()));

        // The resource page announces it; the embeddable page may be framed by Guild itself (and the configured origins).
        var page = await reader.GetPageAsync($"/library/{article.Id}");
        // (Blazor writes the "+" of the type as &#x2B;, which browsers read back.)
        Assert.Contains("<link rel=\"alternate\" type=\"application/json&#x2B;oembed\" href=\"/api/v1/oembed?format=json&amp;url=", page, StringComparison.Ordinal);
        using var embed = await reader.GetAsync($"/library/{article.Id}/embed");
        Assert.Equal(HttpStatusCode.OK, embed.StatusCode);
        var policy = string.Join(";", embed.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.False(embed.Headers.Contains("X-Frame-Options"));
        Assert.Contains("Cut &lt;fast&gt; &amp; clean", await embed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Every other page still refuses to be framed.
        using var normal = await reader.GetAsync($"/library/{article.Id}");
        Assert.Contains("frame-ancestors 'none'", string.Join(";", normal.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_addresses_drafts_and_other_hosts_are_404_and_other_formats_501()
    {
        var world = await app.WorldAsync();
        var article = await world.Anna.PublishedAsync(world.Editing);
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Draft"));
        var (reader, _) = await app.SignedInAsync();
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);

        foreach (var url in new[]
                 {
                     $"{origin}/library/{draft.Id}", $"{origin}/library/{Guid.NewGuid()}", $"https://elsewhere.example/library/{article.Id}",
                     $"{origin}/people/{world.AnnaPerson.Id}", "not a url", $"javascript:alert(1)//{origin}/library/{article.Id}",
                 })
        {
            using var response = await reader.GetAsync($"/api/v1/oembed?url={Uri.EscapeDataString(url)}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        }
        // Even its author cannot embed a draft: only what the library shows everyone.
        Assert.Equal(HttpStatusCode.NotFound, (await world.Anna.GetAsync($"/api/v1/oembed?url={Uri.EscapeDataString($"{origin}/library/{draft.Id}")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Anna.GetAsync($"/library/{draft.Id}/embed")).StatusCode);
        var address = Uri.EscapeDataString($"{origin}/library/{article.Id}");
        Assert.Equal(HttpStatusCode.NotImplemented, (await reader.GetAsync($"/api/v1/oembed?url={address}&format=xml")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync($"/api/v1/oembed?url={address}&maxwidth=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/api/v1/oembed")).StatusCode);

        // Signed out: the endpoint wants a member, and the embeddable page asks to sign in without showing anything.
        var anonymous = app.CreateGuildClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/oembed?url={address}")).StatusCode);
        using var embed = await anonymous.GetAsync($"/library/{article.Id}/embed");
        var body = await embed.Content.ReadAsStringAsync();
        Assert.Contains("Sign in to Guild to see this resource.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Cutting on the beat", body, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> OEmbedAsync(GuildClient client, string url, string extra = "")
    {
        using var response = await client.GetAsync($"/api/v1/oembed?url={Uri.EscapeDataString(url)}{extra}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OEmbedTestsOnSqlite(SqliteApp app) : OEmbedTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OEmbedTestsOnPostgres(PostgresApp app) : OEmbedTests(app);
