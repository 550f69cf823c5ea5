using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// Computes the sentence embedding of every resource whose words changed (embedding null), a batch at a time, off the
/// request that published or edited it. Each vector is stored only if the words it was computed from are still the
/// entry's (<see cref="ResourceSearchEntry.Stamp"/> compared and set in one statement), so an edit made meanwhile is never
/// overwritten by the old words' vector; that edit queued its own run. Safe to run again: it only looks for missing vectors.
/// </summary>
internal sealed class SearchEmbedJob(GuildDb db, SentenceEmbedder embedder, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "library.search.embed";
    private const int Batch = 16;
    // Identical words give the identical vector: resources that share their text (copies, generated libraries) are encoded
    // once per run. Bounded, so a run over a large library keeps its memory small (a vector is 1.5 KB, a text up to 2.4 KB).
    private const int RememberedTexts = 4096;

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        var total = await db.Set<ResourceSearchEntry>().CountAsync(e => e.Embedding == null, cancellationToken);
        var done = 0;
        var skipped = new HashSet<long>();
        var encoded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (true)
        {
            var rows = await db.Set<ResourceSearchEntry>().AsNoTracking().Where(e => e.Embedding == null && !skipped.Contains(e.Id))
                .OrderBy(e => e.Id).Take(Batch)
                .Select(e => new { e.Id, e.Stamp, e.Title, e.Summary, e.Components, e.Body }).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }
            var texts = rows.Select(r => TextOf(r.Title, r.Summary, r.Components, r.Body)).ToList();
            var unknown = texts.Where(t => !encoded.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
            float[][] vectors = unknown.Count == 0 ? [] : await embedder.EmbedAsync(unknown, cancellationToken);
            var fresh = unknown.Zip(vectors, (text, vector) => (text, SentenceEmbedder.ToBytes(vector))).ToDictionary(StringComparer.Ordinal);
            foreach (var (text, vector) in fresh)
            {
                if (encoded.Count >= RememberedTexts)
                {
                    break;
                }
                encoded[text] = vector;
            }
            var now = clock.GetUtcNow();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var bytes = fresh.TryGetValue(texts[i], out var computed) ? computed : encoded[texts[i]];
                var stored = await db.Set<ResourceSearchEntry>().Where(e => e.Id == row.Id && e.Stamp == row.Stamp)
                    .ExecuteUpdateAsync(set => set.SetProperty(e => e.Embedding, bytes).SetProperty(e => e.EmbeddedAt, now), cancellationToken);
                if (stored == 0)
                {
                    // Changed meanwhile: the edit's own run embeds the new words.
                    skipped.Add(row.Id);
                }
            }
            done += rows.Count;
            await job.ReportProgressAsync(Math.Min(done, Math.Max(total, done)), Math.Max(total, done));
        }
    }

    /// <summary>
    /// What the model reads of a resource: title, components and summary first (MiniLM reads 256 word pieces at most), then the
    /// start of an article's text.
    /// </summary>
    public static string TextOf(string title, string summary, string components, string body)
    {
        var text = $"{title}. {components.Replace('\n', ',')}. {summary} {body}";
        return text.Length > 1200 ? text[..1200] : text;
    }
}
