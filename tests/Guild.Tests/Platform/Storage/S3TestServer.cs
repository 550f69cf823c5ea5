using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Guild.Web.Platform.Storage;

namespace Guild.Tests.Platform.Storage;

/// <summary>
/// A local S3-compatible server (the npm s3rver, pinned by S3Server/package-lock.json and installed by the build) that
/// the tests start themselves, once per test process, on a free port with a temporary folder — as test.sh starts
/// PostgreSQL, but with nothing to set up: a clean clone runs the S3 tests. The server stops when its standard input
/// closes, so it never outlives the test process. Each user of it gets a bucket of its own.
/// </summary>
public static class S3TestServer
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private static readonly Lazy<Task<Uri>> Started = new(StartAsync);

    /// <summary>The server's address, starting it on first use.</summary>
    public static Task<Uri> AddressAsync() => Started.Value;

    /// <summary>A fresh, empty bucket and the settings that point a store (or Guild's configuration) at it.</summary>
    public static async Task<S3StorageOptions> NewBucketAsync()
    {
        var address = await AddressAsync();
        var options = new S3StorageOptions
        {
            ServiceUrl = address.ToString(), Bucket = $"guild-{Guid.NewGuid():N}"[..30], AccessKey = AccessKey, SecretKey = SecretKey,
            ForcePathStyle = true, PartSizeMegabytes = 5,
        };
        using var client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey),
            new AmazonS3Config { ServiceURL = options.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = options.Region });
        await client.PutBucketAsync(options.Bucket);
        return options;
    }

    /// <summary>The settings Guild reads, for a test app that stores its files in a bucket of its own.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(S3StorageOptions options) =>
    [
        new("Storage:Provider", "S3"),
        new("Storage:S3:ServiceUrl", options.ServiceUrl),
        new("Storage:S3:Bucket", options.Bucket),
        new("Storage:S3:AccessKey", options.AccessKey),
        new("Storage:S3:SecretKey", options.SecretKey),
        new("Storage:S3:ForcePathStyle", "true"),
        new("Storage:S3:PartSizeMegabytes", options.PartSizeMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private static async Task<Uri> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("guild-s3-").FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ScriptFolder(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("start.mjs");
        start.ArgumentList.Add(folder);
        var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                node.StandardInput.Close();
                node.Kill(entireProcessTree: true);
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Already gone; the temp folder is the OS's to clean.
            }
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await node.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"s3rver did not start: {line} {await node.StandardError.ReadToEndAsync(timeout.Token)}");
        }
        return new Uri($"http://127.0.0.1:{line["listening ".Length..]}/");
    }

    private static string ScriptFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "S3Server");
            if (File.Exists(Path.Combine(candidate, "start.mjs")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("S3Server/start.mjs is not above the test binaries.");
    }
}
