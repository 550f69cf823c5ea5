using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Storage;
using Guild.Web.Platform.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Platform.Uploads;

/// <summary>
/// Uploads that never lose work (issue 9, item 3) over tus 1.0, on both databases and both stores: a cut connection keeps
/// what arrived and the upload resumes there; offsets, owners, sizes and content are checked; ending and expiry remove
/// the bytes; a completed upload is handed on once.
/// </summary>
public abstract class TusUploadTests(GuildApp app)
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private IFileStore Store => app.Services.GetRequiredService<IFileStore>();

    /// <summary>Bytes that begin like an MP4 file (an ftyp box), then noise: what the content check admits as a video.</summary>
    private static byte[] Mp4(int length)
    {
        var bytes = new byte[length];
        RandomNumberGenerator.Fill(bytes);
        "\0\0\0\u0018ftypisom\0\0\u0002\0isomiso2avc1mp41"u8.ToArray().CopyTo(bytes, 0);
        return bytes;
    }

    private async Task<(TusTestClient Tus, TestPerson Person)> SignedInAsync()
    {
        var (client, person) = await app.SignedInAsync();
        return (new TusTestClient(client), person);
    }

    private Task<List<UploadPart>> PartsAsync(Uri upload) =>
        app.WithDbAsync(db => db.Set<UploadPart>().AsNoTracking().Where(p => p.UploadId == IdOf(upload)).ToListAsync());

    private Task<Upload?> RowAsync(Uri upload) =>
        app.WithDbAsync(db => db.Set<Upload>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == IdOf(upload)));

    private static Guid IdOf(Uri upload) => Guid.Parse(upload.Segments[^1]);

    private async Task<byte[]> ReadStoredAsync(string key)
    {
        await using var stream = (await Store.OpenReadAsync(key, CancellationToken.None))!;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_cut_connection_keeps_the_stored_parts_and_the_upload_resumes_there_to_the_right_bytes()
    {
        var (tus, person) = await SignedInAsync();
        var bytes = Mp4(300_000);
        var upload = await tus.StartAsync(bytes.Length);

        // Two whole 64 KB checkpoints of the PATCH arrive; then the connection is cut mid-body.
        await using (await tus.PatchPartlyAsync(upload, 0, bytes, sent: 131_072))
        {
            await TestJobs.EventuallyAsync(() => tus.OffsetAsync(upload), o => o == 131_072, TimeSpan.FromSeconds(30), "both parts to be stored while the PATCH goes on");
        }

        Assert.Equal(131_072, await tus.OffsetAsync(upload));
        using (var rest = await tus.PatchAsync(upload, 131_072, bytes[131_072..]))
        {
            Assert.Equal(HttpStatusCode.NoContent, rest.StatusCode);
            Assert.Equal("300000", rest.Headers.GetValues("Upload-Offset").Single());
        }

        var status = await tus.Http.GetFromJsonAsync<UploadView>($"{TusTestClient.Endpoint}/{IdOf(upload)}", Json);
        Assert.Equal(UploadState.Completed, status!.State);
        Assert.Equal("video/mp4", status.ContentType);
        var claimed = await app.AsPersonAsync(person.Id, services => services.GetRequiredService<CompletedUploads>().ClaimAsync(IdOf(upload), UploadPurposes.Video, CancellationToken.None));
        Assert.Equal(bytes, await ReadStoredAsync(claimed.Value!.FileKey));
        Assert.Empty(await PartsAsync(upload));
    }

    [Fact]
    public async Task A_patch_from_the_wrong_offset_is_a_conflict_and_changes_nothing()
    {
        var (tus, _) = await SignedInAsync();
        var bytes = Mp4(10_000);
        var upload = await tus.StartAsync(bytes.Length);
        (await tus.PatchAsync(upload, 0, bytes[..4000])).Dispose();

        using var wrong = await tus.PatchAsync(upload, 3000, bytes[3000..]);

        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.Contains("4000", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4000, await tus.OffsetAsync(upload));
    }

    [Fact]
    public async Task Someone_elses_upload_is_not_found_for_every_method()
    {
        var (owner, _) = await SignedInAsync();
        var bytes = Mp4(5000);
        var upload = await owner.StartAsync(bytes.Length);
        var (stranger, _) = await SignedInAsync();
        var (admin, _) = await app.SignedInAsync(Guild.Web.Platform.Identity.Roles.Employee, Guild.Web.Platform.Identity.Roles.LearningAdmin);
        var adminTus = new TusTestClient(admin);

        foreach (var other in new[] { stranger, adminTus })
        {
            using var head = await other.HeadAsync(upload);
            using var patch = await other.PatchAsync(upload, 0, bytes);
            using var delete = await other.DeleteAsync(upload);
            using var get = await other.Http.GetAsync(upload);
            Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
                new[] { head.StatusCode, patch.StatusCode, delete.StatusCode, get.StatusCode });
        }
        Assert.Equal(0, await owner.OffsetAsync(upload));
    }

    [Fact]
    public async Task An_upload_larger_than_its_purpose_allows_is_refused_at_creation()
    {
        var (tus, _) = await SignedInAsync();

        using var image = await tus.CreateAsync(10L * 1024 * 1024 + 1, UploadPurposes.Image, "photo.png", "image/png");
        using var video = await tus.CreateAsync(2048L * 1024 * 1024 + 1, UploadPurposes.Video, "film.mp4");
        using var fits = await tus.CreateAsync(2048L * 1024 * 1024, UploadPurposes.Video, "film.mp4");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, image.StatusCode);
        Assert.Contains("Images can be at most 10 MB", await image.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, video.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
    }

    [Fact]
    public async Task A_patch_with_more_bytes_than_the_upload_lacks_is_refused_and_keeps_none_of_them()
    {
        var (tus, _) = await SignedInAsync();
        var bytes = Mp4(20_000);
        var upload = await tus.StartAsync(10_000);
        (await tus.PatchAsync(upload, 0, bytes[..6000])).Dispose();

        // Announced: refused before a byte is read. Unannounced (chunked): found out while reading, and dropped.
        using var announced = await tus.PatchAsync(upload, 6000, bytes[6000..]);
        using var streamed = await tus.PatchAsync(upload, 6000, bytes[6000..], announceLength: false);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, announced.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Equal(6000, await tus.OffsetAsync(upload));
        Assert.Single(await PartsAsync(upload));
    }

    [Fact]
    public async Task A_renamed_text_file_is_refused_as_a_video_with_its_reason_and_its_bytes_are_removed()
    {
        var (tus, person) = await SignedInAsync();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Meeting notes, not a film. ", 400)));
        var upload = await tus.StartAsync(text.Length, UploadPurposes.Video, "holiday.mp4");
        (await tus.PatchAsync(upload, 0, text[..5000])).Dispose();
        var firstPart = Assert.Single(await PartsAsync(upload)).FileKey;

        using var last = await tus.PatchAsync(upload, 5000, text[5000..]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, last.StatusCode);
        Assert.Contains("A renamed text file is refused", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await tus.Http.GetFromJsonAsync<UploadView>($"{TusTestClient.Endpoint}/{IdOf(upload)}", Json);
        Assert.Equal(UploadState.Failed, status!.State);
        Assert.StartsWith("This is not a video Guild can play", status.Failure, StringComparison.Ordinal);
        using var head = await tus.HeadAsync(upload);
        Assert.Equal(HttpStatusCode.Gone, head.StatusCode);
        Assert.Null(await Store.GetInfoAsync(firstPart, CancellationToken.None));
        Assert.Empty(await PartsAsync(upload));
        var claim = await app.AsPersonAsync(person.Id, services => services.GetRequiredService<CompletedUploads>().ClaimAsync(IdOf(upload), UploadPurposes.Video, CancellationToken.None));
        Assert.Equal(ResultStatus.Conflict, claim.Status);
    }

    [Fact]
    public async Task The_refusal_is_in_dutch_for_a_dutch_caller()
    {
        var person = await app.CreatePersonAsync();
        var client = app.CreateGuildClient("nl");
        await client.SignInAsync(person.Email, GuildApp.Password);
        var tus = new TusTestClient(client);

        using var image = await tus.CreateAsync(10L * 1024 * 1024 + 1, UploadPurposes.Image, "foto.png");

        Assert.Contains("Afbeeldingen mogen hoogstens 10 MB groot zijn", await image.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_upload_is_handed_on_once_and_only_to_its_owner_for_its_purpose()
    {
        var (tus, person) = await SignedInAsync();
        var bytes = Mp4(30_000);
        var upload = await tus.StartAsync(bytes.Length);
        for (var offset = 0; offset < bytes.Length; offset += 10_000)
        {
            using var patch = await tus.PatchAsync(upload, offset, bytes[offset..(offset + 10_000)]);
            Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        }
        var stranger = await app.CreatePersonAsync();

        Task<Result<ClaimedUpload>> ClaimAs(Guid who, string purpose) =>
            app.AsPersonAsync(who, async services =>
            {
                var claim = await services.GetRequiredService<CompletedUploads>().ClaimAsync(IdOf(upload), purpose, CancellationToken.None);
                await services.GetRequiredService<Guild.Web.Platform.Data.GuildDb>().SaveChangesAsync();
                return claim;
            });

        Assert.Equal(ResultStatus.NotFound, (await ClaimAs(stranger.Id, UploadPurposes.Video)).Status);
        Assert.Equal(ResultStatus.Invalid, (await ClaimAs(person.Id, UploadPurposes.Image)).Status);
        var claimed = await ClaimAs(person.Id, UploadPurposes.Video);
        var again = await ClaimAs(person.Id, UploadPurposes.Video);

        Assert.Equal(ResultStatus.Ok, claimed.Status);
        Assert.Equal(("clip.mp4", "video/mp4", 30_000L), (claimed.Value!.FileName, claimed.Value.ContentType, claimed.Value.Length));
        Assert.Equal(bytes, await ReadStoredAsync(claimed.Value.FileKey));
        Assert.Equal(ResultStatus.Conflict, again.Status);
    }

    [Fact]
    public async Task Ending_an_upload_removes_its_bytes()
    {
        var (tus, _) = await SignedInAsync();
        var bytes = Mp4(8000);
        var upload = await tus.StartAsync(bytes.Length);
        (await tus.PatchAsync(upload, 0, bytes[..3000])).Dispose();
        var part = Assert.Single(await PartsAsync(upload)).FileKey;

        using var ended = await tus.DeleteAsync(upload);

        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        Assert.Null(await Store.GetInfoAsync(part, CancellationToken.None));
        Assert.Null(await RowAsync(upload));
        Assert.Null(await tus.OffsetAsync(upload));
    }

    [Fact]
    public async Task Unfinished_uploads_expire_after_a_day_and_the_cleanup_job_removes_them_and_their_bytes()
    {
        var (tus, _) = await SignedInAsync();
        var bytes = Mp4(8000);
        var upload = await tus.StartAsync(bytes.Length);
        using (var created = await tus.HeadAsync(upload))
        {
            Assert.True(created.Headers.Contains("Upload-Expires"));
        }
        (await tus.PatchAsync(upload, 0, bytes[..3000])).Dispose();
        var part = Assert.Single(await PartsAsync(upload)).FileKey;

        app.Clock.Advance(TimeSpan.FromHours(25));
        using var late = await tus.PatchAsync(upload, 3000, bytes[3000..]);
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);

        var job = await app.WithDbAsync(async db =>
        {
            var queued = new JobQueue(db, app.Clock, app.Services.GetRequiredService<JobSignal>()).Enqueue(UploadCleanup.JobKind, new { });
            await db.SaveChangesAsync();
            return queued;
        });
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(job.Id)).Status);

        Assert.Null(await RowAsync(upload));
        Assert.Null(await Store.GetInfoAsync(part, CancellationToken.None));
    }

    [Fact]
    public async Task Tus_discovery_and_version_checks_follow_the_protocol()
    {
        var (tus, _) = await SignedInAsync();

        using var options = await tus.Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, TusTestClient.Endpoint));
        using var wrongVersion = new HttpRequestMessage(HttpMethod.Post, TusTestClient.Endpoint);
        wrongVersion.Headers.Add("Tus-Resumable", "0.2.2");
        wrongVersion.Headers.Add("Upload-Length", "10");
        using var refused = await tus.Http.SendAsync(wrongVersion);
        using var noMetadata = new HttpRequestMessage(HttpMethod.Post, TusTestClient.Endpoint);
        noMetadata.Headers.Add("Tus-Resumable", "1.0.0");
        noMetadata.Headers.Add("Upload-Length", "10");
        using var noPurpose = await tus.Http.SendAsync(noMetadata);

        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Equal("1.0.0", options.Headers.GetValues("Tus-Version").Single());
        Assert.Equal("creation,termination,expiration", options.Headers.GetValues("Tus-Extension").Single());
        Assert.Equal((2048L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), options.Headers.GetValues("Tus-Max-Size").Single());
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.Contains("purpose", await noPurpose.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_caller_without_the_antiforgery_header_cannot_create_or_send()
    {
        var (client, _) = await app.SignedInAsync();
        var tus = new TusTestClient(client);
        var upload = await tus.StartAsync(1000);
        client.SendsApiAntiforgery = false;

        using var create = await tus.CreateAsync(1000, UploadPurposes.Video, "x.mp4");
        using var patch = await tus.PatchAsync(upload, 0, Mp4(1000));

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);
        Assert.Equal(0, await tus.OffsetAsync(upload));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TusUploadTestsOnSqlite(SqliteApp app) : TusUploadTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TusUploadTestsOnPostgres(PostgresApp app) : TusUploadTests(app);

[Collection(SqliteS3Collection.Name)]
public sealed class TusUploadTestsOnSqliteWithS3(SqliteS3App app) : TusUploadTests(app);

[Collection(PostgresS3Collection.Name)]
public sealed class TusUploadTestsOnPostgresWithS3(PostgresS3App app) : TusUploadTests(app);
