using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Resources;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Feedback;

internal static class FeedbackTestKit
{
    /// <summary>A published article by <paramref name="author"/> (a champion of <paramref name="component"/>).</summary>
    public static async Task<ResourceDetails> PublishedAsync(this GuildClient author, Guid component, string title = "Cutting on the beat", object? request = null)
    {
        var draft = await author.CreateAsync(request ?? Article(component, title));
        return await ReadAsync(await author.Http.PostAsync($"/api/v1/resources/{draft.Id}/publication", null), HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> AnswerAsync(this GuildClient client, Guid resourceId, bool? helpful, string? whatFor = null) =>
        client.Http.PutAsJsonAsync($"/api/v1/resources/{resourceId}/helpfulness", new { helpful, whatFor });

    public static Task<HttpResponseMessage> FlagAsync(this GuildClient client, Guid resourceId, string? kind, string? text = null) =>
        client.Http.PostAsJsonAsync($"/api/v1/resources/{resourceId}/flags", new { kind, text });
}
