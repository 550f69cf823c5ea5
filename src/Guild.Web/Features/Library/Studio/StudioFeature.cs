using Guild.Web.Features.Library.Media;

namespace Guild.Web.Features.Library.Studio;

/// <summary>
/// The studio: from an upload or a browser recording to a playable, published resource. It claims uploads for resources
/// (<see cref="ResourceMedia"/>), gives resources their video's duration, shows a resource's video, and records the screen.
/// </summary>
internal static class StudioFeature
{
    public static IServiceCollection AddStudio(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecordingOptions>(configuration.GetSection("Library:Recording"));
        services.AddScoped<ResourceMedia>();
        services.AddScoped<IMediaReadyListener, ResourceDurations>();
        services.AddScoped<Platform.Demo.IDemoContent, VideoResourcesDemoContent>();
        return services;
    }

    public static IEndpointRouteBuilder MapStudio(this IEndpointRouteBuilder endpoints) => endpoints;
}
