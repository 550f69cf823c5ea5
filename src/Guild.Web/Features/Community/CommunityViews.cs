using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Community.WorkingOutLoud;

namespace Guild.Web.Features.Community;

/// <summary>A space to make or change (body of <c>POST</c> and <c>PUT /api/v1/community/spaces</c>).</summary>
/// <param name="Name">The space's name (up to 120 characters).</param>
/// <param name="Slug">Its address, /community/{slug}: 3-60 lower-case letters, digits and hyphens; made from the name when left out.</param>
/// <param name="Description">What it is for (up to 2,000 characters).</param>
/// <param name="Kind">Open (every colleague reads), Closed (ask to join) or Secret (invite only).</param>
/// <param name="Reactions">The reactions it offers: any of Thanks, Helpful, Insightful (all three when left out).</param>
/// <param name="AllowAnonymousQuestions">Questions may be posted without the author's name.</param>
/// <param name="IsInnovatorsNetwork">A network of innovators, with an idea board.</param>
/// <param name="ComponentIds">Components of the know-how map it is about.</param>
/// <remarks>No [Required]: the service checks every field and names each problem in words (en and nl).</remarks>
public sealed record SpaceRequest(string? Name, string? Slug, string? Description, SpaceKind? Kind, IReadOnlyList<ReactionKind>? Reactions = null,
    bool AllowAnonymousQuestions = false, bool IsInnovatorsNetwork = false, IReadOnlyList<Guid>? ComponentIds = null);

/// <summary>A space in a list.</summary>
/// <param name="Id">The space's id.</param>
/// <param name="Slug">Its address, /community/{slug}.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it is for.</param>
/// <param name="Kind">Open, Closed or Secret.</param>
/// <param name="IsInnovatorsNetwork">Has an idea board.</param>
/// <param name="MemberCount">Its members.</param>
/// <param name="Membership">The caller's membership: Member, Requested, Declined, or null.</param>
/// <param name="Moderates">The caller moderates it.</param>
public sealed record SpaceSummary(Guid Id, string Slug, string Name, string Description, SpaceKind Kind, bool IsInnovatorsNetwork, int MemberCount,
    MembershipStatus? Membership, bool Moderates);

/// <summary>A thread in a list (the space's home, the threads API).</summary>
/// <param name="Id">The thread's id (its first post's).</param>
/// <param name="Title">Its title.</param>
/// <param name="Kind">Discussion, Question, Literature or Idea.</param>
/// <param name="AuthorName">Who started it; null when it was asked anonymously.</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="LastActivityAt">When anything was last posted in it.</param>
/// <param name="ReplyCount">Replies so far.</param>
/// <param name="Answered">A question with a marked answer.</param>
/// <param name="Stage">Ideas: Idea, Tried or Adopted.</param>
/// <param name="Purpose">Working Out Loud posts: Idea, Frustration, Question or Progress.</param>
/// <param name="Pinned">Pinned by a moderator (listed first).</param>
public sealed record ThreadSummary(Guid Id, string Title, PostKind Kind, string? AuthorName, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt,
    int ReplyCount, bool Answered, IdeaStage? Stage, WorkingOutLoudPurpose? Purpose = null, bool Pinned = false);

/// <summary>Someone who posted in the space lately.</summary>
/// <param name="PersonId">Their id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Posts">Posts in the last 30 days.</param>
public sealed record ActivePerson(Guid PersonId, string Name, int Posts);

/// <summary>Someone waiting to join a closed space (moderators see these).</summary>
/// <param name="PersonId">Their id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Message">What they wrote.</param>
/// <param name="RequestedAt">When they asked.</param>
public sealed record JoinRequestView(Guid PersonId, string Name, string? Message, DateTimeOffset RequestedAt);

