using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// The typo fallback, the same on both databases: the words of published resources' titles and their components' names,
/// held per node (read again at most once a minute). A question's word the vocabulary does not know is compared with it
/// by edit distance (one edit for words of up to five letters, two for longer ones, a swap of neighbours counting one);
/// the nearest known words join the question ("premeire" also searches "premiere"). Only published titles feed it, so a
/// suggestion never shows a word of someone's draft.
/// </summary>
public sealed class SearchVocabulary(IDbContextFactory<GuildDb> factory, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Words? _words;

    private sealed record Words(HashSet<string> Known, Dictionary<int, List<string>> ByLength, DateTimeOffset LoadedAt);

    /// <summary>For each term the vocabulary does not know, the known words nearest to it (none when nothing is near).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> CorrectionsAsync(IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var corrections = new Dictionary<string, IReadOnlyList<string>>();
        if (terms.All(t => t.Length < 4 || t.All(char.IsDigit)))
        {
            return corrections;
        }
        var words = await CurrentAsync(cancellationToken);
        foreach (var term in terms.Where(t => t.Length >= 4 && !t.All(char.IsDigit) && !words.Known.Contains(t)))
        {
            // A known word the term starts or is started by is a form of it, not a typo.
            var limit = term.Length <= 5 ? 1 : 2;
            var best = limit + 1;
            var nearest = new List<string>();
            for (var length = term.Length - limit; length <= term.Length + limit; length++)
            {
                if (!words.ByLength.TryGetValue(length, out var candidates))
                {
                    continue;
                }
                foreach (var candidate in candidates)
                {
                    var distance = SearchTerms.Distance(term, candidate, Math.Min(limit, best));
                    if (distance < best)
                    {
                        best = distance;
                        nearest.Clear();
                    }
                    if (distance == best && distance <= limit)
                    {
                        nearest.Add(candidate);
                    }
                }
            }
            if (nearest.Count > 0 && !nearest.Any(n => SearchTerms.Matches(n, term)))
            {
                corrections[term] = nearest.Take(3).ToList();
            }
        }
        return corrections;
    }

    public void Dispose() => _loading.Dispose();

    private async Task<Words> CurrentAsync(CancellationToken cancellationToken)
    {
        var words = _words;
        var now = clock.GetUtcNow();
        if (words is not null && now - words.LoadedAt < RefreshEvery && words.LoadedAt <= now)
        {
            return words;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            words = _words;
            if (words is not null && now - words.LoadedAt < RefreshEvery && words.LoadedAt <= now)
            {
                return words;
            }
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var texts = await db.Set<ResourceSearchEntry>().AsNoTracking()
                .Where(e => db.Set<Resource>().Any(r => r.Id == e.ResourceId && r.Status == ResourceStatus.Published))
                .Select(e => e.Title + "\n" + e.Components).ToListAsync(cancellationToken);
            var known = new HashSet<string>(StringComparer.Ordinal);
            foreach (var text in texts)
            {
                foreach (var word in SearchTerms.Words(text))
                {
                    if (word.Length >= 3)
                    {
                        known.Add(word);
                    }
                }
            }
            var byLength = known.GroupBy(w => w.Length).ToDictionary(g => g.Key, g => g.ToList());
            return _words = new Words(known, byLength, now);
        }
        finally
        {
            _loading.Release();
        }
    }
}
