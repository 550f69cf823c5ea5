using System.Data.Common;
using System.Text;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Talent;

/// <summary>What the directory is asked: every filter is optional; several values of one facet mean "any of them".</summary>
/// <param name="Query">Start of a first or last name.</param>
/// <param name="Departments">Department ids (any of them).</param>
/// <param name="Locations">Location ids (any of them).</param>
/// <param name="Languages">ISO 639-1 codes of languages spoken (any of them).</param>
/// <param name="Skill">A skill the person has.</param>
/// <param name="Component">A know-how component the person champions, or whose skills they have.</param>
/// <param name="Level">At least this level (of the skill, of the component, or of any skill when neither is given).</param>
public sealed record DirectorySearch(
    string? Query = null,
    IReadOnlyList<Guid>? Departments = null,
    IReadOnlyList<Guid>? Locations = null,
    IReadOnlyList<string>? Languages = null,
    Guid? Skill = null,
    Guid? Component = null,
    ExpertiseLevel? Level = null)
{
    internal string Term => Person.Fold(Query?.Trim() ?? "");

    internal IReadOnlyList<Guid> DepartmentIds => Departments ?? [];

    internal IReadOnlyList<Guid> LocationIds => Locations ?? [];

    internal IReadOnlyList<string> LanguageCodes => SpokenLanguages.Normalize(Languages ?? []).Where(SpokenLanguages.IsKnown).ToList();

    internal bool HasExpertiseFilter => Skill is not null || Component is not null || Level is not null;

    /// <summary>The filters as one stable string: the key of the cached facets.</summary>
    internal string Key() =>
        $"{Term}|{string.Join(',', DepartmentIds.Order())}|{string.Join(',', LocationIds.Order())}|{string.Join(',', LanguageCodes.Order(StringComparer.Ordinal))}|{Skill}|{Component}|{Level}";
}

public enum MatchReasonKind { Champion, Skill, Language, Name, Department, Location }

/// <summary>Why someone is in the results.</summary>
/// <param name="Kind">Champion (of a component), Skill, Language, Name, Department or Location.</param>
/// <param name="Subject">What it is about: the component, skill, language code, department or location.</param>
/// <param name="Level">For a champion or a skill: how well they know it.</param>
/// <param name="Endorsements">For a skill: how many colleagues endorsed it.</param>
/// <param name="Text">The reason in words, in the request's language ("Knowledge Champion for Video editing (can teach it)").</param>
public sealed record MatchReason(MatchReasonKind Kind, string Subject, ExpertiseLevel? Level, int? Endorsements, string Text);

/// <summary>A person in the directory's results.</summary>
/// <param name="Id">The person's id (<c>/api/v1/people/{id}</c>).</param>
/// <param name="DisplayName">Given and family name.</param>
/// <param name="JobTitle">Job title, if HR gave one.</param>
/// <param name="Department">Department name, if any.</param>
/// <param name="Location">Location name, if any.</param>
/// <param name="HasPhoto">Whether <c>/people/{id}/photo</c> has a photo.</param>
/// <param name="IsGuest">True for people of a partner organisation.</param>
/// <param name="Languages">Languages they speak (ISO 639-1).</param>
/// <param name="Reasons">Why they match, most telling first.</param>
public sealed record DirectoryPerson(Guid Id, string DisplayName, string? JobTitle, string? Department, string? Location, bool HasPhoto,
    bool IsGuest, IReadOnlyList<string> Languages, IReadOnlyList<MatchReason> Reasons);

/// <summary>One value of a facet and how many people of the results have it.</summary>
/// <param name="Value">The value to filter by: an id, a language code or a level.</param>
/// <param name="Label">The value in words.</param>
/// <param name="Count">How many people match with this value (the other facets' filters applied; for levels: at least this level).</param>
/// <param name="Selected">Whether the search filters by it now.</param>
public sealed record FacetValue(string Value, string Label, int Count, bool Selected);

/// <summary>Counts per facet value over the people that match.</summary>
/// <param name="Departments">Per department.</param>
/// <param name="Locations">Per location.</param>
/// <param name="Languages">Per language spoken.</param>
/// <param name="Levels">Per level: people who know the chosen skill or component (or any skill) at least that well.</param>
/// <param name="Skills">The most frequent skills (up to 12).</param>
/// <param name="Components">The components with the most champions among them (up to 12).</param>
public sealed record DirectoryFacets(
    IReadOnlyList<FacetValue> Departments, IReadOnlyList<FacetValue> Locations, IReadOnlyList<FacetValue> Languages,
    IReadOnlyList<FacetValue> Levels, IReadOnlyList<FacetValue> Skills, IReadOnlyList<FacetValue> Components);

