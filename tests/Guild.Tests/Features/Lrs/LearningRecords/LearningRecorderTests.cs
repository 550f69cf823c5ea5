using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Lrs.LearningRecords;

/// <summary>
/// The platform's one writer: acts that pages record wait durably in the outbox and become valid xAPI
/// statements in the LRS when the worker runs, with the person's account, an ADL verb and an activity
/// under the organisation's base IRI.
/// </summary>
public abstract class LearningRecorderTests(GuildApp app)
{
    [Fact]
    public async Task Signing_in_with_a_password_is_stored_as_logged_in_to_Guild_once_the_worker_runs()
    {
        var person = await app.CreatePersonAsync("Lotte", "Login " + Guid.NewGuid().ToString("N")[..6]);
        using var client = app.CreateGuildClient();
        await client.SignInAsync(person.Email, GuildApp.Password);
        using var lrs = await app.CreateLrsClientAsync();
        var baseIri = await app.BaseIriAsync();
        var agent = LearningRecordsTesting.PersonAgent(baseIri, person.Id);

        // Recorded durably, but not yet a statement: the page never waits for the LRS.
        Assert.Empty(await lrs.StatementsAsync(agent: agent));
        Assert.True(await app.StoreLearningActsAsync() >= 1);

        var statements = await lrs.StatementsAsync(agent: agent, verb: LearningVerbs.LoggedIn.Iri);
        var statement = Assert.Single(statements)!;
        Assert.Equal(baseIri, (string?)statement["actor"]!["account"]!["homePage"]);
        Assert.Equal(person.Id.ToString("D"), (string?)statement["actor"]!["account"]!["name"]);
        Assert.Equal(person.Name, (string?)statement["actor"]!["name"]);
        Assert.Equal("https://w3id.org/xapi/adl/verbs/logged-in", (string?)statement["verb"]!["id"]);
        Assert.Equal("logged in to", (string?)statement["verb"]!["display"]!["en"]);
        Assert.False(string.IsNullOrEmpty((string?)statement["verb"]!["display"]!["nl"]));
        Assert.Equal(baseIri, (string?)statement["object"]!["id"]);
        Assert.Equal(LearningActivityTypes.Application, (string?)statement["object"]!["definition"]!["type"]);
        Assert.Equal(LearningStatements.AuthorityAccount, (string?)statement["authority"]!["account"]!["name"]);
        AssertValid(statement);
    }

    [Fact]
    public async Task Viewing_a_colleagues_profile_is_stored_as_experienced_their_profile()
    {
        var colleague = await app.CreatePersonAsync("Priya", "Profile " + Guid.NewGuid().ToString("N")[..6]);
        var (viewer, me) = await app.SignedInAsync();
        await viewer.GetPageAsync($"/people/{colleague.Id}");
        await app.StoreLearningActsAsync();

        using var lrs = await app.CreateLrsClientAsync();
        var baseIri = await app.BaseIriAsync();
        var profileId = $"{baseIri}people/{colleague.Id:D}";
        var statements = await lrs.StatementsAsync(agent: LearningRecordsTesting.PersonAgent(baseIri, me.Id), activity: profileId);
        var statement = Assert.Single(statements)!;
        Assert.Equal(LearningVerbs.Experienced.Iri, (string?)statement["verb"]!["id"]);
        Assert.Equal(LearningActivityTypes.Profile, (string?)statement["object"]!["definition"]!["type"]);
        Assert.Equal($"Profile of {colleague.Name}", (string?)statement["object"]!["definition"]!["name"]!["en"]);
        Assert.Equal($"Profiel van {colleague.Name}", (string?)statement["object"]!["definition"]!["name"]!["nl"]);
        Assert.Equal("en", (string?)statement["context"]!["language"]);
        AssertValid(statement);
    }

    [Fact]
    public async Task Looking_at_a_colleagues_profile_again_the_same_day_is_recorded_once_and_again_the_next_day()
    {
        var colleague = await app.CreatePersonAsync("Ravi", "Again " + Guid.NewGuid().ToString("N")[..6]);
        var (viewer, me) = await app.SignedInAsync();
        await viewer.GetPageAsync($"/people/{colleague.Id}");
        await viewer.GetPageAsync($"/people/{colleague.Id}");
        await app.StoreLearningActsAsync();

        using var lrs = await app.CreateLrsClientAsync();
        var baseIri = await app.BaseIriAsync();
        var agent = LearningRecordsTesting.PersonAgent(baseIri, me.Id);
        var profileId = $"{baseIri}people/{colleague.Id:D}";
        Assert.Single(await lrs.StatementsAsync(agent: agent, activity: profileId));

        app.Clock.Advance(TimeSpan.FromDays(1));
        await viewer.GetPageAsync($"/people/{colleague.Id}");
        await app.StoreLearningActsAsync();
        Assert.Equal(2, (await lrs.StatementsAsync(agent: agent, activity: profileId)).Count);
    }