/// <summary>A space and its home: what is new, what waits for an answer, who is active.</summary>
/// <param name="Id">The space's id.</param>
/// <param name="Slug">Its address, /community/{slug}.</param>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it is for.</param>
/// <param name="Kind">Open, Closed or Secret.</param>
/// <param name="Reactions">The reactions it offers.</param>
/// <param name="AllowAnonymousQuestions">Questions may be posted anonymously.</param>
/// <param name="IsInnovatorsNetwork">Has an idea board.</param>
/// <param name="ComponentIds">Components of the know-how map it is about.</param>
/// <param name="ComponentNames">Their names, in the same order.</param>
/// <param name="MemberCount">Its members.</param>
/// <param name="Membership">The caller's membership: Member, Requested, Declined, or null.</param>
/// <param name="DecisionMessage">What a moderator wrote when deciding on the caller's request.</param>
/// <param name="CanRead">The caller may read its threads.</param>
/// <param name="CanPost">The caller may start threads and reply.</param>
/// <param name="CanJoin">The caller may join (open) or ask to join (closed).</param>
/// <param name="CanManage">The caller moderates it.</param>
/// <param name="Following">The caller follows the whole space.</param>
/// <param name="Recent">Threads by last activity (what is new), when the caller may read them.</param>
/// <param name="Unanswered">Questions nobody has marked answered, oldest first.</param>
/// <param name="Ideas">Innovators networks: the idea board's ideas (each with its stage).</param>
/// <param name="Active">Who posted most in the last 30 days.</param>
/// <param name="Requests">People waiting to join (moderators only; otherwise empty).</param>
public sealed record SpaceView(Guid Id, string Slug, string Name, string Description, SpaceKind Kind, IReadOnlyList<ReactionKind> Reactions,
    bool AllowAnonymousQuestions, bool IsInnovatorsNetwork, IReadOnlyList<Guid> ComponentIds, IReadOnlyList<string> ComponentNames, int MemberCount,
    MembershipStatus? Membership, string? DecisionMessage, bool CanRead, bool CanPost, bool CanJoin, bool CanManage, bool Following,
    IReadOnlyList<ThreadSummary> Recent, IReadOnlyList<ThreadSummary> Unanswered, IReadOnlyList<ThreadSummary> Ideas, IReadOnlyList<ActivePerson> Active, IReadOnlyList<JoinRequestView> Requests);

/// <summary>Join an open space, or ask to join a closed one (body of <c>POST /api/v1/community/spaces/{id}/membership</c>).</summary>
/// <param name="Message">For a closed space: a word to its moderators (up to 500 characters).</param>
public sealed record JoinRequest(string? Message);

/// <summary>A moderator's decision on a request to join (body of <c>POST .../requests/{personId}/decision</c>).</summary>
/// <param name="Approve">True: they become a member; false: declined.</param>
/// <param name="Message">A word to them, shown with the decision (up to 500 characters).</param>
public sealed record JoinDecision(bool? Approve, string? Message);

/// <summary>Add someone to a space (body of <c>POST /api/v1/community/spaces/{id}/members</c>): the way into a secret space.</summary>
/// <param name="Handle">Their handle (the part of their e-mail address before the @), or their e-mail address.</param>
/// <param name="Moderator">Make them a moderator of the space too.</param>
public sealed record MemberInvitation(string? Handle, bool Moderator = false);

/// <summary>Follow or stop following (body of the follow endpoints).</summary>
/// <param name="Following">True to follow, false to stop.</param>
public sealed record FollowRequest(bool? Following);

/// <summary>A thread to start (body of <c>POST /api/v1/community/spaces/{id}/threads</c>).</summary>
/// <param name="Kind">Discussion, Question, Literature or Idea (ideas only in an innovators network).</param>
/// <param name="Title">The thread's title (up to 200 characters).</param>
/// <param name="Markdown">The post in Markdown (up to 20,000 characters); @handle mentions a colleague.</param>
/// <param name="Anonymous">Questions in spaces that allow it: colleagues do not see who asked.</param>
/// <param name="ReferenceTitle">Literature: the work's title.</param>
/// <param name="ReferenceLink">Literature: its web address (https) or DOI (10.xxxx/...).</param>
/// <param name="ReferenceAuthors">Literature: its authors.</param>
/// <param name="Purpose">Working Out Loud (required there, refused elsewhere): Idea, Frustration, Question or Progress.</param>
public sealed record ThreadRequest(PostKind? Kind, string? Title, string? Markdown, bool Anonymous = false, string? ReferenceTitle = null,
    string? ReferenceLink = null, string? ReferenceAuthors = null, WorkingOutLoudPurpose? Purpose = null);

