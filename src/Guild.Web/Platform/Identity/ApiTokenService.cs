using System.Security.Cryptography;
using System.Text;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Identity;

/// <summary>A token just made, with its secret: shown this once, never stored.</summary>
/// <param name="Token">The token as lists show it.</param>
/// <param name="Secret">The secret to send as <c>Authorization: Bearer …</c>; keep it safe, it cannot be shown again.</param>
public sealed record CreatedApiToken(ApiTokenView Token, string Secret);

/// <summary>A new token. Without <c>ExpiresInDays</c> it gets the organisation's maximum; more than the maximum is refused.</summary>
/// <param name="Name">What it is for, so its owner recognises it (1 to 100 characters).</param>
/// <param name="Kind">Personal (acts as you, with your roles; the default) or Service (acts with one role; learning admins only).</param>
/// <param name="ServiceRole">For a service token: the role it acts with.</param>
/// <param name="ExpiresInDays">Days until it stops working, at most the organisation's maximum (apiTokenMaxDays); the maximum when left out.</param>
public sealed record ApiTokenRequest(string Name, ApiTokenKind Kind = ApiTokenKind.Personal, string? ServiceRole = null, int? ExpiresInDays = null);

/// <summary>The person who created a token (a service token works only while they are an active L&amp;D admin).</summary>
/// <param name="Id">Their person id.</param>
/// <param name="Name">Their name when they created it; null for tokens made before names were kept.</param>
public sealed record ApiTokenCreator(Guid Id, string? Name);

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
/// <param name="CreatedBy">Who created it.</param>
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
    ApiTokenStatus Status,
    ApiTokenCreator CreatedBy);

/// <summary>Whose tokens a list shows: the caller's own, or (for L&amp;D admins) everyone's.</summary>
public enum ApiTokenScope { Mine, Everyone }

/// <summary>
/// Creating, listing and revoking API tokens. Everything is checked here, not only in pages: people see
/// and revoke only their own tokens; L&amp;D admins see and revoke all and alone create service tokens.
/// Tokens are managed by people in a signed-in session: no API token (personal or service) can list, create or
/// revoke tokens, so a token that leaks cannot mint a longer-lived one or hide by revoking others. Every token
/// expires, at most the organisation's maximum (<see cref="OrganisationSettings.ApiTokenMaxDays"/>) after creation.
/// </summary>
public sealed class ApiTokenService(
    GuildDb db, CurrentPerson me, AuditLog audit, TimeProvider clock, IStringLocalizer<ApiTokenText> text)
{
    internal const string SecretPrefix = "guild_";
    public const int MaxNameLength = 100;

    /// <summary>The organisation's maximum validity of a token, in days (read fresh: creating a token is rare).</summary>
    public Task<int> MaxExpiryDaysAsync(CancellationToken cancellationToken) =>
        db.Set<OrganisationSettings>().AsNoTracking().Select(settings => settings.ApiTokenMaxDays).SingleAsync(cancellationToken);

    public async Task<Result<Paged<ApiTokenView>>> ListAsync(ApiTokenScope scope, ApiTokenKind? kind, PageRequest page, CancellationToken cancellationToken)
    {
        if (me.IsApiTokenCaller)
        {
            return Result<Paged<ApiTokenView>>.Forbidden(text["ManagedFromSession"]);
        }
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
                          join creator in db.Users on token.CreatedById equals creator.Id into creators
                          from creator in creators.DefaultIfEmpty()
                          orderby token.CreatedAt descending, token.Id descending
                          select new { token, OwnerEmail = owner == null ? null : owner.Email, CreatorEmail = creator == null ? null : creator.Email })
            .ToPagedAsync(page, cancellationToken);
        return Result<Paged<ApiTokenView>>.Ok(rows.Map(row => ToView(row.token, row.OwnerEmail, row.CreatorEmail, now)));
    }

    /// <summary>Creates a token; the secret in the result is the only time anyone sees it.</summary>
    public async Task<Result<CreatedApiToken>> CreateAsync(ApiTokenRequest request, CancellationToken cancellationToken)
    {
        if (me.IsApiTokenCaller)
        {
            return Result<CreatedApiToken>.Forbidden(text["ManagedFromSession"]);
        }
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
        var maxDays = await MaxExpiryDaysAsync(cancellationToken);
        var days = request.ExpiresInDays ?? maxDays;
        if (days < 1 || days > maxDays)
        {
            errors["expiresInDays"] = [text["ExpiryOutOfRange", maxDays]];
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
            CreatedByName = string.IsNullOrWhiteSpace(me.DisplayName) ? null : me.DisplayName,
            CreatedAt = now,
            ExpiresAt = now.AddDays(days),
        };
        db.Add(token);
        audit.Record(AuditActions.ApiTokenCreated, AuditObjectTypes.ApiToken, token.Id.ToString(), token.Name, Details(token));
        await db.SaveChangesAsync(cancellationToken);
        var myEmail = await db.Users.Where(u => u.Id == myId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        return Result<CreatedApiToken>.Ok(new CreatedApiToken(ToView(token, token.OwnerId is null ? null : myEmail, myEmail, now), secret));
    }

    /// <summary>Revokes a token at once on this node and within about a second on the others (<see cref="RevocationWatch"/>).</summary>
    public async Task<Result<ApiTokenView>> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (me.IsApiTokenCaller)
        {
            return Result<ApiTokenView>.Forbidden(text["ManagedFromSession"]);
        }
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
            audit.Record(AuditActions.ApiTokenRevoked, AuditObjectTypes.ApiToken, token.Id.ToString(), token.Name, Details(token));
            // The save moves the revocation version: every node's cached verification of this token ends.
            await db.SaveChangesAsync(cancellationToken);
        }
        var emails = await db.Users.Where(u => u.Id == token.OwnerId || u.Id == token.CreatedById)
            .Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        return Result<ApiTokenView>.Ok(ToView(token, emails.Find(u => u.Id == token.OwnerId)?.Email,
            emails.Find(u => u.Id == token.CreatedById)?.Email, clock.GetUtcNow()));
    }

    internal static byte[] HashOf(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>What the audit log keeps of a token: whose it is, who made it, what it may do and until when.</summary>
    private static object Details(ApiToken token) => new
    {
        kind = token.Kind.ToString(),
        token.OwnerId,
        token.ServiceRole,
        token.ExpiresAt,
        createdBy = token.CreatedByName,
        token.CreatedById,
    };

    private static ApiTokenView ToView(ApiToken token, string? ownerEmail, string? creatorEmail, DateTimeOffset now) => new(
        token.Id, token.Name, token.Kind, token.OwnerId, ownerEmail, token.ServiceRole, token.Prefix,
        token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt,
        token.RevokedAt is not null ? ApiTokenStatus.Revoked
            : token.ExpiresAt is not { } expires || expires <= now ? ApiTokenStatus.Expired
            : ApiTokenStatus.Active,
        // Tokens from before the creator's name was kept show the creator's address instead.
        new ApiTokenCreator(token.CreatedById, token.CreatedByName ?? creatorEmail));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
