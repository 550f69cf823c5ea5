namespace Guild.Web.Features.Library.Search;

/// <summary>Marker for the library search's strings (SearchText.resx, SearchText.nl.resx).</summary>
public sealed class SearchText;
