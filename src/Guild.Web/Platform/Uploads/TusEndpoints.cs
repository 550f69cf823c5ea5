using System.Globalization;
using System.Text;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Uploads;

/// <summary>An upload's state, for the page that sent it (the status GET).</summary>
/// <param name="Id">The upload's id (the last segment of its tus URL).</param>
/// <param name="Purpose">What it is for: video, recording, file, image or captions.</param>
/// <param name="FileName">The name the file had.</param>
/// <param name="Length">Bytes in all.</param>
/// <param name="Offset">Bytes received and durable.</param>
/// <param name="State">Receiving, Completed, Claimed or Failed.</param>
/// <param name="StateText">The state in the request's language.</param>
/// <param name="ContentType">What the content was found to be, once completed.</param>
/// <param name="ExpiresAt">Until when it can be continued (unfinished) or used (completed).</param>
/// <param name="Failure">Why it was refused, in the request's language; null unless failed.</param>
public sealed record UploadView(Guid Id, string Purpose, string FileName, long Length, long Offset, UploadState State, string StateText,
    string? ContentType, DateTimeOffset ExpiresAt, string? Failure);

/// <summary>
/// tus 1.0 (https://tus.io/protocols/resumable-upload) under /api/v1/uploads: core, creation, termination and expiration.
/// The API group's rules apply before a byte of a body is read: a signed-in member (or an API token), the rate limit,
/// and for cookie callers the antiforgery header. Uploads are their creator's alone; anyone else is told 404.
/// </summary>
public static class TusEndpoints
{
    public const string Version = "1.0.0";
    public const string Extensions = "creation,termination,expiration";
    public const string OffsetContentType = "application/offset+octet-stream";

