using System.Net;
using Guild.Tests.Infrastructure;

namespace Guild.Tests.Features.Lrs;

public abstract class LrsSmokeTests(GuildApp app)
{
    [Fact]
    public async Task A_posted_statement_can_be_read_back()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = LrsTesting.Unique("smoke");
        var ids = await lrs.StoreAsync(LrsTesting.Statement(actor: actor));
        var statement = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[0]}");
        Assert.Equal(ids[0].ToString(), statement["id"]!.GetValue<string>());
        var list = await lrs.GetJsonAsync($"/xapi/statements?agent={Uri.EscapeDataString($"{{\"mbox\":\"mailto:{actor}@example.com\"}}")}");
        Assert.Single(list["statements"]!.AsArray());
        using var about = await lrs.Http.GetAsync("/xapi/about");
        Assert.Equal(HttpStatusCode.OK, about.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LrsSmokeTestsOnSqlite(SqliteApp app) : LrsSmokeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LrsSmokeTestsOnPostgres(PostgresApp app) : LrsSmokeTests(app);
