namespace Guild.Web.Features.Library.Media;

/// <summary>The media pipeline: probe, transcode to MP4, poster frame and duration, captions, and range playback.</summary>
internal static class MediaPipelineFeature
{
    public static IServiceCollection AddMediaPipeline(this IServiceCollection services, IConfiguration configuration) => services;

    public static IEndpointRouteBuilder MapMediaPipeline(this IEndpointRouteBuilder endpoints) => endpoints;
}
