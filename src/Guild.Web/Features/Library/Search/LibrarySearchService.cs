using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Library.Search;

/// <summary>How long a resource takes: the length facet (reading time of an article, running time of a video).</summary>
public enum SearchLength { Brief, Medium, Extended }

/// <summary>Narrowing a search by its facets.</summary>
/// <param name="Component">Only resources about this component.</param>
/// <param name="Kind">Only this kind.</param>
/// <param name="Language">Only this language ("en" or "nl").</param>
/// <param name="Length">Only this length: Brief (up to 5 minutes), Medium (up to 15), Extended.</param>
public sealed record SearchFilters(Guid? Component = null, ResourceKind? Kind = null, string? Language = null, SearchLength? Length = null);

/// <summary>A component a result is about.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="Name">Its name.</param>
public sealed record SearchComponent(Guid Id, string Name);

/// <summary>One resource that answers the question.</summary>
/// <param name="Id">The resource's id.</param>
/// <param name="Kind">Video, ScreenRecording, Article, Link or File.</param>
/// <param name="Status">Published, or Draft/InReview for the caller's own resources.</param>
/// <param name="Title">The title as written.</param>
/// <param name="TitleHtml">The title, HTML-escaped, with the words that match the question in &lt;mark&gt;.</param>
/// <param name="ExcerptHtml">The summary (or the stretch of the article that matches), escaped and marked the same way.</param>
/// <param name="Language">"en" or "nl".</param>
/// <param name="Minutes">Reading or running time in minutes, when known.</param>
/// <param name="Components">The components it is about.</param>
/// <param name="Url">Where to open it: through Guild's click record, so a search that helped is told from one that did not.</param>
public sealed record SearchHit(Guid Id, ResourceKind Kind, ResourceStatus Status, string Title, string TitleHtml, string ExcerptHtml, string Language,
    int? Minutes, IReadOnlyList<SearchComponent> Components, string Url);

/// <summary>A value of a facet and how many results have it (counted before the facets narrow the results).</summary>
/// <param name="Value">The value to filter by (a component id, a kind, a language, a length).</param>
/// <param name="Name">A component's name; null for the other facets, whose values are codes the page names.</param>
/// <param name="Count">Results with this value.</param>
public sealed record SearchFacetValue(string Value, string? Name, int Count);

/// <summary>The facets of a search's results.</summary>
/// <param name="Components">By component, most results first.</param>
/// <param name="Kinds">By kind.</param>
/// <param name="Languages">By language.</param>
/// <param name="Lengths">By length.</param>
public sealed record SearchFacets(IReadOnlyList<SearchFacetValue> Components, IReadOnlyList<SearchFacetValue> Kinds,
    IReadOnlyList<SearchFacetValue> Languages, IReadOnlyList<SearchFacetValue> Lengths);

/// <summary>What a search found.</summary>
/// <param name="SearchId">This search's record: "nothing here helped" refers to it.</param>
/// <param name="Query">The question as asked.</param>
/// <param name="Terms">The words searched for (little words left out, misspellings' nearest known words added).</param>
/// <param name="Corrections">Known words added for words the library does not know ("premeire" → "premiere").</param>
/// <param name="Total">Results after the facets' filters.</param>
/// <param name="Results">The best results, at most the limit asked for.</param>
/// <param name="Facets">The facets of all results.</param>
public sealed record SearchAnswer(Guid SearchId, string Query, IReadOnlyList<string> Terms, IReadOnlyList<string> Corrections, int Total,
    IReadOnlyList<SearchHit> Results, SearchFacets Facets);

