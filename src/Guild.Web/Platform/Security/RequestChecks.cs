using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Guild.Web.Platform.Security;

/// <summary>
/// What Guild refuses before an endpoint binds a request, because binding or the database would otherwise fail with a
/// 500 for what is the caller's error:
/// <list type="bullet">
/// <item>text with a NUL character (U+0000) in the query or a page's form: PostgreSQL can neither store nor compare it
/// (JSON bodies are checked as they are read, by <see cref="TextWithoutNul"/>);</item>
/// <item>a JSON body in a charset .NET cannot read (<c>charset=utf-7</c>, a typo): 415.</item>
/// </list>
/// The LRS (/xapi) checks its own input.
/// </summary>
public static class RequestChecks
{
    public static IApplicationBuilder UseRequestChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/xapi"))
        {
            await next(context);
            return;
        }
        // A form whose antiforgery check failed may not be touched (the framework throws); its endpoint refuses it anyway.
        var form = context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } ? null : context.Features.Get<IFormFeature>()?.Form;
        if (HasNul(request.QueryString.Value) || HasNul(form))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "The request has a NUL character.",
                "Text may not contain the NUL character (U+0000).");
            return;
        }
        if (request.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var type)
            && type.Charset.HasValue && IsJson(type.MediaType.Value) && !IsKnownEncoding(type.Charset.Value.Trim('"')))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "The request body's charset is not supported.",
                $"Send JSON as UTF-8 (charset {type.Charset.Value} is not one Guild reads).");
            return;
        }
        await next(context);
    });

    /// <summary>Problem details on the API; a page's request gets the status page (the status code pages re-execute it).</summary>
    private static async Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        if (GuildIdentity.IsMachinePath(context.Request.Path))
        {
            await TypedResults.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = status;
    }

    private static bool HasNul(string? query) =>
        query is not null && (query.Contains("%00", StringComparison.Ordinal) || query.Contains('\0', StringComparison.Ordinal));

    /// <summary>Only a form already read (the antiforgery check reads a page's form): this check never reads a body itself.</summary>
    private static bool HasNul(IFormCollection? form) =>
        form is not null && form.Any(field => field.Key.Contains('\0', StringComparison.Ordinal)
                                              || field.Value.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true));

    private static bool IsJson(string? mediaType) =>
        string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsKnownEncoding(string charset)
    {
        try
        {
            System.Text.Encoding.GetEncoding(charset);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}

/// <summary>
/// Refuses a JSON body whose text (a string property, or a list of strings) has a NUL character (U+0000), which
/// PostgreSQL can neither store nor compare: the request is then a 400 that names the field, like any other JSON that
/// cannot be read. A check after each object is read rather than a converter for strings, which would hide the
/// properties' types from the OpenAPI document.
/// </summary>
public static class TextWithoutNul
{
    public static void Refuse(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        var texts = info.Properties
            .Where(property => property.Get is not null
                               && (property.PropertyType == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(property.PropertyType)))
            .ToList();
        if (texts.Count == 0)
        {
            return;
        }
        var before = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            before?.Invoke(value);
            foreach (var property in texts)
            {
                var found = property.Get!(value) switch
                {
                    string text => text.Contains('\0', StringComparison.Ordinal),
                    IEnumerable<string> list => list.Any(text => text?.Contains('\0', StringComparison.Ordinal) == true),
                    _ => false,
                };
                if (found)
                {
                    throw new JsonException($"{property.Name} may not contain the NUL character (U+0000).");
                }
            }
        };
    }
}
