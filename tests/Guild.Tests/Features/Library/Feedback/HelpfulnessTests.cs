using System.Net;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Feedback;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Feedback;

/// <summary>
/// "Did this help you do your job?": one answer per person and resource (a later one replaces it), counted per resource,
/// recorded as "rated" with the score; never on your own resource, never on a draft.
/// </summary>
public abstract class HelpfulnessTests(GuildApp app)
{
    [Fact]
    public async Task Answers_are_counted_per_resource_and_a_later_answer_replaces_the_earlier_one()
    {
        var world = await app.WorldAsync();
        var resource = await world.Anna.PublishedAsync(world.Editing);
        var other = await world.Anna.PublishedAsync(world.Editing, "Another one");
        var (sanne, sannePerson) = await app.SignedInAsync();
        var (tim, _) = await app.SignedInAsync();
        var (eva, _) = await app.SignedInAsync();

        await Ok(await sanne.AnswerAsync(resource.Id, false, "Could not find the shortcut"));
        await Ok(await tim.AnswerAsync(resource.Id, true));
        await Ok(await eva.AnswerAsync(other.Id, true));
        // Sanne changes her mind: her answer is replaced, not added.
        var summary = await Ok(await sanne.AnswerAsync(resource.Id, true, "  Cut my interview in half the time  "));

        Assert.Equal(2, summary.Yes);
        Assert.Equal(0, summary.No);
        Assert.True(summary.MyAnswer);
        Assert.Equal("Cut my interview in half the time", summary.MyWhatFor);
        var seenByAuthor = await world.Anna.GetJsonAsync<HelpfulnessSummary>($"/api/v1/resources/{resource.Id}/helpfulness");
        Assert.Equal((2, 0, (bool?)null), (seenByAuthor!.Yes, seenByAuthor.No, seenByAuthor.MyAnswer));
        Assert.Equal(1, (await eva.GetJsonAsync<HelpfulnessSummary>($"/api/v1/resources/{other.Id}/helpfulness"))!.Yes);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<ResourceHelpfulness>().CountAsync(h => h.ResourceId == resource.Id)));

        // Each answer is a learning record "rated" with its score and words, the last one "yes" (1).
        var rated = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AsNoTracking()
            .Where(e => e.Statement.Contains($"resources/{resource.Id:D}") && e.Statement.Contains(LearningVerbs.Rated.Iri) && e.Statement.Contains(sannePerson.Id.ToString()))
            .Select(e => e.Statement).ToListAsync());
        Assert.Equal(2, rated.Count);
        var last = rated.Select(s => JsonDocument.Parse(s).RootElement).Single(s => s.GetProperty("result").GetProperty("success").GetBoolean());
        Assert.Equal(1, last.GetProperty("result").GetProperty("score").GetProperty("scaled").GetDouble());
        Assert.Equal("Cut my interview in half the time", last.GetProperty("result").GetProperty("response").GetString());
    }

    [Fact]
    public async Task Nobody_rates_their_own_resource_or_a_draft_and_bad_answers_change_nothing()
    {
        var world = await app.WorldAsync();
        var published = await world.Anna.PublishedAsync(world.Editing);
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Not yet"));
        var (stranger, _) = await app.SignedInAsync();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var own = await ProblemAsync(await world.Anna.AnswerAsync(published.Id, true), HttpStatusCode.Forbidden);
        Assert.Contains("You made this resource", own.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A draft the caller cannot see is no resource at all; one they can see (an admin) is not the library's yet.
        await ProblemAsync(await stranger.AnswerAsync(draft.Id, true), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.AnswerAsync(draft.Id, true), HttpStatusCode.Conflict);
        await ProblemAsync(await stranger.AnswerAsync(Guid.NewGuid(), true), HttpStatusCode.NotFound);
        var missing = await ProblemAsync(await stranger.AnswerAsync(published.Id, null), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("helpful", out _));
        var tooLong = await ProblemAsync(await stranger.AnswerAsync(published.Id, true, new string('x', ResourceHelpfulness.WhatForMax + 1)), HttpStatusCode.BadRequest);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("whatFor", out _));
        // A partner guest does not reach the library.
        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.AnswerAsync(published.Id, true)).StatusCode);

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ResourceHelpfulness>().CountAsync(h => h.ResourceId == published.Id || h.ResourceId == draft.Id)));
        // The page offers the question to readers only.
        Assert.DoesNotContain("Did this help you do your job?", await world.Anna.GetPageAsync($"/library/{draft.Id}"), StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Answer.Helpful\"", await world.Anna.GetPageAsync($"/library/{published.Id}"), StringComparison.Ordinal);
        Assert.Contains("name=\"Answer.Helpful\"", await stranger.GetPageAsync($"/library/{published.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_resource_page_takes_an_answer_as_a_plain_form_post()
    {
        var world = await app.WorldAsync();
        var resource = await world.Anna.PublishedAsync(world.Editing);
        var (reader, readerPerson) = await app.SignedInAsync();

        using var posted = await reader.PostFormAsync($"/library/{resource.Id}", $"/library/{resource.Id}", new Dictionary<string, string>
        {
            ["_handler"] = "helpful", ["Answer.Helpful"] = "true", ["Answer.WhatFor"] = "My first edit",
        });
        Assert.True(posted.IsSuccessStatusCode || posted.StatusCode == HttpStatusCode.Redirect, $"answered {(int)posted.StatusCode}");

        var row = await app.WithDbAsync(db => db.Set<ResourceHelpfulness>().AsNoTracking().SingleAsync(h => h.ResourceId == resource.Id));
        Assert.Equal((readerPerson.Id, true, "My first edit"), (row.PersonId, row.Helpful, row.WhatFor));
        var page = await reader.GetPageAsync($"/library/{resource.Id}");
        Assert.Contains("You said it helped.", page, StringComparison.Ordinal);
        Assert.Contains("1 found this helpful, 0 did not.", page, StringComparison.Ordinal);

        // Too long a text: the form says so beside the field, and nothing changes.
        using var refused = await reader.PostFormAsync($"/library/{resource.Id}", $"/library/{resource.Id}", new Dictionary<string, string>
        {
            ["_handler"] = "helpful", ["Answer.Helpful"] = "false", ["Answer.WhatFor"] = new string('x', ResourceHelpfulness.WhatForMax + 1),
        });
        Assert.Contains("Keep it to 500 characters.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Set<ResourceHelpfulness>().Where(h => h.ResourceId == resource.Id).Select(h => h.Helpful).SingleAsync()));
    }

    private static async Task<HelpfulnessSummary> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<HelpfulnessSummary>(body, Json)!;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HelpfulnessTestsOnSqlite(SqliteApp app) : HelpfulnessTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HelpfulnessTestsOnPostgres(PostgresApp app) : HelpfulnessTests(app);
