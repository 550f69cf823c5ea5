namespace Guild.Web.Features.Library.Feedback;

/// <summary>Marker for the strings of the library's feedback (FeedbackText.resx, FeedbackText.nl.resx).</summary>
public sealed class FeedbackText;