    public static IEndpointRouteBuilder MapTusUploads(this IEndpointRouteBuilder endpoints)
    {
        var uploads = endpoints.MapApiGroup("/uploads", "Uploads").RequireAuthorization(Policies.Member);
        uploads.MapMethods("", [HttpMethods.Options], Discover)
            .WithName("DiscoverUploads")
            .WithSummary("tus discovery: the protocol version, extensions and largest upload this server accepts.")
            .Produces(StatusCodes.Status204NoContent);
        uploads.MapPost("", CreateAsync)
            .WithName("CreateUpload")
            .WithSummary("Starts a resumable upload (tus creation): Upload-Length and Upload-Metadata with filename, filetype and purpose (video, recording, file, image, captions).")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413RequestEntityTooLarge);
        uploads.MapMethods("/{id:guid}", [HttpMethods.Head], OffsetAsync)
            .WithName("UploadOffset")
            .WithSummary("How many bytes of the upload are stored (tus Upload-Offset), to resume from there.")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        uploads.MapMethods("/{id:guid}", [HttpMethods.Patch], AppendAsync)
            .WithName("AppendToUpload")
            .WithSummary("Sends the upload's next bytes from Upload-Offset (Content-Type: application/offset+octet-stream); the last ones complete it after a content check.")
            .Accepts<Stream>(OffsetContentType)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413RequestEntityTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        uploads.MapDelete("/{id:guid}", EndAsync)
            .WithName("EndUpload")
            .WithSummary("Ends an upload and removes its bytes (tus termination).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        uploads.MapGet("/{id:guid}", StatusAsync)
            .WithName("GetUpload")
            .WithSummary("An upload's state: bytes received, completed or refused and why.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static void Answer(HttpContext context)
    {
        context.Response.Headers["Tus-Resumable"] = Version;
        // Offsets change with every PATCH: no cache may answer for the server.
        context.Response.Headers.CacheControl = "no-store";
    }

    private static void Expires(HttpContext context, Upload upload)
    {
        if (upload.State == UploadState.Receiving)
        {
            context.Response.Headers["Upload-Expires"] = upload.ExpiresAt.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    private static ProblemHttpResult Refuse(HttpContext context, int status, string message)
    {
        Answer(context);
        return TypedResults.Problem(statusCode: status, title: Title(status), detail: message);
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status404NotFound => "Not found.",
        StatusCodes.Status409Conflict => "Conflict.",
        StatusCodes.Status410Gone => "Gone.",
        StatusCodes.Status412PreconditionFailed => "Unsupported tus version.",
        StatusCodes.Status413RequestEntityTooLarge => "Too large.",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported content type.",
        StatusCodes.Status422UnprocessableEntity => "The file was refused.",
        _ => "The request could not be read.",
    };

    /// <summary>Every tus request but OPTIONS must say it speaks this version.</summary>
    private static bool SpeaksTus(HttpContext context) =>
        string.Equals(context.Request.Headers["Tus-Resumable"], Version, StringComparison.Ordinal);

    internal static IResult Discover(HttpContext context, IOptions<UploadOptions> options)
    {
        Answer(context);
        context.Response.Headers["Tus-Version"] = Version;
        context.Response.Headers["Tus-Extension"] = Extensions;
        context.Response.Headers["Tus-Max-Size"] = options.Value.LargestMaxBytes.ToString(CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> CreateAsync(HttpContext context, UploadReceiver receiver, IStringLocalizer<UploadsText> text, CancellationToken cancellationToken)
    {
        if (!SpeaksTus(context))
        {
            return TusVersion(context, text);
        }
        if (!long.TryParse(context.Request.Headers["Upload-Length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length < 1)
        {
            return Refuse(context, StatusCodes.Status400BadRequest, text["Problem.UploadLength"]);
        }
        var metadata = ParseMetadata(context.Request.Headers["Upload-Metadata"]);
        if (metadata is null)
        {
            return Refuse(context, StatusCodes.Status400BadRequest, text["Problem.Metadata"]);
        }
        var created = await receiver.CreateAsync(length, metadata, cancellationToken);
        if (created.Refusal is { } refusal)
        {
            return Refuse(context, refusal.Status, refusal.Message);
        }
        var upload = created.Upload!;
        Answer(context);
        Expires(context, upload);
        context.Response.Headers["Upload-Offset"] = "0";
        return TypedResults.Created($"{GuildApi.Prefix}/uploads/{upload.Id}");
    }

    internal static async Task<IResult> OffsetAsync(Guid id, HttpContext context, UploadReceiver receiver, IStringLocalizer<UploadsText> text, CancellationToken cancellationToken)
    {
        // Whose it is first: to anyone else it does not exist, whatever they send.
        var upload = await receiver.FindAsync(id, UploadOperations.View, cancellationToken);
        if (upload is null)
        {
            return Refuse(context, StatusCodes.Status404NotFound, "");
        }
        if (!SpeaksTus(context))
        {
            return TusVersion(context, text);
        }
        upload = await FinishIfWholeAsync(receiver, upload, cancellationToken);
        if (receiver.IsGone(upload))
        {
            return Refuse(context, StatusCodes.Status410Gone, text["Problem.Gone"]);
        }
        Answer(context);
        Expires(context, upload);
        context.Response.Headers["Upload-Offset"] = upload.Offset.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Upload-Length"] = upload.Length.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok();
    }

    internal static async Task<IResult> AppendAsync(Guid id, HttpContext context, UploadReceiver receiver, IStringLocalizer<UploadsText> text)
    {
        // Never the request's token: a sender that goes away mid-body (which aborts the request) must still have the
        // bytes that arrived saved and counted, and tus clients do go away mid-body.
        var cancellationToken = CancellationToken.None;
        // Whose it is first: to anyone else it does not exist, whatever they send.
        var upload = await receiver.FindAsync(id, UploadOperations.Continue, cancellationToken);
        if (upload is null)
        {
            return Refuse(context, StatusCodes.Status404NotFound, "");
        }
        if (!SpeaksTus(context))
        {
            return TusVersion(context, text);
        }
        if (receiver.IsGone(upload))
        {
            return Refuse(context, StatusCodes.Status410Gone, text["Problem.Gone"]);
        }
        if (!string.Equals(context.Request.ContentType, OffsetContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context, StatusCodes.Status415UnsupportedMediaType, text["Problem.ContentType"]);
        }
        if (!long.TryParse(context.Request.Headers["Upload-Offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return Refuse(context, StatusCodes.Status400BadRequest, text["Problem.Offset"]);
        }
        if (offset != upload.Offset)
        {
            return Refuse(context, StatusCodes.Status409Conflict, text["Problem.OffsetMismatch", upload.Offset]);
        }
        var remaining = upload.Length - upload.Offset;
        if (context.Request.ContentLength is { } announced && announced > remaining)
        {
            // Refused before a byte is read: the sender said how much it would send.
            return Refuse(context, StatusCodes.Status413RequestEntityTooLarge, text["Problem.TooLargeBody", remaining]);
        }
        if (upload.State != UploadState.Receiving)
        {
            // Complete already: a client repeating its last PATCH learns the offset it reached.
            Answer(context);
            context.Response.Headers["Upload-Offset"] = upload.Offset.ToString(CultureInfo.InvariantCulture);
            return TypedResults.NoContent();
        }
        // The upload's own length is the limit here (ReceivedBytes refuses more), not the server's default for bodies.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        var appended = await receiver.AppendAsync(upload, offset, context.Request.Body);
        if (appended.Refusal is { } refusal)
        {
            return Refuse(context, refusal.Status, refusal.Message);
        }
        upload = appended.Upload!;
        Answer(context);
        Expires(context, upload);
        context.Response.Headers["Upload-Offset"] = upload.Offset.ToString(CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> EndAsync(Guid id, HttpContext context, UploadReceiver receiver, IStringLocalizer<UploadsText> text, CancellationToken cancellationToken)
    {
        // Whose it is first: to anyone else it does not exist, whatever they send.
        var upload = await receiver.FindAsync(id, UploadOperations.End, cancellationToken);
        if (upload is null)
        {
            return Refuse(context, StatusCodes.Status404NotFound, "");
        }
        if (!SpeaksTus(context))
        {
            return TusVersion(context, text);
        }
        await receiver.EndAsync(upload, cancellationToken);
        Answer(context);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<UploadView>, ProblemHttpResult>> StatusAsync(
        Guid id, UploadReceiver receiver, CancellationToken cancellationToken)
    {
        var upload = await receiver.FindAsync(id, UploadOperations.View, cancellationToken);
        if (upload is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.");
        }
        upload = await FinishIfWholeAsync(receiver, upload, cancellationToken);
        return TypedResults.Ok(new UploadView(upload.Id, upload.Purpose, upload.FileName, upload.Length, upload.Offset, upload.State,
            receiver.StateText(upload), upload.ContentType, upload.ExpiresAt, receiver.ReasonText(upload)));
    }

    /// <summary>Every byte is in but the node stopped before completing it: complete it now (HEAD and status reads).</summary>
    private static async Task<Upload> FinishIfWholeAsync(UploadReceiver receiver, Upload upload, CancellationToken cancellationToken) =>
        upload.State == UploadState.Receiving && upload.Offset == upload.Length
            ? (await receiver.CompleteAsync(upload, cancellationToken)).Upload ?? upload
            : upload;

    private static ProblemHttpResult TusVersion(HttpContext context, IStringLocalizer<UploadsText> text)
    {
        context.Response.Headers["Tus-Version"] = Version;
        return Refuse(context, StatusCodes.Status412PreconditionFailed, text["Problem.TusVersion"]);
    }

    /// <summary>
    /// tus's Upload-Metadata: comma-separated pairs of a key (ASCII, no spaces or commas) and its value in base64 (the
    /// value may be left out). Null when it is not that shape, so a broken header is a 400 rather than a guess.
    /// </summary>
    internal static Dictionary<string, string?>? ParseMetadata(string? header)
    {
        var metadata = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(header))
        {
            return metadata;
        }
        foreach (var pair in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > 2 || !parts[0].All(c => char.IsAscii(c) && !char.IsControl(c)) || metadata.ContainsKey(parts[0]))
            {
                return null;
            }
            string? value = null;
            if (parts.Length == 2)
            {
                var bytes = new byte[parts[1].Length];
                if (!Convert.TryFromBase64String(parts[1], bytes, out var written))
                {
                    return null;
                }
                try
                {
                    value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
                }
                catch (DecoderFallbackException)
                {
                    return null;
                }
                if (value.Contains('\0', StringComparison.Ordinal))
                {
                    return null;
                }
            }
            metadata[parts[0]] = value;
        }
        return metadata;
    }
}
