using Guild.Web.Features.Library.Resources;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Library.Browse;

/// <summary>Where someone stopped in a resource (body of <c>PUT /api/v1/resources/{id}/progress</c>).</summary>
/// <param name="PositionSeconds">Seconds from the start where they are now (0 to 86,400).</param>
/// <param name="Share">The share of the resource watched or read, 0 to 1.</param>
public sealed record ProgressRequest(double? PositionSeconds, double? Share);

/// <summary>Someone's progress in a resource, as saved.</summary>
/// <param name="ResourceId">The resource.</param>
/// <param name="PositionSeconds">Where they stopped, in seconds.</param>
/// <param name="Share">The furthest share they got to, 0 to 1.</param>
/// <param name="Completed">Whether they finished it (95 % or more).</param>
/// <param name="UpdatedAt">When it was last saved.</param>
public sealed record ProgressView(Guid ResourceId, double PositionSeconds, double Share, bool Completed, DateTimeOffset UpdatedAt);

/// <summary>
/// Saves where someone stopped in a resource they may see (<see cref="ResourceRule"/>'s view, 404 otherwise) and records
/// <see cref="LearningVerbs.Progressed"/> only when they cross 25, 50, 75 or 100 % (not on every tick of the player), and
/// <see cref="LearningVerbs.Completed"/> once at 95 %.
/// </summary>
public sealed class ProgressTracker(GuildDb db, CurrentPerson me, TimeProvider clock, LearningRecorder learning, IStringLocalizer<BrowseText> text)
{
    /// <summary>A position beyond a day is no position of a short resource.</summary>
    public const double MaxPositionSeconds = 86_400;

    /// <summary>From this share on a resource counts as finished: the credits and the last sentence need not be watched.</summary>
    public const double CompletedShare = 0.95;

    private static readonly int[] Milestones = [25, 50, 75, 100];

    public async Task<Result<ProgressView>> SaveAsync(Guid resourceId, ProgressRequest request, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } person)
        {
            return Result<ProgressView>.NotFound();
        }
        var resource = await db.Set<Resource>().AsNoTracking().Where(r => r.Id == resourceId)
            .Select(r => new { r.Status, r.ReviewerId, r.Title, Authors = db.Set<ResourceAuthor>().Where(a => a.ResourceId == r.Id).Select(a => a.PersonId).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        if (resource is null || !await me.CanAsync(new ResourceStanding(resourceId, resource.Status, resource.Authors, resource.ReviewerId, false), ResourceOperations.View))
        {
            return Result<ProgressView>.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        if (request.PositionSeconds is not { } position || !double.IsFinite(position) || position < 0 || position > MaxPositionSeconds)
        {
            errors["positionSeconds"] = [text["PositionInvalid"]];
        }
        if (request.Share is not { } share || !double.IsFinite(share) || share < 0 || share > 1)
        {
            errors["share"] = [text["ShareInvalid"]];
        }
        if (errors.Count > 0)
        {
            return Result<ProgressView>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        var row = await db.Set<ResourceProgress>().FirstOrDefaultAsync(p => p.PersonId == person && p.ResourceId == resourceId, cancellationToken);
        if (row is null)
        {
            row = new ResourceProgress { PersonId = person, ResourceId = resourceId };
            db.Add(row);
        }
        row.PositionSeconds = Math.Round(request.PositionSeconds!.Value, 1);
        row.Share = Math.Max(row.Share, request.Share!.Value);
        row.UpdatedAt = now;
        // Only published resources count as learning (an author checking a draft learns nothing from it).
        var counts = resource.Status == ResourceStatus.Published && !resource.Authors.Contains(person);
        var reached = row.Share >= CompletedShare ? 100 : Milestones.LastOrDefault(m => row.Share * 100 >= m);
        if (reached > row.Milestone)
        {
            row.Milestone = reached;
            if (counts)
            {
                var activity = LearningActivity.Resource(resourceId, resource.Title);
                var actor = new LearningActor(person, me.DisplayName);
                await learning.AddAsync(db, new LearningAct(actor, LearningVerbs.Progressed, activity)
                    { At = now, Result = new LearningResult { Progress = reached / 100.0 } }, cancellationToken);
                if (reached == 100)
                {
                    await learning.AddAsync(db, new LearningAct(actor, LearningVerbs.Completed, activity)
                        { At = now, Result = new LearningResult { Progress = 1, Success = true } }, cancellationToken);
                }
            }
        }
        if (row.Share >= CompletedShare)
        {
            row.CompletedAt ??= now;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (db.Entry(row).State == EntityState.Added)
        {
            // Two first saves raced (two tabs): the other one's row stands; this tick is one of many, the next one updates it.
            return Result<ProgressView>.Conflict(text["ProgressRaced"]);
        }
        return Result<ProgressView>.Ok(new ProgressView(resourceId, row.PositionSeconds, row.Share, row.CompletedAt is not null, row.UpdatedAt));
    }
}
