namespace Guild.Web.Features.Library.Studio;

/// <summary>Marker for the studio's strings (StudioText.resx, StudioText.nl.resx): uploading, recording, the media slot.</summary>
public sealed class StudioText;
