namespace Guild.Web.Features.Restock;

/// <summary>A component as the board names it.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="Name">Its name on the know-how map.</param>
public sealed record RestockComponent(Guid Id, string Name);

/// <summary>One item of the board: something people need that the library lacks.</summary>
/// <param name="Key">Stable key of the item; a restock request names it.</param>
/// <param name="Kind">Search (similar searches that found nothing), Outdated (flagged resource), Gap (component without resource or champion) or Ask.</param>
/// <param name="Title">What people were after, in their words.</param>
/// <param name="Components">The components it is probably about, most likely first.</param>
/// <param name="Demand">How many different people wait for it.</param>
/// <param name="FirstSeen">When the first of them searched or flagged.</param>
/// <param name="LastSeen">When the latest did.</param>
/// <param name="Examples">Other words people used for it, at most three.</param>
/// <param name="Reasons">For a gap: NoChampion and/or NoResource.</param>
/// <param name="RestockedBefore">A request for it was done, and people have asked again since.</param>
public sealed record RestockItem(string Key, RestockKind Kind, string Title, IReadOnlyList<RestockComponent> Components, int Demand,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> Examples, IReadOnlyList<string> Reasons, bool RestockedBefore);

/// <summary>The counts of the board's summary line.</summary>
/// <param name="Items">Items on the board (after filters).</param>
/// <param name="Waiting">People waiting, added up over those items (someone waiting on two items counts twice).</param>
/// <param name="OpenRequests">Restock requests still open.</param>
/// <param name="Overdue">Open requests past their due day.</param>
/// <param name="Ungrouped">Unanswered searches not grouped yet (the grouping job is on its way).</param>
public sealed record RestockSummary(int Items, int Waiting, int OpenRequests, int Overdue, int Ungrouped);

/// <summary>The restock board.</summary>
/// <param name="Summary">Counts for the summary line.</param>
/// <param name="Items">Items without an open request, most demand first.</param>
/// <param name="Requests">Open requests, soonest due first.</param>
/// <param name="Kinds">The kinds some source supplies (the kind filter's choices).</param>
/// <param name="Components">The components items are about (the component filter's choices), by name.</param>
public sealed record RestockBoardView(RestockSummary Summary, IReadOnlyList<RestockItem> Items, IReadOnlyList<RestockRequestView> Requests,
    IReadOnlyList<RestockKind> Kinds, IReadOnlyList<RestockComponent> Components);

/// <summary>A restock request.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="ItemKey">The board item it came from.</param>
/// <param name="Kind">The item's kind.</param>
/// <param name="Title">The item's title when the request was made.</param>
/// <param name="Component">The item's first component, if known.</param>
/// <param name="Demand">People waiting when the request was made.</param>
/// <param name="ChampionId">The champion it is assigned to.</param>
/// <param name="ChampionName">Their name.</param>
/// <param name="DueOn">The day it is due (organisation's calendar).</param>
/// <param name="Note">What the L&amp;D admin added for the champion.</param>
/// <param name="Status">Open, Done or Cancelled.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ResourceId">The resource that fulfils it, once linked.</param>
/// <param name="ResourceTitle">That resource's title.</param>
/// <param name="DoneAt">When it was done.</param>
/// <param name="Overdue">Open and past its due day.</param>
public sealed record RestockRequestView(Guid Id, string ItemKey, RestockKind Kind, string Title, RestockComponent? Component, int Demand,
    Guid ChampionId, string ChampionName, DateOnly DueOn, string Note, RestockStatus Status, DateTimeOffset CreatedAt,
    Guid? ResourceId, string? ResourceTitle, DateTimeOffset? DoneAt, bool Overdue);

/// <summary>Turn a board item into a restock request.</summary>
/// <param name="ItemKey">The item's key, as the board gives it.</param>
/// <param name="ChampionId">An active Knowledge Champion (preferably of the item's component).</param>
/// <param name="DueOn">The day it is due: today or later (organisation's calendar).</param>
/// <param name="Note">Anything the champion should know; at most 2,000 characters.</param>
public sealed record RestockRequestInput(string? ItemKey, Guid? ChampionId, DateOnly? DueOn, string? Note);

/// <summary>The resource that fulfils a request.</summary>
/// <param name="ResourceId">A resource the caller can see: published, the request is done at once; a draft, when it is published.</param>
public sealed record RestockFulfilment(Guid? ResourceId);

/// <summary>A champion to choose for a request.</summary>
/// <param name="PersonId">The champion's person id.</param>
/// <param name="Name">Their name.</param>
/// <param name="OfItem">They champion one of the item's components.</param>
/// <param name="OpenRequests">Restock requests they already carry.</param>
public sealed record RestockChampionChoice(Guid PersonId, string Name, bool OfItem, int OpenRequests);
