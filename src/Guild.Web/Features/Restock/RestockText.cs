namespace Guild.Web.Features.Restock;

/// <summary>Marker for the restock board's strings (RestockText.resx, RestockText.nl.resx).</summary>
public sealed class RestockText;
