namespace Guild.Web.Features.Library.Browse;

/// <summary>Marker for the browse part's strings (BrowseText.resx, BrowseText.nl.resx): shelves, progress, collections.</summary>
public sealed class BrowseText;
