using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.Library.Search;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Restock;

/// <summary>
/// The restock board: what people need that the library lacks, from every <see cref="IRestockDemandSource"/>, ranked by
/// demand; turning an item into a request for a champion; the champion's requests; and fulfilling one with a resource.
/// Every check goes through <see cref="RestockRule"/>. Reads take a pooled context (pages render them); commands use the
/// request's <see cref="GuildDb"/>, so the notifications and records commit with the change.
/// </summary>
public sealed class RestockBoard(
    GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, OrganisationProfile organisation,
    IEnumerable<IRestockDemandSource> sources, Notifier notifier, RestockCompletion completion, ResourceLibrary library,
    JobSignal signal, AuditLog audit, IStringLocalizer<RestockText> text)
{
    /// <summary>Notification to the champion: "{0} asks you to restock the library: {1}".</summary>
    public const string AssignedKind = "restock.assigned";

    private readonly IReadOnlyList<IRestockDemandSource> _sources = [.. sources];

    /// <summary>The board, filtered by kind and component. Only those who run the programme see it.</summary>
    public async Task<Result<RestockBoardView>> BoardAsync(RestockKind? kind, Guid? component, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(RestockStanding.Board, RestockOperations.Manage))
        {
            return Result<RestockBoardView>.Forbidden();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var (items, requests, ungrouped) = await ReadAsync(read, cancellationToken);
        var components = items.SelectMany(i => i.Components).DistinctBy(c => c.Id).OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var shown = items.Where(i => (kind is null || i.Kind == kind) && (component is null || i.Components.Any(c => c.Id == component))).ToList();
        var summary = new RestockSummary(shown.Count, shown.Sum(i => i.Demand), requests.Count, requests.Count(r => r.Overdue), ungrouped);
        return Result<RestockBoardView>.Ok(new RestockBoardView(summary, shown, requests, _sources.Select(s => s.Kind).Distinct().Order().ToList(), components));
    }

    /// <summary>One item of the board (for the request form); not found when it is not on the board (gone, or requested).</summary>
    public async Task<Result<RestockItem>> ItemAsync(string? key, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(RestockStanding.Board, RestockOperations.Manage))
        {
            return Result<RestockItem>.Forbidden();
        }
        if (string.IsNullOrEmpty(key) || SourceOf(key) is null)
        {
            return Result<RestockItem>.NotFound();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var (items, _, _) = await ReadAsync(read, cancellationToken);
        return items.FirstOrDefault(i => i.Key == key) is { } item ? Result<RestockItem>.Ok(item) : Result<RestockItem>.NotFound();
    }

    /// <summary>Active champions to choose from: those of the item's components first, then the fewest open requests.</summary>
    public async Task<IReadOnlyList<RestockChampionChoice>> ChampionChoicesAsync(IReadOnlyCollection<Guid> componentIds, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from c in ActiveChampions(read)
                          join p in read.Set<Person>() on c.PersonId equals p.Id
                          select new { p.Id, Name = p.GivenName + " " + p.FamilyName, p.SortKey, c.ComponentId })
            .AsNoTracking().ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).Distinct().ToList();
        var carrying = await read.Set<RestockRequest>().Where(r => r.Status == RestockStatus.Open && ids.Contains(r.ChampionId))
            .GroupBy(r => r.ChampionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return rows.GroupBy(r => r.Id)
            .Select(g => (Choice: new RestockChampionChoice(g.Key, g.First().Name, g.Any(r => componentIds.Contains(r.ComponentId)), carrying.GetValueOrDefault(g.Key)),
                g.First().SortKey))
            .OrderByDescending(c => c.Choice.OfItem).ThenBy(c => c.Choice.OpenRequests).ThenBy(c => c.SortKey, StringComparer.Ordinal)
            .Select(c => c.Choice).ToList();
    }

    /// <summary>An L&amp;D admin turns an item into a request for a champion, who is told (in the app, and by mail as they prefer).</summary>
    public async Task<Result<RestockRequestView>> CreateAsync(RestockRequestInput input, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(RestockStanding.Board, RestockOperations.Manage))
        {
            return Result<RestockRequestView>.Forbidden();
        }
        var errors = new Dictionary<string, string[]>();
        RestockDemandItem? item = null;
        if (string.IsNullOrWhiteSpace(input.ItemKey))
        {
            errors["itemKey"] = [text["ItemRequired"]];
        }
        else if (SourceOf(input.ItemKey) is not { } source
                 || (item = (await source.ItemsAsync(db, cancellationToken)).FirstOrDefault(i => i.Key == input.ItemKey)) is null)
        {
            errors["itemKey"] = [text["ItemUnknown"]];
        }
        if (input.ChampionId is not { } championId)
        {
            errors["championId"] = [text["ChampionRequired"]];
        }
        else if (!await db.Set<Person>().AnyAsync(p => p.Id == championId && p.Account.DeactivatedAt == null, cancellationToken))
        {
            errors["championId"] = [text["ChampionUnknown"]];
        }
        else if (!await ActiveChampions(db).AnyAsync(c => c.PersonId == championId, cancellationToken))
        {
            errors["championId"] = [text["NotAChampion"]];
        }
        var today = await TodayAsync(cancellationToken);
        if (input.DueOn is not { } dueOn)
        {
            errors["dueOn"] = [text["DueRequired"]];
        }
        else if (dueOn < today)
        {
            errors["dueOn"] = [text["DuePast"]];
        }
        var note = input.Note?.Trim() ?? "";
        if (note.Length > RestockRequest.NoteMax)
        {
            errors["note"] = [text["NoteTooLong", RestockRequest.NoteMax]];
        }
        if (errors.Count > 0)
        {
            return Result<RestockRequestView>.Invalid(errors);
        }
        if (await db.Set<RestockRequest>().AnyAsync(r => r.ItemKey == item!.Key && r.Status == RestockStatus.Open, cancellationToken))
        {
            return Result<RestockRequestView>.Conflict(text["AlreadyRequested"]);
        }
        var request = new RestockRequest
        {
            Id = Guid.CreateVersion7(), ItemKey = item!.Key, Kind = item.Kind, Title = Cut(item.Title, RestockRequest.TitleMax),
            ComponentId = item.ComponentIds.Count > 0 ? item.ComponentIds[0] : null, Demand = item.Demand, ChampionId = input.ChampionId!.Value,
            DueOn = input.DueOn!.Value, Note = note, Status = RestockStatus.Open, CreatedById = me.Id, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(request);
        audit.Record(AuditActions.RestockRequested, AuditObjectTypes.RestockRequest, request.Id.ToString(), request.Title,
            new { championId = request.ChampionId, dueOn = request.DueOn });
        await notifier.NotifyAsync([request.ChampionId], new NotificationEvent(AssignedKind, $"restock:{request.Id}", request.Title,
            "/restock/mine", me.DisplayName), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin made a request for the same item a moment ago (the unique index of open requests).
            return Result<RestockRequestView>.Conflict(text["AlreadyRequested"]);
        }
        return await GetAsync(request.Id, cancellationToken);
    }

    /// <summary>A request, for its champion and L&amp;D admins; not found for anyone else.</summary>
    public async Task<Result<RestockRequestView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var today = await TodayAsync(cancellationToken);
        var found = (await RequestsAsync(read, read.Set<RestockRequest>().Where(r => r.Id == id), today, cancellationToken)).FirstOrDefault();
        if (found is null || !await me.CanAsync(new RestockStanding(found.ChampionId), RestockOperations.View))
        {
            return Result<RestockRequestView>.NotFound();
        }
        return Result<RestockRequestView>.Ok(found);
    }

    /// <summary>The caller's own restock requests: open ones (soonest due first), then the latest done or cancelled.</summary>
    public async Task<IReadOnlyList<RestockRequestView>> MineAsync(CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId)
        {
            return [];
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var today = await TodayAsync(cancellationToken);
        var mine = await RequestsAsync(read, read.Set<RestockRequest>().Where(r => r.ChampionId == myId), today, cancellationToken);
        return mine.OrderBy(r => r.Status != RestockStatus.Open).ThenBy(r => r.Status == RestockStatus.Open ? r.DueOn : DateOnly.MaxValue)
            .ThenByDescending(r => r.DoneAt ?? r.CreatedAt).Take(100).ToList();
    }

    /// <summary>
    /// The champion (or an L&amp;D admin) names the resource that fulfils the request. A published one does it at once: the
    /// request is done and everyone waiting hears that it is there; a draft does it when it is published.
    /// </summary>
    public async Task<Result<RestockRequestView>> FulfilAsync(Guid id, RestockFulfilment fulfilment, CancellationToken cancellationToken)
    {
        var request = await db.Set<RestockRequest>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !await me.CanAsync(new RestockStanding(request.ChampionId), RestockOperations.View))
        {
            return Result<RestockRequestView>.NotFound();
        }
        if (!await me.CanAsync(new RestockStanding(request.ChampionId), RestockOperations.Fulfil))
        {
            return Result<RestockRequestView>.Forbidden();
        }
        if (request.Status != RestockStatus.Open)
        {
            return Result<RestockRequestView>.Conflict(text[$"NotOpen.{request.Status}"]);
        }
        if (fulfilment.ResourceId is not { } resourceId)
        {
            return Result<RestockRequestView>.Invalid("resourceId", text["ResourceRequired"]);
        }
        // The library decides what the caller may see: a resource they may not see is as unknown as a missing one.
        var resource = await library.GetAsync(resourceId, cancellationToken);
        if (!resource.IsOk)
        {
            return Result<RestockRequestView>.Invalid("resourceId", text["ResourceUnknown"]);
        }
        if (resource.Value!.Status == ResourceStatus.Archived)
        {
            return Result<RestockRequestView>.Invalid("resourceId", text["ResourceArchived"]);
        }
        request.ResourceId = resourceId;
        if (resource.Value.Status == ResourceStatus.Published)
        {
            await completion.CompleteAsync([request], resourceId, resource.Value.Title, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>An L&amp;D admin calls an open request off; the item returns to the board.</summary>
    public async Task<Result<RestockRequestView>> CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var request = await db.Set<RestockRequest>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !await me.CanAsync(new RestockStanding(request.ChampionId), RestockOperations.View))
        {
            return Result<RestockRequestView>.NotFound();
        }
        if (!await me.CanAsync(new RestockStanding(request.ChampionId), RestockOperations.Manage))
        {
            return Result<RestockRequestView>.Forbidden();
        }
        if (request.Status != RestockStatus.Open)
        {
            return Result<RestockRequestView>.Conflict(text[$"NotOpen.{request.Status}"]);
        }
        request.Status = RestockStatus.Cancelled;
        request.CancelledAt = clock.GetUtcNow();
        audit.Record(AuditActions.RestockCancelled, AuditObjectTypes.RestockRequest, request.Id.ToString(), request.Title);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>The items of every source without an open request, with their component names, ranked; the open requests.</summary>
    private async Task<(List<RestockItem> Items, List<RestockRequestView> Requests, int Ungrouped)> ReadAsync(GuildDb read, CancellationToken cancellationToken)
    {
        var raw = new List<RestockDemandItem>();
        foreach (var source in _sources)
        {
            raw.AddRange(await source.ItemsAsync(read, cancellationToken));
        }
        var today = await TodayAsync(cancellationToken);
        var open = await RequestsAsync(read, read.Set<RestockRequest>().Where(r => r.Status == RestockStatus.Open), today, cancellationToken);
        var requested = open.Select(r => r.ItemKey).ToHashSet(StringComparer.Ordinal);
        // A done item stays off the board until someone asks for it again after it was restocked.
        var done = await read.Set<RestockRequest>().Where(r => r.Status == RestockStatus.Done)
            .GroupBy(r => r.ItemKey).Select(g => new { g.Key, DoneAt = g.Max(r => r.DoneAt) })
            .ToDictionaryAsync(g => g.Key, g => g.DoneAt, StringComparer.Ordinal, cancellationToken);
        var waiting = raw.Where(i => !requested.Contains(i.Key) && !(done.TryGetValue(i.Key, out var doneAt) && i.LastSeen <= doneAt)).ToList();
        var ids = waiting.SelectMany(i => i.ComponentIds).Distinct().ToList();
        var names = await read.Set<KnowHowComponent>().AsNoTracking().Where(k => ids.Contains(k.Id))
            .ToDictionaryAsync(k => k.Id, k => k.Name, cancellationToken);
        var items = waiting
            .Select(i => new RestockItem(i.Key, i.Kind, i.Title,
                i.ComponentIds.Where(names.ContainsKey).Select(c => new RestockComponent(c, names[c])).ToList(),
                i.Demand, i.FirstSeen, i.LastSeen, i.Examples, i.Reasons, done.ContainsKey(i.Key)))
            .OrderByDescending(i => i.Demand).ThenByDescending(i => i.LastSeen).ThenBy(i => i.Key, StringComparer.Ordinal).ToList();
        var ungrouped = await read.Set<UnansweredSearch>().CountAsync(u => !read.Set<RestockSearchGroup>().Any(g => g.SearchId == u.SearchId), cancellationToken);
        if (ungrouped > 0)
        {
            await GroupSoonAsync(read, cancellationToken);
        }
        return (items, open.OrderBy(r => r.DueOn).ThenBy(r => r.CreatedAt).ToList(), ungrouped);
    }

    /// <summary>Searches wait to be grouped: queue the grouping job unless one is already waiting or running.</summary>
    private async Task GroupSoonAsync(GuildDb read, CancellationToken cancellationToken)
    {
        if (await read.Set<BackgroundJob>().AnyAsync(j => j.Kind == SearchGroupingJob.JobKind && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running),
                cancellationToken))
        {
            return;
        }
        new JobQueue(read, clock, signal).Enqueue(SearchGroupingJob.JobKind, new { }, maxAttempts: 3);
        await read.SaveChangesAsync(cancellationToken);
    }

    private static async Task<List<RestockRequestView>> RequestsAsync(GuildDb read, IQueryable<RestockRequest> requests, DateOnly today,
        CancellationToken cancellationToken)
    {
        var rows = await (from r in requests
                          join p in read.Set<Person>() on r.ChampionId equals p.Id
                          from k in read.Set<KnowHowComponent>().Where(k => k.Id == r.ComponentId).DefaultIfEmpty()
                          from res in read.Set<Resource>().Where(x => x.Id == r.ResourceId).DefaultIfEmpty()
                          select new { Request = r, ChampionName = p.GivenName + " " + p.FamilyName, ComponentName = k == null ? null : k.Name,
                              ResourceTitle = res == null ? null : res.Title })
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(row =>
        {
            var r = row.Request;
            return new RestockRequestView(r.Id, r.ItemKey, r.Kind, r.Title,
                r.ComponentId is { } c && row.ComponentName is { } name ? new RestockComponent(c, name) : null, r.Demand,
                r.ChampionId, row.ChampionName, r.DueOn, r.Note, r.Status, r.CreatedAt, r.ResourceId, row.ResourceTitle, r.DoneAt,
                r.Status == RestockStatus.Open && r.DueOn < today);
        }).ToList();
    }

    private IRestockDemandSource? SourceOf(string key) => _sources.FirstOrDefault(s => key.StartsWith(s.Prefix, StringComparison.Ordinal));

    private static IQueryable<ComponentChampion> ActiveChampions(GuildDb source) =>
        source.Set<ComponentChampion>().Where(c => c.EndedAt == null && source.Users.Any(u => u.Id == c.PersonId && u.DeactivatedAt == null));

    private async Task<DateOnly> TodayAsync(CancellationToken cancellationToken)
    {
        var view = await organisation.GetAsync(cancellationToken);
        return DateOnly.FromDateTime(view.ToLocal(clock.GetUtcNow()).DateTime);
    }

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
