using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Guild.Web.Features.People;

/// <summary>A person as a line of a list: enough to recognise them and open their profile.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="DisplayName">Given and family name as people read them.</param>
/// <param name="JobTitle">Their job title, if HR gave one.</param>
/// <param name="Department">The name of their department, if any.</param>
/// <param name="Location">The name of the location where they work, if any.</param>
/// <param name="HasPhoto">Whether <c>/people/{id}/photo</c> has a photo of them.</param>
/// <param name="IsActive">False for former colleagues (deactivated accounts).</param>
/// <param name="IsGuest">True for people of a partner organisation.</param>
public sealed record PersonSummary(Guid Id, string DisplayName, string? JobTitle, string? Department, string? Location, bool HasPhoto, bool IsActive, bool IsGuest);

/// <summary>One person's profile.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="GivenName">Given name.</param>
/// <param name="FamilyName">Family name, with any prefix (such as "de Vries").</param>
/// <param name="DisplayName">Given and family name as people read them.</param>
/// <param name="Email">Work e-mail address; also the sign-in name.</param>
/// <param name="JobTitle">Job title, if HR gave one.</param>
/// <param name="DepartmentId">Id of their department (see <c>/api/v1/org-units</c>), if any.</param>
/// <param name="Department">Name of their department, if any.</param>
/// <param name="LocationId">Id of the location where they work, if any.</param>
/// <param name="Location">Name of that location, if any.</param>
/// <param name="Manager">The person they report to, if any.</param>
/// <param name="DirectReports">The people who report to them.</param>
/// <param name="Languages">Languages they speak, as ISO 639-1 codes such as <c>nl</c>.</param>
/// <param name="HasPhoto">Whether <c>/people/{id}/photo</c> has a photo of them.</param>
/// <param name="PartnerOrganisation">For a partner guest: the organisation they come from.</param>
/// <param name="DeactivatedAt">When their account was deactivated (they left); null while they work here.</param>
/// <param name="EmployeeNumber">HR's key for the person; only learning admins see it (null for everyone else).</param>
public sealed record PersonProfile(
    Guid Id,
    string GivenName,
    string FamilyName,
    string DisplayName,
    string Email,
    string? JobTitle,
    Guid? DepartmentId,
    string? Department,
    Guid? LocationId,
    string? Location,
    PersonSummary? Manager,
    IReadOnlyList<PersonSummary> DirectReports,
    IReadOnlyList<string> Languages,
    bool HasPhoto,
    string? PartnerOrganisation,
    DateTimeOffset? DeactivatedAt,
    string? EmployeeNumber)
{
    /// <summary>Their skills, topics, availability and champion badges; on <c>GET /api/v1/people/{id}</c> and the profile page.</summary>
    public Expertise.Profiles.ProfileExpertise? Expertise { get; init; }

    /// <summary>The id of the person they report to (what the rule about team details reads).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid? ManagerId { get; init; }

    /// <summary>The person as <see cref="PersonRule"/> needs them.</summary>
    internal Person AsSubject() => PeopleAccess.Subject(Id, ManagerId, PartnerOrganisation);
}

/// <summary>A person's account as learning admins see it: roles, invitation, whether it can sign in.</summary>
/// <param name="Id">The person's id (the account has the same).</param>
/// <param name="DisplayName">Given and family name as people read them.</param>
/// <param name="Email">The sign-in name and the address invitations go to.</param>
/// <param name="Roles">Their roles: Employee or PartnerGuest, plus any of Champion, Moderator, LearningAdmin.</param>
/// <param name="InvitedAt">When the latest invitation was sent; null if none was.</param>
/// <param name="InvitationAcceptedAt">When they accepted an invitation and chose a password.</param>
/// <param name="HasPassword">Whether they can sign in with a password.</param>
/// <param name="DeactivatedAt">When the account was deactivated; null while active.</param>
/// <param name="IsGuest">True for people of a partner organisation.</param>
/// <param name="LockedOutUntil">Until when sign-in is locked after too many wrong passwords; null when it is not locked.</param>
public sealed record PersonAccount(
    Guid Id,
    string DisplayName,
    string Email,
    IReadOnlyList<string> Roles,
    DateTimeOffset? InvitedAt,
    DateTimeOffset? InvitationAcceptedAt,
    bool HasPassword,
    DateTimeOffset? DeactivatedAt,
    bool IsGuest,
    DateTimeOffset? LockedOutUntil = null)
{
    /// <summary>Whether an invitation can be sent: the account is active and nobody has claimed it yet.</summary>
    public bool CanBeInvited => DeactivatedAt is null && !HasPassword;
}

/// <summary>A department or a location.</summary>
/// <param name="Id">Its id, as used by the <c>department</c> filter of <c>/api/v1/people</c>.</param>
/// <param name="Kind">Department or Location.</param>
/// <param name="Name">Its name.</param>
public sealed record OrgUnitView(Guid Id, OrgUnitKind Kind, string Name);

