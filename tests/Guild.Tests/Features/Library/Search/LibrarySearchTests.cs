using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Library.Resources;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Library.Search;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Search;

/// <summary>
/// The search: meaning and words ranked together, typo tolerance, highlights that are escaped before they are marked,
/// facets, what each person may find (drafts only by their authors), the index kept in step with edits, and bad input.
/// </summary>
public abstract class LibrarySearchTests(GuildApp app)
{
    [Fact]
    public async Task A_question_in_other_words_finds_the_resource_that_answers_it_by_meaning()
    {
        var world = await app.WorldAsync();
        var answer = await world.Anna.ArticleAsync(world.Editing, "Vertical video editing in Premiere",
            "Reframe a landscape sequence to 9:16, keep faces in frame with auto reframe, and export for Reels and Stories.");
        await world.Anna.ArticleAsync(world.Editing, "Writing a project budget", "Estimate hours, add a margin and get the budget approved.");
        await app.EmbedAsync();

        // Within this test's component: other tests' resources in the shared database ("Trim a clip") answer it too.
        var found = await world.Cas.SearchAsync("how do I cut a video for Instagram", $"&component={world.Editing}");

        Assert.NotEmpty(found.Results);
        Assert.Equal("Vertical video editing in Premiere", found.Results[0].Title);
        Assert.Contains(found.Results, r => r.Id == answer.Id);
        Assert.DoesNotContain(found.Results, r => r.Title == "Writing a project budget");
    }

    [Fact]
    public async Task Resources_with_the_same_words_each_get_the_vector_those_words_give()
    {
        var world = await app.WorldAsync();
        var tag = SearchTestKit.Tag();
        var first = await world.Anna.ArticleAsync(world.Editing, $"Trimming {tag} clips", "Cut the first and last seconds of a clip.");
        var copy = await world.Anna.ArticleAsync(world.Editing, $"Trimming {tag} clips", "Cut the first and last seconds of a clip.");
        var other = await world.Anna.ArticleAsync(world.Editing, $"Budgets {tag} per quarter", "Plan money for three months at a time.");
        await app.EmbedAsync();

        var vectors = await app.WithDbAsync(db => db.Set<ResourceSearchEntry>().AsNoTracking()
            .Where(e => e.ResourceId == first.Id || e.ResourceId == copy.Id || e.ResourceId == other.Id)
            .ToDictionaryAsync(e => e.ResourceId, e => e.Embedding));
        Assert.All(vectors.Values, Assert.NotNull);
        Assert.Equal(vectors[first.Id], vectors[copy.Id]);
        Assert.NotEqual(vectors[first.Id], vectors[other.Id]);
    }

    [Fact]
    public async Task A_misspelt_word_still_finds_the_title_and_the_search_says_what_it_also_looked_for()
    {
        var world = await app.WorldAsync();
        var tag = SearchTestKit.Tag();
        var resource = await world.Anna.ArticleAsync(world.Editing, $"Colour grading {tag} basics", "Lift, gamma and gain explained.");
        await app.EmbedAsync();

        // One letter swapped and one dropped.
        var typo = tag[..3] + tag[4] + tag[3] + tag[5..^1];
        var found = await world.Cas.SearchAsync(typo);

        Assert.Contains(found.Results, r => r.Id == resource.Id);
        Assert.Contains(tag, found.Corrections);
    }

