namespace Guild.Web.Platform;

/// <summary>
/// Configuration that Guild must not run with (keys that would be stored unencrypted in production, a
/// certificate that cannot be read, an application role that owns tables). The message says what to set;
/// it is logged as Critical before the process ends.
/// </summary>
public sealed class StartupRefusedException(string reason) : InvalidOperationException($"Guild refuses to start: {reason}")
{
    public string Reason { get; } = reason;
}
