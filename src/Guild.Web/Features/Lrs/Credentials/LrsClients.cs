using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Lrs.Credentials;

/// <summary>Salted PBKDF2 (SHA-256) for client secrets: slow on purpose, so a stolen table is not a list of secrets.</summary>
public static class SecretHasher
{
    private const int Iterations = 100_000;

    public static string Hash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(secret, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}

/// <summary>Who is calling the LRS: a client, its scopes, and the authority its statements carry.</summary>
public sealed record LrsCaller(Guid ClientId, string Key, LrsScopes Scopes, StatementAuthority Authority)
{
    public bool CanRead => Scopes.HasFlag(LrsScopes.Read);
    public bool CanWrite => Scopes.HasFlag(LrsScopes.Write);
}

public sealed class LrsAuthOptions
{
    /// <summary>How long a verified key and secret are trusted without checking the hash again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// HTTP Basic authentication for the LRS. Secrets are stored as PBKDF2 hashes, which take tens of
/// milliseconds to check; so a successful check is remembered in memory for a short while, keyed by an
/// HMAC-SHA256 of the presented key and secret under a random key made when the process starts (the
/// cache never holds the secret, and its keys are useless outside this process). Revoking a client
/// forgets its entries at once on this node; other nodes forget them within <see cref="LrsAuthOptions.CacheFor"/>.
/// </summary>
public sealed class LrsAuthenticator(IServiceScopeFactory scopes, TimeProvider clock, IOptions<LrsAuthOptions> options)
{
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (LrsCaller Caller, DateTimeOffset Until)> _verified = new(StringComparer.Ordinal);

    /// <summary>The caller for an Authorization header value, or null when it is missing or refused.</summary>
    public async Task<LrsCaller?> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0 || decoded.Length > 400)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var cacheKey = Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(decoded)));
        if (_verified.TryGetValue(cacheKey, out var entry) && entry.Until > now)
        {
            return entry.Caller;
        }
        var key = decoded[..colon];
        var secret = decoded[(colon + 1)..];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        var client = await db.Set<LrsClient>().AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (client is null || !client.IsActive || !SecretHasher.Verify(secret, client.SecretHash))
        {
            return null;
        }
        var organisation = await scope.ServiceProvider.GetRequiredService<OrganisationProfile>().GetAsync(cancellationToken);
        var caller = new LrsCaller(client.Id, client.Key, client.Scopes, AuthorityOf(client, organisation.LearningRecordBaseIri));
        if (_verified.Count > 10_000)
        {
            _verified.Clear();
        }
        _verified[cacheKey] = (caller, now + options.Value.CacheFor);
        return caller;
    }

    public static StatementAuthority AuthorityOf(LrsClient client, string baseIri) =>
        (client.AuthorityJson is { } json ? StatementAuthority.FromJson(json) : null)
        ?? StatementAuthority.ForAccount(baseIri, "lrs-client/" + client.Key);

    /// <summary>Forgets every remembered verification of a client (on revoke).</summary>
    public void Forget(Guid clientId)
    {
        foreach (var (key, entry) in _verified)
        {
            if (entry.Caller.ClientId == clientId)
            {
                _verified.TryRemove(key, out _);
            }
        }
    }
}

public sealed record LrsClientRequest(string Name, LrsScopes Scopes, string? AuthorityJson);

public sealed record CreatedLrsClient(LrsClient Client, string Secret);

/// <summary>Creating, listing and revoking LRS clients (LearningAdmin only; checked here, not only in the page).</summary>
public sealed class LrsClients(GuildDb db, CurrentPerson me, AuditLog audit, TimeProvider clock, LrsAuthenticator authenticator)
{
    public async Task<IReadOnlyList<LrsClient>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<LrsClient>().AsNoTracking().OrderBy(c => c.RevokedAt != null).ThenByDescending(c => c.CreatedAt).ToListAsync(cancellationToken);

