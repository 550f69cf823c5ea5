namespace Guild.Web.Features.Expertise.Map;

/// <summary>Marker for the know-how map's texts (MapText.resx, MapText.nl.resx).</summary>
public sealed class MapText;
