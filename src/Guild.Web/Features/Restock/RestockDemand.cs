using Guild.Web.Platform.Data;

namespace Guild.Web.Features.Restock;

/// <summary>What kind of demand an item of the board stands for.</summary>
public enum RestockKind
{
    /// <summary>Similar searches that found nothing useful.</summary>
    Search,
    /// <summary>A resource readers flagged as outdated.</summary>
    Outdated,
    /// <summary>A component people look for that has no resource or no champion.</summary>
    Gap,
    /// <summary>Unanswered asks and their "me too"s (the asks feature's source).</summary>
    Ask,
}

/// <summary>One thing people need that the library lacks, as its source sees it.</summary>
/// <param name="Key">Stable across reads: <c>{kind}:{id}</c> (<c>search:{first search id}</c>, <c>flag:{resource id}</c>, <c>gap:{component id}</c>).</param>
/// <param name="Kind">Which source it comes from.</param>
/// <param name="Title">What people were after, in their words (the most frequent query, the resource's title, the component's name).</param>
/// <param name="ComponentIds">The components it is probably about, most likely first; empty when unknown.</param>
/// <param name="Demand">How many different people wait for it.</param>
/// <param name="FirstSeen">When the first of them asked (searched, flagged).</param>
/// <param name="LastSeen">When the latest did.</param>
/// <param name="Examples">Other words people used (other queries of the group, what the flags said), at most three.</param>
/// <param name="Reasons">Codes that explain the item (for a gap: NoChampion, NoResource), shown in the reader's language.</param>
public sealed record RestockDemandItem(string Key, RestockKind Kind, string Title, IReadOnlyList<Guid> ComponentIds, int Demand,
    DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> Examples, IReadOnlyList<string> Reasons);

/// <summary>
/// A source of the restock board's demand. Each feature that knows what people miss registers one with
/// <see cref="RestockDemandSourceExtensions.AddRestockDemandSource{T}"/>; the board ranks the items of all sources together.
/// A source answers for its own <see cref="Prefix"/> of keys, reads in as few queries as it can (the board is one page),
/// and names the people waiting on an item, so they hear when it is restocked.
/// </summary>
public interface IRestockDemandSource
{
    RestockKind Kind { get; }

    /// <summary>The start of this source's keys, such as <c>search:</c>.</summary>
    string Prefix { get; }

    /// <summary>Every item with demand now (the board filters out what has a request).</summary>
    Task<IReadOnlyList<RestockDemandItem>> ItemsAsync(GuildDb db, CancellationToken cancellationToken);

    /// <summary>The people waiting on the item with this key (empty when it has none any more).</summary>
    Task<IReadOnlyList<Guid>> WaitingAsync(GuildDb db, string key, CancellationToken cancellationToken);

    /// <summary>
    /// A champion restocked the item: close what the source keeps open for it (readers' "outdated" flags become handled), in the
    /// caller's unit of work. Most demand needs nothing: the board keeps a restocked item off until new demand arrives.
    /// </summary>
    Task SettleAsync(GuildDb db, string key, Guid championId, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class RestockDemandSourceExtensions
{
    public static IServiceCollection AddRestockDemandSource<TSource>(this IServiceCollection services)
        where TSource : class, IRestockDemandSource =>
        services.AddScoped<IRestockDemandSource, TSource>();
}
