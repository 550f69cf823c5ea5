using System.Security.Claims;
using System.Text.Encodings.Web;
using Guild.Web.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Guild.Web.Platform.Identity;

/// <summary>
/// Authenticates <c>Authorization: Bearer guild_...</c>. A personal token acts as its owner with the
/// owner's roles (so it loses a role the moment the owner does); a service token acts with the one role it was
/// given, and only while the admin who created it is an active L&amp;D admin. Lookups are cached briefly
/// so a busy integration does not cost a query per request; the cache key holds the revocation version
/// (<see cref="RevocationWatch"/>), so a revocation anywhere ends every node's entries within about a second.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IMemoryCache cache,
    RevocationWatch revocations,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public new const string Scheme = "ApiToken";
    public const string ServiceClaim = "guild:service-token";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromHours(1);

    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static string CacheKey(byte[] hash, long revocationVersion) =>
        "api-token:" + Convert.ToHexString(hash) + ":" + revocationVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!HasBearerToken(Request))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiTokenService.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return AuthenticateResult.Fail("The bearer token is not a Guild API token.");
        }
        var hash = ApiTokenService.HashOf(secret);
        var entry = await cache.GetOrCreateAsync(CacheKey(hash, revocations.Version), async item =>
        {
            item.AbsoluteExpirationRelativeToNow = CacheFor;
            return await LoadAsync(hash);
        });
        var now = clock.GetUtcNow();
        if (entry is null || !entry.Token.IsUsableAt(now))
        {
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        }
        if (entry.Token.LastUsedAt is null || now - entry.Token.LastUsedAt > LastUsedGranularity)
        {
            entry.Token.LastUsedAt = now;
            await MarkUsedAsync(entry.Token.Id, now);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(entry.Principal, Scheme));
    }

    private sealed record Entry(ApiToken Token, ClaimsPrincipal Principal);

    private async Task<Entry?> LoadAsync(byte[] hash)
    {
        var db = Context.RequestServices.GetRequiredService<GuildDb>();
        var token = await db.Set<ApiToken>().AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash);
        if (token is null)
        {
            return null;
        }
        var identity = new ClaimsIdentity(Scheme, ClaimTypes.Name, ClaimTypes.Role);
        if (token.Kind == ApiTokenKind.Personal && token.OwnerId is { } ownerId)
        {
            var owner = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == ownerId);
            if (owner is null || owner.DeactivatedAt is not null)
            {
                return null;
            }
            var roles = await (from userRole in db.UserRoles
                               join role in db.Roles on userRole.RoleId equals role.Id
                               where userRole.UserId == ownerId
                               select role.Name).ToListAsync();
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, ownerId.ToString()));
            identity.AddClaim(new Claim(ClaimTypes.Name, owner.UserName ?? owner.Email ?? ownerId.ToString()));
            identity.AddClaims(roles.OfType<string>().Select(role => new Claim(ClaimTypes.Role, role)));
        }
        else
        {
            // A service token acts on the authority of the L&D admin who made it: it stops when they leave or lose the role.
            var adminRole = GuildRoleConfiguration.Ids[Roles.LearningAdmin];
            var creatorIsAdmin = await (from user in db.Users
                                        where user.Id == token.CreatedById && user.DeactivatedAt == null
                                        where db.UserRoles.Any(role => role.UserId == user.Id && role.RoleId == adminRole)
                                        select user.Id).AnyAsync();
            if (!creatorIsAdmin)
            {
                if (token.IsUsableAt(clock.GetUtcNow()))
                {
                    Logger.LogWarning("Service token {TokenId} ({TokenName}) is refused: {CreatorId}, who created it, is no longer an active L&D admin.",
                        token.Id, token.Name, token.CreatedById);
                }
                return null;
            }
            identity.AddClaim(new Claim(ClaimTypes.Name, token.Name));
            identity.AddClaim(new Claim(ServiceClaim, token.Id.ToString()));
            if (token.ServiceRole is not null)
            {
                identity.AddClaim(new Claim(ClaimTypes.Role, token.ServiceRole));
            }
        }
        return new Entry(token, new ClaimsPrincipal(identity));
    }

    private async Task MarkUsedAsync(Guid tokenId, DateTimeOffset now)
    {
        var db = Context.RequestServices.GetRequiredService<GuildDb>();
        await db.Set<ApiToken>().Where(t => t.Id == tokenId).ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now));
    }
}
