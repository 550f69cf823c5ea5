using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Guild.Web.Features.Lrs.Http;

/// <summary>Writing LRS answers: JSON, documents, errors, all with the xAPI headers; HEAD gets the headers only.</summary>
public static class LrsResponse
{
    public const string Version = "1.0.3";

    /// <summary>Headers every LRS response carries, errors and preflights included (Communication 3.3.s3.b1), and CORS.</summary>
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
            var origin = context.Request.Headers.Origin.ToString();
            if (origin.Length > 0)
            {
                // Any origin may call the LRS from a browser, with credentials (Basic) as xAPI clients send them.
                headers.AccessControlAllowOrigin = origin;
                headers.AccessControlAllowCredentials = "true";
                headers.AccessControlExposeHeaders = "ETag, Last-Modified, Content-Type, X-Experience-API-Version, X-Experience-API-Consistent-Through";
                headers.Append("Vary", "Origin");
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>The CORS preflight, answered without authentication.</summary>
    public static Task PreflightAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
        var requested = context.Request.Headers.AccessControlRequestHeaders.ToString();
        headers.AccessControlAllowHeaders = requested.Length > 0
            ? requested
            : "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match, Accept-Language";
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
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"xAPI\", charset=\"UTF-8\"";
        }
        return BytesAsync(context, status, "application/problem+json", body);
    }

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
