using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Guild.Tests.Platform.Security;

/// <summary>
/// Input that binding or PostgreSQL cannot take is the caller's error, answered 4xx before anything is read or
/// stored: text with a NUL character (U+0000), JSON in a charset .NET does not read. On PostgreSQL each of these
/// was a 500.
/// </summary>
public abstract class RequestChecksTests(GuildApp app)
{
    [Fact]
    public async Task A_nul_character_in_an_api_query_is_a_400_with_problem_details()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        using var audit = await admin.GetAsync("/api/v1/audit?action=people.%00");
        using var people = await admin.GetAsync("/api/v1/people?q=a%00b");

        foreach (var response in new[] { audit, people })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("NUL character", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_nul_character_in_a_pages_query_shows_the_400_page()
    {
        var (client, _) = await app.SignedInAsync();

        using var response = await client.GetAsync("/people?q=a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_nul_character_in_a_json_body_is_a_400_and_nothing_is_stored()
    {
        var (client, _) = await app.SignedInAsync();
        var name = "Nul\u0000" + Guid.NewGuid().ToString("N")[..8];

        using var response = await client.Http.PostAsync("/api/v1/tokens",
            new StringContent("{\"name\":\"" + name.Replace("\0", "\\u0000", StringComparison.Ordinal) + "\",\"expiresInDays\":30}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ApiToken>().CountAsync(t => t.Name.EndsWith(name.Substring(4)))));
    }

    [Fact]
    public async Task A_nul_character_in_a_list_of_texts_is_refused_too()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var target = await app.CreatePersonAsync();

        using var response = await admin.Http.PutAsync($"/api/v1/people/{target.Id}/roles",
            new StringContent("{\"roles\":[\"Employee\",\"Champion\\u0000\"]}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Json_in_a_charset_guild_does_not_read_is_a_415_with_problem_details()
    {
        var (client, _) = await app.SignedInAsync();
        using var content = new StringContent("{\"name\":\"Seven\",\"expiresInDays\":30}");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-7");

        using var response = await client.Http.PostAsync("/api/v1/tokens", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void A_serialization_failure_wrapped_by_ef_is_recognised_as_a_conflict()
    {
        var postgres = new PostgresException("could not serialize access due to concurrent update", "ERROR", "ERROR", "40001");
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new DbUpdateException("An error occurred while saving the entity changes.", postgres));

        Assert.True(PersonAdministration.IsSerializationFailure(wrapped));
        Assert.False(PersonAdministration.IsSerializationFailure(new DbUpdateException("other",
            new PostgresException("duplicate key", "ERROR", "ERROR", "23505"))));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestChecksTestsOnSqlite(SqliteApp app) : RequestChecksTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RequestChecksTestsOnPostgres(PostgresApp app) : RequestChecksTests(app);
