using Guild.Tests.Infrastructure;
using Guild.Tests.Platform.Storage;
using Guild.Web.Platform.Data;

namespace Guild.Tests.Platform.Uploads;

/// <summary>Guild on SQLite storing its files in a bucket of its own on the test S3 server (s3rver).</summary>
public sealed class SqliteS3App : GuildApp
{
    private IEnumerable<KeyValuePair<string, string?>> _storage = [];

    /// <summary>The bucket this app stores its files in.</summary>
    public string Bucket { get; private set; } = "";

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override async Task InitializeAsync()
    {
        var bucket = await S3TestServer.NewBucketAsync();
        Bucket = bucket.Bucket;
        _storage = S3TestServer.Settings(bucket);
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in _storage)
        {
            settings[key] = value;
        }
    }
}

/// <summary>Guild on PostgreSQL storing its files in a bucket of its own on the test S3 server (s3rver).</summary>
public sealed class PostgresS3App : GuildApp
{
    private IEnumerable<KeyValuePair<string, string?>> _storage = [];

    /// <summary>The bucket this app stores its files in.</summary>
    public string Bucket { get; private set; } = "";

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task InitializeAsync()
    {
        var bucket = await S3TestServer.NewBucketAsync();
        Bucket = bucket.Bucket;
        _storage = S3TestServer.Settings(bucket);
        await base.InitializeAsync();
    }

    protected override void Configure(IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in _storage)
        {
            settings[key] = value;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteS3Collection : ICollectionFixture<SqliteS3App>
{
    public const string Name = "Guild on SQLite with S3 storage";
}

[CollectionDefinition(Name)]
public sealed class PostgresS3Collection : ICollectionFixture<PostgresS3App>
{
    public const string Name = "Guild on PostgreSQL with S3 storage";
}
