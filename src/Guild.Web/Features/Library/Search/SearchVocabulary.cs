using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// The typo fallback, the same on both databases: the words of published resources' titles and their components' names,
/// held per node (read again at most once a minute). A question's word the vocabulary does not know is compared with it
/// by edit distance (one edit for words of up to five letters, two for longer ones, a swap of neighbours counting one);
/// the nearest known words join the question ("premeire" also searches "premiere"). Only published titles feed it, so a
/// suggestion never shows a word of someone's draft. The same words complete a word cut short: on PostgreSQL the full text
/// matches whole words only (a prefix query rechecks every matching document, ten times slower at 50,000 resources), so a
/// question's "klant" also searches the known "klantgesprek" and "klantgegevens".
/// </summary>
public sealed class SearchVocabulary(IDbContextFactory<GuildDb> factory, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Words? _words;

    /// <summary>At most this many known words complete a term.</summary>
    public const int MaxCompletions = 6;

    private sealed record Words(HashSet<string> Known, Dictionary<int, List<string>> ByLength, string[] Sorted, DateTimeOffset LoadedAt);

    /// <summary>
    /// For each term of four letters or more, the known words that start with it (shortest first, at most
    /// <see cref="MaxCompletions"/>): what the term's prefix would have matched among titles and components.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> CompletionsAsync(IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        var completions = new Dictionary<string, IReadOnlyList<string>>();
        if (terms.All(t => t.Length < 4))
        {
            return completions;
        }
        var words = await CurrentAsync(cancellationToken);
        foreach (var term in terms.Where(t => t.Length >= 4 && !t.All(char.IsDigit)))
        {
            var at = Array.BinarySearch(words.Sorted, term, StringComparer.Ordinal);
            var found = new List<string>();
            for (var i = at < 0 ? ~at : at + 1; i < words.Sorted.Length && words.Sorted[i].StartsWith(term, StringComparison.Ordinal); i++)
            {
                found.Add(words.Sorted[i]);
            }
            if (found.Count > 0)
            {
                completions[term] = found.OrderBy(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).Take(MaxCompletions).ToList();
            }
        }
        return completions;
    }

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
        // One request reads the words again; the others go on with the words they have rather than wait for it.
        if (words is not null && !await _loading.WaitAsync(0, cancellationToken))
        {
            return words;
        }
        if (words is null)
        {
            await _loading.WaitAsync(cancellationToken);
        }
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
            var sorted = known.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            return _words = new Words(known, byLength, sorted, now);
        }
        finally
        {
            _loading.Release();
        }
    }
}