    public async Task<Result<CreatedLrsClient>> CreateAsync(LrsClientRequest request, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<CreatedLrsClient>.Forbidden();
        }
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["Give the client a name of 1 to 100 characters."];
        }
        if (request.Scopes is not (LrsScopes.Read or LrsScopes.Write or LrsScopes.ReadWrite))
        {
            errors["scopes"] = ["Choose read, write, or read and write."];
        }
        string? authority = null;
        if (!string.IsNullOrWhiteSpace(request.AuthorityJson))
        {
            var parsed = StatementAuthority.FromJson(request.AuthorityJson.Trim());
            if (parsed is null)
            {
                errors["authority"] = ["The authority must be an xAPI Agent in JSON with one identifier, such as {\"objectType\":\"Agent\",\"mbox\":\"mailto:tool@example.com\"}."];
            }
            authority = parsed?.Json;
        }
        if (errors.Count > 0)
        {
            return Result<CreatedLrsClient>.Invalid(errors);
        }
        var key = "guild-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        var client = await AddAsync(name, key, secret, request.Scopes, authority, me.Id, cancellationToken);
        return Result<CreatedLrsClient>.Ok(new CreatedLrsClient(client, secret));
    }

    internal async Task<LrsClient> AddAsync(string name, string key, string secret, LrsScopes scopes, string? authority, Guid? createdBy,
        CancellationToken cancellationToken)
    {
        var client = new LrsClient
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Key = key,
            SecretHash = SecretHasher.Hash(secret),
            Scopes = scopes,
            AuthorityJson = authority,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = createdBy,
        };
        db.Add(client);
        audit.Record(AuditActions.LrsClientCreated, AuditObjectTypes.LrsClient, client.Id.ToString(), client.Name, new { client.Key, client.Scopes });
        await db.SaveChangesAsync(cancellationToken);
        return client;
    }

    public async Task<Result<LrsClient>> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<LrsClient>.Forbidden();
        }
        var client = await db.Set<LrsClient>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return Result<LrsClient>.NotFound();
        }
        if (client.RevokedAt is null)
        {
            client.RevokedAt = clock.GetUtcNow();
            client.RevokedById = me.Id;
            audit.Record(AuditActions.LrsClientRevoked, AuditObjectTypes.LrsClient, client.Id.ToString(), client.Name);
            await db.SaveChangesAsync(cancellationToken);
        }
        authenticator.Forget(client.Id);
        return Result<LrsClient>.Ok(client);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class LrsBootstrapOptions
{
    public string? Key { get; set; }
    public string? Secret { get; set; }
}

/// <summary>
/// Lets an operator create the first LRS client without the UI: Lrs:BootstrapClient:Key and :Secret
/// (Lrs__BootstrapClient__Key ... in the environment). Idempotent: an existing key keeps its row,
/// but takes the configured secret, so rotating it in configuration rotates it here.
/// </summary>
internal sealed class LrsBootstrapClient(IOptions<LrsBootstrapOptions> options, GuildDb db, LrsClients clients, ILogger<LrsBootstrapClient> logger)
    : IDatabaseStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var key = options.Value.Key?.Trim();
        var secret = options.Value.Secret;
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            return;
        }
        if (secret.Length < 12)
        {
            logger.LogWarning("Lrs:BootstrapClient:Secret is shorter than 12 characters; the bootstrap LRS client was not created.");
            return;
        }
        var existing = await db.Set<LrsClient>().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (existing is null)
        {
            await clients.AddAsync("Bootstrap client", key, secret, LrsScopes.ReadWrite, authority: null, createdBy: null, cancellationToken);
            logger.LogInformation("Created the bootstrap LRS client {Key}.", key);
        }
        else if (!SecretHasher.Verify(secret, existing.SecretHash))
        {
            existing.SecretHash = SecretHasher.Hash(secret);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Updated the secret of the bootstrap LRS client {Key}.", key);
        }
    }
}
