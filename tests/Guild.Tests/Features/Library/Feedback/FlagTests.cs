using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Feedback;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Feedback;

/// <summary>
/// Flags ("outdated", "I have a question") notify every author and wait on the authors' page until one of them marks them
/// handled; copying the share link records "shared".
/// </summary>
public abstract class FlagTests(GuildApp app)
{
    [Fact]
    public async Task A_flag_notifies_every_author_and_waits_until_one_of_them_marks_it_handled()
    {
        var world = await app.WorldAsync();
        // Anna and Bram made it together.
        var resource = await world.Anna.PublishedAsync(world.Editing, "Colour grading", new
        {
            kind = "Article", title = "Colour grading", summary = "Warm looks.", language = "en", components = new[] { world.Editing },
            markdown = "Grade *after* the cut.", authors = new[] { world.BramPerson.Id },
        });
        var (reader, readerPerson) = await app.SignedInAsync();

        var created = await reader.FlagAsync(resource.Id, "Question", "Which LUT did you use?");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var flag = (await created.Content.ReadFromJsonAsync<FlagView>(Json))!;
        await reader.FlagAsync(resource.Id, "Outdated");

        foreach (var author in new[] { world.AnnaPerson.Id, world.BramPerson.Id })
        {
            var kinds = await app.WithDbAsync(db => db.Set<Notification>().AsNoTracking().Where(n => n.RecipientId == author).Select(n => n.Kind).ToListAsync());
            Assert.Contains(ResourceFeedback.QuestionKind, kinds);
            Assert.Contains(ResourceFeedback.OutdatedKind, kinds);
        }
        Assert.False(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == readerPerson.Id)));
        var commented = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AsNoTracking()
            .Where(e => e.Statement.Contains($"resources/{resource.Id:D}") && e.Statement.Contains(LearningVerbs.Commented.Iri)).Select(e => e.Statement).ToListAsync());
        Assert.Contains(commented, s => JsonDocument.Parse(s).RootElement.GetProperty("result").GetProperty("response").GetString() == "question: Which LUT did you use?");
        Assert.Contains(commented, s => JsonDocument.Parse(s).RootElement.GetProperty("result").GetProperty("response").GetString() == "outdated");

        // Both authors see it waiting; a reader cannot handle it (404: as if it did not exist).
        Assert.Contains("Which LUT did you use?", await world.Bram.GetPageAsync("/library/mine/reach"), StringComparison.Ordinal);
        Assert.DoesNotContain("Which LUT did you use?", await reader.GetPageAsync("/library/mine/reach"), StringComparison.Ordinal);
        await ProblemAsync(await reader.Http.PostAsync($"/api/v1/resources/{resource.Id}/flags/{flag.Id}/handled", null), HttpStatusCode.NotFound);
        await ProblemAsync(await world.Cas.Http.PostAsync($"/api/v1/resources/{resource.Id}/flags/{flag.Id}/handled", null), HttpStatusCode.NotFound);

        // Bram handles it on the page; it is gone for Anna too.
        using var handled = await world.Bram.PostFormAsync("/library/mine/reach", "/library/mine/reach", new Dictionary<string, string> { ["_handler"] = $"handle-{flag.Id}" });
        Assert.True(handled.IsSuccessStatusCode || handled.StatusCode == HttpStatusCode.Redirect, $"answered {(int)handled.StatusCode}");
        var stored = await app.WithDbAsync(db => db.Set<ResourceFlag>().AsNoTracking().SingleAsync(f => f.Id == flag.Id));
        Assert.Equal(world.BramPerson.Id, stored.HandledById);
        Assert.DoesNotContain("Which LUT did you use?", await world.Anna.GetPageAsync("/library/mine/reach"), StringComparison.Ordinal);
        var again = await world.Anna.Http.PostAsync($"/api/v1/resources/{resource.Id}/flags/{flag.Id}/handled", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(stored.HandledAt, (await again.Content.ReadFromJsonAsync<FlagView>(Json))!.HandledAt);
    }

    [Fact]
    public async Task A_question_needs_its_text_and_nobody_flags_their_own_resource_or_a_draft()
    {
        var world = await app.WorldAsync();
        var resource = await world.Anna.PublishedAsync(world.Editing);
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Draft"));
        var (reader, _) = await app.SignedInAsync();

        var empty = await ProblemAsync(await reader.FlagAsync(resource.Id, "Question", "   "), HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("text", out _));
        var noKind = await ProblemAsync(await reader.FlagAsync(resource.Id, null, "Hm"), HttpStatusCode.BadRequest);
        Assert.True(noKind.GetProperty("errors").TryGetProperty("kind", out _));
        await ProblemAsync(await reader.FlagAsync(resource.Id, "Outdated", new string('x', ResourceFlag.TextMax + 1)), HttpStatusCode.BadRequest);
        await ProblemAsync(await world.Anna.FlagAsync(resource.Id, "Outdated"), HttpStatusCode.Forbidden);
        await ProblemAsync(await reader.FlagAsync(draft.Id, "Outdated"), HttpStatusCode.NotFound);

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ResourceFlag>().CountAsync(f => f.ResourceId == resource.Id || f.ResourceId == draft.Id)));
        Assert.False(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == world.AnnaPerson.Id && n.Kind.StartsWith("library.q"))));

        // The page form says what is missing beside the field.
        using var refused = await reader.PostFormAsync($"/library/{resource.Id}", $"/library/{resource.Id}", new Dictionary<string, string>
        {
            ["_handler"] = "flag", ["Flag.Kind"] = "Question", ["Flag.Text"] = "",
        });
        Assert.Contains("Write your question.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copying_the_share_link_records_shared_for_published_resources_only()
    {
        var world = await app.WorldAsync();
        var resource = await world.Anna.PublishedAsync(world.Editing);
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Draft"));
        var (reader, readerPerson) = await app.SignedInAsync();

        Assert.Contains($"data-copy-record=\"/api/v1/resources/{resource.Id}/shares\"", await reader.GetPageAsync($"/library/{resource.Id}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await reader.Http.PostAsync($"/api/v1/resources/{resource.Id}/shares", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.Http.PostAsync($"/api/v1/resources/{draft.Id}/shares", null)).StatusCode);

        Assert.Equal(1, await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().CountAsync(e => e.Statement.Contains(LearningVerbs.Shared.Iri)
            && e.Statement.Contains(readerPerson.Id.ToString()) && (e.Statement.Contains($"resources/{resource.Id:D}") || e.Statement.Contains($"resources/{draft.Id:D}")))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FlagTestsOnSqlite(SqliteApp app) : FlagTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FlagTestsOnPostgres(PostgresApp app) : FlagTests(app);
