namespace Guild.Web.Features.Expertise;

/// <summary>
/// Marker for the words every part of Expertise shares (ExpertiseText.resx, ExpertiseText.nl.resx): the levels
/// ("Level.CanTeachIt") and contribution formats ("Format.Video"). Each part keeps its own texts beside its own marker.
/// </summary>
public sealed class ExpertiseText;
