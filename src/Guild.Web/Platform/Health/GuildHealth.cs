using System.Diagnostics;
using System.Text.Json;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Guild.Web.Platform.Health;

public static class GuildHealth
{
    /// <summary>Tag of the checks behind /health/ready; the admin system page runs the same ones, with details.</summary>
    public const string Ready = "ready";

    public static IHostApplicationBuilder AddGuildHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FfmpegProbe>();
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
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .AllowAnonymous().WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return endpoints;
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

/// <summary>Looks for ffmpeg once per process (the answer does not change while Guild runs).</summary>
public sealed class FfmpegProbe
{
    private readonly Lazy<string?> _version = new(Probe);

    public string? Version => _version.Value;

    private static string? Probe()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -version")
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
