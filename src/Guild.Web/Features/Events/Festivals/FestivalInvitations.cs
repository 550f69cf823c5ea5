using System.Security.Cryptography;
using System.Text;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>A link to make.</summary>
/// <param name="ValidForDays">How many days the link works (1 to 90; 14 when left out).</param>
public sealed record InvitationLinkInput(int? ValidForDays);

/// <summary>An invitation link of a partner organisation.</summary>
/// <param name="Id">The link's id.</param>
/// <param name="PartnerId">The partner organisation.</param>
/// <param name="Partner">Its name.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">Until when it works.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
/// <param name="AccountsMade">How many accounts were made with it.</param>
/// <param name="Url">The link itself: only in the answer that made it (only its hash is kept).</param>
public sealed record InvitationLinkView(Guid Id, Guid PartnerId, string Partner, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt,
    int AccountsMade, string? Url);

/// <summary>What an invitation link stands for when someone opens it.</summary>
public enum JoinLinkState { Open, Expired, Revoked, Invalid }

/// <summary>An opened invitation link.</summary>
/// <param name="State">Open, Expired, Revoked or Invalid (unknown or forged).</param>
/// <param name="FestivalId">The festival, when the link is known.</param>
/// <param name="Festival">Its name.</param>
/// <param name="Partner">The partner organisation.</param>
public sealed record JoinLinkView(JoinLinkState State, Guid? FestivalId, string? Festival, string? Partner);

/// <summary>The account a partner person makes with an invitation link.</summary>
/// <param name="GivenName">Their given name.</param>
/// <param name="FamilyName">Their family name.</param>
/// <param name="Email">Their mail address (their sign-in name).</param>
/// <param name="Password">Their password.</param>
public sealed record JoinInput(string? GivenName, string? FamilyName, string? Email, string? Password);

