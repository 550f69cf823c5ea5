using System.Net;
using System.Net.Http.Json;
using System.Text;
using Guild.Tests.Infrastructure;
using Guild.Tests.Platform.Uploads;
using Guild.Web.Features.Library.Media;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Uploads;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Media;

/// <summary>
/// <c>POST /api/v1/media</c> makes a video only of the caller's own finished upload, once, and only of video content:
/// anything else is a problem details answer and changes nothing (no asset, no job, the upload still there to use).
/// </summary>
public abstract class MediaFromUploadTests(GuildApp app)
{
    [Fact]
    public async Task Someone_elses_upload_is_not_found_and_stays_theirs()
    {
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var (other, otherPerson) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var upload = await owner.UploadAsync(MediaTestKit.BrokenVideo());

        var taken = await other.Http.PostAsJsonAsync("/api/v1/media", new { uploadId = upload });
        Assert.Equal(HttpStatusCode.NotFound, taken.StatusCode);
        Assert.Equal("application/problem+json", taken.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await AssetsOfAsync(otherPerson.Id));
        Assert.Equal(UploadState.Completed, await StateAsync(upload));

        // The uploader still has it.
        await owner.CreateMediaAsync(upload);
        Assert.Equal(1, await AssetsOfAsync(ownerPerson.Id));
    }

    [Fact]
    public async Task An_upload_becomes_one_video_only()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var upload = await client.UploadAsync(MediaTestKit.BrokenVideo());
        await client.CreateMediaAsync(upload);

        var again = await client.Http.PostAsJsonAsync("/api/v1/media", new { uploadId = upload });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already been used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await AssetsOfAsync(person.Id));
        Assert.Equal(UploadState.Claimed, await StateAsync(upload));
    }

    [Fact]
    public async Task An_unfinished_upload_is_refused_until_its_last_byte_is_in()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var bytes = MediaTestKit.BrokenVideo();
        var tus = new TusTestClient(client);
        var url = await tus.StartAsync(bytes.Length);
        (await tus.PatchAsync(url, 0, bytes[..20])).Dispose();
        var upload = Guid.Parse(url.Segments[^1]);

        var early = await client.Http.PostAsJsonAsync("/api/v1/media", new { uploadId = upload });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("not complete", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await AssetsOfAsync(person.Id));

        (await tus.PatchAsync(url, 20, bytes[20..])).Dispose();
        await client.CreateMediaAsync(upload);
    }

    [Fact]
    public async Task A_renamed_text_file_is_refused_with_its_reason()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var text = Encoding.UTF8.GetBytes("Meeting notes, not a film.");
        var tus = new TusTestClient(client);
        var url = await tus.StartAsync(text.Length, UploadPurposes.Video, "holiday.mp4");
        using (var refused = await tus.PatchAsync(url, 0, text))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        var made = await client.Http.PostAsJsonAsync("/api/v1/media", new { uploadId = Guid.Parse(url.Segments[^1]) });
        Assert.Equal(HttpStatusCode.Conflict, made.StatusCode);
        Assert.Contains("A renamed text file is refused", await made.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await AssetsOfAsync(person.Id));
    }

    [Fact]
    public async Task An_upload_of_another_kind_is_refused_and_stays_usable()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var pdf = await client.UploadAsync("%PDF-1.7\n% a handout\n"u8.ToArray(), UploadPurposes.File, "handout.pdf");

        var made = await client.Http.PostAsJsonAsync("/api/v1/media", new { uploadId = pdf });
        Assert.Equal(HttpStatusCode.BadRequest, made.StatusCode);
        Assert.Contains("uploadId", await made.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await AssetsOfAsync(person.Id));
        Assert.Equal(UploadState.Completed, await StateAsync(pdf));
    }

    [Fact]
    public async Task No_upload_a_bad_trim_or_a_caller_who_is_no_champion_changes_nothing()
    {
        var (client, person) = await app.SignedInAsync(Roles.Employee, Roles.Champion);
        var missing = await client.Http.PostAsJsonAsync("/api/v1/media", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("uploadId", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.PostAsJsonAsync("/api/v1/media", new { uploadId = Guid.NewGuid() })).StatusCode);

        var upload = await client.UploadAsync(MediaTestKit.BrokenVideo());
        var backwards = await client.Http.PostAsJsonAsync("/api/v1/media", new { uploadId = upload, trimStartSeconds = 5, trimEndSeconds = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("trim", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(UploadState.Completed, await StateAsync(upload));

        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        var theirs = await employee.UploadAsync(MediaTestKit.BrokenVideo());
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.Http.PostAsJsonAsync("/api/v1/media", new { uploadId = theirs })).StatusCode);
        Assert.Equal(UploadState.Completed, await StateAsync(theirs));
        Assert.Equal(0, await AssetsOfAsync(person.Id));
    }

    private Task<int> AssetsOfAsync(Guid person) => app.WithDbAsync(db => db.Set<MediaAsset>().CountAsync(a => a.OwnerId == person));

    private Task<UploadState> StateAsync(Guid upload) => app.WithDbAsync(db => db.Set<Upload>().Where(u => u.Id == upload).Select(u => u.State).FirstAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class MediaFromUploadSqliteTests(SqliteApp app) : MediaFromUploadTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MediaFromUploadPostgresTests(PostgresApp app) : MediaFromUploadTests(app);
