using Ganss.Xss;
using Markdig;

namespace Guild.Web.Features.Library.Resources.Articles;

/// <summary>An article's Markdown rendered once, on save: the HTML pages show, and how long it takes to read.</summary>
/// <param name="Html">Sanitised HTML, safe to put in a page as it is.</param>
/// <param name="ReadingMinutes">Minutes to read at <see cref="ArticleRenderer.WordsPerMinute"/>, at least 1.</param>
public sealed record RenderedArticle(string Html, int ReadingMinutes);

/// <summary>
/// Markdown to safe HTML: Markdig renders (raw HTML in the Markdown included, so that what a sanitiser removes is removed
/// rather than shown as text), then HtmlSanitizer keeps only harmless markup — no script or style, no event handlers, no
/// javascript: or data: addresses. External links get <c>rel="noopener noreferrer nofollow"</c>; images only from https
/// addresses or Guild's own <c>/files/</c> paths (anything else could track readers or smuggle data).
/// Rendering happens when an article is saved; pages show the stored HTML.
/// </summary>
public static class ArticleRenderer
{
    public const int WordsPerMinute = 200;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseTaskLists()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static RenderedArticle Render(string markdown)
    {
        var html = Markdig.Markdown.ToHtml(markdown, Pipeline);
        return new RenderedArticle(Sanitizer.Sanitize(html), ReadingMinutes(markdown));
    }

    /// <summary>Words of the text as readers see it (not the markup), at <see cref="WordsPerMinute"/>, rounded up.</summary>
    public static int ReadingMinutes(string markdown)
    {
        var text = Markdig.Markdown.ToPlainText(markdown, Pipeline);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return Math.Max(1, (words + WordsPerMinute - 1) / WordsPerMinute);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        // Inline styles are refused by Guild's CSP anyway; a class is harmless and carries code languages.
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedAttributes.Remove("target");
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.Tag.NodeName.Equals("IMG", StringComparison.OrdinalIgnoreCase) && e.SanitizedUrl is { } url
                && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("/files/", StringComparison.Ordinal))
            {
                e.SanitizedUrl = null;
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { NodeName: "A" } link && link.GetAttribute("href") is { } href && IsExternal(href))
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }

    private static bool IsExternal(string href) =>
        href.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || href.StartsWith("//", StringComparison.Ordinal);
}
