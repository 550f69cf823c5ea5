using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>The summary sentence of a capability's coverage, in the reader's language (singular and plural apart).</summary>
internal static class CoverageSentences
{
    public static string Summary(IStringLocalizer<CoverageText> text, CoverageSummary summary)
    {
        string Counted(string key, int count, params object[] more) =>
            text[count == 1 ? key + ".One" : key, [N(count), .. more]];
        string N(int value) => value.ToString("N0", CultureInfo.CurrentCulture);

        if (summary.Components == 0)
        {
            return text["Summary.Empty"];
        }
        var sentence = text["Summary.Sentence",
            Counted("Summary.NoChampion", summary.WithoutChampion, N(summary.Components)),
            Counted("Summary.Single", summary.WithSingleChampion),
            Counted("Summary.Several", summary.WithSeveralChampions)].Value;
        if (summary.WithoutResource is { } withoutResource)
        {
            sentence += " " + Counted("Summary.NoResource", withoutResource, N(summary.Components));
        }
        if (summary.WithUnansweredDemand is { } unanswered)
        {
            sentence += " " + Counted("Summary.UnansweredDemand", unanswered, N(summary.Components));
        }
        return sentence;
    }
}
