using System.Text.Json;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Administration;

/// <summary>
/// Which audit entries to show. <see cref="Actor"/> is a name as people type it ("eva", "Eva Visser"),
/// matched against people and against the recorded actor name (for "system" and service tokens);
/// <see cref="From"/> is inclusive and <see cref="Until"/> exclusive.
/// </summary>
public sealed record AuditFilter(
    string? Action = null,
    string? Actor = null,
    Guid? ActorId = null,
    string? ObjectType = null,
    string? ObjectId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Until = null);

/// <summary>One entry of the audit log: who did what to which object, when.</summary>
/// <param name="Id">The entry's number; later entries have higher numbers.</param>
/// <param name="At">When it happened.</param>
/// <param name="ActorId">The person who did it; null for Guild itself and for service tokens.</param>
/// <param name="ActorName">Their name as it was then ("system" for Guild itself, the token's name for a service token).</param>
/// <param name="Action">What was done, such as <c>people.deactivated</c>.</param>
/// <param name="ObjectType">The kind of object, such as <c>person</c>.</param>
/// <param name="ObjectId">The object's id, if it has one.</param>
/// <param name="ObjectName">The object's name as it was then, if it has one.</param>
/// <param name="Details">What changed, as JSON (fields before and after, counts).</param>
public sealed record AuditEntryView(
    long Id,
    DateTimeOffset At,
    Guid? ActorId,
    string ActorName,
    string Action,
    string ObjectType,
    string? ObjectId,
    string? ObjectName,
    JsonElement? Details);

/// <summary>
/// Reads the append-only audit log for L&amp;D admins. Every filter maps onto an index (at; action+at;
/// object type+id; actor id; actor name), so a filtered page stays quick with millions of entries.
/// Counting stops at <see cref="CountLimit"/>: beyond that, "more than" is all a reader needs, and an
/// exact count would read the whole table.
/// </summary>
public sealed class AuditLogSearch(GuildDb db, CurrentPerson me, PeopleDirectory people)
{
    public const int CountLimit = 10_000;
    /// <summary>How many people a name may match; more means the name is too short to mean anyone.</summary>
    private const int MaxActorMatches = 200;

    public async Task<Result<AuditPage>> SearchAsync(AuditFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<AuditPage>.Forbidden();
        }
        var entries = db.Set<AuditEntry>().AsNoTracking();
        if (Clean(filter.Action) is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }
        if (Clean(filter.ObjectType) is { } objectType)
        {
            entries = entries.Where(e => e.ObjectType == objectType);
        }
        if (Clean(filter.ObjectId) is { } objectId)
        {
            entries = entries.Where(e => e.ObjectId == objectId);
        }
        if (filter.ActorId is { } actorId)
        {
            entries = entries.Where(e => e.ActorId == actorId);
        }
        if (Clean(filter.Actor) is { } actor)
        {
            var matches = await people.SearchAsync(actor, null, includeFormer: true, new PageRequest(1, MaxActorMatches), cancellationToken);
            var ids = (matches.Value?.Items ?? []).Select(person => (Guid?)person.Id).ToList();
            entries = ids.Count == 0
                ? entries.Where(e => e.ActorName == actor)
                : entries.Where(e => ids.Contains(e.ActorId) || e.ActorName == actor);
        }
        if (filter.From is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            entries = entries.Where(e => e.At >= fromUtc);
        }
        if (filter.Until is { } until)
        {
            var untilUtc = until.ToUniversalTime();
            entries = entries.Where(e => e.At < untilUtc);
        }

        var total = await entries.Take(CountLimit + 1).CountAsync(cancellationToken);
        var rows = total == 0
            ? []
            : await entries
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
                .Skip(page.Skip).Take(page.PageSize)
                .ToListAsync(cancellationToken);
        var items = rows.Select(ToView).ToList();
        return Result<AuditPage>.Ok(new AuditPage(items, page.Page, page.PageSize, Math.Min(total, CountLimit), total > CountLimit));
    }

    /// <summary>
    /// The distinct actions and object types in the log, for the filter lists. A loose index scan: one
    /// index probe per distinct value (a few dozen), however many entries the log holds.
    /// </summary>
    public async Task<AuditVocabulary> VocabularyAsync(CancellationToken cancellationToken)
    {
        var actions = await DistinctAsync("action", cancellationToken);
        var objectTypes = await DistinctAsync("object_type", cancellationToken);
        return new AuditVocabulary(actions, objectTypes);
    }

    private async Task<IReadOnlyList<string>> DistinctAsync(string column, CancellationToken cancellationToken)
    {
        // The column name is one of two constants above, never input.
#pragma warning disable EF1002
        var sql = $"""
            WITH RECURSIVE next_value(value) AS (
                SELECT MIN({column}) FROM audit_entries
                UNION ALL
                SELECT (SELECT MIN({column}) FROM audit_entries WHERE {column} > next_value.value)
                FROM next_value WHERE next_value.value IS NOT NULL
            )
            SELECT value AS "Value" FROM next_value WHERE value IS NOT NULL
            """;
        var values = await db.Database.SqlQueryRaw<string>(sql).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        return values.Order(StringComparer.Ordinal).ToList();
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static AuditEntryView ToView(AuditEntry entry) => new(
        entry.Id, entry.At, entry.ActorId, entry.ActorName, entry.Action, entry.ObjectType, entry.ObjectId, entry.ObjectName,
        ParseDetails(entry.Details));

    private static JsonElement? ParseDetails(string? details)
    {
        if (string.IsNullOrWhiteSpace(details))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(details);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Entries are written as JSON; should one not be, show it as text rather than fail the page.
            return JsonSerializer.SerializeToElement(details);
        }
    }
}

/// <summary>A page of audit entries; <see cref="TotalIsLowerBound"/> says the log holds more than <see cref="TotalCount"/> matches.</summary>
/// <param name="Items">The entries of this page, newest first.</param>
/// <param name="Page">This page's number, from 1.</param>
/// <param name="PageSize">How many entries a page holds.</param>
/// <param name="TotalCount">How many entries match, counted up to 10,000.</param>
/// <param name="TotalIsLowerBound">True when counting stopped: more entries match than <c>totalCount</c>.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, int TotalCount, bool TotalIsLowerBound)
{
    /// <summary>How many pages the counted matches fill (at least 1).</summary>
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;

    /// <summary>Whether there is a page after this one.</summary>
    public bool HasNext => TotalIsLowerBound ? Items.Count == PageSize : Page < PageCount;
}

public sealed record AuditVocabulary(IReadOnlyList<string> Actions, IReadOnlyList<string> ObjectTypes);
