using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.LearningRecords;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Guild.Tests.Features.Lrs.LearningRecords;

/// <summary>
/// The demo organisation's learning records (the bulk path that also loads the large organisation's
/// five million): valid statements the LRS answers and filters, counted per quarter hour, with the
/// LRS's indexes and numbering intact so new statements are stored as usual.
/// </summary>
public abstract class DemoLearningRecordsTests(DatabaseProvider provider)
{
    [Fact]
    public async Task The_demo_records_are_valid_statements_the_LRS_finds_and_it_keeps_storing_new_ones()
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var app = await database.StartNodeAsync(environment: "Development");
        try
        {
            var stored = await app.WithDbAsync(db => db.Set<StoredStatement>().CountAsync());
            Assert.Equal(LrsDemoContent.SmallStatements, stored);
            Assert.Equal(stored, await app.WithDbAsync(db => db.Set<LrsStatementCount>().SumAsync(c => c.Statements)));

            using var lrs = await app.CreateLrsClientAsync();
            var signIns = await lrs.StatementsAsync(verb: LearningVerbs.LoggedIn.Iri);
            Assert.NotEmpty(signIns);
            foreach (var statement in signIns)
            {
                using var document = JsonDocument.Parse(statement!.ToJsonString());
                Assert.Null(Statement.Parse(document.RootElement).Error);
                Assert.Equal(await app.BaseIriAsync(), (string?)statement["object"]!["id"]);
            }

            // The agent filter finds a person's records through the link tables the generator wrote.
            var someone = (string)signIns[0]!["actor"]!["account"]!["name"]!;
            var theirs = await lrs.StatementsAsync(agent: LearningRecordsTesting.PersonAgent(await app.BaseIriAsync(), Guid.Parse(someone)));
            Assert.NotEmpty(theirs);
            Assert.All(theirs, s => Assert.Equal(someone, (string?)s!["actor"]!["account"]!["name"]));

            if (provider == DatabaseProvider.Postgres)
            {
                // The bulk path dropped the big tables' indexes and keys to load them: every one is back.
                var expected = await app.WithDbAsync(db => Task.FromResult(new[] { typeof(StoredStatement), typeof(StatementAgentLink), typeof(StatementActivityLink) }
                    .Select(type => db.Model.FindEntityType(type)!)
                    .SelectMany(entity => entity.GetIndexes().Select(i => i.GetDatabaseName()!).Append(entity.FindPrimaryKey()!.GetName()!))
                    .Order().ToList()));
                var actual = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
                    "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename IN ('lrs_statements', 'lrs_statement_agents', 'lrs_statement_activities')")
                    .ToListAsync());
                Assert.Equal(expected, actual.Order().ToList());
            }

            // New verbs, agents and activities get numbers after the generated ones.
            var ids = await lrs.StoreAsync(LrsTesting.Statement(actor: LrsTesting.Unique("after-demo"), verb: "http://example.com/verbs/new-" + Guid.NewGuid().ToString("N")[..6],
                activity: "http://example.com/activities/" + Guid.NewGuid().ToString("N")));
            Assert.Single(ids);
            Assert.Equal(stored + 1, await app.WithDbAsync(db => db.Set<LrsStatementCount>().SumAsync(c => c.Statements)));
        }
        finally
        {
            await app.StopAsync();
        }
    }
}

public sealed class DemoLearningRecordsTestsOnSqlite() : DemoLearningRecordsTests(DatabaseProvider.Sqlite);

public sealed class DemoLearningRecordsTestsOnPostgres() : DemoLearningRecordsTests(DatabaseProvider.Postgres);
