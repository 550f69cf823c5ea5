using System.Net;
using Guild.Tests.Features.Administration;
using Guild.Tests.Features.Lrs;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Platform.Identity;

/// <summary>
/// A node remembers verified credentials for a while, so busy integrations do not cost a query per request.
/// A revocation on any node must still end them on every node within a second or two, not when a per-node
/// cache runs out (30 s for API tokens, 60 s for LRS clients): the revocation version in the database.
/// </summary>
public sealed class RevocationAcrossNodesTests
{
    // Far below the caches' lifetimes; generous for a loaded machine.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(8);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_token_revoked_on_one_node_stops_working_on_the_other(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        await using var nodes = await TwoNodesAsync(database);
        var admin = await nodes.First.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var token = await nodes.First.CreateTokenAsync(admin.Id, new ApiTokenRequest("Across nodes", ExpiresInDays: 30));
        using var onSecond = nodes.Second.TokenClient(token.Secret);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(onSecond, "/api/v1/me"));

        await nodes.First.AsPersonAsync(admin.Id, services =>
            services.GetRequiredService<ApiTokenService>().RevokeAsync(token.Token.Id, CancellationToken.None));

        await TestJobs.EventuallyAsync(() => StatusAsync(onSecond, "/api/v1/me"), status => status == HttpStatusCode.Unauthorized,
            Deadline, "the revoked token to be refused by the other node");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_personal_token_stops_working_on_every_node_when_its_owner_is_deactivated(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        await using var nodes = await TwoNodesAsync(database);
        var admin = await nodes.First.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        var leaver = await nodes.First.CreatePersonAsync("Leaving", "Soon");
        var token = await nodes.First.CreateTokenAsync(leaver.Id, new ApiTokenRequest("Leaver's script", ExpiresInDays: 30));
        using var onSecond = nodes.Second.TokenClient(token.Secret);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(onSecond, "/api/v1/me"));

        var deactivated = await nodes.First.AsPersonAsync(admin.Id, services =>
            services.GetRequiredService<PersonAdministration>().DeactivateAsync(leaver.Id, CancellationToken.None));
        Assert.True(deactivated.IsOk);

        await TestJobs.EventuallyAsync(() => StatusAsync(onSecond, "/api/v1/me"), status => status == HttpStatusCode.Unauthorized,
            Deadline, "the deactivated person's token to be refused by the other node");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_lrs_client_revoked_on_one_node_stops_working_on_the_other(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        await using var nodes = await TwoNodesAsync(database);
        var admin = await nodes.First.CreatePersonAsync(roles: [Roles.Employee, Roles.LearningAdmin]);
        using var lrs = await nodes.First.CreateLrsClientAsync();
        using var onSecond = new LrsTestClient(nodes.Second.BaseAddress, lrs.Key, lrs.Secret);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(onSecond.Http, "/xapi/statements?limit=1"));
        var clientId = await nodes.First.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .FirstAsync(db.Set<LrsClient>(), c => c.Key == lrs.Key));

        await nodes.First.AsPersonAsync(admin.Id, services =>
            services.GetRequiredService<LrsClients>().RevokeAsync(clientId.Id, CancellationToken.None));

        await TestJobs.EventuallyAsync(() => StatusAsync(onSecond.Http, "/xapi/statements?limit=1"), status => status == HttpStatusCode.Unauthorized,
            Deadline, "the revoked LRS client to be refused by the other node");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task<Nodes> TwoNodesAsync(SharedDatabase database)
    {
        var first = await database.StartNodeAsync();
        return new Nodes(first, await database.StartNodeAsync());
    }

    private sealed record Nodes(GuildNode First, GuildNode Second) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Second.StopAsync();
            await First.StopAsync();
        }
    }
}
