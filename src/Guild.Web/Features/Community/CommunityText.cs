namespace Guild.Web.Features.Community;

/// <summary>Marker for the community hub's strings (CommunityText.resx, CommunityText.nl.resx).</summary>
public sealed class CommunityText;
