using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Lrs.Forwarding;

public sealed record ForwardingInput(bool Enabled, string? Endpoint, string? Key, string? Secret);

/// <summary>The settings as the admin page shows them: the key in clear (it is a user name), the secret never.</summary>
public sealed record ForwardingView(
    bool Enabled,
    string? Endpoint,
    string? Key,
    bool HasSecret,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    int ConsecutiveFailures,
    DateTimeOffset? PausedUntil);

public sealed record ForwardingStatus(ForwardingView Settings, ForwardBacklog Backlog);

/// <summary>
/// The forwarding settings and backlog, for L&amp;D admins (checked here, not only in the page). Saving
/// validates, protects the key and secret with Data Protection, writes the audit log and switches the
/// statement writer on this node at once.
/// </summary>
public sealed class LrsForwardingService(
    GuildDb db,
    IDbContextFactory<GuildDb> contexts,
    CurrentPerson me,
    AuditLog audit,
    IDataProtectionProvider protection,
    LrsForwardingSwitch forwardingSwitch,
    TimeProvider clock,
    Microsoft.Extensions.Localization.IStringLocalizer<LrsText> text)
{
    public const int MaxEndpointLength = 500;

    private IDataProtector Protector => protection.CreateProtector(LrsForwarder.ProtectionPurpose);

    /// <summary>Settings and backlog (a read while rendering: its own contexts).</summary>
    public async Task<Result<ForwardingStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<ForwardingStatus>.Forbidden();
        }
        LrsForwardingSettings? settings;
        await using (var read = await contexts.CreateDbContextAsync(cancellationToken))
        {
            settings = await read.Set<LrsForwardingSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == LrsForwardingSettings.SingletonId, cancellationToken);
        }
        var backlog = await new ForwardQueue(contexts, clock).BacklogAsync(cancellationToken);
        return Result<ForwardingStatus>.Ok(new ForwardingStatus(View(settings), backlog));
    }

    public async Task<Result<ForwardingView>> SaveAsync(ForwardingInput input, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<ForwardingView>.Forbidden();
        }
        var settings = await db.Set<LrsForwardingSettings>().FirstOrDefaultAsync(s => s.Id == LrsForwardingSettings.SingletonId, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var endpoint = NormaliseEndpoint(input.Endpoint, out var endpointProblem);
        var key = input.Key?.Trim();
        var secret = string.IsNullOrEmpty(input.Secret) ? null : input.Secret;
        if (endpointProblem is not null)
        {
            errors["endpoint"] = [text["Forwarding." + endpointProblem]];
        }
        else if (input.Enabled && endpoint is null)
        {
            errors["endpoint"] = [text["Forwarding.EndpointRequired"]];
        }
        if (key is { Length: > 200 })
        {
            errors["key"] = [text["Forwarding.KeyTooLong"]];
        }
        else if (input.Enabled && string.IsNullOrEmpty(key))
        {
            errors["key"] = [text["Forwarding.KeyRequired"]];
        }
        // Saved credentials belong to the address they were entered for. Whoever moves forwarding elsewhere (an admin,
        // or someone with an admin's stolen session) must know them: otherwise Guild would hand them to any host.
        var endpointChanged = endpoint is not null && !string.Equals(endpoint, settings?.Endpoint, StringComparison.Ordinal)
                              && (settings?.ProtectedSecret is not null || settings?.ProtectedKey is not null);
        if (endpointChanged && string.IsNullOrEmpty(key) && !errors.ContainsKey("key"))
        {
            errors["key"] = [text["Forwarding.KeyRequiredForNewEndpoint"]];
        }
        if (secret is { Length: > 500 })
        {
            errors["secret"] = [text["Forwarding.SecretTooLong"]];
        }
        else if (endpointChanged && secret is null)
        {
            errors["secret"] = [text["Forwarding.SecretRequiredForNewEndpoint"]];
        }
        else if (input.Enabled && secret is null && settings?.ProtectedSecret is null)
        {
            errors["secret"] = [text["Forwarding.SecretRequired"]];
        }
        if (errors.Count > 0)
        {
            return Result<ForwardingView>.Invalid(errors);
        }
        if (settings is null)
        {
            settings = new LrsForwardingSettings();
            db.Add(settings);
        }
        var wasEnabled = settings.Enabled;
        settings.Enabled = input.Enabled;
        settings.Endpoint = endpoint;
        settings.ProtectedKey = string.IsNullOrEmpty(key) ? null : Protector.Protect(key);
        if (secret is not null)
        {
            settings.ProtectedSecret = Protector.Protect(secret);
        }
        else if (endpoint is null)
        {
            // No address, nothing to sign in to: a secret kept now could only ever go to an address entered later.
            settings.ProtectedSecret = null;
        }
        settings.UpdatedAt = clock.GetUtcNow();
        settings.UpdatedById = me.Id;
        // New settings deserve a fresh try rather than the old back-off.
        settings.PausedUntil = null;
        settings.ConsecutiveFailures = 0;
        audit.Record(input.Enabled ? AuditActions.LrsForwardingSaved : AuditActions.LrsForwardingDisabled, AuditObjectTypes.LrsForwarding, "1", endpoint,
            new { input.Enabled, WasEnabled = wasEnabled, Endpoint = endpoint, Key = key, SecretChanged = secret is not null, EndpointChanged = endpointChanged });
        await db.SaveChangesAsync(cancellationToken);
        forwardingSwitch.Forget();
        return Result<ForwardingView>.Ok(View(settings));
    }

    /// <summary>Ends the pause and puts refused statements back in the queue: "try again now".</summary>
    public async Task<Result<int>> RetryNowAsync(CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<int>.Forbidden();
        }
        var requeued = await new ForwardQueue(contexts, clock).RequeueRefusedAsync(cancellationToken);
        await db.Set<LrsForwardingSettings>().Where(s => s.Id == LrsForwardingSettings.SingletonId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.PausedUntil, (DateTimeOffset?)null), cancellationToken);
        audit.Record(AuditActions.LrsForwardingRetried, AuditObjectTypes.LrsForwarding, "1", null, new { Requeued = requeued });
        await db.SaveChangesAsync(cancellationToken);
        return Result<int>.Ok(requeued);
    }

    private ForwardingView View(LrsForwardingSettings? settings) => settings is null
        ? new ForwardingView(false, null, null, false, null, null, null, null, 0, null)
        : new ForwardingView(settings.Enabled, settings.Endpoint,
            settings.ProtectedKey is null ? null : Unprotect(settings.ProtectedKey),
            settings.ProtectedSecret is not null, settings.UpdatedAt, settings.LastSuccessAt, settings.LastErrorAt, settings.LastError,
            settings.ConsecutiveFailures, settings.PausedUntil);

    /// <summary>A key protected with a key ring that is gone (a restored database elsewhere) reads as none.</summary>
    private string? Unprotect(string value)
    {
        try
        {
            return Protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>An absolute http(s) address; statements go to <c>{endpoint}statements</c>, so it ends in "/".</summary>
    internal static string? NormaliseEndpoint(string? value, out string? problem)
    {
        problem = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (text.Length > MaxEndpointLength)
        {
            problem = "EndpointTooLong";
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            problem = "EndpointInvalid";
            return null;
        }
        var normalised = uri.GetLeftPart(UriPartial.Path);
        return normalised.EndsWith('/') ? normalised : normalised + "/";
    }
}
