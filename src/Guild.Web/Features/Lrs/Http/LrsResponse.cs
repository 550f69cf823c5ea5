using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;

namespace Guild.Web.Features.Lrs.Http;

/// <summary>Writing LRS answers: JSON, documents, errors, all with the xAPI headers; HEAD gets the headers only.</summary>
public static class LrsResponse
{
    public const string Version = "1.0.3";

    /// <summary>Request headers a browser may send to the LRS; Authorization named explicitly (a "*" would not cover it).</summary>
    private const string AllowedHeaders = "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match, Accept-Language";

    /// <summary>Headers every LRS response carries, errors and preflights included (Communication 3.3.s3.b1), and CORS.</summary>
    /// <remarks>
    /// CORS: any origin may call the LRS, but never with the browser's credentials. An xAPI client in a page sends
    /// its key and secret in the Authorization header itself, which needs no credentials mode; answering
    /// <c>Access-Control-Allow-Origin: *</c> without <c>Allow-Credentials</c> means a page can never ride on anything
    /// the browser holds for Guild's origin (cookies, remembered Basic credentials). The answer is the same for every
    /// origin, so no <c>Vary: Origin</c> is needed.
    /// </remarks>
    public static void Prepare(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false; // LRS errors carry their own messages
        }
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["X-Experience-API-Version"] = Version;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlExposeHeaders = "ETag, Last-Modified, Content-Type, X-Experience-API-Version, X-Experience-API-Consistent-Through, Retry-After";
            return Task.CompletedTask;
        });
    }

    /// <summary>The CORS preflight, answered without authentication.</summary>
    public static Task PreflightAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
        // The headers xAPI uses, plus whatever else the page asks for: without credentials mode that grants nothing more.
        var allowed = AllowedHeaders;
        foreach (var requested in context.Request.Headers.AccessControlRequestHeaders.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (requested.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
                && !allowed.Split(", ").Contains(requested, StringComparer.OrdinalIgnoreCase))
            {
                allowed += ", " + requested;
            }
        }
        headers.AccessControlAllowHeaders = allowed;
        headers.AccessControlMaxAge = "86400";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public static Task ErrorAsync(HttpContext context, int status, string message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15." + (status >= 500 ? "6.1" : "5." + (status - 399).ToString(CultureInfo.InvariantCulture)),
            ["title"] = Title(status),
            ["status"] = status,
            ["detail"] = message,
        });
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = Challenge(context.Request);
        }
        return BytesAsync(context, status, "application/problem+json", body);
    }

    /// <summary>
    /// The challenge of a 401 (RFC 9110 15.5.2 wants one). A <c>Basic</c> challenge makes a browser prompt for a
    /// user name and password and then send them with every later request to Guild's origin by itself — including
    /// requests other sites make it send (a form posted to /xapi in the alternate syntax), which is exactly the
    /// ambient credential that CORS without credentials keeps out. So a request that comes from a browser (it
    /// sends <c>Sec-Fetch-Mode</c>, which every current browser does on every request, or <c>Origin</c>) gets the
    /// scheme name <c>xAPI-Basic</c>, which no browser knows and therefore never prompts for; xAPI clients send
    /// Basic credentials without waiting for a challenge anyway. Other callers (curl, .NET's HttpClient with
    /// <c>Credentials</c>, Java, PowerShell <c>-Credential</c>) may wait for a Basic challenge before they send
    /// credentials, so they get one. For comparison: Ralph always answers <c>Basic</c>; Yet Analytics' LRS sends a
    /// Basic challenge only to requests that accept HTML (to let a person browse); ADL's conformance suite
    /// checks only the 401 status (Communication 4.0, XAPI-00334), which both forms keep.
    /// </summary>
    public static string Challenge(HttpRequest request) =>
        request.Headers.ContainsKey("Sec-Fetch-Mode") || request.Headers.ContainsKey(HeaderNames.Origin)
            ? "xAPI-Basic realm=\"xAPI\""
            : "Basic realm=\"xAPI\", charset=\"UTF-8\"";

    private static string Title(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        429 => "Too Many Requests",
        _ => "Error",
    };

    public static Task JsonAsync(HttpContext context, int status, byte[] json) => BytesAsync(context, status, "application/json", json);

    public static Task JsonAsync(HttpContext context, object value) =>
        BytesAsync(context, StatusCodes.Status200OK, "application/json", JsonSerializer.SerializeToUtf8Bytes(value));

    public static Task NoContentAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    public static async Task BytesAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method) && !IsAlternateHead(context))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>A HEAD sent in the alternate syntax (POST ?method=HEAD) still gets no body.</summary>
    private static bool IsAlternateHead(HttpContext context) =>
        context.Items.TryGetValue(typeof(LrsRequest), out var request) && request is LrsRequest { Method: "HEAD" };

    public static string HttpDate(DateTimeOffset instant) => instant.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
