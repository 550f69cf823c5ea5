using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Guild.Web.Features.Library.Search;

/// <summary>
/// Words of a question, as the search uses them: lower case without accents, without the little words of English and Dutch
/// that say nothing about the subject ("how do I", "hoe moet ik"), and with a match rule shared by highlighting and the
/// confidence of a full-text hit: a word matches a term when they share a start long enough to be the same stem
/// ("editing" ~ "edit", "vergaderingen" ~ "vergadering").
/// </summary>
public static partial class SearchTerms
{
    private static readonly HashSet<string> English = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "by", "with", "from", "into", "about", "as",
        "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "done", "can", "could", "should", "would", "will", "shall",
        "may", "might", "must", "have", "has", "had", "i", "me", "my", "we", "our", "you", "your", "it", "its", "this", "that", "these",
        "those", "there", "what", "which", "who", "whom", "how", "why", "when", "where", "not", "no", "so", "than", "then", "too", "very",
        "get", "got", "some", "any", "all", "up", "out", "one", "way", "best", "good", "need", "want", "make", "use", "using", "help",
    };

    private static readonly HashSet<string> Dutch = new(StringComparer.Ordinal)
    {
        "de", "het", "een", "en", "of", "van", "voor", "met", "op", "aan", "bij", "naar", "uit", "over", "tot", "om", "te", "door",
        "is", "zijn", "ben", "was", "waren", "wordt", "worden", "word", "kan", "kun", "kunnen", "moet", "moeten", "mag", "wil", "wilt",
        "willen", "zal", "zou", "ik", "mijn", "we", "wij", "ons", "onze", "je", "jij", "jouw", "u", "uw", "hij", "zij", "ze", "die", "dat",
        "dit", "deze", "er", "hoe", "wat", "wie", "waar", "wanneer", "waarom", "welke", "niet", "geen", "zo", "dan", "als", "ook", "nog",
        "al", "maar", "heb", "hebt", "heeft", "hebben", "doe", "doen", "goed", "goede", "beste", "maken", "gebruik", "gebruiken", "mee",
    };

    private static readonly HashSet<string> StopWords = [.. English, .. Dutch];

    /// <summary>
    /// Whether a question reads as Dutch: more of its little words are Dutch than English. MiniLM is English; two Dutch
    /// texts look alike to it whatever they say, so its closeness is trusted less for a Dutch question.
    /// </summary>
    public static bool LooksDutch(string question)
    {
        var words = Words(question);
        return words.Count(w => Dutch.Contains(w) && !English.Contains(w)) > words.Count(w => English.Contains(w) && !Dutch.Contains(w));
    }

    /// <summary>The words of a text, lower case, accents removed (diacritics say nothing to the index either).</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        foreach (Match match in WordPattern().Matches(Fold(text)))
        {
            words.Add(match.Value);
        }
        return words;
    }

    /// <summary>The terms of a question: its words without stop words, each once, at most 12.</summary>
    public static IReadOnlyList<string> Of(string question) =>
        Words(question).Where(w => !StopWords.Contains(w) && (w.Length > 1 || char.IsDigit(w[0]))).Distinct().Take(12).ToList();

    /// <summary>Lower case without diacritics ("één" → "een").</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(c);
            }
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Whether a word of a text is a form of a term: one starts the other over at least four letters, or most of the longer.</summary>
    public static bool Matches(string word, string term)
    {
        if (word == term)
        {
            return true;
        }
        var common = 0;
        while (common < word.Length && common < term.Length && word[common] == term[common])
        {
            common++;
        }
        if (common < 4)
        {
            return false;
        }
        // "video" ~ "videos", "editing" ~ "edit", "spreadsheet" ~ "spreadsheets"; not "present" ~ "presentation"'s stranger cousins.
        return common == Math.Min(word.Length, term.Length) || common >= Math.Max(word.Length, term.Length) - 3;
    }

    /// <summary>The plain text of sanitised HTML (an article's body), for the index.</summary>
    public static string PlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }
        var text = WebUtility.HtmlDecode(TagPattern().Replace(html, " "));
        text = SpacePattern().Replace(text, " ").Trim();
        return text.Length > ResourceSearchEntry.BodyMax ? text[..ResourceSearchEntry.BodyMax] : text;
    }

    /// <summary>
    /// The text with every word that matches a term marked: escaped first, then marked, so nothing of the text is ever markup.
    /// </summary>
    public static string Highlight(string text, IReadOnlyCollection<string> terms)
    {
        var html = new StringBuilder(text.Length + 32);
        var at = 0;
        foreach (Match match in RawWordPattern().Matches(text))
        {
            var folded = Fold(match.Value);
            if (!terms.Any(t => Matches(folded, t)))
            {
                continue;
            }
            html.Append(WebUtility.HtmlEncode(text[at..match.Index])).Append("<mark>").Append(WebUtility.HtmlEncode(match.Value)).Append("</mark>");
            at = match.Index + match.Length;
        }
        html.Append(WebUtility.HtmlEncode(text[at..]));
        return html.ToString();
    }

    /// <summary>A stretch of a long text around its first matching word, so the reader sees why it was found.</summary>
    public static string Excerpt(string text, IReadOnlyCollection<string> terms, int length = 220)
    {
        if (text.Length <= length)
        {
            return text;
        }
        foreach (Match match in RawWordPattern().Matches(text))
        {
            var folded = Fold(match.Value);
            if (terms.Any(t => Matches(folded, t)))
            {
                var start = Math.Max(0, match.Index - length / 3);
                var space = start == 0 ? 0 : text.IndexOf(' ', start);
                start = space < 0 || space > match.Index ? start : space + 1;
                var end = Math.Min(text.Length, start + length);
                return (start > 0 ? "… " : "") + text[start..end].Trim() + (end < text.Length ? " …" : "");
            }
        }
        return text[..length].Trim() + " …";
    }

    /// <summary>
    /// Damerau-Levenshtein distance (adjacent transpositions count one), stopping early above <paramref name="limit"/>:
    /// the typo fallback compares a question's words with the titles' and components' words.
    /// </summary>
    public static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                best = Math.Min(best, value);
            }
            if (best > limit)
            {
                return limit + 1;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}\p{Mn}]*")]
    private static partial Regex RawWordPattern();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex SpacePattern();
}
