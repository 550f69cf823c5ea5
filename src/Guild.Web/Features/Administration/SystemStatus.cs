using System.Reflection;
using System.Runtime.InteropServices;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Health;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Security;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Guild.Web.Features.Administration;

public sealed record HealthEntryView(string Name, HealthStatus Status, string? Description, TimeSpan Duration, string? Error);

public sealed record JobBacklog(int Queued, int DueNow, int Running, int Failed, DateTimeOffset? OldestDueSince);

public sealed record SystemFacts(
    HealthStatus OverallStatus,
    IReadOnlyList<HealthEntryView> Checks,
    DatabaseProvider DatabaseProvider,
    string? DatabaseServerVersion,
    string? LatestMigration,
    int PendingMigrations,
    string StorageKind,
    MailTarget MailTarget,
    string? FfmpegVersion,
    string DotNetVersion,
    string AppVersion,
    string Environment,
    string MachineName,
    DateTimeOffset StartedAt,
    int DataProtectionKeys,
    KeyRingFacts KeyRing,
    JobBacklog Jobs);

/// <summary>How the data-protection keys are protected, and how many stored keys are still in plain text (older than the certificate).</summary>
public sealed record KeyRingFacts(KeyProtectionState Protection, int UnencryptedKeys, DateTimeOffset Now)
{
    /// <summary>Within 30 days of its end, or past it: time to rotate (docs/operations.md).</summary>
    public bool CertificateExpiresSoon => Protection.NotAfter is { } notAfter && notAfter < Now.AddDays(30);
}

/// <summary>
/// What an operator needs to see on one page: the readiness checks with their details (only for
/// L&amp;D admins; the anonymous /health endpoints show statuses only) and the facts of this node.
/// </summary>
public sealed class SystemStatus(
    HealthCheckService health,
    GuildDb db,
    DatabaseInfo database,
    IFileStore files,
    IMailTransport mail,
    FfmpegProbe ffmpeg,
    KeyProtectionState keyProtection,
    IHostEnvironment environment,
    TimeProvider clock)
{
    private static readonly DateTimeOffset ProcessStartedAt = new(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public async Task<SystemFacts> GetAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(GuildHealth.Ready), cancellationToken);
        var checks = report.Entries
            .Select(entry => new HealthEntryView(entry.Key, entry.Value.Status, entry.Value.Description, entry.Value.Duration,
                entry.Value.Exception?.GetBaseException().Message))
            .ToList();

        var serverVersion = await ServerVersionAsync(cancellationToken);
        var applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
        var keys = await db.DataProtectionKeys.CountAsync(cancellationToken);
        // A key encrypted with a certificate holds EncryptedData; plain ones (written before the certificate, or without one) do
        // not. Revoked ones (rotate-keys --revoke-old writes "revocation-{id}" beside "key-{id}") no longer count.
        var unencrypted = await db.DataProtectionKeys.CountAsync(key => key.FriendlyName!.StartsWith("key-")
            && (key.Xml == null || !key.Xml.Contains("EncryptedData"))
            && !db.DataProtectionKeys.Any(revocation => revocation.FriendlyName!.StartsWith("revocation-") && revocation.FriendlyName.Replace("revocation-", "key-") == key.FriendlyName), cancellationToken);

        var now = clock.GetUtcNow();
        // One grouped count over the (status, run_after) index, not one query per status; succeeded jobs,
        // by far the most rows, are never read.
        var counts = await db.Set<BackgroundJob>()
            .Where(job => job.Status == JobStatus.Queued || job.Status == JobStatus.Running || job.Status == JobStatus.Failed)
            .GroupBy(job => job.Status)
            .Select(group => new { Status = group.Key, Count = group.Count() })
            .ToListAsync(cancellationToken);
        var dueNow = await db.Set<BackgroundJob>().CountAsync(job => job.Status == JobStatus.Queued && job.RunAfter <= now, cancellationToken);
        var oldestDue = await db.Set<BackgroundJob>()
            .Where(job => job.Status == JobStatus.Queued && job.RunAfter <= now)
            .OrderBy(job => job.RunAfter)
            .Select(job => (DateTimeOffset?)job.RunAfter)
            .FirstOrDefaultAsync(cancellationToken);
        int CountOf(JobStatus status) => counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0;

        return new SystemFacts(
            report.Status,
            checks,
            database.Provider,
            serverVersion,
            applied.LastOrDefault(),
            pending.Count(),
            DescribeStorage(files),
            mail.Target,
            ffmpeg.Version,
            RuntimeInformation.FrameworkDescription,
            AppVersion,
            environment.EnvironmentName,
            System.Environment.MachineName,
            ProcessStartedAt,
            keys,
            new KeyRingFacts(keyProtection, unencrypted, now),
            new JobBacklog(CountOf(JobStatus.Queued), dueNow, CountOf(JobStatus.Running), CountOf(JobStatus.Failed), oldestDue));
    }

    public static string AppVersion { get; } =
        typeof(SystemStatus).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SystemStatus).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>What <see cref="SystemFacts.StorageKind"/> says for files on this node's disk; other stores name their type.</summary>
    public const string LocalStorage = "local";

    private static string DescribeStorage(IFileStore store) => store switch
    {
        LocalFileStore => LocalStorage,
        S3FileStore s3 => s3.Description,
        _ => store.GetType().Name,
    };

    private async Task<string?> ServerVersionAsync(CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return connection.ServerVersion;
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            // The database check above reports the failure with its details.
            return null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
