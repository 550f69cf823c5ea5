using System.Globalization;

namespace Guild.Web.Features.People;

/// <summary>Languages people speak, as ISO 639-1 codes ("nl", "en"), for profiles and imports.</summary>
public static class SpokenLanguages
{
    /// <summary>Every ISO 639-1 code, fixed here so validation does not depend on the machine's ICU data.</summary>
    private static readonly HashSet<string> Codes = new(
        ("aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu " +
         "fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn " +
         "ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os " +
         "pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw " +
         "ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu").Split(' '),
        StringComparer.Ordinal);

    /// <summary>The languages a profile offers as checkboxes: those of the organisation and its neighbours and largest communities.</summary>
    public static readonly IReadOnlyList<string> Offered = ["nl", "en", "de", "fr", "es", "it", "pt", "pl", "tr", "ar", "ro", "uk", "zh", "hi"];

    public static bool IsKnown(string code) => Codes.Contains(code);

    /// <summary>Lower case, without duplicates, in the order given.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> codes) =>
        codes.Select(code => code.Trim().ToLowerInvariant()).Where(code => code.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The language's own name ("Nederlands", "Deutsch"), or the code when the machine does not know it.</summary>
    public static string NativeName(string code)
    {
        try
        {
            var name = CultureInfo.GetCultureInfo(code).NativeName;
            return name.Length > 0 ? char.ToUpper(name[0], CultureInfo.GetCultureInfo(code)) + name[1..] : code;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }
}
