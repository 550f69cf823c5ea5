using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Library.Feedback;

/// <summary>Which other origins may show Guild's embeddable resource pages in a frame (<c>Library:Embed</c>).</summary>
public sealed class EmbedOptions
{
    /// <summary>
    /// Origins (<c>https://intranet.example.com</c>) allowed as frame ancestors of <c>/library/{id}/embed</c>, beside
    /// Guild's own. None by default: the sign-in cookie is SameSite=Lax, so only sites of the same site (the
    /// organisation's own tools) see a signed-in embed at all, and the operator names which of them may frame it.
    /// </summary>
    public string[] FrameAncestors { get; set; } = [];

    /// <summary>The CSP source list: 'self' and each configured origin that is a plain http(s) origin (anything else is ignored).</summary>
    public string FrameAncestorsSource() => string.Join(' ', FrameAncestors
        .Where(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query)
                    && !o.Any(c => char.IsWhiteSpace(c) || c is ';' or ','))
        .Select(o => new Uri(o).GetLeftPart(UriPartial.Authority))
        .Prepend("'self'").Distinct());
}

/// <summary>
/// oEmbed 1.0 (https://oembed.com) for published resources: another tool gives a resource's address and gets the HTML of
/// an iframe showing <c>/library/{id}/embed</c>. JSON only (other formats: 501); an address that is not a resource of this
/// Guild, or one the caller may not see, or not published: 404.
/// </summary>
internal static partial class OEmbed
{
    private const int DefaultWidth = 640;
    private const int MinSize = 50;

    [GeneratedRegex("^/library/(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(/embed)?/?$")]
    private static partial Regex ResourcePath();

    /// <summary>oEmbed's answer for a resource address.</summary>
    /// <param name="url">The resource's address on this Guild (<c>https://guild.example.com/library/{id}</c>).</param>
    /// <param name="format">json (the default); anything else is answered 501.</param>
    /// <param name="maxwidth">The largest width the consumer can show, in pixels.</param>
    /// <param name="maxheight">The largest height the consumer can show, in pixels.</param>
    internal static async Task<Results<Ok<OEmbedResponse>, ValidationProblem, ProblemHttpResult>> AnswerAsync(string url, string? format, int? maxwidth, int? maxheight,
        HttpContext http, ResourceLibrary library, ResourceFeedback feedback, CancellationToken cancellationToken)
    {
        if (format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Only the json format is provided.");
        }
        if (maxwidth < MinSize || maxheight < MinSize)
        {
            return ResultHttp.Invalid(maxwidth < MinSize ? "maxwidth" : "maxheight", $"At least {MinSize} pixels.");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")
            || !string.Equals(address.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            || ResourcePath().Match(address.AbsolutePath) is not { Success: true } match)
        {
            return NotFound();
        }
        var found = await library.GetAsync(Guid.Parse(match.Groups["id"].Value), cancellationToken);
        if (!found.IsOk || !await feedback.MayEmbedAsync(found.Value!))
        {
            return NotFound();
        }
        var resource = found.Value!;
        var video = resource.Kind is ResourceKind.Video or ResourceKind.ScreenRecording;
        // Video 16:9, a page of text 4:3; then shrunk, keeping the shape, until it fits both limits.
        double width = DefaultWidth, height = video ? DefaultWidth * 9 / 16.0 : DefaultWidth * 3 / 4.0;
        var ratio = width / height;
        if (maxwidth is { } mw && width > mw)
        {
            (width, height) = (mw, mw / ratio);
        }
        if (maxheight is { } mh && height > mh)
        {
            (width, height) = (mh * ratio, mh);
        }
        var (w, h) = ((int)Math.Floor(width), (int)Math.Floor(height));
        var origin = $"{http.Request.Scheme}://{http.Request.Host.Value}";
        var src = $"{origin}/library/{resource.Id}/embed";
        var html = $"<iframe src=\"{HtmlEncoder.Default.Encode(src)}\" width=\"{w}\" height=\"{h}\" title=\"{HtmlEncoder.Default.Encode(resource.Title)}\" " +
                   "loading=\"lazy\" allow=\"fullscreen\" style=\"border:0\"></iframe>";
        return TypedResults.Ok(new OEmbedResponse(video ? "video" : "rich", "1.0", resource.Title, string.Join(", ", resource.Authors.Select(a => a.Name)),
            "Guild", origin + "/", html, w, h));
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}

/// <summary>An oEmbed 1.0 response (https://oembed.com, section 2.3.4).</summary>
/// <param name="Type">"video" for a video or screen recording, else "rich".</param>
/// <param name="Version">Always "1.0".</param>
/// <param name="Title">The resource's title.</param>
/// <param name="AuthorName">Its authors' names.</param>
/// <param name="ProviderName">Guild.</param>
/// <param name="ProviderUrl">This Guild's address.</param>
/// <param name="Html">An iframe showing the resource's embeddable page (the viewer must be signed in to Guild).</param>
/// <param name="Width">The iframe's width in pixels.</param>
/// <param name="Height">The iframe's height in pixels.</param>
public sealed record OEmbedResponse(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("author_name")] string AuthorName,
    [property: JsonPropertyName("provider_name")] string ProviderName,
    [property: JsonPropertyName("provider_url")] string ProviderUrl,
    [property: JsonPropertyName("html")] string Html,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height);