/// <summary>
/// Finding people: the list by name and department, one person's profile, their account. Who may
/// see what is checked here (the rule of <see cref="PeopleAccess"/>), not only by the pages that call it.
/// Read-only and called while pages render, so each call takes its own pooled context.
/// </summary>
public sealed class PeopleDirectory(IDbContextFactory<GuildDb> contexts, CurrentPerson me, IMemoryCache cache, TimeProvider clock)
{
    public async Task<Result<Paged<PersonSummary>>> SearchAsync(string? query, Guid? departmentId, bool includeFormer, PageRequest page, CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            // Partner guests do not browse the organisation's people.
            return Result<Paged<PersonSummary>>.Forbidden();
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = db.Set<Person>().AsNoTracking();
        if (!includeFormer)
        {
            people = people.Where(p => p.Account.DeactivatedAt == null);
        }
        if (departmentId is { } department)
        {
            people = people.Where(p => p.DepartmentId == department);
        }
        var term = Person.Fold(query?.Trim() ?? "");
        if (term.Length > 0)
        {
            // Prefix of the given name ("san"), of the full name ("sanne de"), or of the family name's core ("vries").
            people = people.Where(p => p.SearchName.StartsWith(term) || p.SortKey.StartsWith(term));
        }
        return Result<Paged<PersonSummary>>.Ok(await people
            .OrderBy(p => p.SortKey).ThenBy(p => p.Id)
            .Select(p => new PersonSummary(p.Id, p.GivenName + " " + p.FamilyName, p.JobTitle,
                p.Department!.Name, p.Location!.Name, p.PhotoKey != null, p.Account.DeactivatedAt == null, p.PartnerOrganisation != null))
            .ToPagedAsync(page, cancellationToken));
    }

