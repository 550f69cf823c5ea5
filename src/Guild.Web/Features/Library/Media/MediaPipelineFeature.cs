using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Security;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Library.Media;

/// <summary>The multipart form of <c>PUT /api/v1/media/{id}/captions/{language}</c>.</summary>
/// <remarks>Properties, not a positional record: form binding wants a value for every constructor parameter.</remarks>
public sealed class CaptionUpload
{
    /// <summary>The WebVTT file (UTF-8, starting with WEBVTT, at most 512 KB).</summary>
    [System.Text.Json.Serialization.JsonRequired]
    public IFormFile? File { get; init; }
}

/// <summary>The media pipeline: probe, transcode to MP4, poster frame and duration, captions, and range playback.</summary>
internal static class MediaPipelineFeature
{
    public static IServiceCollection AddMediaPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MediaOptions>(configuration.GetSection("Media"));
        services.AddSingleton<Ffmpeg>();
        services.AddScoped<MediaAssets>();
        services.AddScoped<IJobHandler, MediaTranscodeJob>();
        services.AddJobKind(new JobKind(MediaTranscodeJob.JobKind, typeof(MediaText), Queue: JobQueues.Media));
        services.AddScoped<IJobHandler, MediaCleanup>();
        services.AddJobKind(new JobKind(MediaCleanup.JobKind, typeof(MediaText)));
        services.AddRecurringJob(MediaCleanup.Schedule);
        services.AddResourceRule<MediaAssetRule>();
        // The library's resources replace this with "may the viewer see a resource showing it?".
        services.TryAddSingleton<IMediaAudience, NoMediaAudience>();
        services.AddSingleton<DemoVideos>();
        services.AddScoped<Platform.Demo.IDemoContent, MediaDemoContent>();
        return services;
    }

    public static IEndpointRouteBuilder MapMediaPipeline(this IEndpointRouteBuilder endpoints)
    {
        var media = endpoints.MapApiGroup("/media", "Media");
        media.MapPost("/", CreateAsync)
            .RequireAuthorization(Policies.Champion)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateMediaAsset").WithSummary("Make a media asset of your finished upload and queue its transcode (Knowledge Champions).")
            .WithDescription("uploadId is a finished tus upload of yours (purpose video or recording) whose content was found to be video; it is " +
                             "used up. Someone else's upload or an unknown id is 404, an unfinished, refused or already used one 409, another " +
                             "purpose 400. The answer is Pending; follow state and progressPercent with GET /api/v1/media/{id} " +
                             "(or the job, jobId). Transcoding runs on the media queue: H.264/AAC MP4, a poster frame and the duration.");
        media.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMediaAsset").WithSummary("A media asset's state, progress, duration, poster and captions.")
            .WithDescription("The owner sees it always; others when they may see a resource that shows it (a published one, or a draft they " +
                             "write, review or administer); 404 otherwise, as for a missing id.");
        media.MapPost("/{id:guid}/retry", RetryAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RetryMediaAsset").WithSummary("Try a failed transcode again (the owner).");
        media.MapGet("/{id:guid}/captions", CaptionsAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListMediaCaptions").WithSummary("The caption files of a media asset, one per language.");
        media.MapPut("/{id:guid}/captions/{language}", PutCaptionsAsync)
            // No form token: integrations send a bearer token, and a browser's cookie needs the antiforgery header
            // (Platform/Security/ApiAntiforgery), checked before the body is read.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(WebVtt.MaxBytes + 64 * 1024))
            .Accepts<CaptionUpload>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("PutMediaCaptions").WithSummary("Upload or replace the WebVTT captions of one language (multipart field 'file'; the owner).")
            .WithDescription("The file must be UTF-8, start with WEBVTT, be at most 512 KB and have cues whose times parse and end after they " +
                             "start; otherwise 400 names the problem (and its line) and nothing changes. language is a BCP 47 tag such as nl or en-GB.");
        media.MapDelete("/{id:guid}/captions/{language}", DeleteCaptionsAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteMediaCaptions").WithSummary("Remove the captions of one language (the owner).");

        // Playback, outside the API: the player's <video>, <img> and <track> ask for these with the cookie.
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods("/media/{id:guid}/video", read, VideoAsync).RequireAuthorization().ExcludeFromDescription();
        endpoints.MapMethods("/media/{id:guid}/poster", read, PosterAsync).RequireAuthorization().ExcludeFromDescription();
        endpoints.MapMethods("/media/{id:guid}/captions/{language}.vtt", read, CaptionFileAsync).RequireAuthorization().ExcludeFromDescription();
        // The progress component's Retry button: a plain form post, then back to the page it is on.
        endpoints.MapPost("/media/{id:guid}/retry", RetryFromPageAsync).RequireAuthorization().RequireAntiforgery();
        return endpoints;
    }

    private static async Task<Results<Created<MediaAssetView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateMediaRequest request, MediaAssets assets, CancellationToken cancellationToken) =>
        (await assets.CreateFromUploadAsync(request.UploadId, request.TrimStartSeconds, request.TrimEndSeconds, cancellationToken))
            .ToHttpChecked(asset => TypedResults.Created($"{GuildApi.Prefix}/media/{asset.Id}", asset));

    private static async Task<Results<Ok<MediaAssetView>, ProblemHttpResult>> GetAsync(Guid id, MediaAssets assets, CancellationToken cancellationToken) =>
        (await assets.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<MediaAssetView>, ProblemHttpResult>> RetryAsync(Guid id, MediaAssets assets, CancellationToken cancellationToken) =>
        (await assets.RetryAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<MediaCaptionView>>, ProblemHttpResult>> CaptionsAsync(Guid id, MediaAssets assets,
        CancellationToken cancellationToken) =>
        (await assets.GetAsync(id, cancellationToken)).ToHttp(asset => TypedResults.Ok(asset.Captions));

    private static async Task<Results<Ok<MediaCaptionView>, ValidationProblem, ProblemHttpResult>> PutCaptionsAsync(
        Guid id, string language, [FromForm] CaptionUpload? upload, MediaAssets assets, IStringLocalizer<MediaText> text, CancellationToken cancellationToken)
    {
        // A multipart body without any field this form knows binds no upload at all.
        if (upload?.File is not { Length: > 0 } file)
        {
            return ResultHttp.Invalid("file", text["Captions.NoFile"]);
        }
        await using var content = file.OpenReadStream();
        return (await assets.PutCaptionsAsync(id, language, content, cancellationToken)).ToHttpChecked(TypedResults.Ok);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCaptionsAsync(Guid id, string language, MediaAssets assets,
        CancellationToken cancellationToken) =>
        (await assets.DeleteCaptionsAsync(id, language, cancellationToken)).ToHttp(_ => TypedResults.NoContent());

    private static Task<IResult> VideoAsync(Guid id, HttpContext http, MediaAssets assets, IFileStore store, CancellationToken cancellationToken) =>
        ServeAsync(http, assets.FindFileAsync(id, MediaFileKind.Video, null, cancellationToken), store, cancellationToken);

    private static Task<IResult> PosterAsync(Guid id, HttpContext http, MediaAssets assets, IFileStore store, CancellationToken cancellationToken) =>
        ServeAsync(http, assets.FindFileAsync(id, MediaFileKind.Poster, null, cancellationToken), store, cancellationToken);

    private static Task<IResult> CaptionFileAsync(Guid id, string language, HttpContext http, MediaAssets assets, IFileStore store,
        CancellationToken cancellationToken) =>
        ServeAsync(http, assets.FindFileAsync(id, MediaFileKind.Captions, language, cancellationToken), store, cancellationToken);

    private static async Task<IResult> ServeAsync(HttpContext http, Task<MediaFile?> finding, IFileStore store, CancellationToken cancellationToken) =>
        await finding is { } file ? await MediaPlayback.ServeAsync(http, file, store, cancellationToken) : TypedResults.NotFound();

    private static async Task<Results<RedirectHttpResult, NotFound>> RetryFromPageAsync(Guid id, string? returnUrl, MediaAssets assets, FlashMessages flash,
        IStringLocalizer<MediaText> text, CancellationToken cancellationToken)
    {
        var result = await assets.RetryAsync(id, cancellationToken);
        if (result.Status == Platform.ResultStatus.NotFound)
        {
            return TypedResults.NotFound();
        }
        if (result.IsOk)
        {
            flash.Success(text["Retry.Queued"]);
        }
        else
        {
            flash.Set(FlashMessages.Kind.Error, result.Message ?? text["Retry.NotFailed"]);
        }
        return TypedResults.LocalRedirect(Accounts.IsLocal(returnUrl) ? returnUrl! : "/");
    }
}
