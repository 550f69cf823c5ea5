using System.Security.Cryptography;
using System.Text;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Identity;

/// <summary>A token just made, with its secret: shown this once, never stored.</summary>
/// <param name="Token">The token as lists show it.</param>
/// <param name="Secret">The secret to send as <c>Authorization: Bearer …</c>; keep it safe, it cannot be shown again.</param>
public sealed record CreatedApiToken(ApiTokenView Token, string Secret);

/// <summary>What a new token should be.</summary>
/// <param name="Name">What it is for, so its owner recognises it (1 to 100 characters).</param>
/// <param name="Kind">Personal (acts as you, with your roles; the default) or Service (acts with one role; learning admins only).</param>
/// <param name="ServiceRole">For a service token: the role it acts with.</param>
/// <param name="ExpiresInDays">Days until it stops working (1 to 730); no expiry when left out.</param>
public sealed record ApiTokenRequest(string Name, ApiTokenKind Kind = ApiTokenKind.Personal, string? ServiceRole = null, int? ExpiresInDays = null);

public enum ApiTokenStatus { Active, Expired, Revoked }

/// <summary>What people and clients see of a token: never its hash, and the secret only once, at creation.</summary>
/// <param name="Id">The token's id.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Kind">Personal or Service.</param>
/// <param name="OwnerId">For a personal token: the person it acts as.</param>
/// <param name="OwnerEmail">Their e-mail address.</param>
/// <param name="ServiceRole">For a service token: the role it acts with.</param>
/// <param name="Prefix">The start of the secret, to recognise it in a configuration.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it stops working; null if it does not expire.</param>
/// <param name="LastUsedAt">When it was last used (to within an hour); null if never.</param>
/// <param name="RevokedAt">When it was revoked; null if it was not.</param>
/// <param name="Status">Active, Expired or Revoked.</param>
public sealed record ApiTokenView(
    Guid Id,
    string Name,
    ApiTokenKind Kind,
    Guid? OwnerId,
    string? OwnerEmail,
    string? ServiceRole,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    ApiTokenStatus Status);

/// <summary>Whose tokens a list shows: the caller's own, or (for L&amp;D admins) everyone's.</summary>
public enum ApiTokenScope { Mine, Everyone }

/// <summary>
/// Creating, listing and revoking API tokens. Everything is checked here, not only in pages: people see
/// and revoke only their own tokens; L&amp;D admins see and revoke all and alone create service tokens.
/// Tokens are managed by people: a service token cannot create, list or revoke tokens.
/// </summary>
public sealed class ApiTokenService(
    GuildDb db, CurrentPerson me, AuditLog audit, TimeProvider clock, IStringLocalizer<ApiTokenText> text)
{
    internal const string SecretPrefix = "guild_";
    public const int MaxNameLength = 100;
    public const int MaxExpiryDays = 730;

    public async Task<Result<Paged<ApiTokenView>>> ListAsync(ApiTokenScope scope, ApiTokenKind? kind, PageRequest page, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId || (scope == ApiTokenScope.Everyone && !me.IsLearningAdmin))
        {
            return Result<Paged<ApiTokenView>>.Forbidden();
        }
        var tokens = db.Set<ApiToken>().AsNoTracking();
        if (scope == ApiTokenScope.Mine)
        {
            tokens = tokens.Where(token => token.OwnerId == myId);
        }
        if (kind is { } onlyKind)
        {
            tokens = tokens.Where(token => token.Kind == onlyKind);
        }
        var now = clock.GetUtcNow();
        var rows = await (from token in tokens
                          join owner in db.Users on token.OwnerId equals (Guid?)owner.Id into owners
                          from owner in owners.DefaultIfEmpty()
                          orderby token.CreatedAt descending, token.Id descending
                          select new { token, OwnerEmail = owner == null ? null : owner.Email })
            .ToPagedAsync(page, cancellationToken);
        return Result<Paged<ApiTokenView>>.Ok(rows.Map(row => ToView(row.token, row.OwnerEmail, now)));
    }

    /// <summary>Creates a token; the secret in the result is the only time anyone sees it.</summary>
    public async Task<Result<CreatedApiToken>> CreateAsync(ApiTokenRequest request, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId)
        {
            return Result<CreatedApiToken>.Forbidden();
        }
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["name"] = [text["NameRequired", MaxNameLength]];
        }
        if (!Enum.IsDefined(request.Kind))
        {
            errors["kind"] = [text["KindUnknown"]];
        }
        if (request.Kind == ApiTokenKind.Service)
        {
            if (!me.IsLearningAdmin)
            {
                return Result<CreatedApiToken>.Forbidden();
            }
            if (request.ServiceRole is null || !Roles.IsKnown(request.ServiceRole))
            {
                errors["serviceRole"] = [text["ServiceRoleRequired", string.Join(", ", Roles.All)]];
            }
        }
        if (request.ExpiresInDays is < 1 or > MaxExpiryDays)
        {
            errors["expiresInDays"] = [text["ExpiryOutOfRange", MaxExpiryDays]];
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
            OwnerId = request.Kind == ApiTokenKind.Personal ? myId : null,
            ServiceRole = request.Kind == ApiTokenKind.Service ? request.ServiceRole : null,
            Prefix = secret[..12],
            Hash = HashOf(secret),
            CreatedById = myId,
            CreatedAt = now,
            ExpiresAt = request.ExpiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.Add(token);
        audit.Record("api-token.created", "ApiToken", token.Id.ToString(), token.Name,
            new { kind = token.Kind.ToString(), token.ServiceRole, token.ExpiresAt });
        await db.SaveChangesAsync(cancellationToken);
        var ownerEmail = token.OwnerId is null ? null : await db.Users.Where(u => u.Id == myId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        return Result<CreatedApiToken>.Ok(new CreatedApiToken(ToView(token, ownerEmail, now), secret));
    }

    /// <summary>Revokes a token at once on this node and within about a second on the others (<see cref="RevocationWatch"/>).</summary>
    public async Task<Result<ApiTokenView>> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } myId)
        {
            return Result<ApiTokenView>.Forbidden();
        }
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        // Someone else's token is "not found", not "forbidden": its existence is not theirs to learn.
        if (token is null || (token.OwnerId != myId && !me.IsLearningAdmin))
        {
            return Result<ApiTokenView>.NotFound();
        }
        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            token.RevokedById = myId;
            audit.Record("api-token.revoked", "ApiToken", token.Id.ToString(), token.Name);
            // The save moves the revocation version: every node's cached verification of this token ends.
            await db.SaveChangesAsync(cancellationToken);
        }
        var ownerEmail = token.OwnerId is { } ownerId
            ? await db.Users.Where(u => u.Id == ownerId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken)
            : null;
        return Result<ApiTokenView>.Ok(ToView(token, ownerEmail, clock.GetUtcNow()));
    }

    internal static byte[] HashOf(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static ApiTokenView ToView(ApiToken token, string? ownerEmail, DateTimeOffset now) => new(
        token.Id, token.Name, token.Kind, token.OwnerId, ownerEmail, token.ServiceRole, token.Prefix,
        token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt,
        token.RevokedAt is not null ? ApiTokenStatus.Revoked
            : token.ExpiresAt is { } expires && expires <= now ? ApiTokenStatus.Expired
            : ApiTokenStatus.Active);

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
