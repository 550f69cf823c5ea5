namespace Guild.Web.Features.Expertise;

/// <summary>Marker for the Expertise feature's strings (ExpertiseText.resx, ExpertiseText.nl.resx).</summary>
public sealed class ExpertiseText;
