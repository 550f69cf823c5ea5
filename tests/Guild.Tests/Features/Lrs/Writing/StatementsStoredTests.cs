using System.Collections.Concurrent;
using System.Net;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs.Writing;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Lrs.LrsTesting;

namespace Guild.Tests.Features.Lrs.Writing;

/// <summary>Every batch the writer hears, registered in every test app as an <see cref="IStatementsStoredListener"/>.</summary>
public sealed class TestStatementsListener : IStatementsStoredListener
{
    private readonly ConcurrentQueue<StatementsStored> _heard = new();

    public Task StatementsStoredAsync(StatementsStored batch, CancellationToken cancellationToken)
    {
        _heard.Enqueue(batch);
        return Task.CompletedTask;
    }

    /// <summary>The batches that hold any of these statements.</summary>
    public List<StatementsStored> BatchesWith(IEnumerable<Guid> ids)
    {
        var wanted = ids.ToHashSet();
        return _heard.Where(b => b.Statements.Any(s => wanted.Contains(s.Id))).ToList();
    }
}

/// <summary>The writer's one notification: a registered listener hears each committed batch once, and never one that did not commit.</summary>
public abstract class StatementsStoredTests(GuildApp app)
{
    private TestStatementsListener Listener => app.Services.GetRequiredService<TestStatementsListener>();

    [Fact]
    public async Task A_listener_hears_each_committed_batch_once_with_what_read_models_need()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = Unique("heard");
        var activity = "http://example.com/activities/" + Unique("heard");
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        var statements = ids.Select(id => Statement(id: id.ToString(), actor: actor, activity: activity,
            verb: "http://adlnet.gov/expapi/verbs/completed")).ToArray();
        await lrs.StoreAsync(statements);

        var batch = Assert.Single(Listener.BatchesWith(ids));
        Assert.Equal(ids, batch.Statements.Where(s => ids.Contains(s.Id)).Select(s => s.Id));
        foreach (var heard in batch.Statements.Where(s => ids.Contains(s.Id)))
        {
            Assert.Equal("http://adlnet.gov/expapi/verbs/completed", heard.VerbId);
            Assert.Contains($"mbox:mailto:{actor}@example.com", heard.Agents);
            Assert.Equal(activity, heard.ObjectActivityId);
            Assert.Contains(activity, heard.RelatedActivities);
            Assert.Null(heard.Voids);
        }
        var stored = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[0]}");
        Assert.Equal(DateTimeOffset.Parse(stored["stored"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            batch.Statements.Single(s => s.Id == ids[0]).Stored);

        // The same statements again are accepted and change nothing: nothing new is heard.
        await lrs.StoreAsync(statements);
        Assert.Single(Listener.BatchesWith(ids));

        // A voiding statement is heard with its target.
        var voiding = Guid.NewGuid();
        await lrs.StoreAsync(Statement(id: voiding.ToString(), verb: "http://adlnet.gov/expapi/verbs/voided", actor: actor)
            .Replace($"\"object\":{{\"id\":\"http://example.com/activities/one\",\"objectType\":\"Activity\"}}",
                $"\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{ids[1]}\"}}", StringComparison.Ordinal));
        Assert.Equal(ids[1], Assert.Single(Assert.Single(Listener.BatchesWith([voiding])).Statements, s => s.Id == voiding).Voids);
    }

    [Fact]
    public async Task A_listener_never_hears_a_refused_request()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var taken = Guid.NewGuid();
        await lrs.StoreAsync(Statement(id: taken.ToString(), actor: Unique("first")));
        var fresh = Guid.NewGuid();
        // The batch holds a new statement and a different statement under a stored id: 409, and neither is stored.
        using (var conflict = await lrs.PostStatementsAsync("[" + Statement(id: fresh.ToString()) + "," + Statement(id: taken.ToString(), actor: Unique("other")) + "]"))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }
        Assert.Empty(Listener.BatchesWith([fresh]));
        Assert.Single(Listener.BatchesWith([taken]));
    }

    [Fact]
    public async Task A_listener_never_hears_a_batch_that_rolled_back()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();
        // The statement rows are written, then the counts cannot be: the transaction rolls back (and so do both retries).
        await ExecuteAsync("ALTER TABLE lrs_statement_counts RENAME TO lrs_statement_counts_away");
        try
        {
            using var failed = await lrs.PostStatementsAsync(Statement(id: id.ToString(), actor: Unique("rollback")));
            Assert.False(failed.IsSuccessStatusCode);
        }
        finally
        {
            await ExecuteAsync("ALTER TABLE lrs_statement_counts_away RENAME TO lrs_statement_counts");
        }
        using (var absent = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        }
        Assert.Empty(Listener.BatchesWith([id]));

        // Sent again once the table is back, it is stored and heard once.
        await lrs.StoreAsync(Statement(id: id.ToString(), actor: Unique("rollback")));
        Assert.Single(Listener.BatchesWith([id]));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GuildDb>().Database.ExecuteSqlRawAsync(sql);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StatementsStoredTestsOnSqlite(SqliteApp app) : StatementsStoredTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StatementsStoredTestsOnPostgres(PostgresApp app) : StatementsStoredTests(app);
