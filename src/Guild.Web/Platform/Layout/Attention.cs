using Guild.Web.Platform.Data;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Layout;

/// <summary>How much an item on the admin overview asks for: a look, or a fix.</summary>
public enum AttentionLevel { Warning, Problem }

/// <summary>
/// Something the admin overview (<c>/admin</c>) shows when it is the case, registered by the feature
/// that knows it (<see cref="AttentionExtensions.AddAttentionCheck"/>): failed jobs, a rejected import,
/// refused learning records. <see cref="Matches"/> selects one row per thing that needs a look; the
/// overview counts every check in one database round trip. The text is <c>Attention.{Key}</c> in
/// <see cref="TextResource"/> with {0} the count (<c>Attention.{Key}.One</c> when there is one).
/// </summary>
/// <param name="Key">Stable name, such as <c>jobs.failed</c>.</param>
/// <param name="Link">The page where the admin can act on it.</param>
/// <param name="Matches">The rows that need a look, as of <c>now</c>; only counted, never read.</param>
public sealed record AttentionCheck(string Key, Type TextResource, string Link, AttentionLevel Level,
    Func<GuildDb, DateTimeOffset, IQueryable<bool>> Matches);

/// <summary>One check that found something, with how many.</summary>
public sealed record AttentionItem(AttentionCheck Check, int Count);

public static class AttentionExtensions
{
    public static IServiceCollection AddAttentionCheck(this IServiceCollection services, AttentionCheck check) =>
        services.AddSingleton(check);
}

/// <summary>Counts every registered <see cref="AttentionCheck"/> at once.</summary>
public sealed class AttentionCounter(IEnumerable<AttentionCheck> checks, IDbContextFactory<GuildDb> contexts, TimeProvider clock)
{
    /// <summary>
    /// The checks that found something, problems first. One query: each check's count is a scalar
    /// subquery over the organisation's single settings row, and the checks are joined with UNION ALL.
    /// </summary>
    public async Task<IReadOnlyList<AttentionItem>> FindAsync(CancellationToken cancellationToken)
    {
        var all = checks.ToList();
        if (all.Count == 0)
        {
            return [];
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        IQueryable<AttentionCount>? counts = null;
        foreach (var check in all)
        {
            var rows = check.Matches(db, now);
            var key = check.Key;
            var one = db.Set<OrganisationSettings>().Select(_ => new AttentionCount { Key = key, Count = rows.Count() });
            counts = counts is null ? one : counts.Concat(one);
        }
        var found = (await counts!.ToListAsync(cancellationToken)).ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);
        return all.Where(check => found.GetValueOrDefault(check.Key) > 0)
            .Select(check => new AttentionItem(check, found[check.Key]))
            .OrderByDescending(item => item.Check.Level)
            .ToList();
    }

    private sealed class AttentionCount
    {
        public string Key { get; set; } = "";
        public int Count { get; set; }
    }
}
