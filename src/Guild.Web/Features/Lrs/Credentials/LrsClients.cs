using System.Collections.Concurrent;
using System.Net;
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

/// <summary>Who is calling the LRS: a client, its scopes, and the authority its statements carry.</summary>
public sealed record LrsCaller(Guid ClientId, string Key, LrsScopes Scopes, StatementAuthority Authority)
{
    public bool CanRead => Scopes.HasFlag(LrsScopes.Read);
    public bool CanWrite => Scopes.HasFlag(LrsScopes.Write);
}

public sealed class LrsAuthOptions
{
    /// <summary>How long a verified key and secret are trusted without looking the client up again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Failed authentications per client address (IPv6: per /64) within <see cref="FailureWindow"/> before 429.</summary>
    public int FailuresPerAddress { get; set; } = 10;
    /// <summary>Failed authentications per key within <see cref="FailureWindow"/> before 429.</summary>
    public int FailuresPerKey { get; set; } = 10;
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The outcome of checking an Authorization header: the caller, or none; with a wait when the caller must back off (429).</summary>
public readonly record struct LrsAuthentication(LrsCaller? Caller, TimeSpan? RetryAfter)
{
    public static LrsAuthentication Refused => default;
}

/// <summary>
/// HTTP Basic authentication for the LRS, in this order: an empty header is refused without counting; a
/// credential this node verified within <c>Lrs:Auth:CacheFor</c> (60 s) passes at once; an address or key
/// over its failure limit gets 429 (<see cref="LrsAuthFailures"/>), before any lookup or hash; then the client
/// is looked up and its secret checked (<see cref="LrsSecretHasher"/>, an HMAC), and a failure is counted.
/// </summary>
/// <remarks>
/// The check itself is cheap now; the cache stays because it saves a database round trip per request, and
/// because it lets a client that has just proven its secret go on working while someone else exhausts its
/// key's failure limit. The cache is keyed by an HMAC-SHA256 of the presented key and secret under a random
/// key made when the process starts (it never holds the secret, and its keys are useless outside this
/// process). Entries remember the revocation version they were made under (<see cref="RevocationWatch"/>):
/// revoking a client anywhere ends them on every node within about a second.
/// </remarks>
public sealed class LrsAuthenticator(IServiceScopeFactory scopes, TimeProvider clock, IOptions<LrsAuthOptions> options, RevocationWatch revocations,
    LrsSecretHasher hasher, LrsAuthFailures failures, ILogger<LrsAuthenticator> logger)
{
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (LrsCaller Caller, DateTimeOffset Until, long Version)> _verified = new(StringComparer.Ordinal);

    /// <summary>Checks an Authorization header value from a client at <paramref name="address"/>.</summary>
    public async Task<LrsAuthentication> AuthenticateAsync(string? authorization, IPAddress? address, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return LrsAuthentication.Refused; // nothing guessed
        }
        var decoded = Decode(authorization);
        var colon = decoded?.IndexOf(':') ?? -1;
        var key = colon > 0 ? decoded![..colon] : null;
        var now = clock.GetUtcNow();
        var version = revocations.Version;
        string? cacheKey = null;
        if (key is not null)
        {
            cacheKey = Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(decoded!)));
            if (_verified.TryGetValue(cacheKey, out var entry) && entry.Until > now && entry.Version == version)
            {
                return new LrsAuthentication(entry.Caller, null);
            }
        }
        if (failures.BlockedFor(address, key) is { } wait)
        {
            return new LrsAuthentication(null, wait);
        }
        if (key is null)
        {
            failures.Fail(address, null);
            return LrsAuthentication.Refused;
        }
        var secret = decoded![(colon + 1)..];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDb>();
        var client = await db.Set<LrsClient>().AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        var check = client is { IsActive: true } ? await hasher.VerifyAsync(secret, client.SecretHash, cancellationToken) : SecretCheck.Wrong;
        if (check == SecretCheck.Wrong)
        {
            failures.Fail(address, key);
            return LrsAuthentication.Refused;
        }
        if (check == SecretCheck.ValidLegacy)
        {
            await RehashAsync(db, client!, secret, cancellationToken);
        }
        var organisation = await scope.ServiceProvider.GetRequiredService<OrganisationProfile>().GetAsync(cancellationToken);
        var caller = new LrsCaller(client!.Id, client.Key, client.Scopes, AuthorityOf(client, organisation.LearningRecordBaseIri));
        if (_verified.Count > 10_000)
        {
            _verified.Clear();
        }
        _verified[cacheKey!] = (caller, now + options.Value.CacheFor, version);
        return new LrsAuthentication(caller, null);
    }

    /// <summary>"Basic base64(key:secret)" decoded; null when it is not that (or unreasonably long).</summary>
    private static string? Decode(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) || authorization.Length > 600)
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            return decoded.Length <= 400 ? decoded : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Replaces an old PBKDF2 hash by a keyed hash of the same, just verified, secret. Compare-and-set on the old
    /// hash, and with ExecuteUpdate rather than a tracked change on purpose: the same secret keeps working, so
    /// nothing is withdrawn and the revocation version must not move (it would empty every node's caches).
    /// </summary>
    private async Task RehashAsync(GuildDb db, LrsClient client, string secret, CancellationToken cancellationToken)
    {
        var hash = await hasher.HashAsync(secret, cancellationToken);
        var old = client.SecretHash;
        var changed = await db.Set<LrsClient>().Where(c => c.Id == client.Id && c.SecretHash == old)
            .ExecuteUpdateAsync(update => update.SetProperty(c => c.SecretHash, hash), cancellationToken);
        if (changed == 1)
        {
            logger.LogInformation("Replaced the PBKDF2 secret hash of LRS client {Key} by a keyed hash.", client.Key);
        }
    }

    public static StatementAuthority AuthorityOf(LrsClient client, string baseIri) =>
        (client.AuthorityJson is { } json ? StatementAuthority.FromJson(json) : null)
        ?? StatementAuthority.ForAccount(baseIri, "lrs-client/" + client.Key);
}

