using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Guild.Web.Features.Lrs.Writing;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// The demo organisation's learning records: a year of learning acts by its people — signing in,
/// reading resources and colleagues' profiles, asking and answering, liking and commenting, registering
/// for and attending sessions — as the platform writer records them. Small: a few hundred, so the
/// statement browser and the counts have something to show. Large: 5,000,000, written straight into
/// the LRS's tables (binary COPY into freshly truncated tables with their indexes dropped and rebuilt
/// afterwards, one connection per table in parallel), with the quarter-hour counts and numbering tables
/// that the LRS's own writer would have produced.
/// </summary>
internal sealed class LrsDemoContent(GuildDb db, DatabaseInfo database, StatementWriter writer, IConfiguration configuration,
    ILogger<LrsDemoContent> logger) : IDemoContent
{
    public const int LargeStatements = 5_000_000;
    /// <summary>
    /// <c>Demo:LargeStatements</c> sets the large organisation's count (the bench's <c>STATEMENTS=20000000</c>, to show how
    /// query cost grows with the store); at most this many.
    /// </summary>
    public const int MostLargeStatements = 100_000_000;
    public const int SmallStatements = 400;

    /// <summary>After every feature: statements are about what the others made.</summary>
    public int Order => 900;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        if (context.People.Count == 0)
        {
            return;
        }
        var baseIri = await db.Set<OrganisationSettings>().AsNoTracking().Select(s => s.LearningRecordBaseIri).SingleAsync(cancellationToken);
        var plan = new DemoRecordPlan(context, baseIri, context.Size == DemoSize.Large ? LargeCount() : SmallStatements);
        var watch = Stopwatch.StartNew();
        if (db.IsPostgres)
        {
            // TRUNCATE, dropping and rebuilding indexes and ANALYZE are the tables' owner's to do: with two roles
            // (Database:MigrationsConnectionString), Guild's own role may not.
            await new PostgresDemoRecords(database.OwnerConnectionString, plan, logger).WriteAsync(cancellationToken);
        }
        else
        {
            await WriteSqliteAsync(plan, cancellationToken);
        }
        // The numbering tables were rewritten behind the writer's back: numbers it cached may now name other rows.
        writer.ForgetCaches();
        logger.LogInformation("Generated {Count} demo statements in {Seconds:0.0} s", plan.Total, watch.Elapsed.TotalSeconds);
    }

    private int LargeCount()
    {
        var configured = configuration.GetValue<int?>("Demo:LargeStatements");
        if (configured is { } count && (count < 1 || count > MostLargeStatements))
        {
            throw new InvalidOperationException($"Demo:LargeStatements must be between 1 and {MostLargeStatements:N0}; it is {count}.");
        }
        return configured ?? LargeStatements;
    }

    private async Task WriteSqliteAsync(DemoRecordPlan plan, CancellationToken cancellationToken)
    {
        var sql = new ProviderSql(false);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        async Task ExecuteAsync(string text, params (string Name, object? Value)[] parameters)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = text;
            foreach (var (name, value) in parameters)
            {
                ProviderSql.Add(command, name, value);
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        for (var i = 0; i < plan.Verbs.Count; i++)
        {
            await ExecuteAsync("INSERT INTO lrs_verbs (id, iri) VALUES (@id, @iri)", ("@id", (long)(i + 1)), ("@iri", plan.Verbs[i].Iri));
        }
        for (var i = 0; i < plan.AgentKeys.Count; i++)
        {
            await ExecuteAsync("INSERT INTO lrs_agents (id, identifier) VALUES (@id, @key)", ("@id", (long)(i + 1)), ("@key", plan.AgentKeys[i]));
        }
        var definedAt = sql.Instant(plan.Now);
        for (var i = 0; i < plan.Activities.Count; i++)
        {
            await ExecuteAsync("INSERT INTO lrs_activities (id, iri, definition, defined_at) VALUES (@id, @iri, @definition, @at)",
                ("@id", (long)(i + 1)), ("@iri", plan.ActivityId(i)), ("@definition", plan.Definition(i)), ("@at", definedAt));
        }
        await using (var statements = connection.CreateCommand())
        await using (var agents = connection.CreateCommand())
        await using (var activities = connection.CreateCommand())
        {
            statements.Transaction = agents.Transaction = activities.Transaction = transaction;
            var s = StatementRow.PrepareInsert(statements);
            var a = LinkRow.PrepareInsert(agents, LinkRow.AgentsTable, LinkRow.AgentKey);
            var b = LinkRow.PrepareInsert(activities, LinkRow.ActivitiesTable, LinkRow.ActivityKey);
            using var json = new DemoStatementJson(plan);
            foreach (var act in plan.Acts())
            {
                DemoRecordPlan.Row(act, json).Bind(s, sql);
                await statements.ExecuteNonQueryAsync(cancellationToken);
                foreach (var (agent, scope) in plan.AgentLinks(act))
                {
                    new LinkRow(agent + 1, scope, act.Stored, act.Id).Bind(a, sql);
                    await agents.ExecuteNonQueryAsync(cancellationToken);
                }
                foreach (var scope in DemoRecordPlan.ActivityScopes)
                {
                    new LinkRow(act.Activity + 1, scope, act.Stored, act.Id).Bind(b, sql);
                    await activities.ExecuteNonQueryAsync(cancellationToken);
                }
                plan.Count(act.Stored);
            }
        }
        await StatementCounts.AddAsync(connection, transaction, sql, plan.Buckets.Select(b => (b.Key, b.Value)).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await db.Database.CloseConnectionAsync();
    }
}

/// <summary>
/// What the demo's learning acts are made of, and the acts themselves: generated from a fixed seed, so
/// every pass over <see cref="Acts"/> yields the same statements (the PostgreSQL writer makes three
/// passes in parallel, one per table).
/// </summary>
internal sealed class DemoRecordPlan
{
    /// <summary>The object activity is the act's only activity: scope 0 (the writer links each activity once).</summary>
    public static readonly short[] ActivityScopes = [0];

    private static readonly string[] Topics =
    [
        "Writing headlines that work", "Podcast editing", "Data journalism basics", "SEO for editors", "Working with freelancers",
        "Fact-checking under time pressure", "Video for social media", "Accessible web pages", "Pitching to advertisers", "Negotiating rates",
        "Newsletter growth", "Dashboards in Looker", "Agile retrospectives", "GDPR in daily work", "Interview techniques",
        "Mobile photography", "Live blogging", "Subscription funnels", "A/B testing headlines", "Brand voice",
        "Customer complaints that turn around", "Excel pivot tables", "Cloud cost basics", "Phishing awareness", "Coaching conversations",
        "Feedback that lands", "Running a workshop", "Storytelling with data", "Audio mixing", "Copyright and images",
        "Writing for voice assistants", "Community moderation", "Working Out Loud", "Presenting remotely", "Design systems",
        "Product discovery", "Contract basics", "Planning a print run", "Inclusive language", "Time management for reporters",
    ];

    private static readonly (string En, string Nl)[] Formats =
    [
        ("Video", "Video"), ("Article", "Artikel"), ("Screen recording", "Schermopname"), ("Checklist", "Checklist"), ("Podcast", "Podcast"),
    ];

    /// <summary>Verbs with the kind of activity they go with and how often they happen (weights add up to 100).</summary>
    private static readonly (LearningVerb Verb, Kind Kind, int Weight)[] Mix =
    [
        (LearningVerbs.LoggedIn, Kind.Guild, 14),
        (LearningVerbs.Experienced, Kind.Resource, 28),
        (LearningVerbs.Experienced, Kind.Profile, 10),
        (LearningVerbs.Completed, Kind.Resource, 6),
        (LearningVerbs.Shared, Kind.Resource, 4),
        (LearningVerbs.Liked, Kind.Post, 9),
        (LearningVerbs.Commented, Kind.Post, 8),
        (LearningVerbs.Asked, Kind.Question, 3),
        (LearningVerbs.Answered, Kind.Question, 3),
        (LearningVerbs.Registered, Kind.Event, 5),
        (LearningVerbs.Attended, Kind.Event, 4),
        (LearningVerbs.Joined, Kind.Space, 2),
    ];

    private enum Kind { Guild, Resource, Profile, Post, Question, Event, Space }

    private readonly (int Start, int Count)[] _ranges = new (int, int)[7];
    private readonly byte[] _mixTable = new byte[100];
    private readonly int[] _mixVerbs = Mix.Select(m => LearningVerbs.All.ToList().IndexOf(m.Verb)).ToArray();
    private readonly Dictionary<long, long> _buckets = [];

    public DemoRecordPlan(DemoSeedContext context, string baseIri, int total)
    {
        BaseIri = baseIri;
        Total = total;
        Now = context.Now;
        People = context.People.Select(p => new LearningActor(p.Id, p.DisplayName)).ToList();
        Verbs = LearningVerbs.All;
        AgentKeys = People.Select(p => LearningStatements.AgentKey(baseIri, p.PersonId))
            .Append("account:" + baseIri + "|" + LearningStatements.AuthorityAccount).ToList();
        AuthorityAgent = AgentKeys.Count - 1;

        var large = context.Size == DemoSize.Large;
        var random = new Random(20261127);
        var activities = new List<LearningActivity>();
        void AddKind(Kind kind, IEnumerable<LearningActivity> items)
        {
            var start = activities.Count;
            activities.AddRange(items);
            _ranges[(int)kind] = (start, activities.Count - start);
        }
        AddKind(Kind.Guild, [LearningActivity.Guild]);
        AddKind(Kind.Resource, Enumerable.Range(0, large ? 50_000 : 60).Select(i =>
        {
            var (en, nl) = Formats[i % Formats.Length];
            var topic = Topics[(i / Formats.Length) % Topics.Length];
            var part = i / (Formats.Length * Topics.Length);
            var title = part == 0 ? topic : $"{topic} ({part + 1})";
            return new LearningActivity($"resources/{NextGuid(random):D}", LearningActivityTypes.Resource, new($"{en}: {title}", $"{nl}: {title}"));
        }));
        AddKind(Kind.Profile, People.Select(p => LearningActivity.ProfileOf(p.PersonId, p.DisplayName)));
        AddKind(Kind.Post, Enumerable.Range(0, large ? 100_000 : 80).Select(i =>
            new LearningActivity($"posts/{NextGuid(random):D}", LearningActivityTypes.Discussion,
                new($"Post about {Topics[i % Topics.Length].ToLowerInvariant()}", $"Bericht over {Topics[i % Topics.Length].ToLowerInvariant()}"))));
        AddKind(Kind.Question, Enumerable.Range(0, large ? 20_000 : 30).Select(i =>
            new LearningActivity($"asks/{NextGuid(random):D}", LearningActivityTypes.Question,
                new($"Question about {Topics[i % Topics.Length].ToLowerInvariant()}", $"Vraag over {Topics[i % Topics.Length].ToLowerInvariant()}"))));
        AddKind(Kind.Event, Enumerable.Range(0, large ? 2_000 : 12).Select(i =>
            new LearningActivity($"events/{NextGuid(random):D}", LearningActivityTypes.Meeting, i % 3 == 0
                ? new($"Workshop: {Topics[i % Topics.Length]}", $"Workshop: {Topics[i % Topics.Length]}")
                : new($"Coffee machine lecture: {Topics[i % Topics.Length]}", $"Koffieautomaatcollege: {Topics[i % Topics.Length]}"))));
        AddKind(Kind.Space, Enumerable.Range(0, large ? 200 : 8).Select(i =>
            new LearningActivity($"spaces/{NextGuid(random):D}", LearningActivityTypes.Community,
                new($"Community: {Topics[i % Topics.Length]}", $"Community: {Topics[i % Topics.Length]}"))));
        Activities = activities;

        var position = 0;
        for (var m = 0; m < Mix.Length; m++)
        {
            for (var w = 0; w < Mix[m].Weight; w++)
            {
                _mixTable[position++] = (byte)m;
            }
        }
    }

    public string BaseIri { get; }
    public int Total { get; }
    public DateTimeOffset Now { get; }
    public IReadOnlyList<LearningActor> People { get; }
    public IReadOnlyList<LearningVerb> Verbs { get; }
    public IReadOnlyList<string> AgentKeys { get; }
    public int AuthorityAgent { get; }
    public IReadOnlyList<LearningActivity> Activities { get; }

    public IEnumerable<KeyValuePair<DateTimeOffset, long>> Buckets =>
        _buckets.OrderBy(b => b.Key).Select(b => KeyValuePair.Create(new DateTimeOffset(b.Key, TimeSpan.Zero), b.Value));

    private static readonly JsonSerializerOptions DefinitionOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ActivityId(int index) => BaseIri + Activities[index].Path;

    /// <summary>The canonical definition the LRS would hold after seeing these statements.</summary>
    public string Definition(int index)
    {
        var activity = Activities[index];
        return JsonSerializer.Serialize(new { type = activity.Type, name = new { en = activity.Name.English, nl = activity.Name.Dutch } }, DefinitionOptions);
    }

    public void Count(DateTimeOffset stored)
    {
        var bucket = LrsStatementCount.BucketOf(stored).UtcTicks;
        _buckets[bucket] = _buckets.GetValueOrDefault(bucket) + 1;
    }

    /// <summary>The act's row of lrs_statements, as the LRS writer would have written it.</summary>
    public static StatementRow Row(DemoAct act, DemoStatementJson json) =>
        new(act.Id, act.Stored, act.Verb + 1, Registration: null, Voided: false, VoidsId: null, ObjectRefId: null, HasAttachments: false,
            ClientId: null, json.Document(act));

    /// <summary>Scope 0: the actor; scope 1: the authority (as the LRS writer links them: each agent once).</summary>
    public IEnumerable<(int Agent, short Scope)> AgentLinks(DemoAct act)
    {
        yield return (act.Actor, 0);
        yield return (AuthorityAgent, 1);
    }

    public LearningAct ToLearningAct(DemoAct act) =>
        new(People[act.Actor], Verbs[act.Verb], Activities[act.Activity]) { At = act.Timestamp, Language = act.Actor % 4 == 0 ? "en" : "nl" };

    /// <summary>
    /// The acts in stored order over the year before <see cref="Now"/>: weekdays busier than weekends,
    /// working hours busier than nights, a few keen people and popular activities doing most of it.
    /// </summary>
    public IEnumerable<DemoAct> Acts()
    {
        var random = new Random(424242);
        var start = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-364);
        var weights = Enumerable.Range(0, 365).Select(d => start.AddDays(d).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.15 : 1.0).ToArray();
        var sum = weights.Sum();
        var produced = 0;
        var profileRange = _ranges[(int)Kind.Profile];
        for (var day = 0; day < weights.Length; day++)
        {
            var count = day == weights.Length - 1 ? Total - produced : (int)Math.Round(Total * (weights[day] / sum));
            count = Math.Min(count, Total - produced);
            var seconds = new int[count];
            for (var i = 0; i < count; i++)
            {
                // Mostly between 07:00 and 19:00 UTC (08:00-20:00 in Amsterdam), some at any hour.
                seconds[i] = random.Next(10) < 9 ? 7 * 3600 + random.Next(12 * 3600) : random.Next(24 * 3600);
            }
            Array.Sort(seconds);
            var dayStart = start.AddDays(day);
            for (var i = 0; i < count; i++)
            {
                var timestamp = dayStart.AddSeconds(seconds[i]).AddMilliseconds(random.Next(1000));
                if (timestamp > Now)
                {
                    timestamp = Now.AddSeconds(-(count - i));
                }
                var stored = timestamp.AddMilliseconds(200 + random.Next(3000));
                var m = _mixTable[random.Next(100)];
                var mix = Mix[m];
                var (rangeStart, rangeCount) = _ranges[(int)mix.Kind];
                var actor = Skewed(random, People.Count, 1.6);
                var activity = rangeStart + Skewed(random, rangeCount, 2.5);
                if (mix.Kind == Kind.Profile && activity - profileRange.Start == actor)
                {
                    activity = profileRange.Start + (actor + 1) % profileRange.Count; // nobody's own profile
                }
                yield return new DemoAct(Uuid7(timestamp, random), timestamp, stored, _mixVerbs[m], actor, activity);
            }
            produced += count;
        }
    }

    /// <summary>0..count-1, low numbers far more likely (a few do most).</summary>
    private static int Skewed(Random random, int count, double power) => Math.Min(count - 1, (int)(count * Math.Pow(random.NextDouble(), power)));

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)(0x40 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A version 7 UUID for the instant, with random bits from the seeded generator (so every pass agrees).</summary>
    private static Guid Uuid7(DateTimeOffset at, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var ms = at.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}

internal sealed record DemoAct(Guid Id, DateTimeOffset Timestamp, DateTimeOffset Stored, int Verb, int Actor, int Activity);

/// <summary>The stored JSON of demo acts, written with one reusable buffer.</summary>
internal sealed class DemoStatementJson(DemoRecordPlan plan) : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer = new(Stream.Null, LrsJson.WriterOptions);

    public string Document(DemoAct act)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        LearningStatements.Write(_writer, plan.ToLearningAct(act), act.Id, plan.BaseIri, act.Timestamp, act.Stored);
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>
/// Bulk path for PostgreSQL: the three big tables are truncated and loaded with <c>COPY … FREEZE</c> (no
/// later vacuum freeze; with wal_level=minimal, no WAL either), each on its own connection in parallel,
/// with their indexes dropped first and rebuilt after (sorting once is far cheaper than five million
/// index insertions). Then the numbering tables, the counts, and ANALYZE.
/// </summary>
internal sealed class PostgresDemoRecords(string connectionString, DemoRecordPlan plan, ILogger logger)
{
    private static readonly string[] BigTables = ["lrs_statements", "lrs_statement_agents", "lrs_statement_activities"];

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        await using var control = new NpgsqlConnection(connectionString);
        await control.OpenAsync(cancellationToken);
        var indexes = await DropIndexesAsync(control, cancellationToken);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(
            Task.Run(() => CopyStatementsAsync(cancellationToken), cancellationToken),
            Task.Run(() => CopyLinksAsync(LinkRow.AgentsTable, LinkRow.AgentKey, act => plan.AgentLinks(act).Select(l => ((long)(l.Agent + 1), l.Scope)), cancellationToken), cancellationToken),
            Task.Run(() => CopyLinksAsync(LinkRow.ActivitiesTable, LinkRow.ActivityKey, act => DemoRecordPlan.ActivityScopes.Select(s => ((long)(act.Activity + 1), s)), cancellationToken), cancellationToken));
        logger.LogInformation("Copied {Count} statements and their links in {Seconds:0.0} s", plan.Total, watch.Elapsed.TotalSeconds);
        watch.Restart();
        await ExecuteAsync(control, "SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2", cancellationToken);
        foreach (var definition in indexes)
        {
            await ExecuteAsync(control, definition, cancellationToken);
        }
        logger.LogInformation("Rebuilt {Count} indexes in {Seconds:0.0} s", indexes.Count, watch.Elapsed.TotalSeconds);
        await WriteNumbersAsync(control, cancellationToken);
        await ExecuteAsync(control, "ANALYZE lrs_statements; ANALYZE lrs_statement_agents; ANALYZE lrs_statement_activities", cancellationToken);
    }

    /// <summary>Drops the big tables' indexes and primary keys; answers the statements that recreate them.</summary>
    private static async Task<List<string>> DropIndexesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var recreate = new List<string>();
        var drop = new List<string>();
        foreach (var table in BigTables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conrelid = @table::regclass AND c.contype = 'p'; " +
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = @table AND i.schemaname = current_schema() " +
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = @table::regclass AND c.conname = i.indexname)";
            command.Parameters.AddWithValue("table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                drop.Add($"ALTER TABLE {table} DROP CONSTRAINT \"{reader.GetString(0)}\"");
                recreate.Insert(0, $"ALTER TABLE {table} ADD CONSTRAINT \"{reader.GetString(0)}\" {reader.GetString(1)}");
            }
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                drop.Add($"DROP INDEX \"{reader.GetString(0)}\"");
                recreate.Add(reader.GetString(1));
            }
        }
        foreach (var statement in drop)
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }
        return recreate;
    }

    private async Task CopyStatementsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenForCopyAsync("lrs_statements", cancellationToken);
        using var json = new DemoStatementJson(plan);
        using (var importer = await connection.Connection.BeginBinaryImportAsync(StatementRow.CopyCommand(", FREEZE"), cancellationToken))
        {
            foreach (var act in plan.Acts())
            {
                DemoRecordPlan.Row(act, json).Write(importer);
                plan.Count(act.Stored);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await connection.Transaction.CommitAsync(cancellationToken);
    }

    private async Task CopyLinksAsync(string table, string keyColumn, Func<DemoAct, IEnumerable<(long Key, short Scope)>> links, CancellationToken cancellationToken)
    {
        await using var connection = await OpenForCopyAsync(table, cancellationToken);
        using (var importer = await connection.Connection.BeginBinaryImportAsync(LinkRow.CopyCommand(table, keyColumn, ", FREEZE"), cancellationToken))
        {
            foreach (var act in plan.Acts())
            {
                foreach (var (key, scope) in links(act))
                {
                    new LinkRow(key, scope, act.Stored, act.Id).Write(importer);
                }
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await connection.Transaction.CommitAsync(cancellationToken);
    }

    private sealed class CopyConnection(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public NpgsqlConnection Connection { get; } = connection;
        public NpgsqlTransaction Transaction { get; } = transaction;

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    /// <summary>COPY FREEZE needs the table truncated in the same transaction.</summary>
    private async Task<CopyConnection> OpenForCopyAsync(string table, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SET synchronous_commit = off", cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"TRUNCATE {table}", cancellationToken);
        return new CopyConnection(connection, transaction);
    }

    private async Task WriteNumbersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using (var importer = await connection.BeginBinaryImportAsync("COPY lrs_verbs (id, iri) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < plan.Verbs.Count; i++)
            {
                importer.StartRow();
                importer.Write((long)(i + 1), NpgsqlDbType.Bigint);
                importer.Write(plan.Verbs[i].Iri, NpgsqlDbType.Text);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        using (var importer = await connection.BeginBinaryImportAsync("COPY lrs_agents (id, identifier) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < plan.AgentKeys.Count; i++)
            {
                importer.StartRow();
                importer.Write((long)(i + 1), NpgsqlDbType.Bigint);
                importer.Write(plan.AgentKeys[i], NpgsqlDbType.Text);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        using (var importer = await connection.BeginBinaryImportAsync("COPY lrs_activities (id, iri, definition, defined_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < plan.Activities.Count; i++)
            {
                importer.StartRow();
                importer.Write((long)(i + 1), NpgsqlDbType.Bigint);
                importer.Write(plan.ActivityId(i), NpgsqlDbType.Text);
                importer.Write(plan.Definition(i), NpgsqlDbType.Jsonb);
                importer.Write(plan.Now, NpgsqlDbType.TimestampTz);
            }
            await importer.CompleteAsync(cancellationToken);
        }
        await StatementCounts.AddAsync(connection, null, new ProviderSql(true), plan.Buckets.Select(b => (b.Key, b.Value)).ToList(), cancellationToken);
        // The identity columns continue after the numbers given here.
        await ExecuteAsync(connection,
            "SELECT setval(pg_get_serial_sequence('lrs_verbs', 'id'), (SELECT max(id) FROM lrs_verbs)); " +
            "SELECT setval(pg_get_serial_sequence('lrs_agents', 'id'), (SELECT max(id) FROM lrs_agents)); " +
            "SELECT setval(pg_get_serial_sequence('lrs_activities', 'id'), (SELECT max(id) FROM lrs_activities))", cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