    /// <summary>
    /// One person's profile in one query (the person, their account, department, location, manager and direct reports).
    /// Someone who may not see it gets NotFound, exactly as for an id nobody has: a partner guest cannot tell which ids exist.
    /// </summary>
    public async Task<Result<PersonProfile>> GetProfileAsync(Guid id, CancellationToken cancellationToken)
    {
        // The rule needs only the id to answer View, so a guest's request for someone else costs no query at all.
        if (!await me.CanAsync(PeopleAccess.Subject(id), PeopleAccess.View))
        {
            return Result<PersonProfile>.NotFound();
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await ProfileQuery.For(db)(db, id, cancellationToken);
        if (person is null)
        {
            return Result<PersonProfile>.NotFound();
        }
        var subject = PeopleAccess.Subject(person.Id, person.ManagerId, person.PartnerOrganisation);
        return Result<PersonProfile>.Ok(new PersonProfile(
            person.Id, person.GivenName, person.FamilyName, $"{person.GivenName} {person.FamilyName}", person.Email ?? "", person.JobTitle,
            person.DepartmentId, person.Department, person.LocationId, person.Location, person.Manager,
            person.Reports, person.Languages, person.HasPhoto, person.PartnerOrganisation, person.DeactivatedAt,
            await me.CanAsync(subject, PeopleAccess.Administer) ? person.EmployeeNumber : null)
        {
            ManagerId = person.ManagerId,
        });
    }

    private sealed class ProfileRow
    {
        public Guid Id { get; init; }
        public string GivenName { get; init; } = "";
        public string FamilyName { get; init; } = "";
        public string? Email { get; init; }
        public string? JobTitle { get; init; }
        public Guid? DepartmentId { get; init; }
        public string? Department { get; init; }
        public Guid? LocationId { get; init; }
        public string? Location { get; init; }
        public Guid? ManagerId { get; init; }
        public string[] Languages { get; init; } = [];
        public bool HasPhoto { get; init; }
        public string? PartnerOrganisation { get; init; }
        public DateTimeOffset? DeactivatedAt { get; init; }
        public string? EmployeeNumber { get; init; }
        public PersonSummary? Manager { get; init; }
        public List<PersonSummary> Reports { get; init; } = [];
    }

    // Every profile view runs it: compiled once (see CompiledQuery).
    private static readonly CompiledQuery<Func<GuildDb, Guid, CancellationToken, Task<ProfileRow?>>> ProfileQuery = new(() =>
        EF.CompileAsyncQuery((GuildDb db, Guid id, CancellationToken _) =>
            db.Set<Person>().AsNoTracking()
                .Where(p => p.Id == id)
                .Select(p => new ProfileRow
                {
                    Id = p.Id, GivenName = p.GivenName, FamilyName = p.FamilyName, Email = p.Account.Email, JobTitle = p.JobTitle,
                    DepartmentId = p.DepartmentId, Department = p.Department!.Name, LocationId = p.LocationId, Location = p.Location!.Name,
                    ManagerId = p.ManagerId, Languages = p.Languages, HasPhoto = p.PhotoKey != null, PartnerOrganisation = p.PartnerOrganisation,
                    DeactivatedAt = p.Account.DeactivatedAt, EmployeeNumber = p.EmployeeNumber,
                    Manager = p.Manager == null ? null : new PersonSummary(p.Manager.Id, p.Manager.GivenName + " " + p.Manager.FamilyName, p.Manager.JobTitle,
                        null, null, p.Manager.PhotoKey != null, p.Manager.Account.DeactivatedAt == null, p.Manager.PartnerOrganisation != null),
                    // The only collection of the query (a second one would multiply the rows). No Take() here: inside a
                    // collection projection it becomes a ROW_NUMBER() over the whole table; a team is small enough whole.
                    Reports = db.Set<Person>()
                        .Where(r => r.ManagerId == p.Id && r.Account.DeactivatedAt == null)
                        .OrderBy(r => r.SortKey).ThenBy(r => r.Id)
                        .Select(r => new PersonSummary(r.Id, r.GivenName + " " + r.FamilyName, r.JobTitle, null, null, r.PhotoKey != null, true, r.PartnerOrganisation != null))
                        .ToList(),
                })
                .FirstOrDefault()));

    /// <summary>Roles, invitation and sign-in state of one account, for learning admins.</summary>
    public Task<Result<PersonAccount>> GetAccountAsync(Guid id, CancellationToken cancellationToken) =>
        GetAccountAsync(id, within: null, cancellationToken);

    /// <summary>
    /// The account, read inside <paramref name="within"/> when given: a command that changed it in an
    /// open transaction answers with what it wrote, which a fresh context could not see yet.
    /// </summary>
    internal async Task<Result<PersonAccount>> GetAccountAsync(Guid id, GuildDb? within, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(id), PeopleAccess.Administer))
        {
            return Result<PersonAccount>.Forbidden();
        }
        await using var owned = within is null ? await contexts.CreateDbContextAsync(cancellationToken) : null;
        var db = within ?? owned!;
        var account = await (from person in db.Set<Person>().AsNoTracking()
                             join user in db.Users.AsNoTracking() on person.Id equals user.Id
                             where person.Id == id
                             select new
                             {
                                 person.Id, person.GivenName, person.FamilyName, user.Email, person.InvitedAt, person.InvitationAcceptedAt,
                                 HasPassword = user.PasswordHash != null, user.DeactivatedAt, person.PartnerOrganisation,
                                 user.LockoutEnabled, user.LockoutEnd,
                             }).FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return Result<PersonAccount>.NotFound();
        }
        var roles = await RolesOfAsync(db, id, cancellationToken);
        return Result<PersonAccount>.Ok(new PersonAccount(account.Id, $"{account.GivenName} {account.FamilyName}", account.Email ?? "", roles,
            account.InvitedAt, account.InvitationAcceptedAt, account.HasPassword, account.DeactivatedAt, account.PartnerOrganisation is not null,
            // Locked out now (Identity's lockout, on the application's clock like GuildUserManager): until when.
            account.LockoutEnabled && account.LockoutEnd is { } end && end > clock.GetUtcNow() ? end : null));
    }

    internal async Task<string?> EmailOfAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.Where(u => u.Id == id).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The person's roles, in the order of <see cref="Roles.All"/>.</summary>
    internal async Task<IReadOnlyList<string>> RolesOfAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RolesOfAsync(db, id, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> RolesOfAsync(GuildDb db, Guid id, CancellationToken cancellationToken)
    {
        var roleIds = await db.UserRoles.AsNoTracking().Where(r => r.UserId == id).Select(r => r.RoleId).ToListAsync(cancellationToken);
        return Roles.All.Where(role => roleIds.Contains(GuildRoleConfiguration.Ids[role])).ToList();
    }

    public async Task<IReadOnlyList<OrgUnitView>> OrgUnitsAsync(OrgUnitKind? kind, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<OrgUnit>().AsNoTracking()
            .Where(u => kind == null || u.Kind == kind)
            .OrderBy(u => u.Name)
            .Select(u => new OrgUnitView(u.Id, u.Kind, u.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A few active colleagues of the same department, for the home page. The department comes from
    /// the cookie and its first members are cached briefly: everyone in a department sees the same list.
    /// </summary>
    public async Task<IReadOnlyList<PersonSummary>> ColleaguesAsync(Guid personId, int count, CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return [];
        }
        Guid? departmentId = Guid.TryParse(me.FindClaim(PersonClaims.Department), out var fromCookie) ? fromCookie : null;
        if (departmentId is null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            departmentId = await db.Set<Person>().Where(p => p.Id == personId).Select(p => p.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        }
        if (departmentId is not { } department)
        {
            return [];
        }
        var members = await cache.GetOrCreateAsync($"people:department-members:{department}:{count + 1}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Set<Person>().AsNoTracking()
                .Where(p => p.DepartmentId == department && p.Account.DeactivatedAt == null)
                .OrderBy(p => p.SortKey).ThenBy(p => p.Id)
                .Take(count + 1)
                .Select(p => new PersonSummary(p.Id, p.GivenName + " " + p.FamilyName, p.JobTitle, null, null, p.PhotoKey != null, true, false))
                .ToListAsync(cancellationToken);
        }) ?? [];
        return members.Where(p => p.Id != personId).Take(count).ToList();
    }
}
