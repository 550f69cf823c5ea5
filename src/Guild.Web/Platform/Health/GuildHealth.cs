using System.Diagnostics;
using System.Text.Json;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Health;

public static class GuildHealth
{
    /// <summary>Tag of the checks behind /health/ready; the admin system page runs the same ones, with details.</summary>
    public const string Ready = "ready";

    public static IHostApplicationBuilder AddGuildHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FfmpegProbe>();
        builder.Services.Configure<ReadinessOptions>(builder.Configuration.GetSection("Health"));
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<GuildDb>("database", tags: [Ready])
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready])
            .AddCheck<MailHealthCheck>("mail", tags: [Ready])
            // Without ffmpeg Guild still serves everything but video processing: degraded, not down.
            .AddCheck<FfmpegHealthCheck>("ffmpeg", HealthStatus.Degraded, tags: [Ready]);
        return builder;
    }

    public static IEndpointRouteBuilder MapGuildHealth(this IEndpointRouteBuilder endpoints)
    {
        // Probes read: GET and HEAD only (a health check answers any method unless told otherwise).
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous().WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        // Not MapHealthChecks: that runs every check per call, so anyone could make Guild open an SMTP connection and
        // write a file as often as they like. Callers within a few seconds share one evaluation.
        endpoints.MapMethods("/health/ready", [HttpMethods.Get, HttpMethods.Head], ReadyAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ReadyAsync(HttpContext context, Readiness readiness)
    {
        var report = await readiness.GetAsync(context.RequestAborted);
        // As the health check middleware answers: Degraded still serves.
        context.Response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        await WriteAsync(context, report);
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        // Anonymous callers (load balancers) learn the status of each part, never the details.
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            totalMilliseconds = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.Status.ToString()),
        }, JsonSerializerOptions.Web));
    }
}

public sealed class ReadinessOptions
{
    /// <summary>How long one evaluation of the readiness checks answers /health/ready (<c>Health:ReadyCacheFor</c>).</summary>
    public TimeSpan ReadyCacheFor { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// The readiness checks for /health/ready, evaluated at most once per <see cref="ReadinessOptions.ReadyCacheFor"/>:
/// concurrent callers wait for the same evaluation, later ones get its result until it is older than that. The
/// admin system page runs the checks itself, fresh.
/// </summary>
public sealed class Readiness(HealthCheckService health, TimeProvider clock, IOptions<ReadinessOptions> options, IHostApplicationLifetime lifetime)
{
    private readonly Lock _gate = new();
    private Task<HealthReport>? _current;
    /// <summary>When the current evaluation finished (UTC ticks), written by the evaluation itself.</summary>
    private long _finishedAt;
    private long _evaluations;

    /// <summary>How many times the checks have run for /health/ready in this process.</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    public Task<HealthReport> GetAsync(CancellationToken cancellationToken)
    {
        Task<HealthReport> report;
        lock (_gate)
        {
            var stale = _current is null
                        || _current.IsFaulted || _current.IsCanceled
                        || (_current.IsCompleted && clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _finishedAt) >= options.Value.ReadyCacheFor.Ticks);
            if (stale)
            {
                Interlocked.Increment(ref _evaluations);
                _current = EvaluateAsync();
            }
            report = _current!;
        }
        // A caller that goes away stops waiting; the evaluation goes on for the others.
        return report.WaitAsync(cancellationToken);
    }

    private async Task<HealthReport> EvaluateAsync()
    {
        // Not the first caller's token: the others share this evaluation. The process stopping ends it.
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(GuildHealth.Ready), lifetime.ApplicationStopping);
        Interlocked.Exchange(ref _finishedAt, clock.GetUtcNow().UtcTicks);
        return report;
    }
}

internal sealed class StorageHealthCheck(IFileStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CheckWritableAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{store.GetType().Name} accepts writes.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("File storage does not accept writes.", exception);
        }
    }
}

internal sealed class MailHealthCheck(IMailTransport transport) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await transport.CheckAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Mail goes to {transport.Describe()}.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Mail cannot reach {transport.Describe()}.", exception);
        }
    }
}

/// <summary>
/// Looks for ffmpeg once per process (the answer does not change while Guild runs), where the media pipeline runs it:
/// <c>Media:FfmpegPath</c>, else <c>ffmpeg</c> on the PATH.
/// </summary>
public sealed class FfmpegProbe(IConfiguration configuration)
{
    private readonly Lazy<string?> _version = new(() => Probe(configuration["Media:FfmpegPath"] is { Length: > 0 } path ? path : "ffmpeg"));

    public string? Version => _version.Value;

    private static string? Probe(string program)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, "-hide_banner -version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }
            var firstLine = process.StandardOutput.ReadLine();
            process.WaitForExit(5000);
            return process.ExitCode == 0 ? firstLine : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

internal sealed class FfmpegHealthCheck(FfmpegProbe probe) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(probe.Version is { } version
            ? HealthCheckResult.Healthy(version)
            : new HealthCheckResult(context.Registration.FailureStatus, "ffmpeg is not installed: videos cannot be processed until it is."));
}