/// <summary>
/// Invitation links for partner organisations: an organiser makes one per partner (32 random bytes; only the SHA-256 is stored), with
/// an expiry, and may revoke it (both audited). Someone who opens a working link makes their own account: a partner guest of that
/// organisation, tied to it at this festival, who then sees that festival and little else.
/// </summary>
public sealed class FestivalInvitations(
    GuildDb db, CurrentPerson me, TimeProvider clock, FestivalProgrammes programmes, UserManager<GuildUser> users, ILookupNormalizer normalizer,
    MailTemplates templates, AuditLog audit, IStringLocalizer<FestivalsText> text)
{
    private const int TokenBytes = 32;

    /// <summary>The links of a festival's partners (organisers).</summary>
    public async Task<Result<IReadOnlyList<InvitationLinkView>>> ListAsync(Guid festivalId, CancellationToken cancellationToken)
    {
        if (await OrganiseAsync(festivalId, cancellationToken) is { } refused)
        {
            return FestivalPlaces.Refusal<IReadOnlyList<InvitationLinkView>>(refused);
        }
        var rows = await (from i in db.Set<FestivalInvitation>().AsNoTracking()
                          join p in db.Set<FestivalPartner>() on i.PartnerId equals p.Id
                          where p.FestivalId == festivalId
                          orderby i.CreatedAt descending
                          select new InvitationLinkView(i.Id, p.Id, p.Name, i.CreatedAt, i.ExpiresAt, i.RevokedAt, i.AccountsMade, null)).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<InvitationLinkView>>.Ok(rows);
    }

    /// <summary>Makes a link for a partner organisation; the answer holds the URL this once.</summary>
    public async Task<Result<InvitationLinkView>> CreateAsync(Guid festivalId, Guid partnerId, InvitationLinkInput input, CancellationToken cancellationToken)
    {
        if (await OrganiseAsync(festivalId, cancellationToken) is { } refused)
        {
            return FestivalPlaces.Refusal<InvitationLinkView>(refused);
        }
        var partner = await db.Set<FestivalPartner>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId && p.FestivalId == festivalId, cancellationToken);
        if (partner is null)
        {
            return Result<InvitationLinkView>.NotFound();
        }
        if (input.ValidForDays is < 1 or > 90)
        {
            return Result<InvitationLinkView>.Invalid("validForDays", text["ValidForDaysRange"]);
        }
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(TokenBytes));
        var now = clock.GetUtcNow();
        var invitation = new FestivalInvitation
        {
            Id = Guid.CreateVersion7(), PartnerId = partnerId, TokenHash = Hash(token), CreatedAt = now, CreatedById = me.Id,
            ExpiresAt = now.AddDays(input.ValidForDays ?? 14),
        };
        db.Add(invitation);
        audit.Record(AuditActions.FestivalInvitationCreated, AuditObjectTypes.Festival, festivalId.ToString(), partner.Name,
            new { PartnerOrganisation = partner.Name, invitation.ExpiresAt });
        await db.SaveChangesAsync(cancellationToken);
        return Result<InvitationLinkView>.Ok(new InvitationLinkView(invitation.Id, partner.Id, partner.Name, now, invitation.ExpiresAt, null, 0,
            templates.AbsoluteUrl($"/festivals/join/{token}")));
    }

    /// <summary>Revokes a link: it stops working at once (accounts made with it stay).</summary>
    public async Task<Result<InvitationLinkView>> RevokeAsync(Guid festivalId, Guid invitationId, CancellationToken cancellationToken)
    {
        if (await OrganiseAsync(festivalId, cancellationToken) is { } refused)
        {
            return FestivalPlaces.Refusal<InvitationLinkView>(refused);
        }
        var row = await (from i in db.Set<FestivalInvitation>()
                         join p in db.Set<FestivalPartner>() on i.PartnerId equals p.Id
                         where i.Id == invitationId && p.FestivalId == festivalId
                         select new { Invitation = i, Partner = p.Name }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Result<InvitationLinkView>.NotFound();
        }
        var invitation = row.Invitation;
        if (invitation.RevokedAt is null)
        {
            invitation.RevokedAt = clock.GetUtcNow();
            audit.Record(AuditActions.FestivalInvitationRevoked, AuditObjectTypes.Festival, festivalId.ToString(), row.Partner, new { PartnerOrganisation = row.Partner });
            await db.SaveChangesAsync(cancellationToken);
        }
        return Result<InvitationLinkView>.Ok(new InvitationLinkView(invitation.Id, invitation.PartnerId, row.Partner, invitation.CreatedAt, invitation.ExpiresAt,
            invitation.RevokedAt, invitation.AccountsMade, null));
    }

    /// <summary>What a link stands for (anyone may open one: the secret is the permission).</summary>
    public async Task<JoinLinkView> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, cancellationToken);
        if (found is null)
        {
            return new JoinLinkView(JoinLinkState.Invalid, null, null, null);
        }
        var state = found.Invitation.RevokedAt is not null ? JoinLinkState.Revoked : found.Invitation.ExpiresAt <= clock.GetUtcNow() ? JoinLinkState.Expired : JoinLinkState.Open;
        return new JoinLinkView(state, found.FestivalId, found.Festival, found.Partner.Name);
    }

    /// <summary>
    /// Makes the account of a partner person from a working link: a partner guest of the link's organisation, tied to it at the
    /// festival. An expired, revoked or unknown link, or a bad field, makes nothing.
    /// </summary>
    public async Task<Result<GuildUser>> JoinAsync(string? token, JoinInput input, CancellationToken cancellationToken)
    {
        var link = await CheckAsync(token, cancellationToken);
        if (link.State != JoinLinkState.Open)
        {
            return Result<GuildUser>.Invalid("token", text[$"Join.{link.State}"]);
        }
        var errors = new Dictionary<string, string[]>();
        var given = input.GivenName?.Trim() ?? "";
        var family = input.FamilyName?.Trim() ?? "";
        var email = input.Email?.Trim() ?? "";
        if (given.Length is 0 or > 100)
        {
            errors["givenName"] = [text["GivenNameRequired"]];
        }
        if (family.Length is 0 or > 100)
        {
            errors["familyName"] = [text["FamilyNameRequired"]];
        }
        if (!EmailAddress.IsValid(email))
        {
            errors["email"] = [text["EmailInvalid"]];
        }
        else if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalizer.NormalizeName(email), cancellationToken))
        {
            errors["email"] = [text["EmailHasAccount"]];
        }
        if (string.IsNullOrEmpty(input.Password))
        {
            errors["password"] = [text["PasswordRequired"]];
        }
        if (errors.Count > 0)
        {
            return Result<GuildUser>.Invalid(errors);
        }
        var found = (await FindAsync(token, cancellationToken))!;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var user = new GuildUser
        {
            Id = Guid.CreateVersion7(), UserName = email, NormalizedUserName = normalizer.NormalizeName(email), Email = email, NormalizedEmail = normalizer.NormalizeEmail(email),
            EmailConfirmed = true, PreferredLanguage = null, SecurityStamp = PersonAdministration.NewSecurityStamp(), ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        };
        var person = new Person
        {
            Id = user.Id, GivenName = given, FamilyName = family, Account = user, PartnerOrganisation = found.Partner.Name, CreatedAt = now, InvitedAt = now,
            InvitationAcceptedAt = now,
        };
        person.RefreshNameKeys();
        db.Add(user);
        db.Add(person);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = GuildRoleConfiguration.Ids[Roles.PartnerGuest] });
        db.Add(new FestivalPartnerMember { PersonId = user.Id, PartnerId = found.Partner.Id });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Result<GuildUser>.Invalid("email", text["EmailHasAccount"]);
        }
        var added = await users.AddPasswordAsync(user, input.Password!);
        if (!added.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Result<GuildUser>.Invalid(new Dictionary<string, string[]>
            {
                ["password"] = [.. added.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.PasswordTooShort)
                    ? text["PasswordTooShort", users.Options.Password.RequiredLength].Value : text["PasswordWeak"].Value).Distinct()],
            });
        }
        // Counted by a conditional UPDATE, so a link revoked a moment ago makes no account.
        var counted = await db.Set<FestivalInvitation>().Where(i => i.Id == found.Invitation.Id && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AccountsMade, i => i.AccountsMade + 1), cancellationToken);
        if (counted == 0)
        {
            db.ChangeTracker.Clear();
            return Result<GuildUser>.Invalid("token", text["Join.Revoked"]);
        }
        await transaction.CommitAsync(cancellationToken);
        return Result<GuildUser>.Ok(user);
    }

    private sealed record FoundLink(FestivalInvitation Invitation, FestivalPartner Partner, Guid FestivalId, string Festival);

    private async Task<FoundLink?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Hash(token);
        return await (from i in db.Set<FestivalInvitation>().AsNoTracking()
                      join p in db.Set<FestivalPartner>() on i.PartnerId equals p.Id
                      join f in db.Set<Festival>() on p.FestivalId equals f.Id
                      where i.TokenHash == hash
                      select new FoundLink(i, p, f.Id, f.Name)).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<Result<bool>?> OrganiseAsync(Guid festivalId, CancellationToken cancellationToken)
    {
        if (await programmes.FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<bool>.NotFound();
        }
        return await me.CanAsync(found.Standing, FestivalOperations.Organise) ? null : Result<bool>.Forbidden();
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));
}
