using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Mail;

/// <summary>
/// Renders a mail template (a Razor component, usually inside <c>MailLayout</c>) to HTML and plain
/// text in the recipient's language. Templates use IStringLocalizer like pages do.
/// </summary>
public sealed partial class MailTemplates(IServiceProvider services, ILoggerFactory loggers, IOptions<MailOptions> options)
{
    /// <summary>Absolute link for mail: <c>/people/1</c> becomes <c>https://guild.example.com/people/1</c>.</summary>
    public string AbsoluteUrl(string path) => options.Value.PublicBaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');

    public Task<OutgoingMail> RenderAsync<TTemplate>(string toAddress, string? toName, string language, string subject,
        IDictionary<string, object?> parameters) where TTemplate : IComponent =>
        RenderAsync<TTemplate>(toAddress, toName, language, () => subject, parameters);

    /// <summary>As above, with the subject worked out in the recipient's language too (from the same resources as the body).</summary>
    public async Task<OutgoingMail> RenderAsync<TTemplate>(string toAddress, string? toName, string language, Func<string> subject,
        IDictionary<string, object?> parameters) where TTemplate : IComponent
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var (previousCulture, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            await using var renderer = new HtmlRenderer(services, loggers);
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var output = await renderer.RenderComponentAsync<TTemplate>(ParameterView.FromDictionary(parameters));
                return output.ToHtmlString();
            });
            return new OutgoingMail(toAddress, toName, subject(), "<!DOCTYPE html>" + html, ToText(html));
        }
        finally
        {
            CultureInfo.CurrentCulture = previousCulture;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    /// <summary>The plain-text part: the same words, links written out after their text.</summary>
    internal static string ToText(string html)
    {
        var text = StyleOrHead().Replace(html, "");
        text = Link().Replace(text, match => $"{match.Groups[2].Value} ({WebUtility.HtmlDecode(match.Groups[1].Value)})");
        text = BlockEnd().Replace(text, "\n");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        text = Spaces().Replace(text, " ");
        text = BlankLines().Replace(text, "\n\n");
        return string.Join('\n', text.Split('\n').Select(line => line.Trim())).Trim() + "\n";
    }

    [GeneratedRegex("<(style|head|title)[^>]*>.*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrHead();
    [GeneratedRegex("<a [^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Link();
    [GeneratedRegex("</(p|h1|h2|h3|li|tr|div)>|<br\\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();
    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
    [GeneratedRegex("[ \\t]+")]
    private static partial Regex Spaces();
    [GeneratedRegex("\\n\\s*\\n\\s*\\n+")]
    private static partial Regex BlankLines();
}
