using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Resources;

/// <summary>
/// From draft to published: a champion writes, asks a fellow champion of the same component to review, the reviewer asks
/// for changes (the message reaches the authors), the author edits, the reviewer approves, and everyone sees it; later
/// edits keep their versions in the history.
/// </summary>
public abstract class ResourceReviewTests(GuildApp app)
{
    [Fact]
    public async Task A_draft_reviewed_with_changes_asked_then_approved_is_published_for_everyone()
    {
        var world = await app.WorldAsync();
        var (stranger, _) = await app.SignedInAsync();
        var draft = await world.Anna.CreateAsync(Article(world.Editing));
        Assert.Equal(ResourceStatus.Draft, draft.Status);
        Assert.Equal([world.AnnaPerson.Id], draft.Authors.Select(a => a.PersonId));
        Assert.Equal(["Editing"], draft.Authors.Single().ChampionOf);

        // Cas champions Filming only: not a reviewer for an Editing resource.
        var wrongReviewer = await world.Anna.Http.PostAsJsonAsync($"/api/v1/resources/{draft.Id}/review-request", new { reviewerId = world.CasPerson.Id });
        Assert.Equal(HttpStatusCode.BadRequest, wrongReviewer.StatusCode);
        var inReview = await ReadAsync(await world.Anna.Http.PostAsJsonAsync($"/api/v1/resources/{draft.Id}/review-request", new { reviewerId = world.BramPerson.Id }),
            HttpStatusCode.OK);
        Assert.Equal(ResourceStatus.InReview, inReview.Status);
        Assert.True(await NotifiedAsync(world.BramPerson.Id, ResourceLibrary.ReviewRequestedKind, draft.Id));

        // The queue shows the reviewer what waits and since when.
        var queue = WebUtility.HtmlDecode(await world.Bram.GetPageAsync("/library/reviews"));
        Assert.Contains("Cutting on the beat", queue, StringComparison.Ordinal);
        Assert.Contains("less than an hour", queue, StringComparison.Ordinal);

        // The author cannot approve their own resource; the reviewer asks for changes, with a message.
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Anna.Http.PostAsync($"/api/v1/resources/{draft.Id}/approval", null)).StatusCode);
        var empty = await world.Bram.Http.PostAsJsonAsync($"/api/v1/resources/{draft.Id}/changes-request", new { message = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var sentBack = await ReadAsync(await world.Bram.Http.PostAsJsonAsync($"/api/v1/resources/{draft.Id}/changes-request",
            new { message = "Show an example of a cut that misses the beat." }), HttpStatusCode.OK);
        Assert.Equal(ResourceStatus.Draft, sentBack.Status);

        // The message reaches the author: a notification, and on the resource's page.
        Assert.True(await NotifiedAsync(world.AnnaPerson.Id, ResourceLibrary.ChangesRequestedKind, draft.Id));
        var page = WebUtility.HtmlDecode(await world.Anna.GetPageAsync($"/library/{draft.Id}"));
        Assert.Contains("Show an example of a cut that misses the beat.", page, StringComparison.Ordinal);
        Assert.Contains($"{world.BramPerson.Name} asks for changes", page, StringComparison.Ordinal);

        await ReadAsync(await world.Anna.Http.PutAsJsonAsync($"/api/v1/resources/{draft.Id}",
            Article(world.Editing, markdown: "Cut **on the beat**. A cut just before it feels rushed.")), HttpStatusCode.OK);
        await ReadAsync(await world.Anna.Http.PostAsJsonAsync($"/api/v1/resources/{draft.Id}/review-request", new { reviewerId = world.BramPerson.Id }), HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromDays(2));
        var queueLater = WebUtility.HtmlDecode(await world.Bram.GetPageAsync("/library/reviews"));
        Assert.Contains("2 days", queueLater, StringComparison.Ordinal);

        // Still a draft in review: a stranger sees nothing of it.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/resources/{draft.Id}")).StatusCode);
        var approved = await ReadAsync(await world.Bram.Http.PostAsync($"/api/v1/resources/{draft.Id}/approval", null), HttpStatusCode.OK);
        Assert.Equal(ResourceStatus.Published, approved.Status);
        Assert.Equal(1, approved.Revisions);
        Assert.Null((await ReadAsync(await stranger.GetAsync($"/api/v1/resources/{draft.Id}"), HttpStatusCode.OK)).ReviewMessage);
        Assert.True(await NotifiedAsync(world.AnnaPerson.Id, ResourceLibrary.ApprovedKind, draft.Id));

        var listed = await stranger.Http.GetFromJsonAsync<Paged<ResourceSummary>>($"/api/v1/resources?component={world.Editing}", Json);
        Assert.Equal(draft.Id, Assert.Single(listed!.Items).Id);
        var strangerPage = WebUtility.HtmlDecode(await stranger.GetPageAsync($"/library/{draft.Id}"));
        Assert.Contains("A cut just before it feels rushed.", strangerPage, StringComparison.Ordinal);
        Assert.Contains("Champion for Editing", strangerPage, StringComparison.Ordinal);

        // Published is a learning record of the author, written with the change.
        var published = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>()
            .Where(e => e.Statement.Contains($"resources/{draft.Id:D}") && e.Statement.Contains(LearningVerbs.Published.Iri)).Select(e => e.Statement).ToListAsync());
        Assert.Contains(world.AnnaPerson.Id.ToString(), Assert.Single(published), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_published_resource_keeps_each_version_in_its_history()
    {
        var world = await app.WorldAsync();
        var (reader, _) = await app.SignedInAsync();
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Three-point editing"));
        await ReadAsync(await world.Anna.Http.PostAsync($"/api/v1/resources/{draft.Id}/publication", null), HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(3));

        var edited = await ReadAsync(await world.Anna.Http.PutAsJsonAsync($"/api/v1/resources/{draft.Id}",
            Article(world.Editing, "Three-point editing, explained", "Mark in, mark out, and where it goes.")), HttpStatusCode.OK);

        Assert.Equal(ResourceStatus.Published, edited.Status);
        Assert.Equal(2, edited.Revisions);
        var revisions = await reader.GetJsonAsync<List<RevisionView>>($"/api/v1/resources/{draft.Id}/revisions");
        Assert.Equal([2, 1], revisions!.Select(r => r.Number));
        Assert.Equal(["Three-point editing, explained", "Three-point editing"], revisions!.Select(r => r.Title));
        Assert.All(revisions!, r => Assert.Equal(world.AnnaPerson.Name, r.ByName));

        var resourcePage = await reader.GetPageAsync($"/library/{draft.Id}");
        Assert.Contains($"/library/{draft.Id}/history", resourcePage, StringComparison.Ordinal);
        var history = WebUtility.HtmlDecode(await reader.GetPageAsync($"/library/{draft.Id}/history?revision=2"));
        Assert.Contains("Changes since version 1", history, StringComparison.Ordinal);
        Assert.Contains("Mark in, mark out, and where it goes.", history, StringComparison.Ordinal);
        // Someone who is not an author cannot edit it.
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.Http.PutAsJsonAsync($"/api/v1/resources/{draft.Id}", Article(world.Editing))).StatusCode);
    }

    [Fact]
    public async Task An_author_may_publish_without_a_review_and_an_admin_archives()
    {
        var world = await app.WorldAsync();
        var (admin, _) = await app.SignedInAsync(Guild.Web.Platform.Identity.Roles.Employee, Guild.Web.Platform.Identity.Roles.LearningAdmin);
        var draft = await world.Anna.CreateAsync(new
        {
            kind = "Link", title = "Premiere's keyboard shortcuts", summary = "The shortcuts that save the most time.", language = "nl",
            components = new[] { world.Editing }, url = "https://helpx.adobe.com/premiere-pro/using/keyboard-shortcuts.html",
        });
        using var posted = await world.Anna.PostFormAsync($"/library/{draft.Id}", $"/library/{draft.Id}", new Dictionary<string, string> { ["_handler"] = "publish" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(ResourceStatus.Published, (await ReadAsync(await world.Bram.GetAsync($"/api/v1/resources/{draft.Id}"), HttpStatusCode.OK)).Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await world.Anna.Http.PostAsync($"/api/v1/resources/{draft.Id}/archive", null)).StatusCode);
        var archived = await ReadAsync(await admin.Http.PostAsync($"/api/v1/resources/{draft.Id}/archive", null), HttpStatusCode.OK);
        Assert.Equal(ResourceStatus.Archived, archived.Status);
        // Out of the library: readers no longer find it; its author still sees it, and can no longer change it.
        Assert.Equal(HttpStatusCode.NotFound, (await world.Bram.GetAsync($"/api/v1/resources/{draft.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await world.Anna.Http.PutAsJsonAsync($"/api/v1/resources/{draft.Id}", Article(world.Editing))).StatusCode);
    }

    private Task<bool> NotifiedAsync(Guid recipient, string kind, Guid resourceId) =>
        app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == recipient && n.Kind == kind && n.SubjectKey == $"resource:{resourceId}"));
}

[Collection(SqliteCollection.Name)]
public sealed class ResourceReviewTestsOnSqlite(SqliteApp app) : ResourceReviewTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ResourceReviewTestsOnPostgres(PostgresApp app) : ResourceReviewTests(app);
