using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Community.Posts;

/// <summary>Approving and declining posts held for review (see <see cref="HeldPosts"/>): the space's moderators, every act audited.</summary>
public sealed partial class CommunityThreads
{
    public const int DeclineReasonMax = 500;

    /// <summary>
    /// A moderator approves a waiting post, as written or with their edits: it is published as of now (the thread and the
    /// space count it from now), and only then do mentions, followers and the learning record hear of it, once, as the
    /// author's. The author is no longer a newcomer in the space. A post already decided answers Conflict.
    /// </summary>
    public async Task<Result<ThreadView>> ApproveAsync(Guid postId, ApprovalRequest request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, postId, cancellationToken);
        if (standing is null)
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(standing.Space, SpaceOperations.Moderate))
        {
            return Result<ThreadView>.Forbidden(conductText["OnlyModeratorsReview"]);
        }
        if (standing.Review != PostReview.Waiting)
        {
            return Result<ThreadView>.Conflict(standing.Review is null ? conductText["AlreadyApproved"] : conductText["AlreadyDeclined"]);
        }
        var errors = new Dictionary<string, string[]>();
        var markdown = request.Markdown?.Trim();
        if (markdown is not null)
        {
            CheckText(markdown, errors, required: true);
        }
        var title = request.Title?.Trim();
        if (title is not null && standing.Depth == 0 && (title.Length == 0 || title.Length > TitleMax))
        {
            errors["title"] = [title.Length == 0 ? text["TitleRequired"] : text["TitleTooLong", TitleMax]];
        }
        if (errors.Count > 0)
        {
            return Result<ThreadView>.Invalid(errors);
        }
        var post = await db.Set<Post>().FirstAsync(p => p.Id == postId, cancellationToken);
        var edited = (markdown is not null && markdown != post.Markdown) || (standing.Depth == 0 && title is not null && title != post.Title);
        // Mentions as they will be published (the moderator's edit may change them); the flood and group rules hold as for any post.
        var mentions = await MentionsAsync(markdown ?? post.Markdown, standing.Space, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<ThreadView>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Two moderators approving at once: the conditional update lets one through; the other is told it was decided.
        var won = await db.Set<Post>().Where(p => p.Id == postId && p.Review == PostReview.Waiting)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Review, (PostReview?)null), cancellationToken);
        if (won == 0)
        {
            return Result<ThreadView>.Conflict(conductText["AlreadyDecided"]);
        }
        post.Review = null;
        if (markdown is not null && markdown != post.Markdown)
        {
            post.Markdown = markdown;
            post.Html = Render(markdown);
        }
        if (standing.Depth == 0 && title is { Length: > 0 })
        {
            post.Title = title;
        }
        post.CreatedAt = now;
        post.LastActivityAt = now;
        var author = await db.Set<Person>().Where(p => p.Id == post.AuthorId).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
        // The author is a member who never moderated here: what they wrote acknowledges the post it answers as a colleague's would.
        var authorModerates = await db.Set<SpaceMember>().AnyAsync(m => m.SpaceId == post.SpaceId && m.PersonId == post.AuthorId && m.IsModerator, cancellationToken);
        if (standing.Depth == 0)
        {
            await AnnounceThreadAsync(post, standing.Space, post.AuthorId, author, mentions, now, cancellationToken);
        }
        else
        {
            var thread = await db.Set<Post>().FirstAsync(p => p.Id == standing.ThreadId, cancellationToken);
            var parent = await StandingAsync(db, post.ParentId!.Value, post.AuthorId, cancellationToken);
            await AnnounceReplyAsync(post, thread, parent!, post.AuthorId, author, mentions, now, cancellationToken);
        }
        audit.Record(AuditActions.CommunityPostApproved, AuditObjectTypes.CommunityPost, postId.ToString(), post.Title ?? standing.ThreadTitle,
            new { spaceId = standing.SpaceId, threadId = standing.ThreadId, edited });
        await notifier.NotifyAsync([post.AuthorId], new NotificationEvent(HeldPosts.ApprovedKind, $"thread:{standing.ThreadId}", post.Title ?? standing.ThreadTitle,
            $"/community/threads/{standing.ThreadId}#post-{postId}", null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (standing.Depth > 0 && await StandingAsync(db, post.ParentId!.Value, post.AuthorId, cancellationToken) is { } answered)
        {
            await AcknowledgeAsync(answered, post.AuthorId, authorModerates, now, cancellationToken);
        }
        return await GetAsync(standing.ThreadId, cancellationToken);
    }

    /// <summary>A moderator declines a waiting post with a reason its author reads; nobody else ever hears of it. Audited.</summary>
    public async Task<Result<ThreadView>> DeclineAsync(Guid postId, DeclineRequest request, CancellationToken cancellationToken)
    {
        var standing = await ReadableAsync(db, postId, cancellationToken);
        if (standing is null)
        {
            return Result<ThreadView>.NotFound();
        }
        if (!await me.CanAsync(standing.Space, SpaceOperations.Moderate))
        {
            return Result<ThreadView>.Forbidden(conductText["OnlyModeratorsReview"]);
        }
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0 || reason.Length > DeclineReasonMax)
        {
            return Result<ThreadView>.Invalid("reason", conductText["DeclineReasonRequired", DeclineReasonMax]);
        }
        if (standing.Review != PostReview.Waiting)
        {
            return Result<ThreadView>.Conflict(standing.Review is null ? conductText["AlreadyApproved"] : conductText["AlreadyDeclined"]);
        }
        var won = await db.Set<Post>().Where(p => p.Id == postId && p.Review == PostReview.Waiting)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Review, PostReview.Declined).SetProperty(p => p.ReviewNote, reason), cancellationToken);
        if (won == 0)
        {
            return Result<ThreadView>.Conflict(conductText["AlreadyDecided"]);
        }
        audit.Record(AuditActions.CommunityPostDeclined, AuditObjectTypes.CommunityPost, postId.ToString(), standing.ThreadTitle,
            new { spaceId = standing.SpaceId, threadId = standing.ThreadId, reason });
        await notifier.NotifyAsync([standing.AuthorId], new NotificationEvent(HeldPosts.DeclinedKind, $"thread:{standing.ThreadId}", standing.ThreadTitle,
            $"/community/threads/{standing.ThreadId}#post-{postId}", null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(standing.ThreadId, cancellationToken);
    }
}
