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
    private static readonly string[] HtmlQuoteMarks =
    [
        "<div id=\"appendonsend\"", "<div id=\"divRplyFwdMsg\"", "<div id=\"mail-editor-reference-message-container\"",
        "<hr id=\"stopSpelling\"", "<div class=\"gmail_quote", "<div class=\"gmail_signature\"", "<div class=\"gmail_attr\"",
        "<blockquote type=\"cite\"", "<div class=\"moz-cite-prefix\"", "<div id=\"Signature\"", "<div class=\"yahoo_quoted\"",
    ];

    public static string Strip(MimeMessage message)
    {
        var html = message.HtmlBody;
        if (!string.IsNullOrEmpty(html) && CutAtQuoteMark(html) is { } cut)
        {
            return StripText(MailTemplates.ToText(cut));
        }
        var text = message.TextBody;
        if (!string.IsNullOrWhiteSpace(text))
        {
            return StripText(text);
        }
        return string.IsNullOrEmpty(html) ? "" : StripText(MailTemplates.ToText(html));
    }

    /// <summary>The HTML before the first quote mark a mail client left, or null when it left none.</summary>
    private static string? CutAtQuoteMark(string html)
    {
        var first = -1;
        foreach (var mark in HtmlQuoteMarks)
        {
            var at = html.IndexOf(mark, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }
        return first < 0 ? null : html[..first];
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

    [GeneratedRegex(@"^_{10,}$")]
    private static partial Regex Underscores();

    [GeneratedRegex(@"\n[ \t]*\n(\s*\n)+")]
    private static partial Regex BlankLines();
}
