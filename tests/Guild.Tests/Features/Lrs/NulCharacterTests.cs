using System.Net;
using System.Text;
using Guild.Tests.Infrastructure;
using static Guild.Tests.Features.Lrs.LrsTesting;

namespace Guild.Tests.Features.Lrs;

/// <summary>
/// PostgreSQL stores neither jsonb nor text with the character U+0000, so a statement holding one is refused with 400
/// and nothing is stored (it was a 500 at the commit); the same text written as an escaped backslash is ordinary text.
/// </summary>
public abstract class NulCharacterTests(GuildApp app)
{
    [Fact]
    public async Task A_statement_holding_a_nul_character_is_refused_with_400_and_not_stored()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();

        using var response = await lrs.PutStatementAsync(id, Statement(extra: "\"result\":{\"response\":\"a\\u0000b\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("which Guild cannot store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stored = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task An_escaped_backslash_before_u0000_is_ordinary_text()
    {
        using var lrs = await app.CreateLrsClientAsync();

        using var response = await lrs.PostStatementsAsync(Statement(extra: "\"result\":{\"response\":\"C:\\\\u0000\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"a\":\"\\u0000\"}", true)]
    [InlineData("{\"a\":\"x\\\\\\u0000\"}", true)]
    [InlineData("{\"a\\u0000\":1}", true)]
    [InlineData("{\"a\":\"\\\\u0000\"}", false)]
    [InlineData("{\"a\":\"\\u00001\"}", true)]
    [InlineData("{\"a\":\"\\u0001\\n\\\\\"}", false)]
    [InlineData("{\"a\":\"u0000\"}", false)]
    public void Only_the_escape_of_u0000_counts(string json, bool expected) =>
        Assert.Equal(expected, Guild.Web.Features.Lrs.Statement.HasNulCharacter(Encoding.UTF8.GetBytes(json)));
}

[Collection(SqliteCollection.Name)]
public sealed class NulCharacterTestsOnSqlite(SqliteApp app) : NulCharacterTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NulCharacterTestsOnPostgres(PostgresApp app) : NulCharacterTests(app);
