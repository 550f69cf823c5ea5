namespace Guild.Web.Features.Administration;

/// <summary>Marker for the administration pages' strings (AdministrationText.resx, AdministrationText.nl.resx).</summary>
public sealed class AdministrationText;
