namespace Guild.Web.Features.Asks;

/// <summary>Marker for the asks' strings (AsksText.resx, AsksText.nl.resx).</summary>
public sealed class AsksText;
