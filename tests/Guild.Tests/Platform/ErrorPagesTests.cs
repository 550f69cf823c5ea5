using System.Net;
using Guild.Tests.Infrastructure;

namespace Guild.Tests.Platform;

/// <summary>
/// A form post that an endpoint refuses shows the status page for what went wrong. The status page is rendered as a
/// page (GET), not as the form posted a second time, which checked the antiforgery token again and answered 500.
/// </summary>
public abstract class ErrorPagesTests(GuildApp app)
{
    [Fact]
    public async Task Revoking_a_token_that_is_not_yours_shows_the_404_page()
    {
        var (client, _) = await app.SignedInAsync();

        using var response = await client.PostFormAsync("/account/api-tokens", $"/account/api-tokens/{Guid.NewGuid()}/revoke", []);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_without_the_forms_token_shows_the_400_page()
    {
        var (client, _) = await app.SignedInAsync();

        using var response = await client.Http.PostAsync($"/account/api-tokens/{Guid.NewGuid()}/revoke", new FormUrlEncodedContent([new("returnUrl", "/")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_form_post_missing_a_required_field_shows_the_400_page()
    {
        using var client = app.CreateGuildClient();

        using var response = await client.PostFormAsync("/account/sign-in", "/account/language", [new("returnUrl", "/")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_form_post_without_its_token_shows_the_400_page()
    {
        using var client = app.CreateGuildClient();

        using var response = await client.Http.PostAsync("/account/language", new FormUrlEncodedContent([new("language", "nl")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ErrorPagesTestsOnSqlite(SqliteApp app) : ErrorPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ErrorPagesTestsOnPostgres(PostgresApp app) : ErrorPagesTests(app);
