using System.Text.RegularExpressions;
using MimeKit;

namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>
/// The new words of a reply, without the mail it quotes or the writer's signature. Mail clients mark the quoted part in
/// their HTML (Outlook's <c>divRplyFwdMsg</c>/<c>appendonsend</c>, Gmail's <c>gmail_quote</c>, Apple Mail's
/// <c>blockquote type="cite"</c>), which is surer than guessing from text, so HTML with such a mark is cut there first;
/// otherwise the plain text is used. Then, line by line: the reply ends at the first attribution ("On … wrote:",
/// "Op … schreef …:", "Op … heeft … het volgende geschreven:"), Outlook's header block ("From: … Sent: … Subject:",
/// "Van: … Verzonden: … Onderwerp:") or separator ("-----Original Message-----", "-----Oorspronkelijk bericht-----"),
/// the signature separator ("-- ") or a client's signature line ("Sent from my iPhone", "Verzonden vanaf mijn iPhone");
/// lines quoted with "&gt;" are dropped wherever they are.
/// </summary>
public static partial class ReplyText
{
    public static string Strip(MimeMessage message)
    {
        var html = message.HtmlBody;
        if (!string.IsNullOrEmpty(html) && CutAtQuoteMark(html) is { } cut)
        {
            return StripText(HtmlToText(cut));
        }
        var text = message.TextBody;
        if (!string.IsNullOrWhiteSpace(text))
        {
            return StripText(text);
        }
        return string.IsNullOrEmpty(html) ? "" : StripText(HtmlToText(html));
    }

    /// <summary>
    /// A reply's HTML as the text a reader saw: line breaks in the source are only spaces (Outlook writes one &lt;p&gt; per line,
    /// Gmail and Apple Mail one &lt;div&gt;), paragraphs, divs and &lt;br&gt; end lines, links keep their address.
    /// </summary>
    internal static string HtmlToText(string html)
    {
        var text = HeadOrStyle().Replace(html, "");
        text = Comment().Replace(text, "");
        text = Whitespace().Replace(text, " ");
        text = HtmlLink().Replace(text, match =>
        {
            var href = System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
            var words = Tag().Replace(match.Groups[2].Value, "").Trim();
            return href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || System.Net.WebUtility.HtmlDecode(words) == href
                ? words
                : $"{words} ({href})";
        });
        text = LineEnd().Replace(text, "\n");
        text = Tag().Replace(text, "");
        text = System.Net.WebUtility.HtmlDecode(text);
        return string.Join('\n', text.Split('\n').Select(line => line.Trim(' ', '\t', '\u00a0')));
    }

    /// <summary>The HTML before the first quote mark a mail client left, or null when it left none.</summary>
    private static string? CutAtQuoteMark(string html)
    {
        var mark = HtmlQuoteMark().Match(html);
        return mark.Success ? html[..mark.Index] : null;
    }

    /// <summary>The plain-text rules on their own (also used for the text of an HTML reply).</summary>
    public static string StripText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            var bare = line.Trim().Trim('*').Trim();
            if (EndsReply(lines, i, bare))
            {
                break;
            }
            if (line.TrimStart().StartsWith('>'))
            {
                continue;
            }
            kept.Add(line);
        }
        var joined = string.Join('\n', kept).Trim('\n', ' ', '\t', '\u00a0');
        return BlankLines().Replace(joined, "\n\n").Trim();
    }

    private static bool EndsReply(string[] lines, int index, string bare)
    {
        if (bare.Length == 0)
        {
            return false;
        }
        if (lines[index].TrimEnd('\r') is "-- " or "--" || OriginalMessage().IsMatch(bare) || ClientSignature().IsMatch(bare))
        {
            return true;
        }
        // Attributions are often wrapped onto a second (or third) line by the client: read them joined.
        var joined = bare;
        for (var next = index + 1; next < Math.Min(lines.Length, index + 3) && !Attribution().IsMatch(joined); next++)
        {
            joined += " " + lines[next].Trim();
        }
        if (AttributionStart().IsMatch(bare) && Attribution().IsMatch(joined))
        {
            return true;
        }
        // Outlook's header block: From/Van, then within a few lines Sent/Date/Verzonden/Datum and Subject/Onderwerp.
        if (HeaderFrom().IsMatch(bare))
        {
            var window = string.Join('\n', lines.Skip(index + 1).Take(6).Select(l => l.Trim().Trim('*').Trim()));
            return HeaderSent().IsMatch(window) && HeaderSubject().IsMatch(window);
        }
        // Outlook puts a line of underscores above that block.
        if (Underscores().IsMatch(bare))
        {
            var after = lines.Skip(index + 1).Select(l => l.Trim().Trim('*').Trim()).FirstOrDefault(l => l.Length > 0);
            return after is not null && HeaderFrom().IsMatch(after);
        }
        return false;
    }

    // Outlook (desktop, web, mobile), Gmail, Apple Mail, Thunderbird and Yahoo mark the quoted mail and the signature with these.
    [GeneratedRegex("""<(?:div|hr|blockquote)\b[^>]*?\b(?:(?:id|class)\s*=\s*"(?:[^"]*\s)?(?:appendonsend|divRplyFwdMsg|mail-editor-reference-message-container|stopSpelling|OutlookMessageHeader|gmail_quote|gmail_quote_container|gmail_attr|gmail_signature|moz-cite-prefix|moz-signature|Signature|yahoo_quoted)(?:\s[^"]*)?"|type\s*=\s*"cite")""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlQuoteMark();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Oorspronkelijk bericht|Oorspronkelijk Bericht|Origineel bericht|Forwarded message|Doorgestuurd bericht)\s*-{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^(Sent from my |Sent from Outlook|Sent from Mail for |Sent with |Get Outlook for |Verzonden vanaf mijn |Verzonden vanuit |Verzonden met |Verstuurd vanaf mijn |Verstuurd vanuit |Verstuurd met |Download Outlook voor |Outlook voor (iOS|Android) downloaden)", RegexOptions.IgnoreCase)]
    private static partial Regex ClientSignature();

    [GeneratedRegex(@"^(On|Op)\s", RegexOptions.IgnoreCase)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"^(On\s.{0,300}\bwrote:|Op\s.{0,300}\b(schreef\b.{0,300}:|het volgende geschreven:))\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^(From|Van):\s", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^(Sent|Date|Verzonden|Datum|Verstuurd):\s", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex HeaderSent();

    [GeneratedRegex(@"^(Subject|Onderwerp):", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex HeaderSubject();

    [GeneratedRegex("<(head|style|title|script)\\b[^>]*>.*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HeadOrStyle();

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("<a\\s[^>]*?href\\s*=\\s*\"([^\"]*)\"[^>]*>(.*?)</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex("</(p|div|h[1-6]|li|tr|blockquote|pre|table)\\s*>|<br\\b[^>]*>|<hr\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineEnd();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^_{10,}$")]
    private static partial Regex Underscores();

    [GeneratedRegex(@"\n[ \t]*\n(\s*\n)+")]
    private static partial Regex BlankLines();
}