/// <summary>
/// The library's search. A question goes two ways at once: full text (SQLite FTS5 with the Porter stemmer and prefixes;
/// PostgreSQL's tsvector with each resource's own dictionary, the question parsed with both English and Dutch) and
/// sentence embeddings (MiniLM, compared in memory with <see cref="ResourceVectors"/>). The two rankings are fused by
/// reciprocal rank, and a result is kept only when it is confident: its meaning is close to the question, or it contains
/// enough of the question's words. Then ResourceRule decides what the caller may see (published resources, and their own
/// drafts), and the facets are counted. Each search is recorded: one that found nothing, whose results nobody opened
/// within <see cref="ClickWindow"/>, or about which someone said "nothing here helped" goes to the restock board
/// (<see cref="UnansweredSearch"/>) and the learning record says it did not succeed.
/// </summary>
public sealed class LibrarySearchService(
    GuildDb db,
    IDbContextFactory<GuildDb> factory,
    CurrentPerson me,
    SentenceEmbedder embedder,
    ResourceVectors vectors,
    SearchVocabulary vocabulary,
    JobQueue jobs,
    LearningRecorder learning,
    TimeProvider clock,
    IStringLocalizer<SearchText> text,
    ILogger<LibrarySearchService> logger)
{
    public const int MaxResults = 50;
    public static readonly TimeSpan ClickWindow = TimeSpan.FromMinutes(30);

    /// <summary>A resource this close in meaning to the question answers it whatever its words.</summary>
    internal const float SureSimilarity = 0.45f;
    /// <summary>The same for a Dutch question: the English model finds Dutch texts alike whatever they say.</summary>
    internal const float SureSimilarityDutch = 0.6f;
    /// <summary>A full-text hit with this share of the question's words answers it…</summary>
    internal const double SureCoverage = 0.5;
    /// <summary>…and one with fewer of them, when its meaning is at least this close.</summary>
    internal const float RelatedSimilarity = 0.3f;
    private const int Candidates = 60;
    /// <summary>At most this many full-text matches per tier are ranked (PostgreSQL).</summary>
    private const int TierPool = 400;
    private const int FusionK = 60;

    public static LearningActivity Activity { get; } = new("library/search", LearningActivityTypes.Search,
        new LocalizedText("The library's search", "Zoeken in de bibliotheek"));

    /// <summary>The language the request is answered in ("en" or "nl"): the language a question was asked in.</summary>
    public static string CurrentLanguage() =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl" ? "nl" : "en";

    /// <summary>Searches and records the search for the restock board.</summary>
    public async Task<Result<SearchAnswer>> SearchAsync(string? query, SearchFilters filters, int limit, string language, CancellationToken cancellationToken)
    {
        var question = query?.Trim() ?? "";
        if (question.Length == 0)
        {
            return Result<SearchAnswer>.Invalid("q", text["QueryRequired"]);
        }
        if (question.Length > LibrarySearch.QueryMax)
        {
            return Result<SearchAnswer>.Invalid("q", text["QueryTooLong", LibrarySearch.QueryMax]);
        }
        if (filters.Language is { } wanted && !ResourceLibrary.Languages.Contains(wanted))
        {
            return Result<SearchAnswer>.Invalid("language", text["LanguageInvalid"]);
        }
        if (limit is < 1 or > MaxResults)
        {
            return Result<SearchAnswer>.Invalid("limit", text["LimitInvalid", MaxResults]);
        }
        if (!me.IsInRole(Roles.Employee))
        {
            return Result<SearchAnswer>.Forbidden();
        }

        var found = await FindAsync(question, cancellationToken);
        var facets = Facet(found.Hits);
        var filtered = found.Hits.Where(h => Passes(h, filters)).ToList();
        var searchId = Guid.CreateVersion7();
        var results = filtered.Take(limit).Select(h => h.Hit with { Url = $"/library/search/open?search={searchId}&resource={h.Hit.Id}" }).ToList();
        await RecordAsync(searchId, question, language, found, cancellationToken);
        return Result<SearchAnswer>.Ok(new SearchAnswer(searchId, question, found.Terms, found.Corrections, filtered.Count, results, facets));
    }

    /// <summary>A found resource with what the facets and the restock board need.</summary>
    internal sealed record Found(SearchHit Hit, SearchLength? Length, double Score);

    internal sealed record Findings(IReadOnlyList<string> Terms, IReadOnlyList<string> Corrections, IReadOnlyList<Found> Hits, IReadOnlyList<Guid> GuessedComponents);

    /// <summary>The confident results the caller may see, best first (no recording, no filters).</summary>
    internal async Task<Findings> FindAsync(string question, CancellationToken cancellationToken)
    {
        var caller = me.Id;
        var terms = SearchTerms.Of(question).ToList();
        var corrections = await vocabulary.CorrectionsAsync(terms, cancellationToken);
        var added = corrections.Values.SelectMany(c => c).Where(c => !terms.Contains(c)).Distinct().ToList();
        var allTerms = terms.Concat(added).ToList();
        // The model reads the question with its misspellings put right.
        var corrected = corrections.Count == 0 ? question
            : string.Join(' ', SearchTerms.Words(question).Select(w => corrections.TryGetValue(w, out var c) ? c[0] : w));

        await using var reads = await factory.CreateDbContextAsync(cancellationToken);
        List<Guid> fullText = [];
        if (allTerms.Count > 0)
        {
            fullText = reads.IsPostgres
                ? await FullTextPostgresAsync(reads, terms.Count > 0 ? terms : allTerms, corrections, await vocabulary.CompletionsAsync(allTerms, cancellationToken), caller, cancellationToken)
                : await FullTextSqliteAsync(reads, allTerms, caller, cancellationToken);
        }
        IReadOnlyList<(Guid ResourceId, float Similarity)> nearest = [];
        try
        {
            var vector = await embedder.EmbedQuestionAsync(corrected, cancellationToken);
            nearest = await vectors.NearestAsync(vector, Candidates, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Without the model (a host where ONNX Runtime cannot load) the search still answers by its words.
            logger.LogError(exception, "The sentence embedding of a search failed; answering by full text only.");
        }

        var fused = new Dictionary<Guid, double>();
        for (var i = 0; i < fullText.Count; i++)
        {
            fused[fullText[i]] = fused.GetValueOrDefault(fullText[i]) + 1.0 / (FusionK + i + 1);
        }
        for (var i = 0; i < nearest.Count; i++)
        {
            fused[nearest[i].ResourceId] = fused.GetValueOrDefault(nearest[i].ResourceId) + 1.0 / (FusionK + i + 1);
        }
        var similarity = nearest.ToDictionary(n => n.ResourceId, n => n.Similarity);
        var sure = SearchTerms.LooksDutch(question) ? SureSimilarityDutch : SureSimilarity;
        var textHits = fullText.ToHashSet();
        var ids = fused.Keys.ToList();
        if (ids.Count == 0)
        {
            return new Findings(allTerms, added, [], []);
        }

        var rows = await reads.Set<Resource>().AsNoTracking()
            .Where(r => ids.Contains(r.Id) && (r.Status == ResourceStatus.Published || (r.Status != ResourceStatus.Archived
                && (r.ReviewerId == caller || reads.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == caller)))))
            .Select(r => new
            {
                r.Id, r.Kind, r.Status, r.Title, r.Summary, r.Language, r.ReadingMinutes, r.DurationSeconds, r.ReviewerId,
                Mine = reads.Set<ResourceAuthor>().Any(a => a.ResourceId == r.Id && a.PersonId == caller),
                Body = reads.Set<ResourceSearchEntry>().Where(e => e.ResourceId == r.Id).Select(e => e.Body.Substring(0, 3000)).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var visibleIds = rows.Select(r => r.Id).ToList();
        var componentRows = await reads.Set<ResourceComponent>().AsNoTracking().Where(c => visibleIds.Contains(c.ResourceId))
            .Join(reads.Set<KnowHowComponent>(), c => c.ComponentId, k => k.Id, (c, k) => new { c.ResourceId, k.Id, k.Name })
            .ToListAsync(cancellationToken);
        var components = componentRows.GroupBy(c => c.ResourceId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SearchComponent>)g.Select(c => new SearchComponent(c.Id, c.Name)).OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList());

        var ranked = new List<(Found Found, bool Confident)>();
        foreach (var row in rows)
        {
            // The rule has the last word on every row the query let through.
            var standing = new ResourceStanding(row.Id, row.Status, row.Mine ? [caller] : [], row.ReviewerId, false);
            if (!await me.CanAsync(standing, ResourceOperations.View))
            {
                continue;
            }
            var about = components.GetValueOrDefault(row.Id) ?? [];
            var body = row.Body ?? "";
            var words = SearchTerms.Words($"{row.Title} {row.Summary} {string.Join(' ', about.Select(c => c.Name))} {body}").ToHashSet();
            var coverage = terms.Count == 0 ? 0 : (double)terms.Count(t => words.Any(w => SearchTerms.Matches(w, t)
                || (corrections.TryGetValue(t, out var near) && near.Any(n => SearchTerms.Matches(w, n))))) / terms.Count;
            var closeness = similarity.GetValueOrDefault(row.Id, 0f);
            var confident = closeness >= sure
                || (textHits.Contains(row.Id) && (coverage >= SureCoverage || closeness >= RelatedSimilarity));
            var summaryMatches = SearchTerms.Words(row.Summary).Any(w => allTerms.Any(t => SearchTerms.Matches(w, t)));
            var excerpt = summaryMatches || body.Length == 0 ? row.Summary : SearchTerms.Excerpt(body, allTerms);
            var minutes = row.ReadingMinutes ?? (row.DurationSeconds is { } seconds ? (seconds + 59) / 60 : null);
            var hit = new SearchHit(row.Id, row.Kind, row.Status, row.Title, SearchTerms.Highlight(row.Title, allTerms),
                SearchTerms.Highlight(excerpt, allTerms), row.Language, minutes, about, $"/library/{row.Id}");
            // Reciprocal ranks say which lists found it and how high; closeness and coverage break the many near-ties between
            // one list's first and the other's first (1/61 against 1/62).
            ranked.Add((new Found(hit, LengthOf(minutes), fused[row.Id] + closeness * 0.02 + coverage * 0.005), confident));
        }
        ranked.Sort((a, b) => b.Found.Score.CompareTo(a.Found.Score));
        // What the question was probably about, even when nothing answered it: the components of the nearest resources.
        var guessed = ranked.Take(3).SelectMany(r => r.Found.Hit.Components.Select(c => c.Id)).Distinct().ToList();
        return new Findings(allTerms, added, ranked.Where(r => r.Confident).Select(r => r.Found).ToList(), guessed);
    }

    /// <summary>
    /// Full-text candidates the caller may see (published, or theirs), best first, on PostgreSQL. A word common in the
    /// library ("video") matches half of it, and ranking every match costs a document read each: at 50,000 resources that
    /// was 200 ms. So the candidates come in tiers, each at most <see cref="TierPool"/> taken from the index: resources
    /// with every term, then with all but one, then with any; ranking orders within a tier. In the first two a term is its
    /// word, its corrections and the known words it starts: whole words, which the index answers without reading the documents.
    /// </summary>
    private static async Task<List<Guid>> FullTextPostgresAsync(GuildDb reads, IReadOnlyList<string> terms,
        IReadOnlyDictionary<string, IReadOnlyList<string>> corrections, IReadOnlyDictionary<string, IReadOnlyList<string>> completions,
        Guid caller, CancellationToken cancellationToken)
    {
        // Terms are letters and digits only (SearchTerms.Words), so quoting them is enough for the query syntax.
        var groups = terms.Select(t =>
        {
            var forms = new[] { t }.Concat(corrections.GetValueOrDefault(t) ?? []).Concat(completions.GetValueOrDefault(t) ?? [])
                .Concat((corrections.GetValueOrDefault(t) ?? []).SelectMany(c => completions.GetValueOrDefault(c) ?? []))
                .Distinct().Select(f => $"'{f}'").ToList();
            return forms.Count == 1 ? forms[0] : $"({string.Join(" | ", forms)})";
        }).ToList();
        var every = string.Join(" & ", groups);
        var allButOne = groups.Count < 3 ? every
            : string.Join(" | ", groups.Select((_, skipped) => $"({string.Join(" & ", groups.Where((_, i) => i != skipped))})"));
        // The last tier matches prefixes as well ("presentatie" finds "presentations"): the index answers those only by
        // reading each matching document again, which the tier's limit bounds.
        var any = string.Join(" | ", terms.Concat(terms.SelectMany(t => corrections.GetValueOrDefault(t) ?? [])).Distinct().Select(f => $"'{f}':*"));
        // The document is unaccented by guild_unaccent (migration LibraryBrowsedemand), as FTS5 removes diacritics; the
        // terms are folded already, the same function on this side keeps both in step whatever a term carries.
        return await reads.Database.SqlQuery<Guid>($"""
            WITH query AS (
              SELECT to_tsquery('english', guild_unaccent({every})) || to_tsquery('dutch', guild_unaccent({every})) AS every_term,
                     to_tsquery('english', guild_unaccent({allButOne})) || to_tsquery('dutch', guild_unaccent({allButOne})) AS all_but_one,
                     to_tsquery('english', guild_unaccent({any})) || to_tsquery('dutch', guild_unaccent({any})) AS any_term),
            visible AS NOT MATERIALIZED (
              SELECT s.id, s.document FROM resource_search s JOIN resources r ON r.id = s.resource_id
              WHERE r.status = 'Published' OR (r.status <> 'Archived' AND (r.reviewer_id = {caller}
                    OR EXISTS (SELECT 1 FROM resource_authors a WHERE a.resource_id = r.id AND a.person_id = {caller})))),
            candidates AS (
              (SELECT v.id, 0 AS tier FROM visible v, query WHERE v.document @@ query.every_term LIMIT {TierPool})
              UNION ALL
              (SELECT v.id, 1 FROM visible v, query WHERE {groups.Count >= 3} AND v.document @@ query.all_but_one LIMIT {TierPool})
              UNION ALL
              (SELECT v.id, 2 FROM visible v, query WHERE v.document @@ query.any_term LIMIT {TierPool}))
            SELECT s.resource_id AS "Value"
            FROM (SELECT id, min(tier) AS tier FROM candidates GROUP BY id) c
            JOIN resource_search s ON s.id = c.id
            CROSS JOIN query
            ORDER BY c.tier, ts_rank_cd(s.document, query.any_term) DESC, s.id
            LIMIT {Candidates}
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Full-text candidates the caller may see (published, or theirs), best first, on SQLite (FTS5 ranks with bm25).</summary>
    private static async Task<List<Guid>> FullTextSqliteAsync(GuildDb reads, IReadOnlyList<string> terms, Guid caller, CancellationToken cancellationToken)
    {
        // Terms are letters and digits only (SearchTerms.Words), so quoting them is enough for the query syntax.
        var match = string.Join(" OR ", terms.Select(t => $"\"{t}\"*"));
        return await reads.Database.SqlQuery<Guid>($"""
            SELECT s.resource_id AS "Value"
            FROM resource_search_fts f
            JOIN resource_search s ON s.id = f.rowid
            JOIN resources r ON r.id = s.resource_id
            WHERE resource_search_fts MATCH {match}
              AND (r.status = 'Published' OR (r.status <> 'Archived' AND (r.reviewer_id = {caller}
                   OR EXISTS (SELECT 1 FROM resource_authors a WHERE a.resource_id = r.id AND a.person_id = {caller}))))
            ORDER BY bm25(resource_search_fts, 10.0, 3.0, 1.0, 5.0), s.id
            LIMIT {Candidates}
            """).ToListAsync(cancellationToken);
    }

    private static SearchLength? LengthOf(int? minutes) => minutes switch
    {
        null => null,
        <= 5 => SearchLength.Brief,
        <= 15 => SearchLength.Medium,
        _ => SearchLength.Extended,
    };

    private static bool Passes(Found found, SearchFilters filters) =>
        (filters.Component is not { } component || found.Hit.Components.Any(c => c.Id == component))
        && (filters.Kind is not { } kind || found.Hit.Kind == kind)
        && (filters.Language is not { } language || found.Hit.Language == language)
        && (filters.Length is not { } length || found.Length == length);

    private static SearchFacets Facet(IReadOnlyList<Found> hits) => new(
        hits.SelectMany(h => h.Hit.Components).GroupBy(c => c.Id)
            .Select(g => new SearchFacetValue(g.Key.ToString(), g.First().Name, g.Count()))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Name, StringComparer.CurrentCulture).Take(12).ToList(),
        hits.GroupBy(h => h.Hit.Kind).OrderBy(g => g.Key).Select(g => new SearchFacetValue(g.Key.ToString(), null, g.Count())).ToList(),
        hits.GroupBy(h => h.Hit.Language).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new SearchFacetValue(g.Key, null, g.Count())).ToList(),
        hits.Where(h => h.Length is not null).GroupBy(h => h.Length!.Value).OrderBy(g => g.Key)
            .Select(g => new SearchFacetValue(g.Key.ToString(), null, g.Count())).ToList());

    private async Task RecordAsync(Guid searchId, string question, string language, Findings found, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var search = new LibrarySearch
        {
            Id = searchId, PersonId = me.Id, Query = question, Language = language, At = now, ResultCount = found.Hits.Count,
            GuessedComponents = string.Join(',', found.GuessedComponents),
        };
        db.Add(search);
        if (found.Hits.Count == 0)
        {
            search.SettledAt = now;
            await AddUnansweredAsync(search, UnansweredReason.NoResult, now, cancellationToken);
        }
        else
        {
            jobs.Enqueue(SearchSettleJob.JobKind, new SearchSettleJob.Payload(searchId), runAfter: now + ClickWindow);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Puts the search on the restock board and records that it did not succeed, in the caller's unit of work.</summary>
    internal async Task AddUnansweredAsync(LibrarySearch search, UnansweredReason reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await AddUnansweredAsync(db, learning, search, reason, now, cancellationToken);

    internal static async Task AddUnansweredAsync(GuildDb unitOfWork, LearningRecorder learning, LibrarySearch search, UnansweredReason reason,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        unitOfWork.Add(new UnansweredSearch
        {
            SearchId = search.Id, Query = search.Query, Language = search.Language, PersonId = search.PersonId, At = search.At, Reason = reason,
        });
        foreach (var component in search.GuessedComponentIds)
        {
            unitOfWork.Add(new UnansweredSearchComponent { SearchId = search.Id, ComponentId = component });
        }
        var name = await unitOfWork.Set<People.Person>().Where(p => p.Id == search.PersonId).Select(p => p.GivenName + " " + p.FamilyName)
            .FirstOrDefaultAsync(cancellationToken) ?? "";
        await learning.AddAsync(unitOfWork, new LearningAct(new LearningActor(search.PersonId, name), LearningVerbs.Searched, Activity)
        {
            At = now, Language = search.Language, Result = new LearningResult { Success = false, Response = search.Query },
        }, cancellationToken);
    }

    /// <summary>
    /// A click on a result: the first one settles the search as answered (the learning record says it succeeded). Only the
    /// searcher's own click counts; the answer is where to go either way.
    /// </summary>
    public async Task<string> OpenAsync(Guid searchId, Guid resourceId, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } caller)
        {
            return $"/library/{resourceId}";
        }
        var now = clock.GetUtcNow();
        var search = await db.Set<LibrarySearch>().FirstOrDefaultAsync(s => s.Id == searchId && s.PersonId == caller, cancellationToken);
        if (search is null || search.ClickedAt is not null)
        {
            return $"/library/{resourceId}";
        }
        search.ClickedAt = now;
        if (search.SettledAt is null)
        {
            search.SettledAt = now;
            await learning.AddAsync(db, new LearningAct(new LearningActor(caller, me.DisplayName), LearningVerbs.Searched, Activity)
            {
                At = now, Language = search.Language, Result = new LearningResult { Success = true, Response = search.Query },
            }, cancellationToken);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The click window closed at this very moment: the search is on the board already; the click is not counted.
        }
        return $"/library/{resourceId}";
    }

    /// <summary>"Nothing here helped": the search goes to the restock board (once), whether or not a result was opened.</summary>
    public async Task<Result<bool>> NothingHelpedAsync(Guid searchId, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } caller)
        {
            return Result<bool>.Forbidden();
        }
        var search = await db.Set<LibrarySearch>().FirstOrDefaultAsync(s => s.Id == searchId && s.PersonId == caller, cancellationToken);
        if (search is null)
        {
            return Result<bool>.NotFound();
        }
        if (await db.Set<UnansweredSearch>().AnyAsync(u => u.SearchId == searchId, cancellationToken))
        {
            return Result<bool>.Ok(false);
        }
        var now = clock.GetUtcNow();
        search.SettledAt ??= now;
        await AddUnansweredAsync(search, UnansweredReason.NothingHelped, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The click window's job put it on the board at the same moment: it is there once.
            return Result<bool>.Ok(false);
        }
        return Result<bool>.Ok(true);
    }
}
