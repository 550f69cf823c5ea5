namespace Guild.Web.Features.Home;

/// <summary>Marker for the home page's strings (HomeText.resx, HomeText.nl.resx).</summary>
public sealed class HomeText;