public sealed record LrsClientRequest(string Name, LrsScopes Scopes, string? AuthorityJson);

public sealed record CreatedLrsClient(LrsClientView Client, string Secret);

/// <summary>
/// Creating, listing and revoking LRS clients (LearningAdmin only; checked here, not only in the page).
/// Nothing here hands out a secret hash: clients leave as <see cref="LrsClientView"/>.
/// </summary>
public sealed class LrsClients(GuildDb db, CurrentPerson me, AuditLog audit, TimeProvider clock, LrsSecretHasher hasher)
{
    public async Task<Result<IReadOnlyList<LrsClientView>>> ListAsync(CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<IReadOnlyList<LrsClientView>>.Forbidden();
        }
        var clients = await db.Set<LrsClient>().AsNoTracking()
            .OrderBy(c => c.RevokedAt != null).ThenByDescending(c => c.CreatedAt)
            .Select(c => new LrsClientView(c.Id, c.Name, c.Key, c.Scopes, c.AuthorityJson, c.CreatedAt, c.RevokedAt))
            .ToListAsync(cancellationToken);
        return Result<IReadOnlyList<LrsClientView>>.Ok(clients);
    }

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

    internal async Task<LrsClientView> AddAsync(string name, string key, string secret, LrsScopes scopes, string? authority, Guid? createdBy,
        CancellationToken cancellationToken)
    {
        var client = new LrsClient
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Key = key,
            SecretHash = await hasher.HashAsync(secret, cancellationToken),
            Scopes = scopes,
            AuthorityJson = authority,
            CreatedAt = clock.GetUtcNow(),
            CreatedById = createdBy,
        };
        db.Add(client);
        audit.Record(AuditActions.LrsClientCreated, AuditObjectTypes.LrsClient, client.Id.ToString(), client.Name, new { client.Key, client.Scopes });
        await db.SaveChangesAsync(cancellationToken);
        return LrsClientView.From(client);
    }

    public async Task<Result<LrsClientView>> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<LrsClientView>.Forbidden();
        }
        var client = await db.Set<LrsClient>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null)
        {
            return Result<LrsClientView>.NotFound();
        }
        if (client.RevokedAt is null)
        {
            client.RevokedAt = clock.GetUtcNow();
            client.RevokedById = me.Id;
            audit.Record(AuditActions.LrsClientRevoked, AuditObjectTypes.LrsClient, client.Id.ToString(), client.Name);
            await db.SaveChangesAsync(cancellationToken);
        }
        return Result<LrsClientView>.Ok(LrsClientView.From(client));
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
/// <remarks>
/// The secret must be at least <see cref="LrsSecretHasher.MinimumSecretLength"/> (32) characters, like the
/// ones Guild makes: it is checked with a fast keyed hash like every other secret, which is only safe for
/// secrets nobody can guess (<c>openssl rand -base64 24</c> gives one). A shorter one is refused with a warning
/// and changes nothing. An old PBKDF2 hash of the configured secret is replaced by a keyed hash here.
/// </remarks>
internal sealed class LrsBootstrapClient(IOptions<LrsBootstrapOptions> options, GuildDb db, LrsClients clients, LrsSecretHasher hasher,
    ILogger<LrsBootstrapClient> logger) : IDatabaseStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var key = options.Value.Key?.Trim();
        var secret = options.Value.Secret;
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            return;
        }
        if (secret.Length < LrsSecretHasher.MinimumSecretLength)
        {
            logger.LogWarning("Lrs:BootstrapClient:Secret is shorter than {Length} characters; the bootstrap LRS client {Key} was not created or changed. " +
                "Use a random secret, such as the output of `openssl rand -base64 24`.", LrsSecretHasher.MinimumSecretLength, key);
            return;
        }
        var existing = await db.Set<LrsClient>().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (existing is null)
        {
            await clients.AddAsync("Bootstrap client", key, secret, LrsScopes.ReadWrite, authority: null, createdBy: null, cancellationToken);
            logger.LogInformation("Created the bootstrap LRS client {Key}.", key);
            return;
        }
        switch (await hasher.VerifyAsync(secret, existing.SecretHash, cancellationToken))
        {
            case SecretCheck.Valid:
                break;
            case SecretCheck.ValidLegacy:
                // The same secret, hashed anew: nothing is withdrawn, so no tracked change (it would move the revocation version).
                var hash = await hasher.HashAsync(secret, cancellationToken);
                await db.Set<LrsClient>().Where(c => c.Id == existing.Id)
                    .ExecuteUpdateAsync(update => update.SetProperty(c => c.SecretHash, hash), cancellationToken);
                logger.LogInformation("Replaced the PBKDF2 secret hash of the bootstrap LRS client {Key} by a keyed hash.", key);
                break;
            default:
                // A new secret: the tracked change withdraws the old one on every node.
                existing.SecretHash = await hasher.HashAsync(secret, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Updated the secret of the bootstrap LRS client {Key}.", key);
                break;
        }
    }
}
