using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Guild.Web.Features.Lrs.Http;

/// <summary>
/// An xAPI request after the Alternate Request Syntax is undone (Communication 1.3): a POST with a
/// "method" query parameter and a form body becomes the request it stands for, its form fields
/// sorted into headers, content and parameters. Resources see only this.
/// </summary>
public sealed class LrsRequest
{
    /// <summary>Header names the alternate syntax may carry as form fields (Communication 1.3.s3.b6).</summary>
    private static readonly string[] FormHeaders = ["Authorization", "X-Experience-API-Version", "Content-Type", "Content-Length", "If-Match", "If-None-Match"];

    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    private LrsRequest(HttpContext context, string method, Dictionary<string, string> parameters, byte[] body, bool alternate)
    {
        Context = context;
        Method = method;
        Parameters = parameters;
        Body = body;
        IsAlternate = alternate;
    }

    public HttpContext Context { get; }

    /// <summary>GET, HEAD, PUT, POST or DELETE: the method the client meant.</summary>
    public string Method { get; }

    /// <summary>Query (or form) parameters, names compared case-sensitively as the spec requires.</summary>
    public Dictionary<string, string> Parameters { get; }

    public byte[] Body { get; }

    public bool IsAlternate { get; }

    public bool IsRead => Method is "GET" or "HEAD";

    public string? Header(string name) =>
        _headers.TryGetValue(name, out var value) ? value
        : Context.Request.Headers.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values) ? values.ToString() : null;

    public string? ContentType => Header("Content-Type");

    /// <summary>Reads the request; answers an error message when its shape is wrong (400), or null and the request.</summary>
    public static async Task<(LrsRequest? Request, int Status, string? Error)> ReadAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        var http = context.Request;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in http.Query)
        {
            if (values.Count > 1)
            {
                return (null, 400, $"The parameter {name} is given more than once.");
            }
            parameters[name] = values.ToString();
        }
        if (http.ContentLength > maxBytes)
        {
            return (null, 413, $"The request is larger than the {maxBytes} bytes this LRS accepts.");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        byte[] body;
        try
        {
            if (http.ContentLength is { } length)
            {
                // The usual case: read straight into an array of the announced size, no intermediate copies.
                body = length == 0 ? [] : new byte[length];
                await http.Body.ReadExactlyAsync(body, cancellationToken);
            }
            else
            {
                using var buffer = new MemoryStream();
                await http.Body.CopyToAsync(buffer, cancellationToken);
                body = buffer.ToArray();
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, 413, $"The request is larger than the {maxBytes} bytes this LRS accepts.");
        }
        catch (EndOfStreamException)
        {
            return (null, 400, "The request body is shorter than its Content-Length.");
        }
        if (!parameters.TryGetValue("method", out var method))
        {
            return (new LrsRequest(context, http.Method.ToUpperInvariant(), parameters, body, alternate: false), 200, null);
        }

        // Alternate Request Syntax.
        if (!HttpMethods.IsPost(http.Method))
        {
            return (null, 400, "The method parameter (alternate request syntax) is only allowed on POST requests.");
        }
        if (parameters.Count > 1)
        {
            return (null, 400, "A request in the alternate syntax must not have query parameters other than method; send them as form fields.");
        }
        method = method.ToUpperInvariant();
        if (method is not ("GET" or "HEAD" or "PUT" or "POST" or "DELETE"))
        {
            return (null, 400, $"The method parameter must be GET, HEAD, PUT, POST or DELETE, not {method}.");
        }
        var mediaType = http.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return (null, 400, "A request in the alternate syntax must have Content-Type application/x-www-form-urlencoded.");
        }
        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var alternate = new LrsRequest(context, method, new Dictionary<string, string>(StringComparer.Ordinal), [], alternate: true);
        byte[] content = [];
        foreach (var (name, values) in form)
        {
            var header = Array.Find(FormHeaders, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (header is not null)
            {
                alternate._headers[header] = values.ToString();
            }
            else if (name == "content")
            {
                content = Encoding.UTF8.GetBytes(values.ToString());
            }
            else
            {
                alternate.Parameters[name] = values.ToString();
            }
        }
        // The content of a form is text; without a Content-Type field it is taken to be JSON.
        alternate._headers.TryAdd("Content-Type", "application/json");
        // Content-Length in the form describes the content field; it is not checked against anything else.
        return (new LrsRequest(context, method, alternate.Parameters, content, alternate: true).CopyHeaders(alternate), 200, null);
    }

    private LrsRequest CopyHeaders(LrsRequest from)
    {
        foreach (var (name, value) in from._headers)
        {
            _headers[name] = value;
        }
        return this;
    }
}
