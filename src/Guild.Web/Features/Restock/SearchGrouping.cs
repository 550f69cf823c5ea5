using Guild.Web.Features.Library.Search;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Restock;

/// <summary>
/// Groups unanswered searches by meaning, so "export for youtube" and "how do I export a video for YouTube" are one item
/// of the board with the demand of both. Greedy and incremental: each new search (oldest first) joins the group whose first
/// search is nearest, if the cosine of their MiniLM embeddings is at least <see cref="Threshold"/>, else it starts a group.
/// A search never changes group, so a group's key stays put while people keep searching for the same thing. Embedding costs
/// CPU (a few ms a query), so it is done here, by a job, never while a page renders.
/// </summary>
public sealed class SearchGrouping(GuildDb db, SentenceEmbedder embedder)
{
    /// <summary>
    /// Close enough to be the same need: paraphrases of one question score about 0.7 to 0.9 with MiniLM, questions about
    /// neighbouring topics of one tool 0.4 to 0.6.
    /// </summary>
    public const float Threshold = 0.68f;

    private const int Batch = 200;

    /// <summary>Groups every unanswered search not grouped yet; answers how many it grouped.</summary>
    public async Task<int> GroupNewAsync(CancellationToken cancellationToken)
    {
        var seeds = (await db.Set<RestockSearchGroup>().AsNoTracking().Where(g => g.GroupId == g.SearchId)
                .Select(g => new { g.GroupId, g.Vector }).ToListAsync(cancellationToken))
            .Select(g => (g.GroupId, Vector: SentenceEmbedder.FromBytes(g.Vector))).ToList();
        var grouped = 0;
        while (true)
        {
            var fresh = await db.Set<UnansweredSearch>().AsNoTracking()
                .Where(u => !db.Set<RestockSearchGroup>().Any(g => g.SearchId == u.SearchId))
                .OrderBy(u => u.At).ThenBy(u => u.SearchId).Take(Batch)
                .Select(u => new { u.SearchId, u.Query }).ToListAsync(cancellationToken);
            if (fresh.Count == 0)
            {
                return grouped;
            }
            // The same words are encoded once.
            var texts = fresh.Select(f => Normalise(f.Query)).Distinct(StringComparer.Ordinal).ToList();
            var vectors = await embedder.EmbedAsync(texts, cancellationToken);
            var byText = texts.Select((text, i) => (text, vector: vectors[i])).ToDictionary(p => p.text, p => p.vector, StringComparer.Ordinal);
            foreach (var search in fresh)
            {
                var vector = byText[Normalise(search.Query)];
                var (group, best) = (search.SearchId, Threshold);
                foreach (var seed in seeds)
                {
                    var similarity = SentenceEmbedder.Similarity(vector, seed.Vector);
                    if (similarity >= best)
                    {
                        (group, best) = (seed.GroupId, similarity);
                    }
                }
                if (group == search.SearchId)
                {
                    seeds.Add((group, vector));
                }
                db.Add(new RestockSearchGroup { SearchId = search.SearchId, GroupId = group, Vector = SentenceEmbedder.ToBytes(vector) });
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            grouped += fresh.Count;
        }
    }

    /// <summary>Case and spacing do not make another question.</summary>
    internal static string Normalise(string query) =>
        string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}

/// <summary>
/// Runs <see cref="SearchGrouping"/>: queued by the board when it sees searches not grouped yet (one at a time), and every
/// morning before L&amp;D's day starts. Safe to run again: grouped searches are skipped, and a search grouped twice by two
/// racing runs fails the second's insert (its primary key), which the retry then skips.
/// </summary>
internal sealed class SearchGroupingJob(SearchGrouping grouping) : IJobHandler
{
    public const string JobKind = "restock.group-searches";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var grouped = await grouping.GroupNewAsync(cancellationToken);
        await job.ReportProgressAsync(grouped, grouped, new JobMessage("JobGrouped", grouped));
    }
}
