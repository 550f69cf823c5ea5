using Guild.Web.Features.Library.Browse;
using Guild.Web.Features.Library.Feedback;
using Guild.Web.Features.Library.Media;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Search;
using Guild.Web.Features.Library.Studio;

namespace Guild.Web.Features.Library;

/// <summary>
/// The library: short resources made by Knowledge Champions (videos, screen recordings, articles, links, files), their
/// review and history, the media pipeline that turns uploads into playable video, the studio that records and uploads,
/// search, "did this help?" and reach, and the shelves and collections people browse. Each part lives in its own folder
/// with its own registration, texts and endpoints; this only composes them.
/// </summary>
public static class LibraryFeature
{
    public static WebApplicationBuilder AddLibrary(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddResources()
            .AddMediaPipeline(builder.Configuration)
            .AddLibrarySearch()
            .AddStudio(builder.Configuration)
            .AddFeedback(builder.Configuration)
            .AddBrowse();
        return builder;
    }

    public static WebApplication MapLibrary(this WebApplication app)
    {
        app.MapResources();
        app.MapMediaPipeline();
        app.MapLibrarySearch();
        app.MapStudio();
        app.MapFeedback();
        app.MapBrowse();
        return app;
    }
}
