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