    [Fact]
    public async Task Highlights_escape_the_text_before_marking_the_matching_words()
    {
        var world = await app.WorldAsync();
        var tag = SearchTestKit.Tag();
        await world.Anna.ArticleAsync(world.Editing, $"<script>alert(1)</script> {tag} & friends", $"Why {tag} matters.");
        await app.EmbedAsync();

        // Made-up words are near each other in meaning, so other tests' resources may come along: look at this one.
        var hit = (await world.Cas.SearchAsync(tag)).Results.Single(r => r.Title.Contains(tag, StringComparison.Ordinal));

        Assert.Equal($"&lt;script&gt;alert(1)&lt;/script&gt; <mark>{tag}</mark> &amp; friends", hit.TitleHtml);
        Assert.Equal($"Why <mark>{tag}</mark> matters.", hit.ExcerptHtml);
        var page = await world.Cas.GetPageAsync($"/library/search?q={tag}");
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.Contains($"<mark>{tag}</mark>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facets_count_the_results_and_narrow_them_by_component_language_and_kind()
    {
        var world = await app.WorldAsync();
        var tag = SearchTestKit.Tag();
        var english = await world.Anna.ArticleAsync(world.Editing, $"Editing {tag} interviews", "Cut the ums.");
        var dutch = await world.Anna.ArticleAsync(world.Editing, $"Interviews {tag} monteren", "Haal de ehms eruit.", language: "nl");
        var filming = await world.Cas.ArticleAsync(world.Filming, $"Filming {tag} interviews", "Two cameras, one light.");
        await app.EmbedAsync();

        // This test's components are its own (other tests' resources may share made-up words, never these components).
        var all = await world.Bram.SearchAsync(tag);
        Assert.Equal(2, all.Facets.Components.Single(f => f.Value == world.Editing.ToString()).Count);
        Assert.Equal(1, all.Facets.Components.Single(f => f.Value == world.Filming.ToString()).Count);
        Assert.True(all.Facets.Languages.Single(f => f.Value == "nl").Count >= 1);
        Assert.Equal(all.Total, all.Facets.Kinds.Sum(f => f.Count));

        var editing = await world.Bram.SearchAsync(tag, $"&component={world.Editing}");
        Assert.Equal(new[] { dutch.Id, english.Id }.Order(), editing.Results.Select(r => r.Id).Order());
        Assert.Equal(2, editing.Total);
        var inDutch = await world.Bram.SearchAsync(tag, $"&component={world.Editing}&language=nl");
        Assert.Equal(dutch.Id, Assert.Single(inDutch.Results).Id);
        // The facets still count every result, so the reader sees what the other choices hold.
        Assert.Equal(2, inDutch.Facets.Components.Single(f => f.Value == world.Editing.ToString()).Count);
        Assert.Empty((await world.Bram.SearchAsync(tag, $"&component={world.Editing}&kind=Video")).Results);
        Assert.Equal(filming.Id, Assert.Single((await world.Bram.SearchAsync(tag, $"&component={world.Filming}&length=Brief")).Results).Id);
        Assert.Empty((await world.Bram.SearchAsync(tag, $"&component={world.Filming}&length=Extended")).Results);
    }

    [Fact]
    public async Task A_draft_is_found_by_its_author_and_by_nobody_else()
    {
        var world = await app.WorldAsync();
        var tag = SearchTestKit.Tag();
        var draft = await world.Anna.ArticleAsync(world.Editing, $"Secret {tag} plans", "Not ready yet.", publish: false);
        await app.EmbedAsync();
        var (guest, _) = await app.SignedInAsync(Roles.PartnerGuest);

        var mine = (await world.Anna.SearchAsync(tag)).Results.Single(r => r.Id == draft.Id);
        Assert.Equal(Guild.Web.Features.Library.Resources.ResourceStatus.Draft, mine.Status);
        Assert.DoesNotContain((await world.Bram.SearchAsync(tag)).Results, r => r.Id == draft.Id);
        Assert.DoesNotContain((await world.Bram.SearchAsync($"Secret {tag} plans Not ready yet")).Results, r => r.Id == draft.Id);
        Assert.DoesNotContain(draft.Id.ToString(), await world.Bram.GetPageAsync($"/library/search?q=Secret+{tag}+plans"), StringComparison.Ordinal);
        Assert.Contains(draft.Id.ToString(), await world.Anna.GetPageAsync($"/library/search?q=Secret+{tag}+plans"), StringComparison.Ordinal);
        // Partner guests have no library: no API, no page, no box in the header.
        Assert.Equal(HttpStatusCode.Forbidden, (await guest.GetAsync($"/api/v1/search?q={tag}")).StatusCode);
        Assert.DoesNotContain("header-search", await guest.GetPageAsync("/"), StringComparison.Ordinal);
        Assert.Contains("header-search", await world.Bram.GetPageAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_reaches_the_index_in_the_same_save_and_its_meaning_after_the_job()
    {
        var world = await app.WorldAsync();
        var (before, after) = (SearchTestKit.Tag(), SearchTestKit.Tag());
        var resource = await world.Anna.ArticleAsync(world.Editing, $"Old {before} title", "About sound.");
        await app.EmbedAsync();
        Assert.Contains((await world.Bram.SearchAsync(before)).Results, r => r.Id == resource.Id);

        await ReadAsync(await world.Anna.Http.PutAsJsonAsync($"/api/v1/resources/{resource.Id}", new
        {
            title = $"New {after} title", summary = "About sound.", language = "en", components = new[] { world.Editing }, markdown = "About sound.",
        }), HttpStatusCode.OK);

        // No job has run: the words changed with the resource, in its transaction (the meaning waits for the job).
        var entry = await app.WithDbAsync(db => db.Set<ResourceSearchEntry>().AsNoTracking().SingleAsync(e => e.ResourceId == resource.Id));
        Assert.Equal($"New {after} title", entry.Title);
        Assert.Null(entry.Embedding);
        var hit = (await world.Bram.SearchAsync(after)).Results.Single(r => r.Id == resource.Id);
        Assert.Contains($"<mark>{after}</mark>", hit.TitleHtml, StringComparison.Ordinal);
        Assert.Equal(world.Editing, Assert.Single(hit.Components).Id);
        await app.EmbedAsync();
        Assert.NotNull((await app.WithDbAsync(db => db.Set<ResourceSearchEntry>().AsNoTracking().SingleAsync(e => e.ResourceId == resource.Id))).Embedding);
    }

    [Fact]
    public async Task A_Dutch_question_finds_a_Dutch_article_by_its_stemmed_words()
    {
        var world = await app.WorldAsync();
        var tag = SearchTestKit.Tag();
        var resource = await world.Anna.ArticleAsync(world.Editing, $"Korte vergaderingen {tag}",
            "Zo houd je een overleg van een kwartier: agenda vooraf, besluiten aan het eind.", language: "nl");
        await app.EmbedAsync();

        var found = await world.Bram.SearchAsync($"hoe leid ik een vergadering {tag}");

        Assert.Equal(resource.Id, found.Results[0].Id);
        Assert.Contains("<mark>vergaderingen</mark>", found.Results[0].TitleHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Words_are_found_with_or_without_their_accents_in_English_and_Dutch()
    {
        var world = await app.WorldAsync();
        // Made-up words glued to accented ones, and no embedding job run: only the words can find these.
        var (tag, dutchTag) = (SearchTestKit.Tag(), SearchTestKit.Tag());
        var cafe = await world.Anna.ArticleAsync(world.Editing, $"The café{tag} menu", $"Opening hours of the café{tag}.");
        var ideas = await world.Anna.ArticleAsync(world.Editing, $"Nieuwe ideeën{dutchTag} voor de reünie", "Wat we bedachten.", language: "nl");

        foreach (var (question, expected) in new[]
        {
            ($"cafe{tag}", cafe.Id), ($"Café{tag}", cafe.Id), ($"ideeen{dutchTag}", ideas.Id), ($"ideeën{dutchTag}", ideas.Id),
        })
        {
            var found = await world.Bram.SearchAsync(question);
            Assert.True(found.Results.Any(r => r.Id == expected), $"'{question}' did not find its resource.");
        }
    }

    [Fact]
    public async Task An_empty_or_overlong_question_is_a_problem_naming_q_and_records_nothing()
    {
        var (client, person) = await app.SignedInAsync();

        foreach (var query in new[] { "", "%20%20", new string('a', 201) })
        {
            var problem = await ProblemAsync(await client.GetAsync($"/api/v1/search?q={query}"), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("q", out _));
        }
        await ProblemAsync(await client.GetAsync("/api/v1/search?q=video&language=de"), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.GetAsync("/api/v1/search?q=video&limit=500"), HttpStatusCode.BadRequest);
        var page = await client.GetPageAsync("/library/search?q=%20");
        Assert.Contains("Type what you are looking for.", page, StringComparison.Ordinal);

        Assert.Equal(0, await app.WithDbAsync(db => db.Set<LibrarySearch>().CountAsync(s => s.PersonId == person.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LibrarySearchTestsOnSqlite(SqliteApp app) : LibrarySearchTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LibrarySearchTestsOnPostgres(PostgresApp app) : LibrarySearchTests(app);
