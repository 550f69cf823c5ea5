using System.Security.Cryptography;
using System.Text;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Guild.Web.Platform.Identity;

public sealed record CreatedApiToken(ApiToken Token, string Secret);

public sealed record ApiTokenRequest(string Name, ApiTokenKind Kind, string? ServiceRole, int? ExpiresInDays);

public sealed class ApiTokenService(GuildDb db, CurrentPerson me, AuditLog audit, TimeProvider clock, IMemoryCache cache)
{
    internal const string SecretPrefix = "guild_";

    public async Task<IReadOnlyList<ApiToken>> ListAsync(bool everyone, CancellationToken cancellationToken)
    {
        var query = db.Set<ApiToken>().AsNoTracking();
        if (!everyone || !me.IsLearningAdmin)
        {
            var myId = me.Id;
            query = query.Where(token => token.OwnerId == myId);
        }
        return await query.OrderByDescending(token => token.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Creates a token; the secret in the result is the only time anyone sees it.</summary>
    public async Task<Result<CreatedApiToken>> CreateAsync(ApiTokenRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["Give the token a name of 1 to 100 characters."];
        }
        if (request.Kind == ApiTokenKind.Service)
        {
            if (!me.IsLearningAdmin)
            {
                return Result<CreatedApiToken>.Forbidden();
            }
            if (request.ServiceRole is null || !Roles.IsKnown(request.ServiceRole))
            {
                errors["serviceRole"] = [$"A service token needs one of the roles: {string.Join(", ", Roles.All)}."];
            }
        }
        if (request.ExpiresInDays is < 1 or > 730)
        {
            errors["expiresInDays"] = ["Expiry must be between 1 and 730 days, or empty for no expiry."];
        }
        if (errors.Count > 0)
        {
            return Result<CreatedApiToken>.Invalid(errors);
        }

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Kind = request.Kind,
            OwnerId = request.Kind == ApiTokenKind.Personal ? me.Id : null,
            ServiceRole = request.Kind == ApiTokenKind.Service ? request.ServiceRole : null,
            Prefix = secret[..12],
            Hash = HashOf(secret),
            CreatedById = me.Id,
            CreatedAt = now,
            ExpiresAt = request.ExpiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.Add(token);
        audit.Record("api-token.created", "ApiToken", token.Id.ToString(), token.Name,
            new { token.Kind, token.ServiceRole, token.ExpiresAt });
        await db.SaveChangesAsync(cancellationToken);
        return Result<CreatedApiToken>.Ok(new CreatedApiToken(token, secret));
    }

    public async Task<Result<ApiToken>> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null || (token.OwnerId != me.IdOrNull && !me.IsLearningAdmin))
        {
            return Result<ApiToken>.NotFound();
        }
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            token.RevokedById = me.Id;
            audit.Record("api-token.revoked", "ApiToken", token.Id.ToString(), token.Name);
            await db.SaveChangesAsync(cancellationToken);
            cache.Remove(ApiTokenAuthentication.CacheKey(token.Hash));
        }
        return Result<ApiToken>.Ok(token);
    }

    internal static byte[] HashOf(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
