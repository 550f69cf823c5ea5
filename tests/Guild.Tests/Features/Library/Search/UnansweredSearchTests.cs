using System.Net;
using Guild.Tests.Features.Library.Resources;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Search;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Search;

/// <summary>
/// Searches that found nothing useful reach the restock board: no result at once, no click once the click window has
/// passed, "nothing here helped" when said; each once, with the components the search guessed and a learning record
/// (searched, the query as the response, success false). A click on a result settles a search as answered.
/// </summary>
public abstract class UnansweredSearchTests(GuildApp app)
{
    [Fact]
    public async Task A_search_that_finds_nothing_goes_to_the_restock_board_with_a_learning_record_at_once()
    {
        var (client, person) = await app.SignedInAsync();
        // Real words far from anything the tests publish: two made-up tags alone read alike to the model (every tag starts
        // "zq"), and a search of nothing but tags once matched another test's tagged resource at 0.46.
        var question = $"which tide table applies to the {SearchTestKit.Tag()} harbour";

        var found = await client.SearchAsync(question);

        Assert.Empty(found.Results);
        var unanswered = await app.WithDbAsync(db => db.Set<UnansweredSearch>().AsNoTracking().SingleAsync(u => u.PersonId == person.Id));
        Assert.Equal(question, unanswered.Query);
        Assert.Equal(UnansweredReason.NoResult, unanswered.Reason);
        Assert.Equal("en", unanswered.Language);
        var statement = Assert.Single(await SearchedStatementsAsync(person.Id));
        Assert.Contains(question, statement, StringComparison.Ordinal);
        Assert.Contains("\"success\":false", statement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_nobody_opens_reach_the_board_after_the_click_window_while_an_opened_one_does_not()
    {
        var world = await app.WorldAsync();
        var tag = SearchTestKit.Tag();
        var resource = await world.Anna.ArticleAsync(world.Editing, $"Exporting {tag} for the web", "H.264, two passes, and a sensible bitrate.");
        await app.EmbedAsync();

        var ignored = await world.Bram.SearchAsync($"exporting {tag}");
        var opened = await world.Cas.SearchAsync($"exporting {tag}");
        Assert.Equal(resource.Id, ignored.Results[0].Id);
        using (var click = await world.Cas.GetAsync(opened.Results[0].Url))
        {
            Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
            Assert.Equal($"/library/{resource.Id}", click.Headers.Location!.OriginalString);
        }
        // Someone else's click does not count for a search that is not theirs.
        using (await world.Cas.GetAsync(ignored.Results[0].Url))
        {
        }
        await app.RunDueJobsAsync();
        Assert.False(await app.WithDbAsync(db => db.Set<UnansweredSearch>().AnyAsync(u => u.SearchId == ignored.SearchId)));

        app.Clock.Advance(LibrarySearchService.ClickWindow + TimeSpan.FromMinutes(1));
        await app.RunDueJobsAsync();

        var unanswered = await app.WithDbAsync(db => db.Set<UnansweredSearch>().AsNoTracking().SingleAsync(u => u.SearchId == ignored.SearchId));
        Assert.Equal(UnansweredReason.NoClick, unanswered.Reason);
        // The components of the nearest resources: this one's first.
        Assert.Contains(world.Editing, await app.WithDbAsync(db =>
            db.Set<UnansweredSearchComponent>().Where(c => c.SearchId == ignored.SearchId).Select(c => c.ComponentId).ToListAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<UnansweredSearch>().AnyAsync(u => u.SearchId == opened.SearchId)));
        Assert.Contains("\"success\":true", Assert.Single(await SearchedStatementsAsync(world.CasPerson.Id)), StringComparison.Ordinal);
        Assert.Contains("\"success\":false", Assert.Single(await SearchedStatementsAsync(world.BramPerson.Id)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_here_helped_puts_the_search_on_the_board_once()
    {
        var world = await app.WorldAsync();
        var tag = SearchTestKit.Tag();
        await world.Anna.ArticleAsync(world.Editing, $"Audio {tag} levels", "Aim for -14 LUFS.");
        await app.EmbedAsync();
        var page = await world.Bram.GetPageAsync($"/library/search?q=audio+{tag}");
        var searchId = await app.WithDbAsync(db => db.Set<LibrarySearch>().Where(s => s.PersonId == world.BramPerson.Id).Select(s => s.Id).SingleAsync());
        Assert.Contains("Nothing here helped", page, StringComparison.Ordinal);

        for (var i = 0; i < 2; i++)
        {
            using var response = await world.Bram.PostFormAsync($"/library/search?q=audio+{tag}", $"/library/search?q=audio+{tag}",
                [new("_handler", "nothing-helped"), new("SearchId", searchId.ToString())]);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        // Someone else cannot put another person's search on the board.
        using (await world.Cas.PostFormAsync("/library/search", "/library/search", [new("_handler", "nothing-helped"), new("SearchId", searchId.ToString())]))
        {
        }

        var unanswered = await app.WithDbAsync(db => db.Set<UnansweredSearch>().AsNoTracking().SingleAsync(u => u.SearchId == searchId));
        Assert.Equal(UnansweredReason.NothingHelped, unanswered.Reason);
        Assert.Equal($"audio {tag}", unanswered.Query);
        // The two reloads after each post searched again; only the first search is on the board.
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<UnansweredSearch>().CountAsync(u => u.PersonId == world.BramPerson.Id)));
        Assert.Empty(await SearchedStatementsAsync(world.CasPerson.Id));
    }

    private Task<List<string>> SearchedStatementsAsync(Guid personId) =>
        app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().Where(e => e.Statement.Contains(LearningVerbs.Searched.Iri) && e.Statement.Contains(personId.ToString()))
            .Select(e => e.Statement).ToListAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class UnansweredSearchTestsOnSqlite(SqliteApp app) : UnansweredSearchTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UnansweredSearchTestsOnPostgres(PostgresApp app) : UnansweredSearchTests(app);
