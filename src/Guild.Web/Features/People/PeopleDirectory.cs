using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.People;

public sealed record PersonSummary(Guid Id, string DisplayName, string? JobTitle, string? Department, string? Location, bool HasPhoto, bool IsActive, bool IsGuest);

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
    DateTimeOffset? DeactivatedAt);

public sealed record OrgUnitView(Guid Id, OrgUnitKind Kind, string Name);

/// <summary>
/// Finding people: the list by name and department, and one person's profile. Read-only and
/// called while pages render, so each call takes its own context (see GuildDbFactory).
/// </summary>
public sealed class PeopleDirectory(IDbContextFactory<GuildDb> contexts)
{
    public async Task<Paged<PersonSummary>> SearchAsync(string? query, Guid? departmentId, bool includeFormer, PageRequest page, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = db.Set<Person>().AsNoTracking();
        if (!includeFormer)
        {
            people = people.Where(p => p.DeactivatedAt == null);
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
        return await people
            .OrderBy(p => p.SortKey).ThenBy(p => p.Id)
            .Select(p => new PersonSummary(p.Id, p.GivenName + " " + p.FamilyName, p.JobTitle,
                p.Department!.Name, p.Location!.Name, p.PhotoKey != null, p.DeactivatedAt == null, p.PartnerOrganisation != null))
            .ToPagedAsync(page, cancellationToken);
    }

    public async Task<PersonProfile?> GetProfileAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var person = await db.Set<Person>().AsNoTracking()
            .Include(p => p.Department).Include(p => p.Location).Include(p => p.Manager)
            .FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return null;
        }
        var reports = await db.Set<Person>().AsNoTracking()
            .Where(p => p.ManagerId == id && p.DeactivatedAt == null)
            .OrderBy(p => p.SortKey)
            .Take(50)
            .Select(p => new PersonSummary(p.Id, p.GivenName + " " + p.FamilyName, p.JobTitle, null, null, p.PhotoKey != null, true, p.PartnerOrganisation != null))
            .ToListAsync(cancellationToken);
        return new PersonProfile(
            person.Id, person.GivenName, person.FamilyName, person.DisplayName, person.Email, person.JobTitle,
            person.DepartmentId, person.Department?.Name, person.LocationId, person.Location?.Name,
            person.Manager is { } manager
                ? new PersonSummary(manager.Id, manager.DisplayName, manager.JobTitle, null, null, manager.PhotoKey != null, manager.IsActive, manager.IsGuest)
                : null,
            reports, person.Languages, person.PhotoKey != null, person.PartnerOrganisation, person.DeactivatedAt);
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

    /// <summary>A few active colleagues of the same department, for the home page.</summary>
    public async Task<IReadOnlyList<PersonSummary>> ColleaguesAsync(Guid personId, int count, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var departmentId = await db.Set<Person>().Where(p => p.Id == personId).Select(p => p.DepartmentId).FirstOrDefaultAsync(cancellationToken);
        if (departmentId is null)
        {
            return [];
        }
        return await db.Set<Person>().AsNoTracking()
            .Where(p => p.DepartmentId == departmentId && p.Id != personId && p.DeactivatedAt == null)
            .OrderBy(p => p.SortKey)
            .Take(count)
            .Select(p => new PersonSummary(p.Id, p.GivenName + " " + p.FamilyName, p.JobTitle, null, null, p.PhotoKey != null, true, false))
            .ToListAsync(cancellationToken);
    }
}
