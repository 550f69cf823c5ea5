using System.Net;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Search;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Search;

internal static class SearchTestKit
{
    /// <summary>A published article (or a draft when <paramref name="publish"/> is false).</summary>
    public static async Task<ResourceDetails> ArticleAsync(this GuildClient author, Guid component, string title, string summary,
        string markdown = "", string language = "en", bool publish = true)
    {
        var created = await author.CreateAsync(new
        {
            kind = "Article", title, summary, language, components = new[] { component },
            markdown = markdown.Length == 0 ? summary : markdown,
        });
        if (publish)
        {
            await ReadAsync(await author.Http.PostAsync($"/api/v1/resources/{created.Id}/publication", null), HttpStatusCode.OK);
        }
        return created;
    }

    public static async Task<SearchAnswer> SearchAsync(this GuildClient client, string query, string filters = "")
    {
        using var response = await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}{filters}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"search '{query}' answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<SearchAnswer>(body, Json)!;
    }

    /// <summary>Runs the queued embedding job(s), so the new resources' meaning is searchable.</summary>
    public static async Task EmbedAsync(this GuildApp app)
    {
        await app.RunDueJobsAsync();
        // The node reads new vectors, and the typo fallback new titles, only every so often: move on past both.
        app.Clock.Advance(SearchVocabulary.RefreshEvery + ResourceVectors.RefreshEvery);
    }

    /// <summary>A unique made-up word, so a test finds its own resources in an app other tests share.</summary>
    public static string Tag() => "zq" + Guid.NewGuid().ToString("N")[..8].Replace('0', 'x').Replace('1', 'y').Replace('2', 'w').Replace('3', 'v')
        .Replace('4', 'u').Replace('5', 't').Replace('6', 's').Replace('7', 'r').Replace('8', 'p').Replace('9', 'o');
}
