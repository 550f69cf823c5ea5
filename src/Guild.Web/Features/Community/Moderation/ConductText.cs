namespace Guild.Web.Features.Community.Moderation;

/// <summary>Marker for the strings of codes of conduct and held posts (ConductText.resx, ConductText.nl.resx).</summary>
public sealed class ConductText;
