namespace Guild.Web.Features.Library.Media;

/// <summary>Marker for the media pipeline's strings (MediaText.resx, MediaText.nl.resx).</summary>
public sealed class MediaText;
