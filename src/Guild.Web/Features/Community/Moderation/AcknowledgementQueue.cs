using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.Moderation;

/// <summary>A moderator took a queued thread on: others see who, so two do not answer the same newcomer.</summary>
public sealed class QueueClaim
{
    public Guid ThreadId { get; set; }
    public Guid ModeratorId { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>How many working hours a space's contributions may wait for a first acknowledgement before they queue.</summary>
public sealed class QueueSetting
{
    public Guid SpaceId { get; set; }
    public int WithinWorkingHours { get; set; } = AcknowledgementQueue.DefaultWithinHours;
}

internal sealed class QueueClaimConfiguration : IEntityTypeConfiguration<QueueClaim>
{
    public void Configure(EntityTypeBuilder<QueueClaim> builder)
    {
        builder.ToTable("community_queue_claims");
        builder.HasKey(c => c.ThreadId);
        builder.HasOne<Post>().WithMany().HasForeignKey(c => c.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.ModeratorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QueueSettingConfiguration : IEntityTypeConfiguration<QueueSetting>
{
    public void Configure(EntityTypeBuilder<QueueSetting> builder)
    {
        builder.ToTable("community_queue_settings");
        builder.HasKey(s => s.SpaceId);
        builder.HasOne<Space>().WithMany().HasForeignKey(s => s.SpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The acknowledgement queue of a space: threads (first posts, Working Out Loud posts, questions) that nobody but their
/// author has replied to or reacted to within N working hours of the organisation's calendar (weekends and public holidays
/// do not count), oldest first. Only the space's moderators see it; one of them claims an item so the others know.
/// A reply or reaction by someone else sets <see cref="Post.FirstAcknowledgedAt"/>, which takes the item off the queue.
/// </summary>
public sealed class AcknowledgementQueue(GuildDb db, CurrentPerson me, TimeProvider clock, WorkingCalendar calendar, IStringLocalizer<ModerationText> text,
    FacilitationPrompts prompts)
{
    public const int DefaultWithinHours = 24;
    public const int WithinHoursMax = 200;
    /// <summary>Unacknowledged threads looked at per space; a queue longer than this is a space to talk about, not to page through.</summary>
    private const int Window = 500;

    private async Task<(SpaceStanding? Space, Result<T>? Refusal)> ModeratedAsync<T>(Guid spaceId, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.See))
        {
            return (null, Result<T>.NotFound());
        }
        return await me.CanAsync(space, SpaceOperations.Moderate) ? (space, null) : (null, Result<T>.Forbidden(text["ModeratorsOnly"]));
    }

    public async Task<Result<QueueView>> GetAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        var (space, refusal) = await ModeratedAsync<QueueView>(spaceId, cancellationToken);
        if (space is null)
        {
            return refusal!;
        }
        var within = await db.Set<QueueSetting>().Where(s => s.SpaceId == spaceId).Select(s => (int?)s.WithinWorkingHours).FirstOrDefaultAsync(cancellationToken)
                     ?? DefaultWithinHours;
        var now = clock.GetUtcNow();
        var caller = me.IdOrNull;
        var rows = await (from p in db.Set<Post>().AsNoTracking()
                          join a in db.Set<Person>() on p.AuthorId equals a.Id
                          where p.SpaceId == spaceId && p.Depth == 0 && p.FirstAcknowledgedAt == null && p.DeletedAt == null && !p.Hidden && p.Review == null && !p.Locked
                          orderby p.CreatedAt
                          select new
                          {
                              p.Id, p.Title, p.Kind, p.Purpose, p.Anonymous, Name = a.GivenName + " " + a.FamilyName, p.CreatedAt,
                              Claim = (from c in db.Set<QueueClaim>()
                                       join m in db.Set<Person>() on c.ModeratorId equals m.Id
                                       where c.ThreadId == p.Id
                                       select new { c.ModeratorId, Name = m.GivenName + " " + m.FamilyName }).FirstOrDefault(),
                          }).Take(Window).ToListAsync(cancellationToken);
        var schedule = await calendar.OrganisationAsync(cancellationToken);
        var wait = TimeSpan.FromHours(within);
        var components = await prompts.ComponentsAsync(spaceId, cancellationToken);
        var items = rows.Where(r => schedule.AddWorkingTime(r.CreatedAt, wait) <= now)
            .Select(r => new QueueItem(r.Id, r.Title ?? "", r.Kind, r.Anonymous ? null : r.Name, r.CreatedAt,
                (int)Math.Floor(schedule.WorkingTimeBetween(r.CreatedAt, now).TotalHours), r.Claim?.Name, r.Claim is not null && r.Claim.ModeratorId == caller,
                r.Purpose, prompts.For(r.Kind, r.Purpose, components)))
            .ToList();
        return Result<QueueView>.Ok(new QueueView(spaceId, within, items));
    }

    /// <summary>Claims a queued thread (or lets it go). A thread another moderator claimed stays theirs: Conflict.</summary>
    public async Task<Result<QueueClaimView>> ClaimAsync(Guid threadId, ClaimRequest request, CancellationToken cancellationToken)
    {
        var spaceId = await db.Set<Post>().Where(p => p.Id == threadId && p.Depth == 0).Select(p => (Guid?)p.SpaceId).FirstOrDefaultAsync(cancellationToken);
        if (spaceId is null)
        {
            return Result<QueueClaimView>.NotFound();
        }
        var (space, refusal) = await ModeratedAsync<QueueClaimView>(spaceId.Value, cancellationToken);
        if (space is null)
        {
            // Not a moderator: a thread's queue is none of their business, so it answers as if it did not exist.
            return refusal!.Status == ResultStatus.Forbidden ? Result<QueueClaimView>.NotFound() : refusal;
        }
        if (request.Claimed is not { } claimed)
        {
            return Result<QueueClaimView>.Invalid("claimed", text["ModerationOnRequired"]);
        }
        var existing = await db.Set<QueueClaim>().FirstOrDefaultAsync(c => c.ThreadId == threadId, cancellationToken);
        if (existing is not null && existing.ModeratorId != me.Id)
        {
            return Result<QueueClaimView>.Conflict(text["ClaimedByAnother"]);
        }
        if (claimed && existing is null)
        {
            db.Add(new QueueClaim { ThreadId = threadId, ModeratorId = me.Id, ClaimedAt = clock.GetUtcNow() });
        }
        else if (!claimed && existing is not null)
        {
            db.Remove(existing);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two moderators claimed it at the same moment: the first one has it.
            db.ChangeTracker.Clear();
            return Result<QueueClaimView>.Conflict(text["ClaimedByAnother"]);
        }
        return Result<QueueClaimView>.Ok(new QueueClaimView(threadId, claimed));
    }

    /// <summary>Sets how many working hours a contribution may wait (1-200) before it queues.</summary>
    public async Task<Result<QueueView>> SetWithinAsync(Guid spaceId, QueueSettingRequest request, CancellationToken cancellationToken)
    {
        var (space, refusal) = await ModeratedAsync<QueueView>(spaceId, cancellationToken);
        if (space is null)
        {
            return refusal!;
        }
        if (request.WithinWorkingHours is not { } hours || hours < 1 || hours > WithinHoursMax)
        {
            return Result<QueueView>.Invalid("withinWorkingHours", text["WithinHoursRange", WithinHoursMax]);
        }
        var row = await db.Set<QueueSetting>().FirstOrDefaultAsync(s => s.SpaceId == spaceId, cancellationToken);
        if (row is null)
        {
            db.Add(new QueueSetting { SpaceId = spaceId, WithinWorkingHours = hours });
        }
        else
        {
            row.WithinWorkingHours = hours;
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(spaceId, cancellationToken);
    }
}
