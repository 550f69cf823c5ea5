using System.Globalization;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Localization;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Organisation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.People;

/// <summary>A learning admin's invitation of one person (an employee, or a partner guest with their organisation).</summary>
/// <param name="Email">Their work e-mail address: the invitation goes there and it becomes their sign-in name (required, unique).</param>
/// <param name="GivenName">Given name (required).</param>
/// <param name="FamilyName">Family name, with any prefix (required).</param>
/// <param name="JobTitle">Job title.</param>
/// <param name="Department">Name of the department; one that does not exist yet is created.</param>
/// <param name="Location">Name of the location; one that does not exist yet is created.</param>
/// <param name="Roles">Their roles: Employee or PartnerGuest (not both), plus any of Champion, Moderator, LearningAdmin. Default: Employee.</param>
/// <param name="PartnerOrganisation">For a partner guest: the organisation they come from (required for guests).</param>
/// <param name="Language">The language of the invitation mail and of Guild for them: <c>en</c> or <c>nl</c>; default the organisation's.</param>
public sealed record InvitationRequest(
    string? Email,
    string? GivenName,
    string? FamilyName,
    string? JobTitle,
    string? Department,
    string? Location,
    IReadOnlyList<string>? Roles,
    string? PartnerOrganisation,
    string? Language);

public enum InvitationState { Open, Expired, Invalid, Accepted }

/// <summary>What an invitation link leads to, for the page that opens it.</summary>
public sealed record InvitationLink(InvitationState State, string? DisplayName, string? Email);

