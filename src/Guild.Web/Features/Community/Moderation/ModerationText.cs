namespace Guild.Web.Features.Community.Moderation;

/// <summary>Marker for the moderation's strings (ModerationText.resx, ModerationText.nl.resx).</summary>
public sealed class ModerationText;
