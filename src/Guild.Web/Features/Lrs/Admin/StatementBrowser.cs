using System.Globalization;
using System.Text.Json;
using Guild.Web.Features.Lrs.Validation;
using Guild.Web.Features.Lrs.Writing;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Lrs.Admin;

/// <summary>
/// The statement browser's filters as a page receives them. <see cref="Actor"/> is a person's name, an
/// e-mail address, an OpenID, or an Agent in JSON; <see cref="PersonId"/> picks one of several people
/// a name matched. Dates are days in the organisation's time zone, both included. <see cref="After"/> is
/// the store's cursor for the next page.
/// </summary>
public sealed record StatementFilter(
    string? Actor = null,
    Guid? PersonId = null,
    string? Verb = null,
    string? Activity = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? After = null)
{
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Actor) || PersonId is not null || !string.IsNullOrWhiteSpace(Verb)
        || !string.IsNullOrWhiteSpace(Activity) || From is not null || To is not null;
}

/// <summary>One statement as a row of the browser: who, did what, to what, when.</summary>
public sealed record StatementRow(Guid Id, DateTimeOffset Stored, string Actor, string VerbId, string Verb, string ObjectLabel, string? ObjectId,
    bool Voided, bool IsVoiding);

/// <summary>
/// A page of the browser. <see cref="People"/> lists the people a name matched when it matched more than
/// one (nothing is queried until one is chosen); <see cref="ActorLabel"/> says whose statements these are.
/// </summary>
public sealed record StatementBrowse(
    IReadOnlyList<StatementRow> Rows,
    string? NextCursor,
    IReadOnlyList<PersonSummary> People,
    string? ActorLabel,
    IReadOnlyDictionary<string, string[]> Errors);

public sealed record DailyCount(DateOnly Day, long Statements);

/// <summary>The statement browser's chosen statement, pretty-printed.</summary>
public sealed record StatementDetail(Guid Id, DateTimeOffset Stored, string PrettyJson, bool Voided, bool IsVoiding, Guid? Voids);

