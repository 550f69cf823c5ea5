using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Guild.Tests.Infrastructure;
using Guild.Tests.Platform.Storage;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Storage;
using Guild.Web.Platform.Uploads;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Platform.Uploads;

/// <summary>
/// Two nodes on one database and one bucket, as behind a round-robin balancer: each PATCH may land on either node, and
/// the offset, the parts and the completed file are the same wherever the next request goes.
/// </summary>
public sealed class TusAcrossNodesTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Any_node_takes_the_next_patch_and_completes_the_same_upload(DatabaseProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var settings = S3TestServer.Settings(await S3TestServer.NewBucketAsync()).ToDictionary();
        var first = await database.StartNodeAsync(settings: settings);
        var second = await database.StartNodeAsync(settings: settings);
        try
        {
            var person = await first.CreatePersonAsync();
            var client = first.CreateGuildClient();
            await client.SignInAsync(person.Email, GuildApp.Password);
            var tus = new TusTestClient(client);
            var bytes = new byte[200_000];
            RandomNumberGenerator.Fill(bytes);
            "\0\0\0\u0018ftypisom"u8.ToArray().CopyTo(bytes, 0);
            var onFirst = await tus.StartAsync(bytes.Length);
            var onSecond = new UriBuilder(onFirst) { Port = second.BaseAddress.Port }.Uri;

            using (var half = await tus.PatchAsync(onFirst, 0, bytes[..90_000]))
            {
                Assert.Equal(HttpStatusCode.NoContent, half.StatusCode);
            }
            Assert.Equal(90_000, await tus.OffsetAsync(onSecond));
            using (var stale = await tus.PatchAsync(onSecond, 0, bytes))
            {
                Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            }
            using (var rest = await tus.PatchAsync(onSecond, 90_000, bytes[90_000..]))
            {
                Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
            }

            Assert.Equal(bytes.Length, await tus.OffsetAsync(onFirst));
            var id = Guid.Parse(onFirst.Segments[^1]);
            var claimed = await second.AsPersonAsync(person.Id, services => services.GetRequiredService<CompletedUploads>().ClaimAsync(id, UploadPurposes.Video, CancellationToken.None));
            await using var stored = (await first.Services.GetRequiredService<IFileStore>().OpenReadAsync(claimed.Value!.FileKey, CancellationToken.None))!;
            using var copy = new MemoryStream();
            await stored.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
        finally
        {
            await first.StopAsync();
            await second.StopAsync();
        }
    }
}
