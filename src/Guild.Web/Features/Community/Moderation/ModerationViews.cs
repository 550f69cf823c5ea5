using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.WorkingOutLoud;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>Turns a moderation flag on or off, with a reason (required to lock and to hide; the author of a hidden post reads it).</summary>
/// <param name="On">Pin, lock or hide (true) or undo it (false).</param>
/// <param name="Reason">Why, kept in the audit log.</param>
public sealed record ModerationRequest(bool? On, string? Reason = null);

/// <summary>Moves a thread to another space the moderator also moderates.</summary>
/// <param name="SpaceId">Where to.</param>
/// <param name="Reason">Why, kept in the audit log.</param>
public sealed record MoveRequest(Guid? SpaceId, string? Reason);

/// <summary>A space a moderator may move a thread to.</summary>
/// <param name="Id">The space.</param>
/// <param name="Name">Its name.</param>
public sealed record MoveTarget(Guid Id, string Name);

/// <summary>A report of a post to its space's moderators.</summary>
/// <param name="Reason">Disrespectful, PersonalInformation, Spam, OffTopic or Other.</param>
/// <param name="Note">More words (up to 500 characters; required for Other).</param>
public sealed record ReportRequest(ReportReason? Reason, string? Note = null);

/// <summary>The reporter's receipt: their own report only, nothing about others.</summary>
/// <param name="Id">The report.</param>
/// <param name="PostId">The post reported.</param>
/// <param name="Reason">Why.</param>
/// <param name="CreatedAt">When.</param>
public sealed record ReportReceipt(Guid Id, Guid PostId, ReportReason Reason, DateTimeOffset CreatedAt);

/// <summary>An open report, for the space's moderators.</summary>
/// <param name="Id">The report.</param>
/// <param name="PostId">The post reported.</param>
/// <param name="ThreadId">Its thread.</param>
/// <param name="ThreadTitle">The thread's title.</param>
/// <param name="PostHtml">The post as it reads (sanitised).</param>
/// <param name="PostHidden">Already hidden.</param>
/// <param name="Reason">Why it was reported.</param>
/// <param name="Note">The reporter's words.</param>
/// <param name="ReporterName">Who reported it.</param>
/// <param name="CreatedAt">When.</param>
public sealed record ReportView(Guid Id, Guid PostId, Guid ThreadId, string ThreadTitle, string PostHtml, bool PostHidden, ReportReason Reason, string? Note,
    string ReporterName, DateTimeOffset CreatedAt);

/// <summary>How a moderator resolves a report.</summary>
/// <param name="Outcome">Hide (the note is the reason the author reads) or Keep.</param>
/// <param name="Note">Why (at least 5 characters; audited).</param>
public sealed record ResolutionRequest(ReportOutcome? Outcome, string? Note);

/// <summary>A resolved report.</summary>
/// <param name="PostId">The post.</param>
/// <param name="Outcome">Hidden or kept.</param>
/// <param name="Reports">Open reports on the post that this resolved.</param>
public sealed record ReportResolution(Guid PostId, ReportOutcome Outcome, int Reports);

/// <summary>A space's acknowledgement queue, oldest first.</summary>
/// <param name="SpaceId">The space.</param>
/// <param name="WithinWorkingHours">Working hours a contribution may wait before it queues (default 24).</param>
/// <param name="Items">What waits for a first acknowledgement.</param>
public sealed record QueueView(Guid SpaceId, int WithinWorkingHours, IReadOnlyList<QueueItem> Items);

/// <summary>A thread nobody but its author has replied to or reacted to.</summary>
/// <param name="ThreadId">The thread.</param>
/// <param name="Title">Its title.</param>
/// <param name="Kind">Discussion, Question, Literature, Idea (or Working Out Loud).</param>
/// <param name="AuthorName">Who started it; null when asked anonymously.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="WaitingWorkingHours">Working hours it has waited so far.</param>
/// <param name="ClaimedBy">The moderator who took it on, if any.</param>
/// <param name="ClaimedByMe">That moderator is the caller.</param>
/// <param name="Purpose">Working Out Loud posts: why the author made it visible.</param>
/// <param name="Suggestions">The facilitation composer's suggestions to reply with (each opens the thread's reply box filled with it).</param>
public sealed record QueueItem(Guid ThreadId, string Title, PostKind Kind, string? AuthorName, DateTimeOffset CreatedAt, int WaitingWorkingHours,
    string? ClaimedBy, bool ClaimedByMe, WorkingOutLoudPurpose? Purpose, IReadOnlyList<FacilitationSuggestion> Suggestions);

/// <summary>Claim a queued thread, or let it go.</summary>
/// <param name="Claimed">True to claim, false to let go.</param>
public sealed record ClaimRequest(bool? Claimed);

/// <summary>A claim as it stands.</summary>
/// <param name="ThreadId">The thread.</param>
/// <param name="Claimed">Claimed by the caller.</param>
public sealed record QueueClaimView(Guid ThreadId, bool Claimed);

/// <summary>How long a space's contributions may wait before they queue.</summary>
/// <param name="WithinWorkingHours">1 to 200 working hours.</param>
public sealed record QueueSettingRequest(int? WithinWorkingHours);