    [Fact]
    public async Task Viewing_your_own_profile_records_nothing()
    {
        var (client, me) = await app.SignedInAsync();
        await client.GetPageAsync($"/people/{me.Id}");
        await app.StoreLearningActsAsync();
        using var lrs = await app.CreateLrsClientAsync();
        var baseIri = await app.BaseIriAsync();
        Assert.Empty(await lrs.StatementsAsync(activity: $"{baseIri}people/{me.Id:D}"));
    }

    [Fact]
    public async Task An_act_waits_in_the_outbox_until_stored_and_then_leaves_it()
    {
        var person = await app.CreatePersonAsync();
        var id = await app.RecordAsync(Act(person, LearningVerbs.Shared, LearningActivity.Resource(Guid.NewGuid(), "Writing headlines that work")));
        Assert.NotNull(id);
        var waiting = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Contains(id.Value.ToString("D"), waiting.Statement, StringComparison.Ordinal);

        await app.StoreLearningActsAsync();

        Assert.False(await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AnyAsync(e => e.Id == id)));
        using var lrs = await app.CreateLrsClientAsync();
        var stored = await lrs.GetJsonAsync($"/xapi/statements?statementId={id}");
        Assert.Equal(LearningVerbs.Shared.Iri, (string?)stored["verb"]!["id"]);
    }

    [Fact]
    public async Task An_act_with_a_result_is_stored_with_its_score_response_and_progress()
    {
        var person = await app.CreatePersonAsync();
        var resource = LearningActivity.Resource(Guid.NewGuid(), "Cutting a vertical video");
        var rated = await app.RecordAsync(Act(person, LearningVerbs.Rated, resource) with
        {
            Result = new LearningResult { ScaledScore = 1, Success = true, Response = "my first reel" },
        });
        var watched = await app.RecordAsync(Act(person, LearningVerbs.Progressed, resource) with
        {
            Result = new LearningResult { Progress = 0.456 },
        });
        await app.StoreLearningActsAsync();

        using var lrs = await app.CreateLrsClientAsync();
        var rating = await lrs.GetJsonAsync($"/xapi/statements?statementId={rated}");
        Assert.Equal(1, (double)rating["result"]!["score"]!["scaled"]!);
        Assert.True((bool)rating["result"]!["success"]!);
        Assert.Equal("my first reel", (string?)rating["result"]!["response"]);
        AssertValid(rating);
        var progress = await lrs.GetJsonAsync($"/xapi/statements?statementId={watched}");
        Assert.Equal(46, (int)progress["result"]!["extensions"]![LearningResult.ProgressExtension]!);
        AssertValid(progress);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LearningResult { ScaledScore = 2 });
    }

    [Fact]
    public async Task Nothing_is_lost_when_storing_fails_once_the_batch_is_retried_after_a_back_off()
    {
        var person = await app.CreatePersonAsync();
        var id = (await app.RecordAsync(Act(person, LearningVerbs.Completed, LearningActivity.Resource(Guid.NewGuid(), "Podcast editing"))))!.Value;
        var worker = app.Services.GetRequiredService<LearningActsWorker>();

        // The LRS's database is unavailable for one attempt.
        var failures = 0;
        await worker.RunOnceAsync(CancellationToken.None, (_, _) =>
        {
            failures++;
            throw new InvalidOperationException("The database is unavailable.");
        });
        Assert.Equal(1, failures);
        var waiting = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AsNoTracking().SingleAsync(e => e.Id == id));
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal("The database is unavailable.", waiting.LastError);
        Assert.True(waiting.RunAfter > app.Clock.GetUtcNow());

        // Not before the back-off has passed...
        await app.StoreLearningActsAsync();
        Assert.True(await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AnyAsync(e => e.Id == id)));

        // ...and then stored, exactly once.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.StoreLearningActsAsync();
        Assert.False(await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AnyAsync(e => e.Id == id)));
        using var lrs = await app.CreateLrsClientAsync();
        var stored = await lrs.GetJsonAsync($"/xapi/statements?statementId={id}");
        Assert.Equal(id.ToString("D"), (string?)stored["id"]);
    }

    [Fact]
    public async Task Storing_an_act_again_after_a_crash_between_store_and_delete_changes_nothing()
    {
        var person = await app.CreatePersonAsync();
        var id = (await app.RecordAsync(Act(person, LearningVerbs.Liked, LearningActivity.Resource(Guid.NewGuid(), "Mobile photography"))))!.Value;
        var row = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AsNoTracking().SingleAsync(e => e.Id == id));
        await app.StoreLearningActsAsync();

        // The node died after the LRS committed and before the row was deleted: the row comes back.
        await app.WithDbAsync(async db =>
        {
            db.Add(new LearningActOutboxEntry { Id = row.Id, Statement = row.Statement, RecordedAt = row.RecordedAt, RunAfter = row.RunAfter });
            await db.SaveChangesAsync();
        });
        await app.StoreLearningActsAsync();

        Assert.False(await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AnyAsync(e => e.Id == id)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<StoredStatement>().CountAsync(s => s.Id == id)));
    }

    [Fact]
    public async Task A_statement_the_LRS_refuses_is_set_aside_with_the_reason_and_the_rest_of_its_batch_is_stored()
    {
        var person = await app.CreatePersonAsync();
        var good = (await app.RecordAsync(Act(person, LearningVerbs.Attended, new LearningActivity($"events/{Guid.NewGuid():D}", LearningActivityTypes.Meeting, new("Coffee lecture", "Koffiecollege")))))!.Value;
        var bad = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            db.Add(new LearningActOutboxEntry
            {
                Id = bad,
                Statement = $$$"""{"id":"{{{bad}}}","actor":{"mbox":"not-an-address"},"verb":{"id":"http://adlnet.gov/expapi/verbs/attended"},"object":{"id":"http://example.com/x"}}""",
                RecordedAt = app.Clock.GetUtcNow(),
                RunAfter = app.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        });

        await app.StoreLearningActsAsync();

        var aside = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AsNoTracking().SingleAsync(e => e.Id == bad));
        Assert.NotNull(aside.RejectedAt);
        Assert.Contains("actor.mbox", aside.LastError, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AnyAsync(e => e.Id == good)));
        Assert.True(await app.WithDbAsync(db => db.Set<StoredStatement>().AnyAsync(s => s.Id == good)));

        // Set aside means out of the way: later runs leave it alone.
        await app.StoreLearningActsAsync();
        Assert.Equal(aside.Attempts, (await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().AsNoTracking().SingleAsync(e => e.Id == bad))).Attempts);
        await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().Where(e => e.Id == bad).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task An_act_added_to_a_unit_of_work_exists_only_if_the_work_is_saved()
    {
        var person = await app.CreatePersonAsync();
        var recorder = app.Services.GetRequiredService<LearningRecorder>();
        var rolledBack = await app.WithDbAsync(db => recorder.AddAsync(db, Act(person, LearningVerbs.Asked, Question())));
        var saved = await app.WithDbAsync(async db =>
        {
            var id = await recorder.AddAsync(db, Act(person, LearningVerbs.Asked, Question()));
            await db.SaveChangesAsync();
            return id;
        });
        await app.StoreLearningActsAsync();
        Assert.False(await app.WithDbAsync(db => db.Set<StoredStatement>().AnyAsync(s => s.Id == rolledBack)));
        Assert.True(await app.WithDbAsync(db => db.Set<StoredStatement>().AnyAsync(s => s.Id == saved)));
    }

    [Fact]
    public async Task Many_acts_recorded_at_once_are_appended_in_group_commits_and_all_stored()
    {
        var person = await app.CreatePersonAsync();
        var acts = Enumerable.Range(0, 300).Select(i => Act(person, LearningVerbs.Experienced, LearningActivity.Resource(Guid.NewGuid(), $"Resource {i}")));
        var ids = await Task.WhenAll(acts.Select(app.RecordAsync));
        Assert.All(ids, id => Assert.NotNull(id));
        await app.StoreLearningActsAsync();
        var stored = await app.WithDbAsync(db => db.Set<StoredStatement>().CountAsync(s => ids.Contains(s.Id)));
        Assert.Equal(300, stored);
    }

    [Fact]
    public async Task Two_nodes_claiming_at_once_take_different_acts()
    {
        var person = await app.CreatePersonAsync();
        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            app.RecordAsync(Act(person, LearningVerbs.Experienced, LearningActivity.Resource(Guid.NewGuid(), $"Claimed {i}")))));
        // Two outboxes are two nodes: each claims with its own name and lease.
        var contexts = app.Services.GetRequiredService<IDbContextFactory<Guild.Web.Platform.Data.GuildDb>>();
        var first = new LearningActOutbox(contexts, app.Clock);
        var second = new LearningActOutbox(contexts, app.Clock);
        var claims = await Task.WhenAll(
            first.ClaimAsync(500, TimeSpan.FromMinutes(1), CancellationToken.None),
            second.ClaimAsync(500, TimeSpan.FromMinutes(1), CancellationToken.None));
        var mine = ids.Select(id => id!.Value).ToHashSet();
        var a = claims[0].Select(c => c.Id).Where(mine.Contains).ToHashSet();
        var b = claims[1].Select(c => c.Id).Where(mine.Contains).ToHashSet();
        Assert.Empty(a.Intersect(b));
        Assert.Equal(40, a.Count + b.Count);

        // Claimed rows are nobody else's until the lease ends; then another node takes them over.
        Assert.DoesNotContain((await first.ClaimAsync(500, TimeSpan.FromMinutes(1), CancellationToken.None)).Select(c => c.Id), mine.Contains);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.StoreLearningActsAsync();
        Assert.Equal(40, await app.WithDbAsync(db => db.Set<StoredStatement>().CountAsync(s => mine.Contains(s.Id))));
    }

    private static LearningActivity Question() =>
        new($"asks/{Guid.NewGuid():D}", LearningActivityTypes.Question, new("How do I cut a podcast?", "Hoe knip ik een podcast?"));

    private static LearningAct Act(TestPerson person, LearningVerb verb, LearningActivity activity) =>
        new(new LearningActor(person.Id, person.Name), verb, activity);

    /// <summary>What the LRS answers is itself a valid statement.</summary>
    private static void AssertValid(JsonNode statement)
    {
        using var document = JsonDocument.Parse(statement.ToJsonString());
        var (_, error) = Statement.Parse(document.RootElement);
        Assert.Null(error);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LearningRecorderTestsOnSqlite(SqliteApp app) : LearningRecorderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LearningRecorderTestsOnPostgres(PostgresApp app) : LearningRecorderTests(app);

/// <summary>The outbox is durable: acts recorded before a restart are stored by the node that comes back.</summary>
public abstract class OutboxRestartTests(DatabaseProvider provider)
{
    [Fact]
    public async Task Acts_recorded_before_a_restart_are_stored_after_it()
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        Guid personId;
        Guid? actId;
        var first = await database.StartNodeAsync();
        try
        {
            var person = await first.CreatePersonAsync("Rita", "Restart");
            personId = person.Id;
            using var client = first.CreateGuildClient();
            await client.SignInAsync(person.Email, GuildApp.Password);
            actId = await first.RecordAsync(new LearningAct(new LearningActor(person.Id, person.Name), LearningVerbs.Joined,
                new LearningActivity("spaces/restart", LearningActivityTypes.Community, new("Restart club", "Herstartclub"))));
        }
        finally
        {
            // Stopped before its worker ever ran.
            await first.StopAsync();
        }

        var second = await database.StartNodeAsync();
        try
        {
            Assert.Equal(2, await second.StoreLearningActsAsync());
            using var lrs = await second.CreateLrsClientAsync();
            var baseIri = await second.BaseIriAsync();
            var statements = await lrs.StatementsAsync(agent: LearningRecordsTesting.PersonAgent(baseIri, personId));
            Assert.Equal(2, statements.Count);
            Assert.Contains(statements, s => (string?)s!["id"] == actId!.Value.ToString("D"));
            Assert.Contains(statements, s => (string?)s!["verb"]!["id"] == LearningVerbs.LoggedIn.Iri);
        }
        finally
        {
            await second.StopAsync();
        }
    }
}

public sealed class OutboxRestartTestsOnSqlite() : OutboxRestartTests(DatabaseProvider.Sqlite);

public sealed class OutboxRestartTestsOnPostgres() : OutboxRestartTests(DatabaseProvider.Postgres);
