using Guild.Web.Features.Community.Posts;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>A space's code of conduct as the caller may see it.</summary>
/// <param name="SpaceId">The space.</param>
/// <param name="SpaceSlug">Its address.</param>
/// <param name="SpaceName">Its name.</param>
/// <param name="Version">The current version; null when the space has no code (then it asks nothing).</param>
/// <param name="Html">The code, rendered and sanitised ("" without a code).</param>
/// <param name="Markdown">The code as written (the space's moderators only, for editing).</param>
/// <param name="WrittenAt">When the current version was written.</param>
/// <param name="AcceptedByMe">The caller accepted the current version.</param>
/// <param name="MustAccept">The caller is a member who has to accept the current version before posting or replying.</param>
/// <param name="CanManage">The caller moderates the space (writes the code, sets holding, sees the count).</param>
/// <param name="HoldFirstPosts">A member's first contribution waits for a moderator.</param>
/// <param name="AcceptedCount">Members who accepted the current version (moderators only).</param>
/// <param name="MemberCount">Members of the space (moderators only).</param>
public sealed record ConductView(Guid SpaceId, string SpaceSlug, string SpaceName, int? Version, string Html, string? Markdown, DateTimeOffset? WrittenAt,
    bool AcceptedByMe, bool MustAccept, bool CanManage, bool HoldFirstPosts, int? AcceptedCount, int? MemberCount);

/// <summary>A new version of the code of conduct (body of <c>PUT /api/v1/community/spaces/{id}/conduct</c>).</summary>
/// <param name="Markdown">The code in Markdown (up to 20,000 characters); empty takes the code away.</param>
public sealed record ConductRequest(string? Markdown);

/// <summary>Accepting a version of the code (body of <c>POST /api/v1/community/spaces/{id}/conduct/acceptance</c>).</summary>
/// <param name="Version">The version read: the current one (a changed code must be read again).</param>
public sealed record ConductAcceptanceRequest(int? Version);

/// <summary>What a member's acceptance recorded.</summary>
/// <param name="SpaceId">The space.</param>
/// <param name="Version">The version accepted.</param>
/// <param name="AcceptedAt">When.</param>
public sealed record ConductAcceptanceView(Guid SpaceId, int Version, DateTimeOffset AcceptedAt);

/// <summary>Whether a space holds its members' first contributions for review (body of <c>PUT /api/v1/community/spaces/{id}/holding</c>).</summary>
/// <param name="HoldFirstPosts">True: a member's first thread or reply waits for a moderator.</param>
public sealed record HoldingRequest(bool? HoldFirstPosts);

/// <summary>A contribution waiting for a moderator, on the space's review list.</summary>
/// <param name="PostId">The post.</param>
/// <param name="ThreadId">Its thread (itself for a first post).</param>
/// <param name="IsFirstPost">A new thread (with a title), not a reply.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Title">The thread's title (for a reply: the thread it answers).</param>
/// <param name="Markdown">The text as written, for the moderator to edit.</param>
/// <param name="Html">The text rendered and sanitised.</param>
/// <param name="AuthorName">Who wrote it; null for an anonymous question (only a reveal with a reason names the author).</param>
/// <param name="CreatedAt">When it was posted.</param>
public sealed record HeldPostView(Guid PostId, Guid ThreadId, bool IsFirstPost, PostKind Kind, string Title, string Markdown, string Html, string? AuthorName,
    DateTimeOffset CreatedAt);

/// <summary>One of the caller's own contributions waiting or declined in a space (shown to its author only).</summary>
/// <param name="PostId">The post.</param>
/// <param name="ThreadId">Its thread.</param>
/// <param name="Title">The thread's title.</param>
/// <param name="Review">Waiting or declined.</param>
/// <param name="Reason">Why a moderator declined it.</param>
public sealed record MyHeldPost(Guid PostId, Guid ThreadId, string Title, PostReview Review, string? Reason);

/// <summary>A moderator approves a held post, optionally edited first (body of <c>POST /api/v1/community/posts/{id}/approval</c>).</summary>
/// <param name="Markdown">The text to publish instead of the author's (null: as written); cannot be empty.</param>
/// <param name="Title">For a first post: the title to publish instead (null: as written).</param>
public sealed record ApprovalRequest(string? Markdown = null, string? Title = null);

/// <summary>A moderator declines a held post (body of <c>POST /api/v1/community/posts/{id}/decline</c>).</summary>
/// <param name="Reason">Why, shown to the author (required, up to 500 characters).</param>
public sealed record DeclineRequest(string? Reason);