/// <summary>
/// What the LRS admin pages read: statements through the store's own query and keyset paging (voided ones
/// included and marked), one statement, and statements per day from the pre-aggregated quarter-hour
/// counts. LearningAdmins only (checked here). Called while pages render, so every call uses contexts
/// of its own.
/// </summary>
public sealed class StatementBrowser(
    IDbContextFactory<GuildDb> contexts,
    StatementWriter writer,
    TimeProvider clock,
    CurrentPerson me,
    OrganisationProfile organisation,
    PeopleDirectory people,
    IStringLocalizer<LrsText> text)
{
    public const int PageSize = 50;
    public const int Days = 30;

    public async Task<Result<StatementBrowse>> BrowseAsync(StatementFilter filter, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<StatementBrowse>.Forbidden();
        }
        var view = await organisation.GetAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var query = new StatementQuery { Limit = PageSize, IncludeVoided = true };
        string? actorLabel = null;
        IReadOnlyList<PersonSummary> choices = [];

        if (filter.PersonId is { } personId)
        {
            query = query with { AgentKey = LearningStatements.AgentKey(view.LearningRecordBaseIri, personId) };
            actorLabel = (await people.GetProfileAsync(personId, cancellationToken)).Value?.DisplayName ?? personId.ToString();
        }
        else if (Clean(filter.Actor) is { } actor)
        {
            var (key, label, matches, problem) = await ActorAsync(actor, view.LearningRecordBaseIri, cancellationToken);
            if (problem is not null)
            {
                errors["actor"] = [problem];
            }
            else if (key is null)
            {
                choices = matches;
            }
            else
            {
                query = query with { AgentKey = key };
                actorLabel = label;
            }
        }
        if (Clean(filter.Verb) is { } verb)
        {
            if (IsIri(verb))
            {
                query = query with { VerbId = verb };
            }
            else
            {
                errors["verb"] = [text["Browser.VerbInvalid"]];
            }
        }
        if (Clean(filter.Activity) is { } activity)
        {
            if (IsIri(activity))
            {
                query = query with { ActivityId = activity };
            }
            else
            {
                errors["activity"] = [text["Browser.ActivityInvalid"]];
            }
        }
        if (filter.From is { } from && filter.To is { } to && to < from)
        {
            errors["to"] = [text["Browser.ToBeforeFrom"]];
        }
        // The store's window is (since, until]; days are local days, both included.
        if (filter.From is { } fromDay)
        {
            query = query with { Since = StartOfDay(fromDay, view.TimeZone).AddTicks(-10) };
        }
        if (filter.To is { } toDay)
        {
            query = query with { Until = StartOfDay(toDay.AddDays(1), view.TimeZone).AddTicks(-10) };
        }
        if (ParseCursor(filter.After) is { } after)
        {
            query = query with { After = after };
        }
        if (errors.Count > 0 || choices.Count > 0)
        {
            return Result<StatementBrowse>.Ok(new StatementBrowse([], null, choices, actorLabel, errors));
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var page = await new StatementStore(db, writer, clock).QueryAsync(query, cancellationToken);
        var rows = page.Statements.Select(Row).ToList();
        var next = page.Next?.After is { } cursor ? $"{cursor.Stored.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{cursor.Id:N}" : null;
        return Result<StatementBrowse>.Ok(new StatementBrowse(rows, next, [], actorLabel, errors));
    }

    public async Task<Result<StatementDetail>> DetailAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<StatementDetail>.Forbidden();
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var store = new StatementStore(db, writer, clock);
        var record = await store.GetAsync(id, voided: false, cancellationToken) ?? await store.GetAsync(id, voided: true, cancellationToken);
        if (record is null)
        {
            return Result<StatementDetail>.NotFound();
        }
        using var document = JsonDocument.Parse(record.Json);
        var root = document.RootElement;
        var isVoiding = root.TryGetProperty("verb", out var verb) && verb.TryGetProperty("id", out var verbId) && verbId.ValueEquals(StatementFacts.VoidedVerb);
        Guid? voids = null;
        if (isVoiding && root.TryGetProperty("object", out var target) && target.TryGetProperty("id", out var targetId) && Guid.TryParse(targetId.GetString(), out var targetGuid))
        {
            voids = targetGuid;
        }
        var pretty = JsonSerializer.Serialize(root, PrettyOptions);
        return Result<StatementDetail>.Ok(new StatementDetail(record.Id, record.Stored, pretty, record.Voided, isVoiding, voids));
    }

    /// <summary>
    /// Statements stored per day of the organisation's time zone, the last <paramref name="days"/> days up
    /// to today, from the quarter-hour counts (never a COUNT over the statements).
    /// </summary>
    public async Task<Result<IReadOnlyList<DailyCount>>> DailyAsync(int days, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<IReadOnlyList<DailyCount>>.Forbidden();
        }
        var zone = (await organisation.GetAsync(cancellationToken)).TimeZone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var first = today.AddDays(1 - days);
        var from = StartOfDay(first, zone);
        var until = StartOfDay(today.AddDays(1), zone);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var buckets = await db.Set<LrsStatementCount>().AsNoTracking()
            .Where(c => c.Bucket >= from && c.Bucket < until)
            .Select(c => new { c.Bucket, c.Statements })
            .ToListAsync(cancellationToken);
        var perDay = new Dictionary<DateOnly, long>();
        foreach (var bucket in buckets)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(bucket.Bucket, zone).DateTime);
            perDay[day] = perDay.GetValueOrDefault(day) + bucket.Statements;
        }
        IReadOnlyList<DailyCount> result = Enumerable.Range(0, days).Select(i => first.AddDays(i))
            .Select(day => new DailyCount(day, perDay.GetValueOrDefault(day))).ToList();
        return Result<IReadOnlyList<DailyCount>>.Ok(result);
    }

    /// <summary>Verbs the LRS has seen, for the filter's suggestions (the first 200 by IRI).</summary>
    public async Task<IReadOnlyList<string>> KnownVerbsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<LrsVerb>().AsNoTracking().OrderBy(v => v.Iri).Select(v => v.Iri).Take(200).ToListAsync(cancellationToken);
    }

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private async Task<(string? Key, string? Label, IReadOnlyList<PersonSummary> Matches, string? Problem)> ActorAsync(
        string actor, string baseIri, CancellationToken cancellationToken)
    {
        string? json = null;
        if (actor.StartsWith('{'))
        {
            json = actor;
        }
        else if (actor.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || (actor.Contains('@', StringComparison.Ordinal) && !actor.Contains(' ', StringComparison.Ordinal)))
        {
            json = JsonSerializer.Serialize(new { mbox = actor.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? actor : "mailto:" + actor });
        }
        else if (actor.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || actor.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            json = JsonSerializer.Serialize(new { openid = actor });
        }
        if (json is not null)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var (key, error) = StatementValidator.ValidateAgentParameter(document.RootElement, "actor", allowGroup: true);
                return error is null ? (key, actor, [], null) : (null, null, [], text["Browser.ActorInvalid", error.ToString()]);
            }
            catch (JsonException)
            {
                return (null, null, [], text["Browser.ActorNotJson"]);
            }
        }
        var found = (await people.SearchAsync(actor, null, includeFormer: true, new PageRequest(1, 20), cancellationToken)).Value?.Items ?? [];
        return found.Count switch
        {
            0 => (null, null, [], text["Browser.ActorUnknown", actor]),
            1 => (LearningStatements.AgentKey(baseIri, found[0].Id), found[0].DisplayName, [], null),
            _ => (null, null, found, null),
        };
    }

    private static StatementRow Row(StatementRecord record)
    {
        using var document = JsonDocument.Parse(record.Json);
        var root = document.RootElement;
        var actor = root.TryGetProperty("actor", out var actorElement) ? AgentLabel(actorElement) : "";
        var verbId = root.GetProperty("verb").GetProperty("id").GetString() ?? "";
        var verb = root.GetProperty("verb").TryGetProperty("display", out var display) ? Pick(display) ?? verbId : verbId;
        var (objectLabel, objectId) = root.TryGetProperty("object", out var obj) ? ObjectLabel(obj) : ("", null);
        return new StatementRow(record.Id, record.Stored, actor, verbId, verb, objectLabel, objectId, record.Voided, verbId == StatementFacts.VoidedVerb);
    }

    private static string AgentLabel(JsonElement agent)
    {
        if (agent.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            return name.GetString()!;
        }
        if (agent.TryGetProperty("mbox", out var mbox))
        {
            return mbox.GetString()!;
        }
        if (agent.TryGetProperty("openid", out var openid))
        {
            return openid.GetString()!;
        }
        if (agent.TryGetProperty("account", out var account) && account.TryGetProperty("name", out var accountName))
        {
            return accountName.GetString()!;
        }
        if (agent.TryGetProperty("mbox_sha1sum", out var sha1))
        {
            return sha1.GetString()!;
        }
        return "(group)";
    }

    private static (string Label, string? Id) ObjectLabel(JsonElement obj)
    {
        var type = obj.TryGetProperty("objectType", out var objectType) ? objectType.GetString() : "Activity";
        switch (type)
        {
            case "Agent":
            case "Group":
                return (AgentLabel(obj), null);
            case "StatementRef":
                return (obj.GetProperty("id").GetString()!, null);
            case "SubStatement":
                return ("SubStatement", null);
            default:
                var id = obj.GetProperty("id").GetString()!;
                var label = obj.TryGetProperty("definition", out var definition) && definition.TryGetProperty("name", out var names) ? Pick(names) : null;
                return (label ?? id, id);
        }
    }

    /// <summary>The reader's language from a language map, else English, else the first entry.</summary>
    private static string? Pick(JsonElement map)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        string? english = null, first = null;
        foreach (var entry in map.EnumerateObject())
        {
            var value = entry.Value.GetString();
            first ??= value;
            var tag = entry.Name;
            if (tag.Equals(language, StringComparison.OrdinalIgnoreCase) || tag.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
            if (english is null && (tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase)))
            {
                english = value;
            }
        }
        return english ?? first;
    }

    private static bool IsIri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Scheme) && !value.Contains(' ', StringComparison.Ordinal);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static (DateTimeOffset, Guid)? ParseCursor(string? cursor)
    {
        var parts = cursor?.Split('.');
        return parts is { Length: 2 } && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks > 0 && ticks < DateTimeOffset.MaxValue.UtcTicks && Guid.TryParseExact(parts[1], "N", out var id)
            ? (new DateTimeOffset(ticks, TimeSpan.Zero), id)
            : null;
    }

    /// <summary>Local midnight as an instant; where a clock change skips midnight, the first moment that exists.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
