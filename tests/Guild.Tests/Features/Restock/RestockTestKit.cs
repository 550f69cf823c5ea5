using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Features.Library.Search;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Restock;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Restock;

internal static class RestockTestKit
{
    /// <summary>
    /// Searches for something nobody has written about: it goes to the restock board. The library is shared by every test of
    /// the app, so another test's resource may come close enough to answer (a typo correction and a loose meaning); the
    /// searcher then says "nothing here helped", which puts the search on the board all the same.
    /// </summary>
    public static async Task<Guid> SearchInVainAsync(this GuildClient client, string query)
    {
        var answer = await client.SearchAsync(query);
        if (answer.Results.Count > 0)
        {
            var page = $"/library/search?q={Uri.EscapeDataString(query)}";
            using var response = await client.PostFormAsync(page, page, [new("_handler", "nothing-helped"), new("SearchId", answer.SearchId.ToString())]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        return answer.SearchId;
    }

    /// <summary>The board as the admin sees it after the grouping job has grouped every search so far.</summary>
    public static async Task<RestockBoardView> GroupedBoardAsync(this GuildApp app, GuildClient admin, string filters = "")
    {
        // Opening the board queues the grouping job when searches wait for it; the app's workers are off in tests.
        await BoardAsync(admin, filters);
        await app.RunDueJobsAsync();
        Assert.False(await app.WithDbAsync(db => db.Set<BackgroundJob>().AnyAsync(j => j.Kind == SearchGroupingJob.JobKind && j.Status != JobStatus.Succeeded)),
            "the grouping job did not succeed");
        var board = await BoardAsync(admin, filters);
        Assert.Equal(0, board.Summary.Ungrouped);
        return board;
    }

    public static async Task<RestockBoardView> BoardAsync(this GuildClient admin, string filters = "")
    {
        using var response = await admin.GetAsync($"/api/v1/restock{filters}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the board answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<RestockBoardView>(body, Json)!;
    }

    public static Task<HttpResponseMessage> RequestAsync(this GuildClient admin, string? itemKey, Guid? championId, DateOnly? dueOn, string? note = null) =>
        admin.Http.PostAsJsonAsync("/api/v1/restock/requests", new { itemKey, championId, dueOn, note });

    public static async Task<RestockRequestView> ReadRequestAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<RestockRequestView>(body, Json)!;
    }

    public static Task<HttpResponseMessage> FulfilAsync(this GuildClient champion, Guid requestId, Guid? resourceId) =>
        champion.Http.PostAsJsonAsync($"/api/v1/restock/requests/{requestId}/fulfilment", new { resourceId });

    /// <summary>The organisation's today (the tests' organisation is in UTC unless a test changes it).</summary>
    public static DateOnly Today(this GuildApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
}
