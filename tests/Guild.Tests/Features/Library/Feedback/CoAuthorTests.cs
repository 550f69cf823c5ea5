using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Resources;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Feedback;

/// <summary>An author adds fellow champions as co-authors in the editor; co-authors may edit; a non-champion of its components is refused.</summary>
public abstract class CoAuthorTests(GuildApp app)
{
    [Fact]
    public async Task An_author_adds_a_fellow_champion_as_co_author_in_the_editor_who_may_then_edit_it()
    {
        var world = await app.WorldAsync();
        var draft = await world.Anna.CreateAsync(Article(world.Editing, "Together"));
        Assert.NotEqual(HttpStatusCode.OK, (await world.Bram.GetAsync($"/library/{draft.Id}/edit")).StatusCode);

        var editor = await world.Anna.GetPageAsync($"/library/{draft.Id}/edit");
        Assert.Contains($"value=\"{world.BramPerson.Id}\"", editor, StringComparison.Ordinal);
        // Cas champions Filming, not Editing: refused beside the field, nothing changes.
        using var refused = await world.Anna.PostFormAsync($"/library/{draft.Id}/edit", $"/library/{draft.Id}/edit", Fields(world, draft, world.CasPerson.Id));
        Assert.Contains("id=\"co-authors-error\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([world.AnnaPerson.Id], await AuthorsAsync(draft.Id));

        using var saved = await world.Anna.PostFormAsync($"/library/{draft.Id}/edit", $"/library/{draft.Id}/edit", Fields(world, draft, world.BramPerson.Id));
        Assert.True(saved.IsSuccessStatusCode || saved.StatusCode == HttpStatusCode.Redirect, $"answered {(int)saved.StatusCode}");
        Assert.Equal(new[] { world.AnnaPerson.Id, world.BramPerson.Id }.Order(), (await AuthorsAsync(draft.Id)).Order());

        // Bram may now edit it, and sees Anna checked as his co-author.
        var bramsEditor = await world.Bram.GetPageAsync($"/library/{draft.Id}/edit");
        Assert.Contains($"id=\"co-author-{world.AnnaPerson.Id}\" name=\"Input.Authors\" value=\"{world.AnnaPerson.Id}\" checked", bramsEditor, StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Fields(Guild.Tests.Features.Library.Resources.ResourcesTestKit.World world, ResourceDetails draft, Guid coAuthor) =>
    [
        new("_handler", "resource"), new("Input.Title", draft.Title), new("Input.Summary", draft.Summary), new("Input.Language", "en"),
        new("Input.Markdown", "Cut on the beat."), new("Input.Components", world.Editing.ToString()), new("Input.Authors", coAuthor.ToString()), new("Input.AuthorsShown", "true"),
    ];

    private Task<List<Guid>> AuthorsAsync(Guid resourceId) =>
        app.WithDbAsync(db => db.Set<ResourceAuthor>().Where(a => a.ResourceId == resourceId).Select(a => a.PersonId).ToListAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class CoAuthorTestsOnSqlite(SqliteApp app) : CoAuthorTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CoAuthorTestsOnPostgres(PostgresApp app) : CoAuthorTests(app);
