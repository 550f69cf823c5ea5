using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>
/// Holding first posts for review: in a space that holds them, a member's first contribution (thread or reply) waits for
/// a moderator instead of appearing. This is the review list, the moderators' count and the author's own list; approving
/// and declining are <see cref="CommunityThreads.ApproveAsync"/> and <see cref="CommunityThreads.DeclineAsync"/>, because
/// approval announces the post as the thread code does.
/// </summary>
public sealed class HeldPosts(GuildDb db, CurrentPerson me, IStringLocalizer<ConductText> text)
{
    /// <summary>Notification to a space's moderators: "A first post in {1} waits for review".</summary>
    public const string HeldKind = "community.held";
    /// <summary>Notification to the author: their held post was approved.</summary>
    public const string ApprovedKind = "community.post-approved";
    /// <summary>Notification to the author: their held post was declined, with the reason on the thread.</summary>
    public const string DeclinedKind = "community.post-declined";

    /// <summary>
    /// Whether this contribution waits: the space holds first posts, the person does not moderate it, and nothing of theirs
    /// was published there yet (an approved post makes them a regular; a declined or waiting one does not).
    /// </summary>
    internal static async Task<bool> HoldsAsync(GuildDb read, SpaceStanding space, Guid personId, CancellationToken cancellationToken)
    {
        if (space.CallerModerates)
        {
            return false;
        }
        var holds = await read.Set<Space>().Where(s => s.Id == space.SpaceId).Select(s => s.HoldFirstPosts).FirstAsync(cancellationToken);
        return holds && !await read.Set<Post>().AnyAsync(p => p.SpaceId == space.SpaceId && p.AuthorId == personId && p.Review == null, cancellationToken);
    }

    /// <summary>The space's moderators hear that something waits (no actor: the review list shows who, unless it was asked anonymously).</summary>
    internal static async Task TellModeratorsAsync(GuildDb db, Notifier notifier, Guid spaceId, CancellationToken cancellationToken)
    {
        var space = await db.Set<Space>().Where(s => s.Id == spaceId).Select(s => new { s.Name, s.Slug }).FirstAsync(cancellationToken);
        var moderators = await db.Set<SpaceMember>().Where(m => m.SpaceId == spaceId && m.IsModerator && m.Status == MembershipStatus.Member)
            .Select(m => m.PersonId).ToListAsync(cancellationToken);
        await notifier.NotifyAsync(moderators, new NotificationEvent(HeldKind, $"held:{spaceId}", space.Name, $"/community/{space.Slug}/held", null), cancellationToken);
    }

    /// <summary>What waits in a space, oldest first: its moderators (403 to readers, 404 to anyone else).</summary>
    public async Task<Result<IReadOnlyList<HeldPostView>>> ListAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.Read))
        {
            return Result<IReadOnlyList<HeldPostView>>.NotFound();
        }
        if (!await me.CanAsync(space, SpaceOperations.Moderate))
        {
            return Result<IReadOnlyList<HeldPostView>>.Forbidden(text["OnlyModeratorsReview"]);
        }
        var rows = await (from p in db.Set<Post>().AsNoTracking()
                          join t in db.Set<Post>() on p.ThreadId equals t.Id
                          join a in db.Set<Person>() on p.AuthorId equals a.Id
                          where p.SpaceId == spaceId && p.Review == PostReview.Waiting
                          orderby p.CreatedAt
                          select new HeldPostView(p.Id, p.ThreadId, p.Depth == 0, p.Kind, t.Title ?? "", p.Markdown, p.Html,
                              p.Anonymous ? null : a.GivenName + " " + a.FamilyName, p.CreatedAt))
            .Take(200).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<HeldPostView>>.Ok(rows);
    }

    /// <summary>How many wait in the space (the moderators' badge); 0 for anyone else.</summary>
    public async Task<int> WaitingCountAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.Moderate))
        {
            return 0;
        }
        return await db.Set<Post>().CountAsync(p => p.SpaceId == spaceId && p.Review == PostReview.Waiting, cancellationToken);
    }

    /// <summary>The caller's own contributions in the space that wait or were declined (the author's view on the space's home).</summary>
    public async Task<IReadOnlyList<MyHeldPost>> MineAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } caller)
        {
            return [];
        }
        return await (from p in db.Set<Post>().AsNoTracking()
                      join t in db.Set<Post>() on p.ThreadId equals t.Id
                      where p.SpaceId == spaceId && p.AuthorId == caller && p.Review != null && p.DeletedAt == null
                      orderby p.CreatedAt descending
                      select new MyHeldPost(p.Id, p.ThreadId, t.Title ?? "", p.Review!.Value, p.ReviewNote)).Take(20).ToListAsync(cancellationToken);
    }
}