/// <summary>A reply, or the new text of an edited post.</summary>
/// <param name="Markdown">The text in Markdown (up to 20,000 characters); @handle mentions a colleague.</param>
/// <param name="Title">Edits of a thread's first post only: its new title (left out: unchanged).</param>
public sealed record PostText(string? Markdown, string? Title = null);

/// <summary>Give or take back a reaction (body of <c>PUT /api/v1/community/posts/{id}/reactions</c>).</summary>
/// <param name="Kind">Thanks, Helpful or Insightful (those the space offers).</param>
/// <param name="On">True to give it, false to take it back.</param>
public sealed record ReactionRequest(ReactionKind? Kind, bool? On);

/// <summary>Which reply answers the question (body of <c>POST /api/v1/community/threads/{id}/answer</c>).</summary>
/// <param name="PostId">The reply; null takes the mark away.</param>
public sealed record AnswerMark(Guid? PostId);

/// <summary>Why a moderator needs to know who asked (body of <c>POST /api/v1/community/posts/{id}/author-reveal</c>).</summary>
/// <param name="Reason">The reason, kept in the audit log (at least 10 characters).</param>
public sealed record RevealRequest(string? Reason);

/// <summary>"I tried it" (body of <c>POST /api/v1/community/threads/{id}/trials</c>).</summary>
/// <param name="Note">How it went (up to 1,000 characters).</param>
public sealed record TrialRequest(string? Note);

/// <summary>Move an idea along (body of <c>PUT /api/v1/community/threads/{id}/stage</c>).</summary>
/// <param name="Stage">Idea, Tried or Adopted.</param>
public sealed record StageRequest(IdeaStage? Stage);

/// <summary>Markdown to preview (body of <c>POST /api/v1/community/preview</c>).</summary>
/// <param name="Markdown">The text as typed.</param>
public sealed record PreviewRequest(string? Markdown);

/// <summary>A rendered preview.</summary>
/// <param name="Html">The text rendered and sanitised exactly as a post shows it.</param>
public sealed record PreviewView(string Html);

/// <summary>A library resource linked from a post, shown as a card.</summary>
/// <param name="Id">The resource's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Kind">Its kind (Video, Article, ...).</param>
/// <param name="Minutes">How long it takes, in minutes.</param>
public sealed record ResourceCard(Guid Id, string Title, string Kind, int? Minutes);

/// <summary>A post as shown in its thread.</summary>
/// <param name="Id">The post's id.</param>
/// <param name="ParentId">The post it replies to.</param>
/// <param name="Depth">Its depth as shown (0 first post, 1-2 replies; deeper replies are shown at 2).</param>
/// <param name="AuthorId">Who wrote it; null when anonymous (except to its author).</param>
/// <param name="AuthorName">Their name; null when anonymous (except to its author).</param>
/// <param name="Anonymous">Posted anonymously.</param>
/// <param name="Mine">The caller wrote it.</param>
/// <param name="Html">The text, rendered and sanitised; empty when deleted.</param>
/// <param name="Markdown">The text as written (for editing; only to its author).</param>
/// <param name="CreatedAt">When it was posted.</param>
/// <param name="EditedAt">When its author last edited it.</param>
/// <param name="Deleted">Deleted by its author (a tombstone).</param>
/// <param name="Reactions">Count per reaction the space offers.</param>
/// <param name="MyReactions">The caller's reactions.</param>
/// <param name="IsAnswer">Marked as the question's answer.</param>
/// <param name="Hidden">Hidden by a moderator: its text only to its author and the space's moderators.</param>
/// <param name="HiddenReason">Why, to its author and the space's moderators only.</param>
/// <param name="Review">Held for review (only its author and the space's moderators see it): Waiting or Declined; null once published.</param>
/// <param name="ReviewNote">Why a moderator declined it (its author and the moderators).</param>
public sealed record PostView(Guid Id, Guid? ParentId, int Depth, Guid? AuthorId, string? AuthorName, bool Anonymous, bool Mine, string Html, string? Markdown,
    DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Deleted, IReadOnlyDictionary<ReactionKind, int> Reactions, IReadOnlyList<ReactionKind> MyReactions,
    bool IsAnswer, bool Hidden = false, string? HiddenReason = null, PostReview? Review = null, string? ReviewNote = null);

