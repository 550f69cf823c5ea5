using Guild.Web.Features.Library.Browse;
using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;

namespace Guild.Web.Features.Library;

/// <summary>
/// The library: short resources made by Knowledge Champions (videos, screen recordings, articles, links, files), their
/// review and history, and the media pipeline that turns uploads into playable video. Each part lives in its own folder
/// with its own registration, texts and endpoints; this only composes them.
/// </summary>
public static class LibraryFeature
{
    public static WebApplicationBuilder AddLibrary(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddResources()
            .AddMediaPipeline(builder.Configuration)
            .AddBrowse();
        return builder;
    }

    public static WebApplication MapLibrary(this WebApplication app)
    {
        app.MapResources();
        app.MapMediaPipeline();
        app.MapBrowse();
        return app;
    }
}
