namespace Guild.Web.Platform.Uploads;

/// <summary>Marker for the uploads' texts: refusals and the cleanup job (UploadsText.resx, UploadsText.nl.resx).</summary>
public sealed class UploadsText;
