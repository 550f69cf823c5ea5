using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.People.Import;

/// <summary>What the import needs to know of a person already in Guild.</summary>
public sealed record ExistingPerson(
    Guid Id,
    string Email,
    string? EmployeeNumber,
    string GivenName,
    string FamilyName,
    string? JobTitle,
    Guid? DepartmentId,
    Guid? LocationId,
    Guid? ManagerId,
    IReadOnlyList<string> Languages,
    string? PartnerOrganisation,
    bool IsDeactivated,
    IReadOnlySet<string> Roles)
{
    public string DisplayName => $"{GivenName} {FamilyName}";
}

/// <summary>
/// Everyone in Guild, read once per import in a few set-based queries (not one per row): matching,
/// the manager chains for the cycle check and the roles to add all come from here.
/// </summary>
public sealed class ImportSnapshot
{
    public ImportSnapshot(IEnumerable<ExistingPerson> people, IEnumerable<(OrgUnitKind Kind, Guid Id, string Name)> orgUnits)
    {
        foreach (var person in people)
        {
            ById[person.Id] = person;
            ByEmail.TryAdd(person.Email, person);
            if (person.EmployeeNumber is not null)
            {
                ByEmployeeNumber.TryAdd(person.EmployeeNumber, person);
            }
        }
        foreach (var (kind, id, name) in orgUnits)
        {
            (kind == OrgUnitKind.Department ? Departments : Locations).TryAdd(name, id);
        }
    }

    public static ImportSnapshot Empty { get; } = new([], []);

    public Dictionary<Guid, ExistingPerson> ById { get; } = [];
    public Dictionary<string, ExistingPerson> ByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, ExistingPerson> ByEmployeeNumber { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, Guid> Departments { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, Guid> Locations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<ImportSnapshot> LoadAsync(GuildDb db, CancellationToken cancellationToken)
    {
        var roleNames = GuildRoleConfiguration.Ids.ToDictionary(pair => pair.Value, pair => pair.Key);
        var roles = new Dictionary<Guid, HashSet<string>>();
        await foreach (var userRole in db.UserRoles.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (roleNames.TryGetValue(userRole.RoleId, out var name))
            {
                if (!roles.TryGetValue(userRole.UserId, out var set))
                {
                    roles[userRole.UserId] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(name);
            }
        }
        var people = new List<ExistingPerson>();
        var query = db.Set<Person>().AsNoTracking().Select(p => new
        {
            p.Id, p.Account.Email, p.EmployeeNumber, p.GivenName, p.FamilyName, p.JobTitle, p.DepartmentId, p.LocationId,
            p.ManagerId, p.Languages, p.PartnerOrganisation, p.Account.DeactivatedAt,
        });
        await foreach (var p in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            people.Add(new ExistingPerson(p.Id, p.Email ?? "", p.EmployeeNumber, p.GivenName, p.FamilyName, p.JobTitle, p.DepartmentId,
                p.LocationId, p.ManagerId, p.Languages, p.PartnerOrganisation, p.DeactivatedAt is not null,
                roles.TryGetValue(p.Id, out var set) ? set : new HashSet<string>()));
        }
        var units = await db.Set<OrgUnit>().AsNoTracking().Select(u => new { u.Kind, u.Id, u.Name }).ToListAsync(cancellationToken);
        return new ImportSnapshot(people, units.Select(u => (u.Kind, u.Id, u.Name)));
    }
}
