namespace Guild.Web.Features.Expertise.Teams;

/// <summary>Marker for the flexible teams' strings (TeamText.resx, TeamText.nl.resx).</summary>
public sealed class TeamText;
