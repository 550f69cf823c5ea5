using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Jobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Lrs.Forwarding;

public sealed class LrsForwardingOptions
{
    /// <summary>Statements per POST to the external LRS.</summary>
    public int BatchSize { get; set; } = 100;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>The longest pause between attempts while the external LRS keeps failing.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>What one round of forwarding did.</summary>
public enum ForwardOutcome { Idle, Sent, Refused, Failed, Paused }

/// <summary>
/// Sends queued statements to the external LRS: the oldest first, in batches (a JSON array; multipart/mixed
/// when attachment data goes along), with the client credentials from the settings. Accepted rows leave
/// the queue. When the external LRS is unreachable or answers an error for the whole request (5xx, 401,
/// 403, 429), nothing leaves the queue and every node pauses for an exponentially growing while
/// (5 s, 10 s, 20 s … up to <see cref="LrsForwardingOptions.MaxBackoff"/>); the next success resets it.
/// When it refuses statements (400, 409), the batch is sent one by one and only the refused ones are
/// set aside, visible on the admin page. Runs where background jobs run (Jobs:Enabled).
/// </summary>
public sealed class LrsForwarder(
    IDbContextFactory<GuildDb> contexts,
    IHttpClientFactory httpClients,
    IDataProtectionProvider protection,
    TimeProvider clock,
    IOptions<LrsForwardingOptions> options,
    IOptions<JobOptions> jobs,
    ILogger<LrsForwarder> logger) : BackgroundService
{
    public const string HttpClientName = "lrs-forwarding";
    internal const string ProtectionPurpose = "Guild.Lrs.Forwarding.Credentials.v1";

    private ForwardQueue Queue { get; } = new(contexts, clock);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobs.Value.Enabled)
        {
            return;
        }
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var outcome = await ForwardOnceAsync(stoppingToken);
                if (outcome is not (ForwardOutcome.Sent or ForwardOutcome.Refused))
                {
                    await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The LRS forwarder failed; trying again shortly.");
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Forwards batch after batch until the queue is empty or forwarding pauses; tests call this instead of waiting.</summary>
    public async Task<ForwardOutcome> ForwardDueAsync(CancellationToken cancellationToken = default)
    {
        var last = ForwardOutcome.Idle;
        while (true)
        {
            var outcome = await ForwardOnceAsync(cancellationToken);
            if (outcome is not (ForwardOutcome.Sent or ForwardOutcome.Refused))
            {
                return outcome == ForwardOutcome.Idle ? last : outcome;
            }
            last = outcome;
        }
    }

    /// <summary>One batch.</summary>
    public async Task<ForwardOutcome> ForwardOnceAsync(CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(cancellationToken);
        if (settings is not { Enabled: true, Endpoint: not null, ProtectedKey: not null, ProtectedSecret: not null })
        {
            return ForwardOutcome.Idle;
        }
        var now = clock.GetUtcNow();
        if (settings.PausedUntil is { } paused && paused > now)
        {
            return ForwardOutcome.Paused;
        }
        var rows = await Queue.ClaimAsync(Math.Clamp(options.Value.BatchSize, 1, 500), options.Value.Lease, cancellationToken);
        if (rows.Count == 0)
        {
            return ForwardOutcome.Idle;
        }
        var protector = protection.CreateProtector(ProtectionPurpose);
        (string Key, string Secret) credentials;
        try
        {
            credentials = (protector.Unprotect(settings.ProtectedKey), protector.Unprotect(settings.ProtectedSecret));
        }
        catch (CryptographicException)
        {
            // The key ring that protected them is gone (a database restored elsewhere): say so where the admin looks.
            const string error = "The key and secret can no longer be read (the data protection keys changed); enter them again.";
            await Queue.ReleaseAsync(rows.Select(r => r.Id).ToList(), error, cancellationToken);
            await RecordFailureAsync(error, cancellationToken);
            return ForwardOutcome.Failed;
        }
        var answer = await SendAsync(settings.Endpoint, credentials, rows, cancellationToken);
        if (answer.Accepted)
        {
            await Queue.CompleteAsync(rows.Select(r => r.Id).ToList(), cancellationToken);
            await RecordSuccessAsync(cancellationToken);
            return ForwardOutcome.Sent;
        }
        if (!answer.Refused)
        {
            await Queue.ReleaseAsync(rows.Select(r => r.Id).ToList(), answer.Error, cancellationToken);
            await RecordFailureAsync(answer.Error, cancellationToken);
            return ForwardOutcome.Failed;
        }
        // The external LRS refused something in the batch: send one by one, set aside what it refuses.
        foreach (var row in rows)
        {
            var alone = rows.Count == 1 ? answer : await SendAsync(settings.Endpoint, credentials, [row], cancellationToken);
            if (alone.Accepted)
            {
                await Queue.CompleteAsync([row.Id], cancellationToken);
            }
            else if (alone.Refused)
            {
                logger.LogWarning("The external LRS refused statement {Id}: {Error}", row.Id, alone.Error);
                await Queue.RefuseAsync(row.Id, alone.Error, cancellationToken);
            }
            else
            {
                await Queue.ReleaseAsync(rows.Select(r => r.Id).ToList(), alone.Error, cancellationToken);
                await RecordFailureAsync(alone.Error, cancellationToken);
                return ForwardOutcome.Failed;
            }
        }
        await RecordSuccessAsync(cancellationToken);
        return ForwardOutcome.Refused;
    }

    private sealed record Answer(bool Accepted, bool Refused, string Error);

    private async Task<Answer> SendAsync(string endpoint, (string Key, string Secret) credentials, List<ForwardRow> rows, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(endpoint), "statements"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Key}:{credentials.Secret}")));
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        request.Content = await ContentAsync(rows, cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.RequestTimeout);
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return new Answer(true, false, "");
            }
            // The status and its standard reason phrase only: the body (and the phrase sent) are the other server's to fill,
            // and whatever they hold (markup, another site's page behind a redirect, someone's data) must not reach the
            // admin page or the log.
            var error = $"HTTP {(int)response.StatusCode} {ReasonPhrases.GetReasonPhrase((int)response.StatusCode)}".TrimEnd();
            var refused = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge;
            return new Answer(false, refused, error);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Answer(false, false, exception is TaskCanceledException ? "The external LRS did not answer in time." : exception.Message);
        }
    }

    /// <summary>The statements as a JSON array; with the attachment data this LRS holds, multipart/mixed (Communication 1.5.2).</summary>
    private async Task<HttpContent> ContentAsync(List<ForwardRow> rows, CancellationToken cancellationToken)
    {
        var json = "[" + string.Join(",", rows.Select(r => r.Document)) + "]";
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.HasAttachments))
        {
            using var document = JsonDocument.Parse(row.Document);
            hashes.UnionWith(StatementStore.AttachmentHashes(document.RootElement));
        }
        var attachments = await Queue.AttachmentsAsync(hashes, cancellationToken);
        if (attachments.Count == 0)
        {
            return new StringContent(json, Encoding.UTF8, "application/json");
        }
        var boundary = "guild-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var multipart = new MultipartContent("mixed", boundary);
        multipart.Add(new StringContent(json, Encoding.UTF8, "application/json"));
        foreach (var (sha2, data) in attachments)
        {
            var part = new ByteArrayContent(data.Content);
            part.Headers.TryAddWithoutValidation("Content-Type", data.ContentType);
            part.Headers.Add("Content-Transfer-Encoding", "binary");
            part.Headers.Add("X-Experience-API-Hash", sha2);
            multipart.Add(part);
        }
        return multipart;
    }

    private async Task<LrsForwardingSettings?> SettingsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<LrsForwardingSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == LrsForwardingSettings.SingletonId, cancellationToken);
    }

    private async Task RecordSuccessAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Set<LrsForwardingSettings>().Where(s => s.Id == LrsForwardingSettings.SingletonId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.LastSuccessAt, now)
                .SetProperty(s => s.ConsecutiveFailures, 0)
                .SetProperty(s => s.PausedUntil, (DateTimeOffset?)null), cancellationToken);
    }

    private async Task RecordFailureAsync(string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var failures = await db.Set<LrsForwardingSettings>().Where(s => s.Id == LrsForwardingSettings.SingletonId)
            .Select(s => s.ConsecutiveFailures).FirstOrDefaultAsync(cancellationToken) + 1;
        var pause = Backoff(failures, options.Value.MaxBackoff);
        logger.LogWarning("Forwarding to the external LRS failed ({Failures} in a row): {Error}. Next attempt in {Pause}.", failures, error, pause);
        var truncated = error.Length > 2000 ? error[..2000] : error;
        await db.Set<LrsForwardingSettings>().Where(s => s.Id == LrsForwardingSettings.SingletonId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(s => s.LastError, truncated)
                .SetProperty(s => s.LastErrorAt, now)
                .SetProperty(s => s.ConsecutiveFailures, failures)
                .SetProperty(s => s.PausedUntil, now + pause), cancellationToken);
    }

    internal static TimeSpan Backoff(int failures, TimeSpan max) =>
        TimeSpan.FromSeconds(Math.Min(max.TotalSeconds, 5 * Math.Pow(2, Math.Min(20, failures - 1))) * (0.9 + Random.Shared.NextDouble() * 0.2));
}
