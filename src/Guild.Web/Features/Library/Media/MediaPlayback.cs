using Guild.Web.Platform.Storage;
using Microsoft.Net.Http.Headers;

namespace Guild.Web.Features.Library.Media;

/// <summary>
/// Serves a stored media file with HTTP range requests (RFC 9110 §14): a single range answers 206 with exactly those bytes,
/// read from the store as a range (never the whole file); a range past the end answers 416 with the length; several ranges
/// or a stale <c>If-Range</c> answer the whole file (200), as the RFC allows. Private caching (only the viewer's browser may
/// keep it: who may watch can change) and nosniff.
/// </summary>
internal static class MediaPlayback
{
    public static async Task<IResult> ServeAsync(HttpContext http, MediaFile file, IFileStore store, CancellationToken cancellationToken)
    {
        var info = await store.GetInfoAsync(file.Key, cancellationToken);
        if (info is null)
        {
            return TypedResults.NotFound();
        }
        var response = http.Response;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = file.ETag;
        response.Headers.CacheControl = "private, max-age=3600";
        response.Headers.XContentTypeOptions = "nosniff";
        var request = http.Request;
        if (request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var range = Range(request, file.ETag, info.Length);
        if (range is RangeAnswer.Unsatisfiable)
        {
            response.Headers.ContentRange = $"bytes */{info.Length}";
            return TypedResults.StatusCode(StatusCodes.Status416RangeNotSatisfiable);
        }
        var (offset, length) = range is RangeAnswer.Part part ? (part.Offset, part.Length) : (0L, info.Length);
        response.ContentType = file.ContentType;
        response.ContentLength = length;
        if (range is RangeAnswer.Part)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{info.Length}";
        }
        if (HttpMethods.IsHead(request.Method))
        {
            return TypedResults.Empty;
        }
        await using var content = await store.OpenReadAsync(file.Key, offset, length, cancellationToken);
        if (content is null)
        {
            return TypedResults.NotFound();
        }
        await response.StartAsync(cancellationToken);
        try
        {
            await content.CopyToAsync(response.Body, 81920, cancellationToken);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The player moved on (a seek aborts the request it no longer needs).
        }
        return TypedResults.Empty;
    }

    internal abstract record RangeAnswer
    {
        public sealed record Whole : RangeAnswer;
        public sealed record Part(long Offset, long Length) : RangeAnswer;
        public sealed record Unsatisfiable : RangeAnswer;
    }

    /// <summary>What the Range header asks of a file of <paramref name="total"/> bytes.</summary>
    internal static RangeAnswer Range(HttpRequest request, string etag, long total)
    {
        var header = request.Headers.Range.ToString();
        if (string.IsNullOrEmpty(header) || !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return new RangeAnswer.Whole();
        }
        // If-Range with an old validator: the file changed, so the whole (new) file.
        if (request.Headers.IfRange.ToString() is { Length: > 0 } ifRange && ifRange != etag)
        {
            return new RangeAnswer.Whole();
        }
        if (!RangeHeaderValue.TryParse(header, out var parsed) || !string.Equals(parsed.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            || parsed.Ranges.Count != 1)
        {
            // Not one byte range: ignoring the header (and sending everything) is what RFC 9110 allows.
            return new RangeAnswer.Whole();
        }
        var item = parsed.Ranges.First();
        if (item.From is { } from)
        {
            if (from >= total)
            {
                return new RangeAnswer.Unsatisfiable();
            }
            var last = Math.Min(item.To ?? total - 1, total - 1);
            return last < from ? new RangeAnswer.Whole() : new RangeAnswer.Part(from, last - from + 1);
        }
        if (item.To is { } suffix)
        {
            if (suffix == 0 || total == 0)
            {
                return new RangeAnswer.Unsatisfiable();
            }
            var length = Math.Min(suffix, total);
            return new RangeAnswer.Part(total - length, length);
        }
        return new RangeAnswer.Whole();
    }

}
