using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Restock;

/// <summary>
/// The end of the loop: requests fulfilled by a published resource are done, and everyone who waited on any of them hears
/// that it is there in ONE notification (one event of one kind about the resource; a later request fulfilled by the same
/// resource folds into it while unread). The admin who made each request hears too, and the champion's act is recorded
/// (<em>completed</em> the restock request). In the caller's unit of work; the caller saves.
/// </summary>
public sealed class RestockCompletion(GuildDb db, TimeProvider clock, Notifier notifier, LearningRecorder learning, IEnumerable<IRestockDemandSource> sources)
{
    /// <summary>Notification to everyone who searched, flagged or asked: "{0} restocked the library: {1} is there for you".</summary>
    public const string RestockedKind = "restock.restocked";

    /// <summary>Notification to the L&amp;D admin who made the request: "{0} did the restock request: {1}".</summary>
    public const string DoneKind = "restock.done";

    /// <summary>What a restock request is as a learning activity: a task.</summary>
    public const string TaskActivityType = "http://activitystrea.ms/schema/1.0/task";

    private readonly IReadOnlyList<IRestockDemandSource> _sources = [.. sources];

    public async Task CompleteAsync(IReadOnlyList<RestockRequest> requests, Guid resourceId, string resourceTitle, CancellationToken cancellationToken)
    {
        if (requests.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var championIds = requests.Select(r => r.ChampionId).Distinct().ToList();
        var names = await db.Set<Person>().Where(p => championIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.GivenName + " " + p.FamilyName, cancellationToken);
        var waiting = new HashSet<Guid>();
        foreach (var request in requests)
        {
            request.Status = RestockStatus.Done;
            request.ResourceId = resourceId;
            request.DoneAt = now;
            if (_sources.FirstOrDefault(s => request.ItemKey.StartsWith(s.Prefix, StringComparison.Ordinal)) is { } source)
            {
                waiting.UnionWith(await source.WaitingAsync(db, request.ItemKey, cancellationToken));
                await source.SettleAsync(db, request.ItemKey, request.ChampionId, now, cancellationToken);
            }
            var champion = names.GetValueOrDefault(request.ChampionId, "");
            await learning.AddAsync(db, new LearningAct(new LearningActor(request.ChampionId, champion), LearningVerbs.Completed,
                new LearningActivity($"restock/{request.Id:D}", TaskActivityType,
                    new LocalizedText("Restock the library: {0}", "De bibliotheek aanvullen: {0}").Format(request.Title))) { At = now }, cancellationToken);
            await notifier.NotifyAsync([request.CreatedById], new NotificationEvent(DoneKind, $"restock:{request.Id}", request.Title,
                $"/library/{resourceId}", champion), cancellationToken);
        }
        // The champions made it: they need no word that it is there.
        waiting.ExceptWith(championIds);
        var actor = championIds.Count == 1 ? names.GetValueOrDefault(championIds[0]) : null;
        await notifier.NotifyAsync(waiting, new NotificationEvent(RestockedKind, $"resource:{resourceId}", resourceTitle, $"/library/{resourceId}", actor),
            cancellationToken);
    }
}

/// <summary>
/// The library published a resource: the open requests it was linked to (a draft made for a request) are done now, in the
/// publication's own unit of work.
/// </summary>
internal sealed class RestockOnPublish(GuildDb db, RestockCompletion completion) : IResourcePublishedListener
{
    public async Task PublishedAsync(ResourcePublished published, CancellationToken cancellationToken)
    {
        var requests = await db.Set<RestockRequest>()
            .Where(r => r.ResourceId == published.ResourceId && r.Status == RestockStatus.Open).ToListAsync(cancellationToken);
        await completion.CompleteAsync(requests, published.ResourceId, published.Title, cancellationToken);
    }
}
