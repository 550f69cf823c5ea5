namespace Guild.Web.Features.Expertise.Profiles;

/// <summary>Marker for the expertise profiles' strings (ProfilesText.resx, ProfilesText.nl.resx).</summary>
public sealed class ProfilesText;
