namespace Guild.Web.Features.Library.Resources;

/// <summary>Marker for the library's strings (ResourceText.resx, ResourceText.nl.resx).</summary>
public sealed class ResourceText;
