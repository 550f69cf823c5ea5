namespace Guild.Web.Features.Expertise.Talent;

/// <summary>Marker for the talent directory's strings (TalentText.resx, TalentText.nl.resx).</summary>
public sealed class TalentText;