/// <summary>Someone who tried an idea.</summary>
/// <param name="PersonId">Their id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Note">How it went.</param>
/// <param name="At">When they said so.</param>
public sealed record TrialView(Guid PersonId, string Name, string Note, DateTimeOffset At);

/// <summary>A thread with every post, in conversation order.</summary>
/// <param name="Id">The thread's id (its first post's).</param>
/// <param name="SpaceId">Its space.</param>
/// <param name="SpaceSlug">The space's address.</param>
/// <param name="SpaceName">The space's name.</param>
/// <param name="Kind">Discussion, Question, Literature or Idea.</param>
/// <param name="Title">Its title.</param>
/// <param name="ReferenceTitle">Literature: the work's title.</param>
/// <param name="ReferenceLink">Literature: its address (a DOI as https://doi.org/...).</param>
/// <param name="ReferenceAuthors">Literature: its authors.</param>
/// <param name="Stage">Ideas: where it stands.</param>
/// <param name="AnswerId">Questions: the reply marked as the answer.</param>
/// <param name="Reactions">The reactions the space offers.</param>
/// <param name="Posts">The first post, then the replies in conversation order.</param>
/// <param name="Trials">Ideas: who tried it.</param>
/// <param name="Cards">Library resources its posts link to that the caller may see.</param>
/// <param name="Following">The caller follows the thread.</param>
/// <param name="CanPost">The caller may reply and react.</param>
/// <param name="CanMarkAnswer">The caller may mark the answer (the asker or a space moderator).</param>
/// <param name="CanModerate">The caller moderates the space (reveals anonymous authors, pins, locks, moves, hides).</param>
/// <param name="Purpose">Working Out Loud posts: why the author made it visible.</param>
/// <param name="Pinned">Pinned by a moderator: first on the space's home.</param>
/// <param name="Locked">Locked by a moderator: no new replies.</param>
/// <param name="Hidden">The first post is hidden by a moderator (only its author and the moderators see the thread).</param>
/// <param name="Review">The first post is held for review: Waiting or Declined (only its author and the moderators see the thread).</param>
/// <param name="ReviewNote">Why a moderator declined it.</param>
public sealed record ThreadView(Guid Id, Guid SpaceId, string SpaceSlug, string SpaceName, PostKind Kind, string Title, string? ReferenceTitle,
    string? ReferenceLink, string? ReferenceAuthors, IdeaStage? Stage, Guid? AnswerId, IReadOnlyList<ReactionKind> Reactions, IReadOnlyList<PostView> Posts,
    IReadOnlyList<TrialView> Trials, IReadOnlyList<ResourceCard> Cards, bool Following, bool CanPost, bool CanMarkAnswer, bool CanModerate,
    WorkingOutLoudPurpose? Purpose = null, bool Pinned = false, bool Locked = false, bool Hidden = false, PostReview? Review = null, string? ReviewNote = null);

/// <summary>The author of an anonymous post, for a space moderator who gave a reason.</summary>
/// <param name="PersonId">Their id.</param>
/// <param name="Name">Their name.</param>
public sealed record RevealedPostAuthor(Guid PersonId, string Name);
