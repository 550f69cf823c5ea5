namespace Guild.Web.Features.Events.Series;

/// <summary>Marker for the lecture series' texts (SeriesText.resx, SeriesText.nl.resx).</summary>
public sealed class SeriesText;
