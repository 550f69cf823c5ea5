using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>
/// The policing tools, done well: pin, lock, move a thread, hide a post with a reason its author reads. Each is the
/// space's moderators' (<see cref="SpaceRule"/>), each lands in the audit log with its reason; a post in a space the
/// caller may not read answers NotFound.
/// </summary>
public sealed class CommunityModeration(GuildDb db, CurrentPerson me, AuditLog audit, CommunityThreads threads, IStringLocalizer<ModerationText> text)
{
    public const int ReasonMax = 500;
    /// <summary>A hide or a move tells someone why: a few words at least.</summary>
    public const int ReasonMin = 5;

    private sealed record Target(Guid Id, Guid ThreadId, int Depth, PostKind Kind, string Title, bool Pinned, bool Locked, bool Hidden, SpaceStanding Space);

    private async Task<Target?> ReadableAsync(Guid postId, CancellationToken cancellationToken)
    {
        var caller = me.IdOrNull;
        var row = await (from p in db.Set<Post>().AsNoTracking()
                         join t in db.Set<Post>() on p.ThreadId equals t.Id
                         join s in db.Set<Space>() on p.SpaceId equals s.Id
                         where p.Id == postId
                         select new
                         {
                             p.Id, p.ThreadId, p.Depth, t.Kind, t.Title, p.Pinned, p.Locked, p.Hidden, p.AuthorId, SpaceKind = s.Kind, SpaceId = s.Id,
                             Mine = db.Set<SpaceMember>().Where(m => m.SpaceId == s.Id && m.PersonId == caller).Select(m => new { m.Status, m.IsModerator }).FirstOrDefault(),
                         }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var space = new SpaceStanding(row.SpaceId, row.SpaceKind, row.Mine?.Status, row.Mine?.IsModerator ?? false, row.AuthorId == caller);
        return await me.CanAsync(space, SpaceOperations.Read)
            ? new Target(row.Id, row.ThreadId, row.Depth, row.Kind, row.Title ?? "", row.Pinned, row.Locked, row.Hidden, space)
            : null;
    }

    /// <summary>The thread, when the caller may read it and do this to it; otherwise why not.</summary>
    private async Task<(Target? Target, Result<ThreadView>? Refusal)> AllowedAsync(Guid postId, OperationAuthorizationRequirement operation, bool thread,
        CancellationToken cancellationToken)
    {
        var target = await ReadableAsync(postId, cancellationToken);
        if (target is null || (thread && target.Depth != 0))
        {
            return (null, Result<ThreadView>.NotFound());
        }
        return await me.CanAsync(target.Space, operation) ? (target, null) : (null, Result<ThreadView>.Forbidden(text["ModeratorsOnly"]));
    }

    private string? CheckReason(string? given, bool required, out string reason)
    {
        reason = given?.Trim() ?? "";
        if (required && reason.Length < ReasonMin)
        {
            return text["ModerationReasonRequired", ReasonMin].Value;
        }
        return reason.Length > ReasonMax ? text["ModerationReasonTooLong", ReasonMax].Value : null;
    }

    /// <summary>Pins a thread (first on the space's home) or unpins it.</summary>
    public Task<Result<ThreadView>> PinAsync(Guid threadId, ModerationRequest request, CancellationToken cancellationToken) =>
        SetThreadFlagAsync(threadId, request, SpaceOperations.Pin, p => p.Pinned, t => t.Pinned, reasonRequired: false,
            AuditActions.CommunityThreadPinned, AuditActions.CommunityThreadUnpinned, cancellationToken);

    /// <summary>Locks a thread (no new replies; the page says so) with a reason, or unlocks it.</summary>
    public Task<Result<ThreadView>> LockAsync(Guid threadId, ModerationRequest request, CancellationToken cancellationToken) =>
        SetThreadFlagAsync(threadId, request, SpaceOperations.Lock, p => p.Locked, t => t.Locked, reasonRequired: true,
            AuditActions.CommunityThreadLocked, AuditActions.CommunityThreadUnlocked, cancellationToken);

    /// <summary>Pin and lock: a flag of the thread's first post, switched on or off, audited only when it changes.</summary>
    /// <param name="reasonRequired">Whether switching it on needs a reason (switching off never does).</param>
    private async Task<Result<ThreadView>> SetThreadFlagAsync(Guid threadId, ModerationRequest request, OperationAuthorizationRequirement operation,
        System.Linq.Expressions.Expression<Func<Post, bool>> flag, Func<Target, bool> current, bool reasonRequired, string auditOn, string auditOff,
        CancellationToken cancellationToken)
    {
        var (target, refusal) = await AllowedAsync(threadId, operation, thread: true, cancellationToken);
        if (target is null)
        {
            return refusal!;
        }
        if (request.On is not { } on)
        {
            return Result<ThreadView>.Invalid("on", text["ModerationOnRequired"]);
        }
        if (CheckReason(request.Reason, required: reasonRequired && on, out var reason) is { } problem)
        {
            return Result<ThreadView>.Invalid("reason", problem);
        }
        if (on != current(target))
        {
            await db.Set<Post>().Where(p => p.Id == threadId).ExecuteUpdateAsync(set => set.SetProperty(flag, on), cancellationToken);
            await RecordAsync(on ? auditOn : auditOff, target, reason, null, cancellationToken);
        }
        return await threads.GetAsync(threadId, cancellationToken);
    }

    /// <summary>
    /// Hides a post with a reason (its author reads "hidden by a moderator: reason"; colleagues see only that it was hidden;
    /// a hidden first post takes its thread off the space for everyone but them), or shows it again.
    /// </summary>
    public async Task<Result<ThreadView>> HideAsync(Guid postId, ModerationRequest request, CancellationToken cancellationToken)
    {
        var (target, refusal) = await AllowedAsync(postId, SpaceOperations.Hide, thread: false, cancellationToken);
        if (target is null)
        {
            return refusal!;
        }
        if (request.On is not { } on)
        {
            return Result<ThreadView>.Invalid("on", text["ModerationOnRequired"]);
        }
        if (CheckReason(request.Reason, required: on, out var reason) is { } problem)
        {
            return Result<ThreadView>.Invalid("reason", problem);
        }
        if (on || target.Hidden)
        {
            var kept = on ? reason : null;
            await db.Set<Post>().Where(p => p.Id == postId)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.Hidden, on).SetProperty(p => p.HiddenReason, kept), cancellationToken);
            await RecordAsync(on ? AuditActions.CommunityPostHidden : AuditActions.CommunityPostShown, target, reason, null, cancellationToken);
        }
        return await threads.GetAsync(target.ThreadId, cancellationToken);
    }

    /// <summary>
    /// Moves a thread with all its replies to another space the moderator also moderates. Followers of the thread keep
    /// following it and its learning records keep their ids (both hang on the thread, not the space).
    /// </summary>
    public async Task<Result<ThreadView>> MoveAsync(Guid threadId, MoveRequest request, CancellationToken cancellationToken)
    {
        var (target, refusal) = await AllowedAsync(threadId, SpaceOperations.Move, thread: true, cancellationToken);
        if (target is null)
        {
            return refusal!;
        }
        if (CheckReason(request.Reason, required: true, out var reason) is { } problem)
        {
            return Result<ThreadView>.Invalid("reason", problem);
        }
        var to = request.SpaceId is { } id ? await CommunitySpaces.StandingAsync(db, id, me.IdOrNull, cancellationToken) : null;
        if (to is null || to.SpaceId == target.Space.SpaceId || !await me.CanAsync(to, SpaceOperations.Move))
        {
            return Result<ThreadView>.Invalid("spaceId", text["MoveTargetInvalid"]);
        }
        if (target.Kind == PostKind.Idea && !await db.Set<Space>().AnyAsync(s => s.Id == to.SpaceId && s.IsInnovatorsNetwork, cancellationToken))
        {
            return Result<ThreadView>.Invalid("spaceId", text["IdeasOnlyInNetworks"]);
        }
        // An anonymous question keeps its promise: it moves only where anonymous questions are allowed.
        if (await db.Set<Post>().AnyAsync(p => p.ThreadId == threadId && p.Anonymous, cancellationToken)
            && !await db.Set<Space>().AnyAsync(s => s.Id == to.SpaceId && s.AllowAnonymousQuestions, cancellationToken))
        {
            return Result<ThreadView>.Invalid("spaceId", text["AnonymousOnlyWhereAllowed"]);
        }
        await db.Set<Post>().Where(p => p.ThreadId == threadId).ExecuteUpdateAsync(set => set.SetProperty(p => p.SpaceId, to.SpaceId), cancellationToken);
        await RecordAsync(AuditActions.CommunityThreadMoved, target, reason, to.SpaceId, cancellationToken);
        return await threads.GetAsync(threadId, cancellationToken);
    }

    /// <summary>The other spaces the caller moderates: where a thread of theirs may move.</summary>
    public async Task<IReadOnlyList<MoveTarget>> MoveTargetsAsync(Guid fromSpaceId, CancellationToken cancellationToken)
    {
        var caller = me.IdOrNull;
        return await (from m in db.Set<SpaceMember>().AsNoTracking()
                      join s in db.Set<Space>() on m.SpaceId equals s.Id
                      where m.PersonId == caller && m.Status == MembershipStatus.Member && m.IsModerator && s.Id != fromSpaceId
                      orderby s.Name
                      select new MoveTarget(s.Id, s.Name)).ToListAsync(cancellationToken);
    }

    private async Task RecordAsync(string action, Target target, string reason, Guid? toSpaceId, CancellationToken cancellationToken)
    {
        audit.Record(action, AuditObjectTypes.CommunityPost, target.Id.ToString(), target.Title,
            new { spaceId = target.Space.SpaceId, threadId = target.ThreadId, reason, toSpaceId });
        await db.SaveChangesAsync(cancellationToken);
    }
}