/// <summary>An answer of the directory: a page of people with their reasons, and the facets of all who match.</summary>
/// <param name="People">The page of people, by family name.</param>
/// <param name="Facets">Counts per facet value over everyone who matches.</param>
public sealed record DirectoryResult(Paged<DirectoryPerson> People, DirectoryFacets Facets);

/// <summary>
/// The talent directory: who knows what, by name, skill, component, level, department, location and language. Built for
/// 100,000 people: the page of people and their reasons are one round trip (two statements in one command); the facets,
/// GROUP BYs over everyone who matches, are a second one and are kept for <see cref="FacetsFor"/> per filter set, so a
/// popular search costs one round trip. Hand-written SQL because the facets and the language column (a comma-joined
/// list) need what LINQ cannot say; the few differences between the providers are in <see cref="Dialect"/>.
/// Read while pages render: each call takes its own pooled context.
/// </summary>
public sealed class TalentDirectory(
    IDbContextFactory<GuildDb> contexts, CurrentPerson me, IMemoryCache cache, TimeProvider clock,
    IStringLocalizer<TalentText> text, IStringLocalizer<ExpertiseText> levels)
{
    /// <summary>Facet counts may be this old: they are counts over many rows and people come and go slowly.</summary>
    internal static readonly TimeSpan FacetsFor = TimeSpan.FromSeconds(30);

    private const int TopValues = 12;

    public async Task<Result<DirectoryResult>> SearchAsync(DirectorySearch search, PageRequest page, CancellationToken cancellationToken)
    {
        // Same rule as the people list: partner guests do not browse the organisation's people.
        if (!me.IsInRole(Roles.Employee))
        {
            return Result<DirectoryResult>.Forbidden();
        }
        if (search.Level is { } wanted && !Enum.IsDefined(wanted))
        {
            return Result<DirectoryResult>.Invalid("level", text["LevelUnknown"]);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sql = new Dialect(db.IsPostgres);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var facets = cache.GetOrCreate($"talent:facets:{search.Key()}", entry =>
            {
                // A filter set nobody asked for in a while is forgotten; a popular one is refreshed in the background.
                entry.SlidingExpiration = TimeSpan.FromMinutes(5);
                return new KeptFacets();
            })!;
            var (rows, reasons) = await PageAsync(connection, sql, search, page, cancellationToken);
            var cached = await facets.GetAsync(clock.GetUtcNow(), () => FacetsAsync(search));
            // The total comes with the facets; a page of a cached total can hold fewer people than it said (someone
            // left meanwhile), never a person who does not match.
            var total = Math.Max(cached.Total, page.Skip + rows.Count);
            var people = rows.Select(row => ToPerson(row, reasons, search)).ToList();
            return Result<DirectoryResult>.Ok(new DirectoryResult(new Paged<DirectoryPerson>(people, page.Page, page.PageSize, total), Label(cached, search)));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed record PersonRow(Guid Id, string GivenName, string FamilyName, string? JobTitle, string? Department, string? Location,
        bool HasPhoto, bool IsGuest, string Languages);

    private sealed record ReasonRow(string Kind, Guid PersonId, string Subject, string Level, int Endorsements);

    private sealed record FacetRow(string Facet, string? Value, string? Label, int Count);

    private sealed record RawFacets(int Total, IReadOnlyList<FacetRow> Rows);

    /// <summary>
    /// The page of people, then the expertise that explains them: champion rows and skills with their endorsement
    /// counts (of the chosen skill or component; otherwise all of theirs, and the page keeps the best).
    /// </summary>
    private static async Task<(List<PersonRow> Rows, List<ReasonRow> Reasons)> PageAsync(
        DbConnection connection, Dialect sql, DirectorySearch search, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var where = Filters(command, sql, search, except: null);
        ProviderSql.Add(command, "@take", page.PageSize);
        ProviderSql.Add(command, "@skip", page.Skip);
        command.CommandText = $"""
            SELECT p.id, p.given_name, p.family_name, p.job_title, d.name, l.name, p.photo_key, p.partner_organisation, p.languages
            FROM people p LEFT JOIN org_units d ON d.id = p.department_id LEFT JOIN org_units l ON l.id = p.location_id
            WHERE {where} ORDER BY p.sort_key, p.id LIMIT @take OFFSET @skip
            """;
        var rows = new List<PersonRow>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new PersonRow(sql.ReadUuid(reader, 0), reader.GetString(1), reader.GetString(2), NullableString(reader, 3), NullableString(reader, 4),
                    NullableString(reader, 5), !reader.IsDBNull(6), !reader.IsDBNull(7), reader.IsDBNull(8) ? "" : reader.GetString(8)));
            }
        }
        var reasons = new List<ReasonRow>();
        if (rows.Count == 0)
        {
            return (rows, reasons);
        }
        // The expertise that explains the page, by its ids (a few dozen index lookups; recomputing the page in the same
        // statement cost more than this second, short round trip).
        await using var explain = connection.CreateCommand();
        var ids = List(explain, sql, "id", rows.Select(r => r.Id).ToList());
        if (search.Skill is { } skill)
        {
            ProviderSql.Add(explain, "@skill", sql.Uuid(skill));
        }
        if (search.Component is { } component)
        {
            ProviderSql.Add(explain, "@component", sql.Uuid(component));
        }
        var skillScope = search.Skill is not null ? "s.skill_id = @skill"
            : search.Component is not null ? "s.skill_id IN (SELECT cs.skill_id FROM component_skills cs WHERE cs.component_id = @component)"
            : "1 = 1";
        var championScope = search.Skill is not null ? "1 = 0" : search.Component is not null ? "c.component_id = @component" : "1 = 1";
        explain.CommandText = $"""
            SELECT 'champion', c.person_id, k.name, c.level, 0
            FROM component_champions c JOIN components k ON k.id = c.component_id
            WHERE c.person_id IN ({ids}) AND c.ended_at IS NULL AND k.archived_at IS NULL AND {championScope}
            UNION ALL
            SELECT 'skill', s.person_id, sk.name, s.level,
                   (SELECT COUNT(*) FROM endorsements e WHERE e.person_id = s.person_id AND e.skill_id = s.skill_id)
            FROM person_skills s JOIN skills sk ON sk.id = s.skill_id
            WHERE s.person_id IN ({ids}) AND {skillScope}
            """;
        await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                reasons.Add(new ReasonRow(reader.GetString(0), sql.ReadUuid(reader, 1), reader.GetString(2), reader.GetString(3),
                    Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        return (rows, reasons);
    }

    /// <summary>
    /// Every facet in one statement (UNION ALL of GROUP BYs). Department, location, language and level count over the
    /// people who match every other filter (so a ticked department still shows what ticking another would add);
    /// skills and components over everyone who matches.
    /// </summary>
    /// <summary>
    /// The facets of one filter set as last counted. One count runs at a time whoever asks (32 searches arriving together
    /// used to start 32 counts over everyone), and once the counts are older than <see cref="FacetsFor"/> the old ones
    /// still answer while one search counts again, so no search waits for a recount but the first.
    /// </summary>
    private sealed class KeptFacets
    {
        private readonly Lock _lock = new();
        private RawFacets? _value;
        private DateTimeOffset _countedAt;
        private Task<RawFacets>? _counting;

        public Task<RawFacets> GetAsync(DateTimeOffset now, Func<Task<RawFacets>> count)
        {
            lock (_lock)
            {
                if (_value is { } value && now - _countedAt < FacetsFor)
                {
                    return Task.FromResult(value);
                }
                // On the thread pool: the count's first steps (a pooled connection) never run under the lock.
                _counting ??= Task.Run(() => CountAsync(now, count));
                return _value is { } stale ? Task.FromResult(stale) : _counting;
            }
        }

        private async Task<RawFacets> CountAsync(DateTimeOffset now, Func<Task<RawFacets>> count)
        {
            try
            {
                var value = await count();
                lock (_lock)
                {
                    (_value, _countedAt) = (value, now);
                }
                return value;
            }
            finally
            {
                lock (_lock)
                {
                    _counting = null;
                }
            }
        }
    }

    /// <summary>Counts on a context of its own: the count outlives the search that started it and serves others.</summary>
    private async Task<RawFacets> FacetsAsync(DirectorySearch search)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(CancellationToken.None);
        try
        {
            return await FacetsAsync(connection, new Dialect(db.IsPostgres), search, CancellationToken.None);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<RawFacets> FacetsAsync(DbConnection connection, Dialect sql, DirectorySearch search, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var all = Filters(command, sql, search, except: null);
        var exceptDepartment = Filters(command, sql, search, except: "department");
        var exceptLocation = Filters(command, sql, search, except: "location");
        var exceptLanguage = Filters(command, sql, search, except: "language");
        var exceptLevel = Filters(command, sql, search, except: "level");
        var skillScope = search.Skill is not null ? "s.skill_id = @skill"
            : search.Component is not null ? "s.skill_id IN (SELECT cs.skill_id FROM component_skills cs WHERE cs.component_id = @component)"
            : "1 = 1";
        var championScope = search.Skill is not null ? "1 = 0" : search.Component is not null ? "c.component_id = @component" : "1 = 1";
        command.CommandText = $"""
            SELECT 'total', NULL, NULL, COUNT(*) FROM people p WHERE {all}
            UNION ALL
            SELECT 'department', {sql.Text("p.department_id")}, MIN(u.name), COUNT(*)
            FROM people p JOIN org_units u ON u.id = p.department_id WHERE {exceptDepartment} GROUP BY p.department_id
            UNION ALL
            SELECT 'location', {sql.Text("p.location_id")}, MIN(u.name), COUNT(*)
            FROM people p JOIN org_units u ON u.id = p.location_id WHERE {exceptLocation} GROUP BY p.location_id
            UNION ALL
            SELECT 'language', {sql.LanguageColumn}, NULL, COUNT(*) FROM {sql.PeopleWithLanguages} WHERE {exceptLanguage} GROUP BY {sql.LanguageColumn}
            UNION ALL
            SELECT 'level', {sql.Text("best.rank")}, NULL, COUNT(*) FROM (
                SELECT x.person_id, MAX(x.rank) AS rank FROM (
                    SELECT s.person_id, {Rank("s.level")} AS rank FROM person_skills s WHERE {skillScope}
                    UNION ALL
                    SELECT c.person_id, {Rank("c.level")} FROM component_champions c WHERE c.ended_at IS NULL AND {championScope}
                ) x JOIN people p ON p.id = x.person_id WHERE {exceptLevel} GROUP BY x.person_id
            ) best GROUP BY best.rank
            UNION ALL
            SELECT * FROM (
                SELECT 'skill', {sql.Text("s.skill_id")}, MIN(sk.name), COUNT(*)
                FROM person_skills s JOIN people p ON p.id = s.person_id JOIN skills sk ON sk.id = s.skill_id
                WHERE {all} GROUP BY s.skill_id ORDER BY COUNT(*) DESC, MIN(sk.name) LIMIT {TopValues}) top_skills
            UNION ALL
            SELECT * FROM (
                SELECT 'component', {sql.Text("c.component_id")}, MIN(k.name), COUNT(*)
                FROM component_champions c JOIN people p ON p.id = c.person_id JOIN components k ON k.id = c.component_id
                WHERE c.ended_at IS NULL AND k.archived_at IS NULL AND {all} GROUP BY c.component_id ORDER BY COUNT(*) DESC, MIN(k.name) LIMIT {TopValues}) top_components
            """;
        var rows = new List<FacetRow>();
        var total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = Convert.ToInt32(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
            var facet = reader.GetString(0);
            if (facet == "total")
            {
                total = count;
                continue;
            }
            rows.Add(new FacetRow(facet, NullableString(reader, 1), NullableString(reader, 2), count));
        }
        return new RawFacets(total, rows);
    }

    /// <summary>
    /// The WHERE clause of a search (adding its parameters once), optionally without one facet's own filter.
    /// Parameters are named per filter, so the several clauses of one command share them.
    /// </summary>
    private static string Filters(DbCommand command, Dialect sql, DirectorySearch search, string? except)
    {
        var clauses = new List<string> { ActivePeople.Sql };
        if (search.Term.Length > 0)
        {
            Once(command, "@name", EscapeLike(search.Term) + "%");
            clauses.Add(@"(p.search_name LIKE @name ESCAPE '\' OR p.sort_key LIKE @name ESCAPE '\')");
        }
        if (except != "department" && search.DepartmentIds.Count > 0)
        {
            clauses.Add($"p.department_id IN ({List(command, sql, "d", search.DepartmentIds)})");
        }
        if (except != "location" && search.LocationIds.Count > 0)
        {
            clauses.Add($"p.location_id IN ({List(command, sql, "l", search.LocationIds)})");
        }
        if (except != "language" && search.LanguageCodes.Count > 0)
        {
            var codes = search.LanguageCodes.Select((code, i) =>
            {
                Once(command, $"@lang{i}", $"%,{code},%");
                return $"(',' || p.languages || ',') LIKE @lang{i}";
            });
            clauses.Add($"({string.Join(" OR ", codes)})");
        }
        var level = except == "level" ? null : search.Level;
        if (search.Skill is { } skill)
        {
            Once(command, "@skill", sql.Uuid(skill));
        }
        if (search.Component is { } component)
        {
            Once(command, "@component", sql.Uuid(component));
        }
        if (search.Skill is not null || search.Component is not null || level is not null)
        {
            var atLeast = string.Join(", ", Enum.GetValues<ExpertiseLevel>().Where(l => l >= (level ?? ExpertiseLevel.UsesIt)).Select(l => $"'{l}'"));
            var skillScope = search.Skill is not null ? "s.skill_id = @skill"
                : search.Component is not null ? "s.skill_id IN (SELECT cs.skill_id FROM component_skills cs WHERE cs.component_id = @component)"
                : "1 = 1";
            if (search.Skill is not null || search.Component is not null)
            {
                // A skill or a component names few people: find them through person_skills' (skill, level, person)
                // index and champions' (component, person) index, then sort that set (a hash semi-join), rather than
                // walking everyone in name order and probing for each.
                var who = $"SELECT s.person_id FROM person_skills s WHERE {skillScope} AND s.level IN ({atLeast})";
                if (search.Skill is null)
                {
                    who += $" UNION SELECT c.person_id FROM component_champions c WHERE c.component_id = @component AND c.ended_at IS NULL AND c.level IN ({atLeast})";
                }
                clauses.Add($"p.id IN ({who})");
            }
            else
            {
                // A level alone matches most people: walking in name order finds a page's worth at once.
                clauses.Add($"(EXISTS (SELECT 1 FROM person_skills s WHERE s.person_id = p.id AND s.level IN ({atLeast})) " +
                            $"OR EXISTS (SELECT 1 FROM component_champions c WHERE c.person_id = p.id AND c.ended_at IS NULL AND c.level IN ({atLeast})))");
            }
        }
        return string.Join(" AND ", clauses);
    }

    private static string Rank(string column) => $"CASE {column} WHEN 'CanTeachIt' THEN 3 WHEN 'CanExplainIt' THEN 2 ELSE 1 END";

    private static void Once(DbCommand command, string name, object value)
    {
        if (!command.Parameters.Contains(name))
        {
            ProviderSql.Add(command, name, value);
        }
    }

    private static string List(DbCommand command, Dialect sql, string prefix, IReadOnlyList<Guid> ids)
    {
        var names = new List<string>();
        for (var i = 0; i < ids.Count; i++)
        {
            Once(command, $"@{prefix}{i}", sql.Uuid(ids[i]));
            names.Add($"@{prefix}{i}");
        }
        return string.Join(", ", names);
    }

    private static string EscapeLike(string term)
    {
        var builder = new StringBuilder(term.Length);
        foreach (var c in term)
        {
            if (c is '%' or '_' or '\\')
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private DirectoryPerson ToPerson(PersonRow row, List<ReasonRow> reasonRows, DirectorySearch search)
    {
        var languages = row.Languages.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var reasons = new List<MatchReason>();
        var mine = reasonRows.Where(r => r.PersonId == row.Id).ToList();
        foreach (var champion in mine.Where(r => r.Kind == "champion").OrderByDescending(r => LevelOf(r.Level)).ThenBy(r => r.Subject, StringComparer.CurrentCulture).Take(3))
        {
            var level = LevelOf(champion.Level);
            reasons.Add(new MatchReason(MatchReasonKind.Champion, champion.Subject, level, null,
                text["Reason.Champion", champion.Subject, text[$"Reason.Level.{level}"]]));
        }
        // Without a skill or component to explain, the best-endorsed skills tell most about someone.
        foreach (var skill in mine.Where(r => r.Kind == "skill").OrderByDescending(r => LevelOf(r.Level)).ThenByDescending(r => r.Endorsements)
                     .ThenBy(r => r.Subject, StringComparer.CurrentCulture).Take(search.Skill is null && search.Component is null ? 3 : 5))
        {
            var level = LevelOf(skill.Level);
            var words = skill.Endorsements == 1 ? text["Reason.SkillOneEndorsement", skill.Subject, text[$"Reason.Level.{level}"]]
                : skill.Endorsements > 1 ? text["Reason.SkillEndorsements", skill.Subject, text[$"Reason.Level.{level}"], skill.Endorsements]
                : text["Reason.Skill", skill.Subject, text[$"Reason.Level.{level}"]];
            reasons.Add(new MatchReason(MatchReasonKind.Skill, skill.Subject, level, skill.Endorsements, words));
        }
        foreach (var code in search.LanguageCodes.Where(languages.Contains))
        {
            reasons.Add(new MatchReason(MatchReasonKind.Language, code, null, null, text["Reason.Language", SpokenLanguages.NativeName(code)]));
        }
        if (search.DepartmentIds.Count > 0 && row.Department is { } department)
        {
            reasons.Add(new MatchReason(MatchReasonKind.Department, department, null, null, text["Reason.Department", department]));
        }
        if (search.LocationIds.Count > 0 && row.Location is { } location)
        {
            reasons.Add(new MatchReason(MatchReasonKind.Location, location, null, null, text["Reason.Location", location]));
        }
        var name = $"{row.GivenName} {row.FamilyName}";
        if (search.Term.Length > 0)
        {
            reasons.Add(new MatchReason(MatchReasonKind.Name, name, null, null, text["Reason.Name", search.Query!.Trim()]));
        }
        return new DirectoryPerson(row.Id, name, row.JobTitle, row.Department, row.Location, row.HasPhoto, row.IsGuest, languages, reasons);
    }

    private static ExpertiseLevel LevelOf(string stored) => Enum.TryParse<ExpertiseLevel>(stored, out var level) ? level : ExpertiseLevel.UsesIt;

    private DirectoryFacets Label(RawFacets raw, DirectorySearch search)
    {
        IReadOnlyList<FacetValue> Of(string facet, Func<FacetRow, string> label, Func<string, bool> selected) =>
            raw.Rows.Where(r => r.Facet == facet && r.Value is not null)
                .Select(r => new FacetValue(Normalise(r.Value!), label(r), r.Count, selected(Normalise(r.Value!))))
                .OrderByDescending(v => v.Count).ThenBy(v => v.Label, StringComparer.CurrentCulture).ToList();
        // Counts per best level become "at least this level": people who can teach it also can explain it.
        var perRank = raw.Rows.Where(r => r.Facet == "level" && int.TryParse(r.Value, out _))
            .ToDictionary(r => int.Parse(r.Value!, System.Globalization.CultureInfo.InvariantCulture), r => r.Count);
        var levelValues = Enum.GetValues<ExpertiseLevel>()
            .Select(level => new FacetValue(level.ToString(), levels[$"Level.{level}"], perRank.Where(p => p.Key >= (int)level).Sum(p => p.Value), search.Level == level))
            .ToList();
        return new DirectoryFacets(
            Of("department", r => r.Label ?? "", v => search.DepartmentIds.Any(id => Normalise(id.ToString()) == v)),
            Of("location", r => r.Label ?? "", v => search.LocationIds.Any(id => Normalise(id.ToString()) == v)),
            Of("language", r => SpokenLanguages.NativeName(r.Value!), v => search.LanguageCodes.Contains(v)),
            levelValues,
            Of("skill", r => r.Label ?? "", v => search.Skill is { } s && Normalise(s.ToString()) == v),
            Of("component", r => r.Label ?? "", v => search.Component is { } c && Normalise(c.ToString()) == v));
    }

    /// <summary>Ids come back as text (upper case on SQLite): one spelling for links and comparisons.</summary>
    private static string Normalise(string value) => Guid.TryParse(value, out var id) ? id.ToString() : value;

    /// <summary>The differences between PostgreSQL and SQLite that the directory's SQL meets.</summary>
    private sealed class Dialect(bool isPostgres)
    {
        private readonly ProviderSql _sql = new(isPostgres);

        public object Uuid(Guid id) => _sql.Uuid(id);

        public Guid ReadUuid(DbDataReader reader, int ordinal) => _sql.ReadUuid(reader, ordinal);

        public string Text(string column) => isPostgres ? $"CAST({column} AS text)" : $"CAST({column} AS TEXT)";

        /// <summary>People joined with each language they speak (the column is a comma-joined list of codes).</summary>
        public string PeopleWithLanguages => isPostgres
            ? "people p CROSS JOIN LATERAL unnest(string_to_array(p.languages, ',')) AS lang(code)"
            : "people p JOIN json_each('[\"' || replace(p.languages, ',', '\",\"') || '\"]') AS lang ON p.languages <> ''";

        public string LanguageColumn => isPostgres ? "lang.code" : "lang.value";
    }
}
