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
