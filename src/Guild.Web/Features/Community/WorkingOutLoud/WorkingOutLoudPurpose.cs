namespace Guild.Web.Features.Community.WorkingOutLoud;

/// <summary>
/// Why someone works out loud in a post: to share an idea, vent a frustration, ask a question or show progress. Stored as a
/// word on the post, so a week's recap counts them without a lookup table.
/// </summary>
public enum WorkingOutLoudPurpose { Idea, Frustration, Question, Progress }
