using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Guild.Web.Features.Lrs.Http;

/// <summary>
/// An xAPI request after the Alternate Request Syntax is undone (Communication 1.3): a POST with a
/// "method" query parameter and a form body becomes the request it stands for, its form fields
/// sorted into headers, content and parameters. Resources see only this.
/// </summary>
/// <remarks>
/// Opening a request reads no body: the gate checks the credentials from the headers first, and only
/// then reads the body (<see cref="ReadBodyAsync"/>). The one exception is the alternate syntax
/// without an Authorization header, whose credentials are a form field: then at most
/// <see cref="UnauthenticatedBytes"/> are read before authenticating (<see cref="ReadAuthorizationFieldAsync"/>).
/// </remarks>
public sealed class LrsRequest
{
    /// <summary>
    /// The most Guild reads of a request it has not authenticated: the About resource's whole body, and the
    /// part of an alternate-syntax form in which its Authorization field must end when no header carries it.
    /// </summary>
    public const int UnauthenticatedBytes = 4096;

    /// <summary>Header names the alternate syntax may carry as form fields (Communication 1.3.s3.b6).</summary>
    private static readonly string[] FormHeaders = ["Authorization", "X-Experience-API-Version", "Content-Type", "Content-Length", "If-Match", "If-None-Match"];

    private readonly Dictionary<string, string> _formHeaders = new(StringComparer.OrdinalIgnoreCase);
    private readonly long _maxBytes;
    private LrsBody? _reader;

    private LrsRequest(HttpContext context, string method, Dictionary<string, string> parameters, bool alternate, long maxBytes)
    {
        Context = context;
        Method = method;
        Parameters = parameters;
        IsAlternate = alternate;
        _maxBytes = maxBytes;
    }

    public HttpContext Context { get; }

    /// <summary>GET, HEAD, PUT, POST or DELETE: the method the client meant.</summary>
    public string Method { get; }

    /// <summary>Query (or form) parameters, names compared case-sensitively as the spec requires.</summary>
    public Dictionary<string, string> Parameters { get; }

    /// <summary>The body (for the alternate syntax: the form's content field); empty until <see cref="ReadBodyAsync"/>.</summary>
    public byte[] Body { get; private set; } = [];

    /// <summary>True once the whole body has been read (and, for the alternate syntax, its form applied).</summary>
    public bool IsBodyRead { get; private set; }

    public bool IsAlternate { get; }

    public bool IsRead => Method is "GET" or "HEAD";

    /// <summary>A header, or in the alternate syntax the form field standing for it (which wins).</summary>
    public string? Header(string name) =>
        _formHeaders.TryGetValue(name, out var value) ? value : HttpHeader(name);

    /// <summary>A header of the HTTP request itself, never a form field.</summary>
    public string? HttpHeader(string name) =>
        Context.Request.Headers.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values) ? values.ToString() : null;

    /// <summary>The Authorization form field of an alternate-syntax request, once its form has been read.</summary>
    public string? FormAuthorization => _formHeaders.GetValueOrDefault("Authorization");

    public string? ContentType => Header("Content-Type");

    /// <summary>
    /// The request line and headers, undone from the alternate syntax as far as they go; reads no body.
    /// Answers an error (400, or 413 when the announced length is over <paramref name="maxBytes"/>) or the request.
    /// </summary>
    public static (LrsRequest? Request, int Status, string? Error) Open(HttpContext context, long maxBytes)
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
            return (null, 413, TooLarge(maxBytes));
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        if (!parameters.TryGetValue("method", out var method))
        {
            return (new LrsRequest(context, http.Method.ToUpperInvariant(), parameters, alternate: false, maxBytes), 200, null);
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
        return (new LrsRequest(context, method, new Dictionary<string, string>(StringComparer.Ordinal), alternate: true, maxBytes), 200, null);
    }

    /// <summary>
    /// For an alternate-syntax request without an Authorization header: reads at most <see cref="UnauthenticatedBytes"/>
    /// of the form. A form that ends within them is read whole (its fields, Authorization among them, apply as usual);
    /// of a longer one, the Authorization field counts only if it ends within them. Answers that field (or null) or an error.
    /// </summary>
    public async Task<(string? Authorization, int Status, string? Error)> ReadAuthorizationFieldAsync(CancellationToken cancellationToken)
    {
        // Not yet authenticated: no array sized from a Content-Length above the few kilobytes read now.
        var reader = _reader ??= Track(new LrsBody(Context.Request.Body, Context.Request.ContentLength, _maxBytes, directUpTo: UnauthenticatedBytes));
        var status = await reader.FillAsync(UnauthenticatedBytes + 1L, cancellationToken);
        if (status != LrsBodyStatus.Read)
        {
            return (null, StatusOf(status), MessageOf(status, _maxBytes));
        }
        if (reader.IsComplete)
        {
            ApplyForm(reader.ToArray());
            return (FormAuthorization, 200, null);
        }
        // Only fields followed by '&' inside the prefix are whole; the last one may continue past it.
        var prefix = reader.Start[..UnauthenticatedBytes];
        var end = prefix.LastIndexOf((byte)'&');
        if (end < 0)
        {
            return (null, 200, null);
        }
        foreach (var (name, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(prefix[..end])))
        {
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                return (values.ToString(), 200, null);
            }
        }
        return (null, 200, null);
    }

    /// <summary>Reads the rest of the body (at most the limit given to <see cref="Open"/>) and, for the alternate syntax, applies its form.</summary>
    public async Task<(int Status, string? Error)?> ReadBodyAsync(CancellationToken cancellationToken)
    {
        if (IsBodyRead)
        {
            return null;
        }
        var reader = Reader();
        var status = await reader.ReadToEndAsync(cancellationToken);
        if (status != LrsBodyStatus.Read)
        {
            reader.Dispose();
            return (StatusOf(status), MessageOf(status, _maxBytes));
        }
        var body = reader.ToArray();
        if (IsAlternate)
        {
            ApplyForm(body);
        }
        else
        {
            Body = body;
            IsBodyRead = true;
        }
        return null;
    }

    private LrsBody Reader() => _reader ??= Track(new LrsBody(Context.Request.Body, Context.Request.ContentLength, _maxBytes));

    /// <summary>Pooled segments go back to the pool when the response ends, whatever happened to the request.</summary>
    private LrsBody Track(LrsBody reader)
    {
        if (!reader.IsDirect)
        {
            Context.Response.RegisterForDispose(reader);
        }
        return reader;
    }

    private void ApplyForm(byte[] form)
    {
        foreach (var (name, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(form)))
        {
            var header = Array.Find(FormHeaders, h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (header is not null)
            {
                _formHeaders[header] = values.ToString();
            }
            else if (name == "content")
            {
                Body = Encoding.UTF8.GetBytes(values.ToString());
            }
            else
            {
                Parameters[name] = values.ToString();
            }
        }
        // The content of a form is text; without a Content-Type field it is taken to be JSON.
        // Content-Length in the form describes the content field; it is not checked against anything else.
        _formHeaders.TryAdd("Content-Type", "application/json");
        IsBodyRead = true;
    }

    private static int StatusOf(LrsBodyStatus status) => status == LrsBodyStatus.TooLarge ? 413 : 400;

    private static string MessageOf(LrsBodyStatus status, long maxBytes) => status == LrsBodyStatus.TooLarge
        ? TooLarge(maxBytes)
        : "The request body is shorter than its Content-Length.";

    private static string TooLarge(long maxBytes) => $"The request is larger than the {maxBytes} bytes this LRS accepts.";
}
