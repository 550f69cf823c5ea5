using System.Data;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.People;

/// <summary>What a learning admin may change of a person's record (the HR fields). An empty optional field clears it.</summary>
/// <param name="GivenName">Given name (required, at most 100 characters).</param>
/// <param name="FamilyName">Family name, with any prefix (required, at most 100 characters).</param>
/// <param name="Email">Work e-mail address, unique in Guild; also the sign-in name (required).</param>
/// <param name="JobTitle">Job title.</param>
/// <param name="EmployeeNumber">HR's key for the person, unique in Guild.</param>
/// <param name="Department">Name of the department; one that does not exist yet is created.</param>
/// <param name="Location">Name of the location; one that does not exist yet is created.</param>
/// <param name="ManagerEmail">E-mail address of the person they report to.</param>
/// <param name="PartnerOrganisation">For a partner guest: the organisation they come from.</param>
public sealed record PersonDetails(
    string? GivenName,
    string? FamilyName,
    string? Email,
    string? JobTitle,
    string? EmployeeNumber,
    string? Department,
    string? Location,
    string? ManagerEmail,
    string? PartnerOrganisation);

/// <summary>
/// A learning admin's work on people: the HR fields, roles, and deactivation when someone leaves.
/// Each change is one unit of work with its audit entry; bad input changes nothing.
/// </summary>
public sealed class PersonAdministration(
    GuildDb db,
    PeopleDirectory directory,
    Notifier notifier,
    CurrentPerson me,
    AuditLog audit,
    ILookupNormalizer normalizer,
    SignInThrottle signInThrottle,
    TimeProvider clock,
    IStringLocalizer<PeopleText> text)
{
    /// <summary>
    /// Lifts a sign-in lockout (too many wrong passwords) so the person can try again at once. Audited with when the
    /// lockout would have ended. An account that is not locked out is left as it is.
    /// </summary>
    public async Task<Result<PersonAccount>> UnlockAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.Administer))
        {
            return Result<PersonAccount>.Forbidden();
        }
        var (person, user) = await LoadAsync(personId, cancellationToken);
        if (person is null || user is null)
        {
            return Result<PersonAccount>.NotFound();
        }
        if (user.LockoutEnd is { } until && until > clock.GetUtcNow())
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            audit.Record(AuditActions.PersonUnlocked, AuditObjectTypes.Person, person.Id.ToString(), person.DisplayName, new { lockedOutUntil = until });
            await db.SaveChangesAsync(cancellationToken);
            // This node's per-account throttle too (other nodes' refill within minutes: docs/operations.md).
            signInThrottle.Forget(user.NormalizedUserName ?? "");
        }
        return Result<PersonAccount>.Ok(await AccountAsync(personId, cancellationToken));
    }

    /// <summary>Someone left: they can no longer sign in (existing sessions end within minutes), everything they shared stays.</summary>
    public async Task<Result<PersonAccount>> DeactivateAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.Administer))
        {
            return Result<PersonAccount>.Forbidden();
        }
        if (personId == me.IdOrNull)
        {
            return Result<PersonAccount>.Conflict(text["CannotDeactivateSelf"]);
        }
        return await InTransactionAsync(async () =>
        {
            var (person, user) = await LoadAsync(personId, cancellationToken);
            if (person is null || user is null)
            {
                return Result<PersonAccount>.NotFound();
            }
            if (user.DeactivatedAt is null)
            {
                if (await IsLastActiveLearningAdminAsync(personId, cancellationToken))
                {
                    return Result<PersonAccount>.Conflict(text["LastLearningAdmin", person.DisplayName]);
                }
                var now = clock.GetUtcNow();
                // The account is the one owner of deactivation: sign-in, tokens, mail and the directory all read it.
                user.DeactivatedAt = now;
                // A new stamp makes every cookie of theirs fail its next validation.
                user.SecurityStamp = NewSecurityStamp();
                user.ConcurrencyStamp = Guid.NewGuid().ToString();
                audit.Record(AuditActions.PersonDeactivated, AuditObjectTypes.Person, person.Id.ToString(), person.DisplayName);
                await db.SaveChangesAsync(cancellationToken);
            }
            return Result<PersonAccount>.Ok(await AccountAsync(personId, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>Someone came back: they can sign in again with the password they had.</summary>
    public async Task<Result<PersonAccount>> ReactivateAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.Administer))
        {
            return Result<PersonAccount>.Forbidden();
        }
        var (person, user) = await LoadAsync(personId, cancellationToken);
        if (person is null || user is null)
        {
            return Result<PersonAccount>.NotFound();
        }
        if (user.DeactivatedAt is not null)
        {
            user.DeactivatedAt = null;
            audit.Record(AuditActions.PersonReactivated, AuditObjectTypes.Person, person.Id.ToString(), person.DisplayName);
            await db.SaveChangesAsync(cancellationToken);
        }
        return Result<PersonAccount>.Ok(await AccountAsync(personId, cancellationToken));
    }

    /// <summary>
    /// Sets the person's roles to exactly <paramref name="roles"/>. Everyone is either an Employee or a
    /// Partner guest; the last active learning admin keeps that role.
    /// </summary>
    public async Task<Result<PersonAccount>> SetRolesAsync(Guid personId, IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.Administer))
        {
            return Result<PersonAccount>.Forbidden();
        }
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            var known = Roles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                return Result<PersonAccount>.Invalid("roles", text["UnknownRole", role ?? "", string.Join(", ", Roles.All)]);
            }
            wanted.Add(known);
        }
        if (wanted.Contains(Roles.Employee) == wanted.Contains(Roles.PartnerGuest))
        {
            return Result<PersonAccount>.Invalid("roles", text[wanted.Contains(Roles.Employee) ? "RolesEmployeeOrGuest" : "RolesNeedMembership"]);
        }
        return await InTransactionAsync(async () =>
        {
            var person = await db.Set<Person>().Include(p => p.Account).FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
            if (person is null)
            {
                return Result<PersonAccount>.NotFound();
            }
            var current = await db.UserRoles.Where(r => r.UserId == personId).ToListAsync(cancellationToken);
            var names = GuildRoleConfiguration.Ids.ToDictionary(pair => pair.Value, pair => pair.Key);
            var before = Roles.All.Where(role => current.Any(r => names.GetValueOrDefault(r.RoleId) == role)).ToList();
            var after = Roles.All.Where(wanted.Contains).ToList();
            if (before.SequenceEqual(after))
            {
                return Result<PersonAccount>.Ok(await AccountAsync(personId, cancellationToken));
            }
            if (before.Contains(Roles.LearningAdmin) && !after.Contains(Roles.LearningAdmin) && person.Account.DeactivatedAt is null
                && await IsLastActiveLearningAdminAsync(personId, cancellationToken))
            {
                return Result<PersonAccount>.Invalid("roles", text[personId == me.IdOrNull ? "LastLearningAdminSelf" : "LastLearningAdmin", person.DisplayName]);
            }
            if (after.Contains(Roles.PartnerGuest) && person.PartnerOrganisation is null)
            {
                return Result<PersonAccount>.Invalid("roles", text["GuestNeedsOrganisation"]);
            }
            if (after.Contains(Roles.Employee))
            {
                // An employee belongs to the organisation itself, not to a partner.
                person.PartnerOrganisation = null;
            }
            db.UserRoles.RemoveRange(current.Where(r => !wanted.Contains(names.GetValueOrDefault(r.RoleId) ?? "")));
            foreach (var role in after.Except(before))
            {
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = personId, RoleId = GuildRoleConfiguration.Ids[role] });
                // "You are now a Knowledge Champion": the person hears of it in the app and by mail as they prefer.
                await notifier.NotifyRoleGrantedAsync(personId, role, me.DisplayName, cancellationToken);
            }
            RecordRoleChange(audit, person.Id, person.DisplayName, before, after, source: null);
            await db.SaveChangesAsync(cancellationToken);
            return Result<PersonAccount>.Ok(await AccountAsync(personId, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>
    /// Adds one role, if the person does not hold it yet, in the caller's unit of work (an approval elsewhere in Guild:
    /// a volunteer becomes a Knowledge Champion): the same audit entry and notification as <see cref="SetRolesAsync"/>.
    /// The caller has checked its own rule and saves. Answers whether the role was added.
    /// </summary>
    internal async Task<bool> GrantRoleAsync(Guid personId, string role, string source, CancellationToken cancellationToken)
    {
        var names = GuildRoleConfiguration.Ids.ToDictionary(pair => pair.Value, pair => pair.Key);
        var roleId = GuildRoleConfiguration.Ids[role];
        var current = await db.UserRoles.Where(r => r.UserId == personId).Select(r => r.RoleId).ToListAsync(cancellationToken);
        if (current.Contains(roleId) || db.ChangeTracker.Entries<IdentityUserRole<Guid>>().Any(e => e.Entity.UserId == personId && e.Entity.RoleId == roleId))
        {
            return false;
        }
        var person = await db.Set<Person>().AsNoTracking().FirstAsync(p => p.Id == personId, cancellationToken);
        var before = Roles.All.Where(r => current.Any(id => names.GetValueOrDefault(id) == r)).ToList();
        var after = Roles.All.Where(r => before.Contains(r) || r == role).ToList();
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = personId, RoleId = roleId });
        await notifier.NotifyRoleGrantedAsync(personId, role, me.DisplayName, cancellationToken);
        RecordRoleChange(audit, person.Id, person.DisplayName, before, after, source);
        return true;
    }

    /// <summary>One audit entry per change of someone's roles, with the roles before and after.</summary>
    internal static void RecordRoleChange(AuditLog audit, Guid personId, string name, IReadOnlyList<string> before, IReadOnlyList<string> after, string? source) =>
        audit.Record(AuditActions.PersonRolesChanged, AuditObjectTypes.Person, personId.ToString(), name, new
        {
            Before = before,
            After = after,
            Added = after.Except(before).ToList(),
            Removed = before.Except(after).ToList(),
            Source = source,
        });

    /// <summary>Changes the HR fields. Every field is checked first; one bad field changes nothing.</summary>
    public async Task<Result<PersonProfile>> UpdateDetailsAsync(Guid personId, PersonDetails details, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.Administer))
        {
            return Result<PersonProfile>.Forbidden();
        }
        var (person, user) = await LoadAsync(personId, cancellationToken);
        if (person is null || user is null)
        {
            return Result<PersonProfile>.NotFound();
        }
        var errors = new PersonFieldErrors(text);

        var givenName = errors.Text("givenName", details.GivenName, 100, required: true);
        var familyName = errors.Text("familyName", details.FamilyName, 100, required: true);
        var email = errors.Text("email", details.Email, 256, required: true);
        var jobTitle = errors.Text("jobTitle", details.JobTitle, 150, required: false);
        var employeeNumber = errors.Text("employeeNumber", details.EmployeeNumber, 50, required: false);
        var departmentName = errors.Text("department", details.Department, 150, required: false);
        var locationName = errors.Text("location", details.Location, 150, required: false);
        var managerEmail = errors.Text("managerEmail", details.ManagerEmail, 256, required: false);
        var partner = person.IsGuest ? errors.Text("partnerOrganisation", details.PartnerOrganisation, 200, required: true) : null;

        if (email is not null && !EmailAddress.IsValid(email))
        {
            errors.Add("email", text["EmailInvalid"]);
        }
        else if (email is not null && !string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            var normalized = normalizer.NormalizeName(email);
            if (await db.Users.AnyAsync(u => u.Id != personId && u.NormalizedUserName == normalized, cancellationToken))
            {
                errors.Add("email", text["EmailTakenByOther"]);
            }
        }
        if (employeeNumber is not null && employeeNumber != person.EmployeeNumber
            && await db.Set<Person>().AnyAsync(p => p.Id != personId && p.EmployeeNumber == employeeNumber, cancellationToken))
        {
            errors.Add("employeeNumber", text["EmployeeNumberTaken"]);
        }
        Guid? managerId = null;
        if (managerEmail is not null)
        {
            // Every account's sign-in name is its address, and that column is indexed without case.
            var normalizedManager = normalizer.NormalizeName(managerEmail);
            var manager = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalizedManager)
                .Select(u => new { u.Id }).FirstOrDefaultAsync(cancellationToken);
            if (manager is null)
            {
                errors.Add("managerEmail", text["ManagerUnknown"]);
            }
            else if (manager.Id == personId)
            {
                errors.Add("managerEmail", text["ManagerSelf"]);
            }
            else if (await ManagesAsync(personId, manager.Id, cancellationToken))
            {
                errors.Add("managerEmail", text["ManagerCycle"]);
            }
            else
            {
                managerId = manager.Id;
            }
        }
        if (errors.Count > 0)
        {
            return Result<PersonProfile>.Invalid(errors.Errors);
        }

        var changes = new Dictionary<string, object?>();
        void Change<T>(string name, T before, T after, Action<T> set)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changes[name] = new { Before = before, After = after };
                set(after);
            }
        }
        var departmentId = await OrgUnits.FindOrAddAsync(db, OrgUnitKind.Department, departmentName, cancellationToken);
        var locationId = await OrgUnits.FindOrAddAsync(db, OrgUnitKind.Location, locationName, cancellationToken);
        Change("givenName", person.GivenName, givenName!, v => person.GivenName = v);
        Change("familyName", person.FamilyName, familyName!, v => person.FamilyName = v);
        Change("jobTitle", person.JobTitle, jobTitle, v => person.JobTitle = v);
        Change("employeeNumber", person.EmployeeNumber, employeeNumber, v => person.EmployeeNumber = v);
        Change("departmentId", person.DepartmentId, departmentId, v => person.DepartmentId = v);
        Change("locationId", person.LocationId, locationId, v => person.LocationId = v);
        Change("managerId", person.ManagerId, managerId, v => person.ManagerId = v);
        Change("partnerOrganisation", person.PartnerOrganisation, partner, v => person.PartnerOrganisation = v);
        if (!string.Equals(user.Email, email, StringComparison.Ordinal))
        {
            changes["email"] = new { Before = user.Email, After = email };
            // The account owns the address (there is no copy on the person). The sign-in name is the address; the person keeps their session and password.
            user.Email = user.UserName = email;
            user.NormalizedEmail = normalizer.NormalizeEmail(email);
            user.NormalizedUserName = normalizer.NormalizeName(email);
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
        }
        if (changes.Count > 0)
        {
            person.RefreshNameKeys();
            audit.Record(AuditActions.PersonDetailsChanged, AuditObjectTypes.Person, person.Id.ToString(), person.DisplayName, changes);
            await db.SaveChangesAsync(cancellationToken);
        }
        return Result<PersonProfile>.Ok((await directory.GetProfileAsync(personId, cancellationToken)).Value!);
    }

    /// <summary>Whether <paramref name="personId"/> stands above <paramref name="candidateManagerId"/> in the management line.</summary>
    private async Task<bool> ManagesAsync(Guid personId, Guid candidateManagerId, CancellationToken cancellationToken)
    {
        Guid? current = candidateManagerId;
        var seen = new HashSet<Guid>();
        while (current is { } id && seen.Add(id))
        {
            if (id == personId)
            {
                return true;
            }
            current = await db.Set<Person>().Where(p => p.Id == id).Select(p => p.ManagerId).FirstOrDefaultAsync(cancellationToken);
        }
        return false;
    }

    private async Task<(Person? Person, GuildUser? User)> LoadAsync(Guid personId, CancellationToken cancellationToken) =>
        (await db.Set<Person>().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken),
         await db.Users.FirstOrDefaultAsync(u => u.Id == personId, cancellationToken));

    private async Task<bool> IsLastActiveLearningAdminAsync(Guid personId, CancellationToken cancellationToken)
    {
        var adminRole = GuildRoleConfiguration.Ids[Roles.LearningAdmin];
        var isAdmin = await db.UserRoles.AnyAsync(r => r.UserId == personId && r.RoleId == adminRole, cancellationToken);
        return isAdmin && !await (from role in db.UserRoles
                                  join user in db.Users on role.UserId equals user.Id
                                  where role.RoleId == adminRole && user.Id != personId && user.DeactivatedAt == null
                                  select user.Id).AnyAsync(cancellationToken);
    }

    /// <summary>The account as this unit of work sees it (inside its transaction, if one is open).</summary>
    private async Task<PersonAccount> AccountAsync(Guid personId, CancellationToken cancellationToken) =>
        (await directory.GetAccountAsync(personId, db, cancellationToken)).Value!;

    /// <summary>
    /// Checks that read and then write (the last admin) run serialisably: two admins demoting each
    /// other at the same moment must not leave none. SQLite's write transactions are serial already.
    /// </summary>
    private async Task<Result<T>> InTransactionAsync<T>(Func<Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(
            db.IsPostgres ? IsolationLevel.Serializable : IsolationLevel.Unspecified, cancellationToken);
        try
        {
            var result = await work();
            if (result.IsOk)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            return result;
        }
        catch (Exception exception) when (IsSerializationFailure(exception))
        {
            db.ChangeTracker.Clear();
            return Result<T>.Conflict(text["ChangedMeanwhile"]);
        }
    }

    /// <summary>
    /// PostgreSQL's 40001, however deep EF wraps it (a failed SaveChanges inside a transaction comes as an
    /// InvalidOperationException around a DbUpdateException around the PostgresException).
    /// </summary>
    internal static bool IsSerializationFailure(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Npgsql.PostgresException { SqlState: "40001" })
            {
                return true;
            }
        }
        return false;
    }

    internal static string NewSecurityStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
}