/// <summary>
/// Invitations: an account without a password plus a mail with a link where the invitee chooses
/// one. The account, the person, the audit entry and the mail job commit together.
/// </summary>
public sealed class Invitations(
    GuildDb db,
    PeopleDirectory directory,
    UserManager<GuildUser> users,
    ILookupNormalizer normalizer,
    CurrentPerson me,
    AuditLog audit,
    Mailer mailer,
    MailTemplates templates,
    InvitationTokens tokens,
    OrganisationProfile organisation,
    IOptions<IdentityOptions> identityOptions,
    TimeProvider clock,
    IStringLocalizer<PeopleText> text)
{
    public async Task<Result<PersonAccount>> InviteAsync(InvitationRequest request, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<PersonAccount>.Forbidden();
        }
        var errors = new PersonFieldErrors(text);
        var email = errors.Text("email", request.Email, 256, required: true);
        var givenName = errors.Text("givenName", request.GivenName, 100, required: true);
        var familyName = errors.Text("familyName", request.FamilyName, 100, required: true);
        var jobTitle = errors.Text("jobTitle", request.JobTitle, 150, required: false);
        var department = errors.Text("department", request.Department, 150, required: false);
        var location = errors.Text("location", request.Location, 150, required: false);
        var partner = errors.Text("partnerOrganisation", request.PartnerOrganisation, 200, required: false);
        var language = string.IsNullOrWhiteSpace(request.Language) ? null : request.Language.Trim();
        if (language is not null && !GuildLocalization.IsSupported(language))
        {
            errors.Add("language", text["LanguageNotOffered"]);
        }
        if (email is not null && !EmailAddress.IsValid(email))
        {
            errors.Add("email", text["EmailInvalid"]);
        }
        else if (email is not null)
        {
            var normalized = normalizer.NormalizeName(email);
            if (await db.Users.AnyAsync(u => u.NormalizedUserName == normalized, cancellationToken))
            {
                errors.Add("email", text["EmailHasAccount"]);
            }
        }
        var roles = new List<string>();
        foreach (var role in request.Roles is { Count: > 0 } asked ? asked : [Roles.Employee])
        {
            var known = Roles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                errors.Add("roles", text["UnknownRole", role ?? "", string.Join(", ", Roles.All)]);
            }
            else if (!roles.Contains(known))
            {
                roles.Add(known);
            }
        }
        var isGuest = roles.Contains(Roles.PartnerGuest);
        if (!errors.Has("roles") && roles.Contains(Roles.Employee) == isGuest)
        {
            errors.Add("roles", text[isGuest ? "RolesEmployeeOrGuest" : "RolesNeedMembership"]);
        }
        if (isGuest && partner is null && !errors.Has("partnerOrganisation"))
        {
            errors.Add("partnerOrganisation", text["PartnerOrganisationRequired"]);
        }
        if (errors.Count > 0)
        {
            return Result<PersonAccount>.Invalid(errors.Errors);
        }

        var now = clock.GetUtcNow();
        var user = new GuildUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            NormalizedUserName = normalizer.NormalizeName(email),
            Email = email,
            NormalizedEmail = normalizer.NormalizeEmail(email),
            PreferredLanguage = language,
            SecurityStamp = PersonAdministration.NewSecurityStamp(),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
        };
        var person = new Person
        {
            Id = user.Id,
            GivenName = givenName!,
            FamilyName = familyName!,
            Account = user,
            JobTitle = jobTitle,
            DepartmentId = await OrgUnits.FindOrAddAsync(db, OrgUnitKind.Department, department, cancellationToken),
            LocationId = await OrgUnits.FindOrAddAsync(db, OrgUnitKind.Location, location, cancellationToken),
            PartnerOrganisation = isGuest ? partner : null,
            CreatedAt = now,
            InvitedAt = now,
        };
        person.RefreshNameKeys();
        db.Add(user);
        db.Add(person);
        foreach (var role in roles)
        {
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = GuildRoleConfiguration.Ids[role] });
        }
        mailer.Queue(await ComposeAsync(user, person, me.DisplayName, cancellationToken));
        audit.Record(AuditActions.PersonInvited, AuditObjectTypes.Person, person.Id.ToString(), person.DisplayName, new { user.Email, Roles = roles, person.PartnerOrganisation });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone created an account with this address a moment ago.
            db.ChangeTracker.Clear();
            return Result<PersonAccount>.Invalid("email", text["EmailHasAccount"]);
        }
        return Result<PersonAccount>.Ok((await directory.GetAccountAsync(person.Id, cancellationToken)).Value!);
    }

    /// <summary>A new mail with a fresh link, for someone who has not accepted yet (the earlier link keeps working until it expires).</summary>
    public async Task<Result<PersonAccount>> ResendAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.Administer))
        {
            return Result<PersonAccount>.Forbidden();
        }
        var person = await db.Set<Person>().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == personId, cancellationToken);
        if (person is null || user is null)
        {
            return Result<PersonAccount>.NotFound();
        }
        if (user.DeactivatedAt is not null)
        {
            return Result<PersonAccount>.Conflict(text["InviteDeactivated"]);
        }
        if (user.PasswordHash is not null)
        {
            return Result<PersonAccount>.Conflict(text["InviteAlreadyAccepted", person.DisplayName]);
        }
        // People who came in through an import without a mail get their first invitation here.
        var action = person.InvitedAt is null ? AuditActions.PersonInvited : AuditActions.PersonInvitationResent;
        person.InvitedAt = clock.GetUtcNow();
        mailer.Queue(await ComposeAsync(user, person, me.DisplayName, cancellationToken));
        audit.Record(action, AuditObjectTypes.Person, person.Id.ToString(), person.DisplayName, new { user.Email });
        await db.SaveChangesAsync(cancellationToken);
        return Result<PersonAccount>.Ok((await directory.GetAccountAsync(person.Id, cancellationToken)).Value!);
    }

    /// <summary>
    /// The invitation mail for one person, in their language (or the organisation's), with a fresh
    /// link. The caller queues it in the same unit of work that records the invitation.
    /// </summary>
    internal async Task<OutgoingMail> ComposeAsync(GuildUser user, Person person, string? inviterName, CancellationToken cancellationToken)
    {
        var settings = await organisation.GetAsync(cancellationToken);
        var language = user.PreferredLanguage ?? settings.DefaultLanguage;
        var culture = CultureInfo.GetCultureInfo(language);
        var token = tokens.Create(user.Id, user.SecurityStamp ?? "");
        var link = templates.AbsoluteUrl($"/account/accept-invitation?person={user.Id}&token={token}");
        var expires = settings.ToLocal(clock.GetUtcNow() + InvitationTokens.Lifetime).ToString("D", culture);
        var subject = InCulture(culture, () => text["InvitationMailSubject", settings.Name]);
        return await templates.RenderAsync<InvitationMail>(user.Email!, person.DisplayName, language, subject, new Dictionary<string, object?>
        {
            [nameof(InvitationMail.OrganisationName)] = settings.Name,
            [nameof(InvitationMail.GivenName)] = person.GivenName,
            [nameof(InvitationMail.InviterName)] = string.IsNullOrWhiteSpace(inviterName) ? null : inviterName,
            [nameof(InvitationMail.Email)] = user.Email,
            [nameof(InvitationMail.AcceptUrl)] = link,
            [nameof(InvitationMail.ExpiresOn)] = expires,
            [nameof(InvitationMail.IsGuest)] = person.IsGuest,
        });
    }

    /// <summary>What the link leads to: an open invitation, an expired or broken link, or one already used.</summary>
    public async Task<InvitationLink> CheckAsync(Guid personId, string? token, CancellationToken cancellationToken)
    {
        var (user, person) = await LoadAsync(personId, cancellationToken);
        if (user is null || person is null || user.DeactivatedAt is not null)
        {
            return new InvitationLink(InvitationState.Invalid, null, null);
        }
        if (user.PasswordHash is not null)
        {
            return new InvitationLink(InvitationState.Accepted, person.DisplayName, user.Email);
        }
        return tokens.Check(token, personId, user.SecurityStamp) switch
        {
            AccountLinkStatus.Valid => new InvitationLink(InvitationState.Open, person.DisplayName, user.Email),
            AccountLinkStatus.Expired => new InvitationLink(InvitationState.Expired, person.DisplayName, null),
            _ => new InvitationLink(InvitationState.Invalid, null, null),
        };
    }

    /// <summary>Sets the invitee's first password. The caller signs them in with the account it answers.</summary>
    public async Task<Result<GuildUser>> AcceptAsync(Guid personId, string? token, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        var link = await CheckAsync(personId, token, cancellationToken);
        if (link.State != InvitationState.Open)
        {
            return Result<GuildUser>.Invalid("token", text[link.State == InvitationState.Expired ? "InvitationExpiredText" : "InvitationInvalidText"]);
        }
        if (string.IsNullOrEmpty(password))
        {
            return Result<GuildUser>.Invalid("password", text["PasswordRequired"]);
        }
        if (!string.Equals(password, confirmation, StringComparison.Ordinal))
        {
            return Result<GuildUser>.Invalid("confirmation", text["PasswordsDiffer"]);
        }
        var (user, person) = await LoadAsync(personId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user!.EmailConfirmed = true;
        var added = await users.AddPasswordAsync(user, password);
        if (!added.Succeeded)
        {
            return Result<GuildUser>.Invalid(new Dictionary<string, string[]> { ["password"] = added.Errors.Select(DescribePasswordError).ToArray() });
        }
        person!.InvitationAcceptedAt = clock.GetUtcNow();
        var entry = audit.Record(AuditActions.PersonInvitationAccepted, AuditObjectTypes.Person, person.Id.ToString(), person.DisplayName);
        entry.ActorId = person.Id;
        entry.ActorName = person.DisplayName;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<GuildUser>.Ok(user);
    }

    private string DescribePasswordError(IdentityError error) => DescribePasswordError(error, text, identityOptions.Value.Password);

    /// <summary>The password rules in the reader's words; the password reset uses the same.</summary>
    internal static string DescribePasswordError(IdentityError error, IStringLocalizer<PeopleText> text, PasswordOptions rules) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) => text["PasswordTooShort", rules.RequiredLength],
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => text["PasswordNeedsVariety", rules.RequiredUniqueChars],
        _ => error.Description,
    };

    private async Task<(GuildUser? User, Person? Person)> LoadAsync(Guid personId, CancellationToken cancellationToken) =>
        (await db.Users.FirstOrDefaultAsync(u => u.Id == personId, cancellationToken),
         await db.Set<Person>().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken));

    private static string InCulture(CultureInfo culture, Func<string> localize)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return localize();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
