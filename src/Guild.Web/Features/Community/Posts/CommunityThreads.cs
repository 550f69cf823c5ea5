using System.Text.RegularExpressions;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Community.WorkingOutLoud;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Features.Library.Search;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Posts;

/// <summary>
/// Threads and posts: starting a thread, replying, editing and deleting one's own posts, reactions, marking a question's
/// answer, following, "I tried it" and stages of ideas, and revealing an anonymous author. Every check goes through
/// <see cref="SpaceRule"/> on the post's space; a post in a space the caller may not read answers NotFound. Commands use
/// the request's <see cref="GuildDb"/> (notifications and learning records commit with the post); reads take a pooled context.
/// </summary>
public sealed partial class CommunityThreads(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, Notifier notifier, LearningRecorder learning,
    AuditLog audit, IStringLocalizer<CommunityText> text, IStringLocalizer<ConductText> conductText)
{
    public const int TitleMax = 200;
    public const int MarkdownMax = 20_000;
    /// <summary>People one post may mention by name; more is a flood.</summary>
    public const int MentionsMax = 10;
    public const int ReasonMin = 10;

    /// <summary>Notification: "{0} mentioned you in {1}".</summary>
    public const string MentionedKind = "community.mentioned";
    /// <summary>Notification to followers of a thread or space: "{0} replied in {1}".</summary>
    public const string RepliedKind = "community.replied";
    /// <summary>Notification to followers of a space: "{0} started {1}".</summary>
    public const string NewThreadKind = "community.new-thread";

    /// <summary>What an anonymous author is called in learning records.</summary>
    public const string AnonymousName = "Anonymous colleague";

    public static LearningActivity Activity(Guid threadId, string title) =>
        new($"community/threads/{threadId:D}", LearningActivityTypes.Discussion, new(title, title));

    /// <summary>The actor of an act on an anonymous thread by its author: a stand-in named by the thread, never the person.</summary>
    private static LearningActor Actor(bool anonymous, Guid threadId, Guid authorId, string authorName) =>
        anonymous ? new LearningActor(threadId, AnonymousName) : new LearningActor(authorId, authorName);

    /// <summary>A post, its thread's first post's facts, and where the caller stands in its space.</summary>
    private sealed record PostStanding(Guid Id, Guid ThreadId, Guid SpaceId, Guid AuthorId, bool Anonymous, bool Deleted, PostKind Kind, int Depth,
        PostKind ThreadKind, Guid ThreadAuthorId, bool ThreadAnonymous, string ThreadTitle, SpaceStanding Space, SpaceReactions Offered,
        bool InnovatorsNetwork, string SpaceSlug, bool Hidden, PostReview? Review);

    private static async Task<PostStanding?> StandingAsync(GuildDb read, Guid postId, Guid? caller, CancellationToken cancellationToken)
    {
        var row = await (from p in read.Set<Post>().AsNoTracking()
                         join t in read.Set<Post>() on p.ThreadId equals t.Id
                         join s in read.Set<Space>() on p.SpaceId equals s.Id
                         where p.Id == postId
                         select new
                         {
                             p.Id, p.ThreadId, p.SpaceId, p.AuthorId, p.Anonymous, Deleted = p.DeletedAt != null, p.Kind, p.Depth, p.Hidden, p.Review,
                             ThreadKind = t.Kind, ThreadAuthorId = t.AuthorId, ThreadAnonymous = t.Anonymous, ThreadTitle = t.Title,
                             SpaceKind = s.Kind, s.Reactions, s.IsInnovatorsNetwork, s.Slug,
                             Mine = read.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == caller).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
                         }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new PostStanding(row.Id, row.ThreadId, row.SpaceId, row.AuthorId, row.Anonymous, row.Deleted, row.Kind, row.Depth,
            row.ThreadKind, row.ThreadAuthorId, row.ThreadAnonymous, row.ThreadTitle ?? "",
            new SpaceStanding(row.SpaceId, row.SpaceKind, row.Mine?.Status, row.Mine?.IsModerator ?? false), row.Reactions, row.IsInnovatorsNetwork, row.Slug, row.Hidden, row.Review);
    }

    /// <summary>The post's space as the caller stands in it, knowing whether the caller wrote the post (for the rule's author checks).</summary>
    private SpaceStanding AsAuthor(PostStanding post) => post.Space with { CallerWrote = post.AuthorId == me.IdOrNull };

    /// <summary>
    /// The post if the caller may read its space; null answers NotFound (whether it is missing or not theirs to see). A post
    /// held for review (waiting or declined) is its author's and the space's moderators'; to anyone else it does not exist.
    /// </summary>
    private async Task<PostStanding?> ReadableAsync(GuildDb read, Guid postId, CancellationToken cancellationToken)
    {
        var standing = await StandingAsync(read, postId, me.IdOrNull, cancellationToken);
        if (standing is null || !await me.CanAsync(standing.Space, SpaceOperations.Read))
        {
            return null;
        }
        if (standing.Review is not null && standing.AuthorId != me.IdOrNull && !await me.CanAsync(standing.Space, SpaceOperations.Moderate))
        {
            return null;
        }
        return standing;
    }

    public async Task<Result<ThreadView>> GetAsync(Guid threadId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var caller = me.IdOrNull;
        // The thread's head, its space and where the caller stands, in one query (the page's first of two).
        var head = await (from t in read.Set<Post>().AsNoTracking()
                          join s in read.Set<Space>() on t.SpaceId equals s.Id
                          where t.Id == threadId && t.Depth == 0
                          select new
                          {
                              t.SpaceId, t.Kind, t.AuthorId, t.Title, t.ReferenceTitle, t.ReferenceLink, t.ReferenceAuthors, t.Stage, t.AnswerId, t.Purpose,
                              t.Pinned, t.Locked, t.Hidden, t.Review, t.ReviewNote,
                              SpaceKind = s.Kind, s.Reactions, s.Slug, SpaceName = s.Name,
                              Mine = read.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == caller).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
                              Following = read.Set<ThreadFollower>().Any(f => f.ThreadId == t.Id && f.PersonId == caller),
                          }).FirstOrDefaultAsync(cancellationToken);
        var space = head is null ? null : new SpaceStanding(head.SpaceId, head.SpaceKind, head.Mine?.Status, head.Mine?.IsModerator ?? false);
        if (head is null || space is null || !await me.CanAsync(space, SpaceOperations.Read))
        {
            return Result<ThreadView>.NotFound();
        }
        var canModerate = await me.CanAsync(space, SpaceOperations.Moderate);
        // A hidden thread is gone for everyone but its author (who reads why) and the space's moderators.
        if (head.Hidden && !canModerate && head.AuthorId != caller)
        {
            return Result<ThreadView>.NotFound();
        }
        // A thread held for review (waiting or declined): its author's and the moderators'; nobody else's.
        if (head.Review is not null && head.AuthorId != caller && !canModerate)
        {
            return Result<ThreadView>.NotFound();
        }
        // The whole conversation in one query: names, reaction counts (kept on the post) and the caller's own reactions.
        var rows = await (from p in read.Set<Post>().AsNoTracking()
                          join a in read.Set<Person>() on p.AuthorId equals a.Id
                          where p.ThreadId == threadId
                          orderby p.CreatedAt, p.Id
                          select new
                          {
                              p.Id, p.ParentId, p.Depth, p.AuthorId, Name = a.GivenName + " " + a.FamilyName, p.Anonymous, p.Html, p.Markdown, p.CreatedAt,
                              p.EditedAt, p.DeletedAt, p.ThanksCount, p.HelpfulCount, p.InsightfulCount, p.Hidden, p.HiddenReason, p.Review, p.ReviewNote,
                              Mine = read.Set<PostReaction>().Where(r => r.PostId == p.Id && r.PersonId == caller).Select(r => r.Kind).ToList(),
                          }).ToListAsync(cancellationToken);
        // Replies held for review: their author's and the moderators'; colleagues see nothing of them, not even a tombstone.
        rows.RemoveAll(r => r.Depth > 0 && r.Review is not null && r.AuthorId != caller && !canModerate);
        IReadOnlyList<TrialView> trials = [];
        if (head.Kind == PostKind.Idea)
        {
            trials = await (from t in read.Set<IdeaTrial>().AsNoTracking()
                            join a in read.Set<Person>() on t.PersonId equals a.Id
                            where t.ThreadId == threadId
                            orderby t.CreatedAt
                            select new TrialView(t.PersonId, a.GivenName + " " + a.FamilyName, t.Note, t.CreatedAt)).ToListAsync(cancellationToken);
        }
        var cards = await CardsAsync(read, rows.Where(r => r.DeletedAt == null && !r.Hidden).Select(r => r.Markdown), cancellationToken);
        var offered = SpaceStandingReactions(head.Reactions);
        // Conversation order: each post followed by its replies; beyond two levels replies are shown at the second.
        var children = rows.Where(r => r.ParentId is not null).ToLookup(r => r.ParentId!.Value);
        var ordered = new List<PostView>(rows.Count);
        var root = rows.FirstOrDefault(r => r.Id == threadId);
        if (root is null)
        {
            return Result<ThreadView>.NotFound();
        }
        var stack = new Stack<(Guid Id, int Depth)>();
        stack.Push((root.Id, 0));
        var byId = rows.ToDictionary(r => r.Id);
        while (stack.Count > 0)
        {
            var (id, depth) = stack.Pop();
            var r = byId[id];
            var mine = caller == r.AuthorId;
            var showAuthor = !r.Anonymous || mine;
            // A hidden reply keeps the conversation's shape: its author and the moderators read it and why; colleagues only that it was hidden.
            var showText = r.DeletedAt is null && (!r.Hidden || mine || canModerate);
            ordered.Add(new PostView(r.Id, r.ParentId, Math.Min(depth, 2), showAuthor ? r.AuthorId : null, showAuthor ? r.Name : null, r.Anonymous, mine,
                showText ? r.Html : "", mine && showText ? r.Markdown : null, r.CreatedAt, r.EditedAt, r.DeletedAt is not null,
                offered.ToDictionary(k => k, k => k switch { ReactionKind.Thanks => r.ThanksCount, ReactionKind.Helpful => r.HelpfulCount, _ => r.InsightfulCount }),
                r.Mine.Where(offered.Contains).ToList(), head.AnswerId == r.Id, r.Hidden, r.Hidden && (mine || canModerate) ? r.HiddenReason : null,
                r.Review, r.Review == PostReview.Declined && (mine || canModerate) ? r.ReviewNote : null));
            foreach (var child in children[id].Reverse())
            {
                stack.Push((child.Id, depth + 1));
            }
        }
        var canPost = await me.CanAsync(space, SpaceOperations.Post);
        var canSteer = await me.CanAsync(space with { CallerWrote = caller == head.AuthorId }, SpaceOperations.Steer);
        return Result<ThreadView>.Ok(new ThreadView(threadId, head.SpaceId, head.Slug, head.SpaceName, head.Kind, head.Title ?? "",
            head.ReferenceTitle, head.ReferenceLink is { } link ? LinkOf(link) : null, head.ReferenceAuthors, head.Stage, head.AnswerId, offered, ordered, trials,
            cards, head.Following, canPost, head.Kind == PostKind.Question && canSteer, canModerate, head.Purpose, head.Pinned, head.Locked, head.Hidden,
            head.Review, head.Review == PostReview.Declined ? head.ReviewNote : null));
    }

    private static IReadOnlyList<ReactionKind> SpaceStandingReactions(SpaceReactions offered) => CommunitySpaces.ReactionsOf(offered);

    [GeneratedRegex(@"/library/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")]
    private static partial Regex LibraryLink();

    /// <summary>Cards for library resources the posts link to: published ones only (what every colleague may see).</summary>
    private static async Task<IReadOnlyList<ResourceCard>> CardsAsync(GuildDb read, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var ids = texts.SelectMany(t => LibraryLink().Matches(t).Select(m => Guid.Parse(m.Groups[1].Value))).Distinct().Take(20).ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await read.Set<Resource>().AsNoTracking().Where(r => ids.Contains(r.Id) && r.Status == ResourceStatus.Published)
            .Select(r => new { r.Id, r.Title, r.Kind, r.DurationSeconds, r.ReadingMinutes }).ToListAsync(cancellationToken);
        return rows.Select(r => new ResourceCard(r.Id, r.Title, r.Kind.ToString(),
            r.DurationSeconds is { } seconds ? Math.Max(1, (int)Math.Round(seconds / 60.0)) : r.ReadingMinutes)).ToList();
    }

    /// <summary>A DOI as its resolver's address; anything else as given (only https and http links are accepted).</summary>
    public static string LinkOf(string reference) =>
        reference.StartsWith("10.", StringComparison.Ordinal) ? "https://doi.org/" + reference : reference;

    [GeneratedRegex(@"^10\.\d{4,9}/\S+$")]
    private static partial Regex DoiPattern();

    public async Task<Result<ThreadView>> StartAsync(Guid spaceId, ThreadRequest request, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.See))
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(space, SpaceOperations.Post))
        {
            return Result<ThreadView>.Forbidden(text["MembersOnly"]);
        }
        var settings = await db.Set<Space>().AsNoTracking().Where(s => s.Id == spaceId)
            .Select(s => new { s.AllowAnonymousQuestions, s.IsInnovatorsNetwork, s.Name, s.Slug }).FirstAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim() ?? "";
        var markdown = request.Markdown?.Trim() ?? "";
        if (request.Kind is not { } kind || !Enum.IsDefined(kind) || kind == PostKind.Reply)
        {
            errors["kind"] = [text["PostKindRequired"]];
            kind = PostKind.Discussion;
        }
        else if (kind == PostKind.Idea && !settings.IsInnovatorsNetwork)
        {
            errors["kind"] = [text["IdeasOnlyInNetworks"]];
        }
        if ((kind == PostKind.WorkingOutLoud && request.Purpose is null) || (request.Purpose is { } purpose && !Enum.IsDefined(purpose)))
        {
            errors["purpose"] = [text["PurposeRequired"]];
        }
        else if (kind != PostKind.WorkingOutLoud && request.Purpose is not null)
        {
            errors["purpose"] = [text["PurposeOnlyWorkingOutLoud"]];
        }
        if (title.Length == 0)
        {
            errors["title"] = [text["TitleRequired"]];
        }
        else if (title.Length > TitleMax)
        {
            errors["title"] = [text["TitleTooLong", TitleMax]];
        }
        CheckText(markdown, errors, required: kind != PostKind.Literature);
        if (request.Anonymous && (kind != PostKind.Question || !settings.AllowAnonymousQuestions))
        {
            errors["anonymous"] = [text["AnonymousNotAllowed"]];
        }
        string? referenceTitle = null, referenceLink = null, referenceAuthors = null;
        if (kind == PostKind.Literature)
        {
            referenceTitle = request.ReferenceTitle?.Trim();
            referenceLink = request.ReferenceLink?.Trim();
            referenceAuthors = request.ReferenceAuthors?.Trim();
            if (string.IsNullOrEmpty(referenceTitle) || referenceTitle.Length > 300)
            {
                errors["referenceTitle"] = [text["ReferenceTitleRequired"]];
            }
            if (string.IsNullOrEmpty(referenceLink) || referenceLink.Length > 500
                || !(DoiPattern().IsMatch(referenceLink) || (Uri.TryCreate(referenceLink, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")))
            {
                errors["referenceLink"] = [text["ReferenceLinkInvalid"]];
            }
            if (referenceAuthors?.Length > 300)
            {
                errors["referenceAuthors"] = [text["ReferenceAuthorsTooLong", 300]];
            }
        }
        var mentions = await MentionsAsync(markdown, space, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<ThreadView>.Invalid(errors);
        }
        if (await SpaceConduct.PendingVersionAsync(db, spaceId, me.Id, cancellationToken) is not null)
        {
            return Result<ThreadView>.Conflict(conductText["ConductNotAccepted"]);
        }
        var held = await HeldPosts.HoldsAsync(db, space, me.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var post = new Post
        {
            Id = Guid.CreateVersion7(now), SpaceId = spaceId, Kind = kind, Title = title, Markdown = markdown, Html = Render(markdown), AuthorId = me.Id,
            Anonymous = request.Anonymous, CreatedAt = now, LastActivityAt = now, ReferenceTitle = referenceTitle, ReferenceLink = referenceLink,
            ReferenceAuthors = string.IsNullOrEmpty(referenceAuthors) ? null : referenceAuthors, Stage = kind == PostKind.Idea ? IdeaStage.Idea : null,
            Purpose = kind == PostKind.WorkingOutLoud ? request.Purpose : null, Review = held ? PostReview.Waiting : null,
        };
        post.ThreadId = post.Id;
        db.Add(post);
        // The author follows their own thread, so replies reach them (anonymous askers too: only they see it is theirs).
        db.Add(new ThreadFollower { ThreadId = post.Id, PersonId = me.Id, CreatedAt = now });
        if (held)
        {
            // Nobody hears of it (no mentions, followers or learning record) until a moderator approves it: then it is announced once.
            await HeldPosts.TellModeratorsAsync(db, notifier, spaceId, cancellationToken);
        }
        else
        {
            await AnnounceThreadAsync(post, space, me.Id, me.DisplayName, mentions, now, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(post.Id, cancellationToken);
    }

    /// <summary>A new thread is out: the mentioned and the space's followers hear of it, and the author's learning record is written.</summary>
    private async Task AnnounceThreadAsync(Post post, SpaceStanding space, Guid authorId, string authorName, IReadOnlyList<Guid> mentions, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var title = post.Title ?? "";
        var followers = await db.Set<SpaceFollower>().Where(f => f.SpaceId == post.SpaceId).Select(f => f.PersonId).ToListAsync(cancellationToken);
        await NotifyAsync(space, post.Id, title, post.Anonymous, mentions, followers, NewThreadKind, authorId, authorName, cancellationToken);
        // Working Out Loud is sharing one's work in progress: shared, like literature.
        var verb = post.Kind switch
        {
            PostKind.Question => LearningVerbs.Asked, PostKind.Literature or PostKind.WorkingOutLoud => LearningVerbs.Shared, _ => LearningVerbs.Published,
        };
        await learning.AddAsync(db, new LearningAct(Actor(post.Anonymous, post.Id, authorId, authorName), verb, Activity(post.Id, title))
        {
            At = now, Language = LibrarySearchService.CurrentLanguage(),
        }, cancellationToken);
    }

    private void CheckText(string markdown, Dictionary<string, string[]> errors, bool required)
    {
        if (markdown.Length == 0 && required)
        {
            errors["markdown"] = [text["TextRequired"]];
        }
        else if (markdown.Length > MarkdownMax)
        {
            errors["markdown"] = [text["TextTooLong", MarkdownMax, markdown.Length]];
        }
    }

    private static string Render(string markdown) => markdown.Length == 0 ? "" : ArticleRenderer.Render(markdown).Html;

    /// <summary>The people a text mentions who may read the space: refuses floods and group mentions by non-moderators.</summary>
    private async Task<IReadOnlyList<Guid>> MentionsAsync(string markdown, SpaceStanding space, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var handles = Mentions.MentionedIn(markdown);
        var groups = handles.Where(h => h is Mentions.SpaceModerators or Mentions.SpaceMembers).ToList();
        var people = handles.Except(groups).ToList();
        if (people.Count > MentionsMax)
        {
            errors["markdown"] = [text["MentionFlood", MentionsMax, people.Count]];
            return [];
        }
        if (groups.Count > 0 && !await me.CanAsync(space, SpaceOperations.Moderate))
        {
            errors["markdown"] = [text["GroupMentionModeratorsOnly", "@" + groups[0]]];
            return [];
        }
        if (errors.Count > 0)
        {
            return [];
        }
        var found = (await Mentions.FindAsync(db, people, cancellationToken)).Values.ToList();
        if (groups.Count > 0)
        {
            var everyone = groups.Contains(Mentions.SpaceMembers);
            found.AddRange(await db.Set<SpaceMember>()
                .Where(m => m.SpaceId == space.SpaceId && m.Status == MembershipStatus.Member && (everyone || m.IsModerator))
                .Select(m => m.PersonId).ToListAsync(cancellationToken));
        }
        return found.Distinct().ToList();
    }

    /// <summary>Of these people, those who may read the space: members, or for an open space every active colleague.</summary>
    private async Task<List<Guid>> ReadersAsync(SpaceStanding space, IReadOnlyCollection<Guid> people, CancellationToken cancellationToken)
    {
        if (people.Count == 0)
        {
            return [];
        }
        var ids = people.Distinct().ToList();
        if (space.Kind == SpaceKind.Open)
        {
            return await (from p in db.Set<Person>()
                          join u in db.Set<GuildUser>() on p.Id equals u.Id
                          where ids.Contains(p.Id) && p.PartnerOrganisation == null && u.DeactivatedAt == null
                          select p.Id).ToListAsync(cancellationToken);
        }
        return await db.Set<SpaceMember>().Where(m => m.SpaceId == space.SpaceId && m.Status == MembershipStatus.Member && ids.Contains(m.PersonId))
            .Select(m => m.PersonId).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Tells the mentioned and the followers, each person once (a mention wins over following), never the author, and
    /// never anyone who cannot read the space: a mention of an outsider in a secret space reaches nobody.
    /// </summary>
    private async Task NotifyAsync(SpaceStanding space, Guid threadId, string title, bool anonymous, IReadOnlyList<Guid> mentioned,
        IReadOnlyCollection<Guid> followers, string followerKind, Guid author, string authorName, CancellationToken cancellationToken)
    {
        var readers = await ReadersAsync(space, [.. mentioned, .. followers], cancellationToken);
        var mentionedReaders = readers.Where(p => p != author && mentioned.Contains(p)).ToList();
        var followingReaders = readers.Where(p => p != author && !mentioned.Contains(p) && followers.Contains(p)).ToList();
        var actor = anonymous ? null : authorName;
        var link = $"/community/threads/{threadId}";
        await notifier.NotifyAsync(mentionedReaders, new NotificationEvent(MentionedKind, $"thread:{threadId}", title, link, actor), cancellationToken);
        await notifier.NotifyAsync(followingReaders, new NotificationEvent(followerKind, $"thread:{threadId}", title, link, actor), cancellationToken);
    }

    /// <summary>Replies to a post (the thread's first post or another reply).</summary>
    public async Task<Result<ThreadView>> ReplyAsync(Guid postId, PostText request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, postId, cancellationToken);
        if (standing is null)
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(standing.Space, SpaceOperations.Post))
        {
            return Result<ThreadView>.Forbidden(text["MembersOnly"]);
        }
        var errors = new Dictionary<string, string[]>();
        var markdown = request.Markdown?.Trim() ?? "";
        CheckText(markdown, errors, required: true);
        var mentions = errors.Count > 0 ? [] : await MentionsAsync(markdown, standing.Space, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<ThreadView>.Invalid(errors);
        }
        if (standing.Hidden)
        {
            return Result<ThreadView>.Conflict(text["PostHidden"]);
        }
        if (standing.Review is not null)
        {
            return Result<ThreadView>.Conflict(conductText["HeldTakesNoReplies"]);
        }
        var thread = await db.Set<Post>().FirstAsync(p => p.Id == standing.ThreadId, cancellationToken);
        if (thread.Locked)
        {
            return Result<ThreadView>.Conflict(text["ThreadLocked"]);
        }
        if (await SpaceConduct.PendingVersionAsync(db, standing.SpaceId, me.Id, cancellationToken) is not null)
        {
            return Result<ThreadView>.Conflict(conductText["ConductNotAccepted"]);
        }
        var held = await HeldPosts.HoldsAsync(db, standing.Space, me.Id, cancellationToken);
        var now = clock.GetUtcNow();
        // The anonymous asker stays anonymous in their own thread: a named reply would tell who asked.
        var anonymous = thread.Anonymous && thread.AuthorId == me.Id;
        var reply = new Post
        {
            Id = Guid.CreateVersion7(now), SpaceId = standing.SpaceId, ThreadId = standing.ThreadId, ParentId = postId, Depth = standing.Depth + 1,
            Kind = PostKind.Reply, Markdown = markdown, Html = Render(markdown), AuthorId = me.Id, Anonymous = anonymous, CreatedAt = now, LastActivityAt = now,
            Review = held ? PostReview.Waiting : null,
        };
        db.Add(reply);
        if (held)
        {
            await HeldPosts.TellModeratorsAsync(db, notifier, standing.SpaceId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return await GetAsync(standing.ThreadId, cancellationToken);
        }
        await AnnounceReplyAsync(reply, thread, standing, me.Id, me.DisplayName, mentions, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await AcknowledgeAsync(standing, me.Id, standing.Space.CallerModerates, now, cancellationToken);
        return await GetAsync(standing.ThreadId, cancellationToken);
    }

    /// <summary>A reply is out: the thread counts it, the mentioned and the followers hear of it, the learning record is written.</summary>
    private async Task AnnounceReplyAsync(Post reply, Post thread, PostStanding parent, Guid authorId, string authorName, IReadOnlyList<Guid> mentions,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        thread.ReplyCount++;
        thread.LastActivityAt = now;
        var followers = await db.Set<ThreadFollower>().Where(f => f.ThreadId == parent.ThreadId).Select(f => f.PersonId)
            .Union(db.Set<SpaceFollower>().Where(f => f.SpaceId == parent.SpaceId).Select(f => f.PersonId)).ToListAsync(cancellationToken);
        await NotifyAsync(parent.Space, parent.ThreadId, parent.ThreadTitle, reply.Anonymous, mentions, followers, RepliedKind, authorId, authorName, cancellationToken);
        await learning.AddAsync(db, new LearningAct(Actor(reply.Anonymous, parent.ThreadId, authorId, authorName), LearningVerbs.Commented,
            Activity(parent.ThreadId, parent.ThreadTitle))
        {
            At = now, Language = LibrarySearchService.CurrentLanguage(),
        }, cancellationToken);
    }

    /// <summary>
    /// The first reply or reaction by someone other than its author acknowledges a post; kept once, with whether a space
    /// moderator did it (the later facilitation figures split on that). A conditional update, so two at once keep the first.
    /// </summary>
    private async Task AcknowledgeAsync(PostStanding post, Guid by, bool byModerator, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (post.AuthorId == by)
        {
            return;
        }
        await db.Set<Post>().Where(p => p.Id == post.Id && p.FirstAcknowledgedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.FirstAcknowledgedAt, at).SetProperty(p => p.FirstAcknowledgedByModerator, byModerator), cancellationToken);
    }

    /// <summary>The author changes their post's text (and a first post's title); the post then shows "edited".</summary>
    public async Task<Result<ThreadView>> EditAsync(Guid postId, PostText request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, postId, cancellationToken);
        if (standing is null)
        {
            return Result<ThreadView>.NotFound();
        }
        if (standing.Deleted || !await me.CanAsync(AsAuthor(standing), SpaceOperations.ChangeOwn))
        {
            return Result<ThreadView>.Forbidden(text["OnlyAuthorEdits"]);
        }
        var errors = new Dictionary<string, string[]>();
        var markdown = request.Markdown?.Trim() ?? "";
        CheckText(markdown, errors, required: standing.Kind != PostKind.Literature);
        var newTitle = request.Title?.Trim();
        if (newTitle is not null && standing.Depth == 0 && (newTitle.Length == 0 || newTitle.Length > TitleMax))
        {
            errors["title"] = [newTitle.Length == 0 ? text["TitleRequired"] : text["TitleTooLong", TitleMax]];
        }
        if (errors.Count == 0)
        {
            await MentionsAsync(markdown, standing.Space, errors, cancellationToken);
        }
        if (errors.Count > 0)
        {
            return Result<ThreadView>.Invalid(errors);
        }
        var post = await db.Set<Post>().FirstAsync(p => p.Id == postId, cancellationToken);
        post.Markdown = markdown;
        post.Html = Render(markdown);
        if (newTitle is { Length: > 0 } && standing.Depth == 0)
        {
            post.Title = newTitle;
        }
        post.EditedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(standing.ThreadId, cancellationToken);
    }

    /// <summary>
    /// The author deletes their post: gone when nobody replied to it, otherwise a "deleted" tombstone that keeps the
    /// conversation's shape. Answers the thread (NotFound when the thread itself is gone).
    /// </summary>
    public async Task<Result<ThreadView>> DeleteAsync(Guid postId, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, postId, cancellationToken);
        if (standing is null)
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(AsAuthor(standing), SpaceOperations.ChangeOwn))
        {
            return Result<ThreadView>.Forbidden(text["OnlyAuthorDeletes"]);
        }
        if (standing.Deleted)
        {
            return await GetAsync(standing.ThreadId, cancellationToken);
        }
        var post = await db.Set<Post>().FirstAsync(p => p.Id == postId, cancellationToken);
        var hasReplies = await db.Set<Post>().AnyAsync(p => p.ParentId == postId, cancellationToken);
        if (hasReplies)
        {
            post.DeletedAt = clock.GetUtcNow();
            post.Markdown = "";
            post.Html = "";
        }
        else
        {
            db.Remove(post);
            if (standing.Depth > 0)
            {
                var thread = await db.Set<Post>().FirstAsync(p => p.Id == standing.ThreadId, cancellationToken);
                thread.ReplyCount = Math.Max(0, thread.ReplyCount - 1);
                if (thread.AnswerId == postId)
                {
                    thread.AnswerId = null;
                    thread.AnsweredAt = null;
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(standing.ThreadId, cancellationToken);
    }

    /// <summary>Gives or takes back a reaction the space offers; counts on the post are recounted, so two at once stay right.</summary>
    public async Task<Result<ThreadView>> ReactAsync(Guid postId, ReactionRequest request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, postId, cancellationToken);
        if (standing is null)
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(standing.Space, SpaceOperations.Post))
        {
            return Result<ThreadView>.Forbidden(text["MembersOnly"]);
        }
        if (request.Kind is not { } kind || !Enum.IsDefined(kind) || !standing.Offered.HasFlag(CommunitySpaces.FlagOf(kind)))
        {
            return Result<ThreadView>.Invalid("kind", text["ReactionNotOffered"]);
        }
        if (request.On is not { } on)
        {
            return Result<ThreadView>.Invalid("on", text["ReactionOnRequired"]);
        }
        if (standing.Deleted)
        {
            return Result<ThreadView>.Conflict(text["PostDeleted"]);
        }
        if (standing.Hidden)
        {
            return Result<ThreadView>.Conflict(text["PostHidden"]);
        }
        if (standing.Review is not null)
        {
            return Result<ThreadView>.Conflict(conductText["HeldTakesNoReplies"]);
        }
        if (standing.AuthorId == me.Id)
        {
            return Result<ThreadView>.Conflict(text["OwnPostReaction"]);
        }
        var now = clock.GetUtcNow();
        var existing = await db.Set<PostReaction>().FirstOrDefaultAsync(r => r.PostId == postId && r.PersonId == me.Id && r.Kind == kind, cancellationToken);
        if (on && existing is null)
        {
            db.Add(new PostReaction { PostId = postId, PersonId = me.Id, Kind = kind, CreatedAt = now });
            await learning.AddAsync(db, new LearningAct(new LearningActor(me.Id, me.DisplayName), LearningVerbs.Liked, Activity(standing.ThreadId, standing.ThreadTitle))
            {
                At = now, Language = LibrarySearchService.CurrentLanguage(),
            }, cancellationToken);
        }
        else if (!on && existing is not null)
        {
            db.Remove(existing);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (on)
        {
            // The same reaction from the same person at the same moment (a double click): it is there, which is what they asked.
            db.ChangeTracker.Clear();
        }
        var reactions = db.Set<PostReaction>();
        await db.Set<Post>().Where(p => p.Id == postId).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.ThanksCount, p => reactions.Count(r => r.PostId == p.Id && r.Kind == ReactionKind.Thanks))
            .SetProperty(p => p.HelpfulCount, p => reactions.Count(r => r.PostId == p.Id && r.Kind == ReactionKind.Helpful))
            .SetProperty(p => p.InsightfulCount, p => reactions.Count(r => r.PostId == p.Id && r.Kind == ReactionKind.Insightful)), cancellationToken);
        if (on)
        {
            await AcknowledgeAsync(standing, me.Id, standing.Space.CallerModerates, now, cancellationToken);
        }
        return await GetAsync(standing.ThreadId, cancellationToken);
    }

    /// <summary>The asker or a space moderator marks which reply answers a question (or takes the mark away).</summary>
    public async Task<Result<ThreadView>> MarkAnswerAsync(Guid threadId, AnswerMark request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, threadId, cancellationToken);
        if (standing is null || standing.Depth != 0)
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(AsAuthor(standing), SpaceOperations.Steer))
        {
            return Result<ThreadView>.Forbidden(text["OnlyAskerMarks"]);
        }
        if (standing.Kind != PostKind.Question)
        {
            return Result<ThreadView>.Conflict(text["NotAQuestion"]);
        }
        if (request.PostId is { } replyId
            && !await db.Set<Post>().AnyAsync(p => p.Id == replyId && p.ThreadId == threadId && p.Depth > 0 && p.DeletedAt == null && p.Review == null, cancellationToken))
        {
            return Result<ThreadView>.Invalid("postId", text["AnswerNotInThread"]);
        }
        var thread = await db.Set<Post>().FirstAsync(p => p.Id == threadId, cancellationToken);
        thread.AnswerId = request.PostId;
        thread.AnsweredAt = request.PostId is null ? null : clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(threadId, cancellationToken);
    }

    /// <summary>Follows a thread (its new replies notify the caller) or stops following it.</summary>
    public async Task<Result<ThreadView>> FollowAsync(Guid threadId, FollowRequest request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, threadId, cancellationToken);
        if (standing is null || standing.Depth != 0)
        {
            return Result<ThreadView>.NotFound();
        }
        if (request.Following is not { } following)
        {
            return Result<ThreadView>.Invalid("following", text["FollowingRequired"]);
        }
        var row = await db.Set<ThreadFollower>().FirstOrDefaultAsync(f => f.ThreadId == threadId && f.PersonId == me.Id, cancellationToken);
        if (following && row is null)
        {
            db.Add(new ThreadFollower { ThreadId = threadId, PersonId = me.Id, CreatedAt = clock.GetUtcNow() });
        }
        else if (!following && row is not null)
        {
            db.Remove(row);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(threadId, cancellationToken);
    }

    /// <summary>Who wrote an anonymous post: only the space's moderators, each look with a reason kept in the audit log.</summary>
    public async Task<Result<RevealedPostAuthor>> RevealAuthorAsync(Guid postId, RevealRequest request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, postId, cancellationToken);
        if (standing is null)
        {
            return Result<RevealedPostAuthor>.NotFound();
        }
        if (!await me.CanAsync(standing.Space, SpaceOperations.Moderate))
        {
            return Result<RevealedPostAuthor>.Forbidden(text["OnlyModeratorsReveal"]);
        }
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length < ReasonMin || reason.Length > 500)
        {
            return Result<RevealedPostAuthor>.Invalid("reason", text["RevealReasonRequired", ReasonMin]);
        }
        if (!standing.Anonymous)
        {
            return Result<RevealedPostAuthor>.Conflict(text["NotAnonymous"]);
        }
        var name = await db.Set<Person>().Where(p => p.Id == standing.AuthorId).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
        audit.Record(AuditActions.CommunityAuthorRevealed, AuditObjectTypes.CommunityPost, postId.ToString(), standing.ThreadTitle,
            new { spaceId = standing.SpaceId, threadId = standing.ThreadId, reason });
        await db.SaveChangesAsync(cancellationToken);
        return Result<RevealedPostAuthor>.Ok(new RevealedPostAuthor(standing.AuthorId, name));
    }

    /// <summary>"I tried it" on an idea of an innovators network (once per person; a second time changes the note). The idea moves to "tried".</summary>
    public async Task<Result<ThreadView>> TryIdeaAsync(Guid threadId, TrialRequest request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, threadId, cancellationToken);
        if (standing is null || standing.Depth != 0)
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(standing.Space, SpaceOperations.Post))
        {
            return Result<ThreadView>.Forbidden(text["MembersOnly"]);
        }
        if (standing.Kind != PostKind.Idea)
        {
            return Result<ThreadView>.Conflict(text["NotAnIdea"]);
        }
        var note = request.Note?.Trim() ?? "";
        if (note.Length == 0 || note.Length > 1000)
        {
            return Result<ThreadView>.Invalid("note", text["TrialNoteRequired", 1000]);
        }
        var now = clock.GetUtcNow();
        var row = await db.Set<IdeaTrial>().FirstOrDefaultAsync(t => t.ThreadId == threadId && t.PersonId == me.Id, cancellationToken);
        if (row is null)
        {
            db.Add(new IdeaTrial { ThreadId = threadId, PersonId = me.Id, Note = note, CreatedAt = now });
        }
        else
        {
            row.Note = note;
        }
        var thread = await db.Set<Post>().FirstAsync(p => p.Id == threadId, cancellationToken);
        if (thread.Stage == IdeaStage.Idea)
        {
            thread.Stage = IdeaStage.Tried;
        }
        thread.LastActivityAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(threadId, cancellationToken);
    }

    /// <summary>Moves an idea between stages: its author or a space moderator.</summary>
    public async Task<Result<ThreadView>> SetStageAsync(Guid threadId, StageRequest request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, threadId, cancellationToken);
        if (standing is null || standing.Depth != 0)
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(AsAuthor(standing), SpaceOperations.Steer))
        {
            return Result<ThreadView>.Forbidden(text["OnlyAuthorOrModeratorStages"]);
        }
        if (standing.Kind != PostKind.Idea)
        {
            return Result<ThreadView>.Conflict(text["NotAnIdea"]);
        }
        if (request.Stage is not { } stage || !Enum.IsDefined(stage))
        {
            return Result<ThreadView>.Invalid("stage", text["StageRequired"]);
        }
        var thread = await db.Set<Post>().FirstAsync(p => p.Id == threadId, cancellationToken);
        thread.Stage = stage;
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(threadId, cancellationToken);
    }

    /// <summary>The text rendered and sanitised exactly as a post would show it (the editor's preview).</summary>
    public Result<PreviewView> Preview(PreviewRequest request)
    {
        var markdown = request.Markdown ?? "";
        if (markdown.Length > MarkdownMax)
        {
            return Result<PreviewView>.Invalid("markdown", text["TextTooLong", MarkdownMax, markdown.Length]);
        }
        return Result<PreviewView>.Ok(new PreviewView(Render(markdown.Trim())));
    }
}
