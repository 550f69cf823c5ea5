using Guild.Web.Platform.Layout;

namespace Guild.Web.Features.Home;

public static class HomeFeature
{
    public static WebApplicationBuilder AddHome(this WebApplicationBuilder builder)
    {
        builder.Services.AddNavigation(new NavigationItem("/", "Nav.Home", 0));
        return builder;
    }
}

/// <summary>Marker for the home page's strings.</summary>
public sealed class HomeText;
