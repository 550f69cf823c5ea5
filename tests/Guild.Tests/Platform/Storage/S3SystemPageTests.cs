using Guild.Tests.Infrastructure;
using Guild.Tests.Platform.Uploads;
using Guild.Web.Platform.Identity;

namespace Guild.Tests.Platform.Storage;

/// <summary>/admin/system says which store holds the files — the bucket and endpoint — and never its keys.</summary>
public abstract class S3SystemPageTests(GuildApp app, string bucket)
{
    [Fact]
    public async Task The_system_page_names_the_bucket_and_never_the_keys()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);

        var page = await admin.GetPageAsync("/admin/system");

        Assert.Contains($"S3: {bucket} @ {(await S3TestServer.AddressAsync())}", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain(S3TestServer.SecretKey, page, StringComparison.Ordinal);
    }
}

[Collection(SqliteS3Collection.Name)]
public sealed class S3SystemPageTestsOnSqlite(SqliteS3App app) : S3SystemPageTests(app, app.Bucket);

[Collection(PostgresS3Collection.Name)]
public sealed class S3SystemPageTestsOnPostgres(PostgresS3App app) : S3SystemPageTests(app, app.Bucket);
