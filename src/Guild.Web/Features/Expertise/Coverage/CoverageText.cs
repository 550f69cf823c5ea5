namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>Marker for the coverage texts (CoverageText.resx, CoverageText.nl.resx).</summary>
public sealed class CoverageText;
