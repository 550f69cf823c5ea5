using System.Globalization;
using Guild.Web.Platform.Identity;

namespace Guild.Web.Features.People.Import;

public enum PlannedAction { Create, Update, Unchanged, Skip }

/// <summary>What the import will do with one row; ids of new people and org units are chosen here.</summary>
public sealed class PlannedRow
{
    public required ImportRow Row { get; init; }
    public required PlannedAction Action { get; init; }
    public required Guid PersonId { get; init; }
    public ExistingPerson? Existing { get; init; }
    /// <summary>The manager to set, when the row names one.</summary>
    public Guid? ManagerId { get; init; }
    public Guid? DepartmentId { get; init; }
    public Guid? LocationId { get; init; }
    /// <summary>Roles the person gains (the import never takes a role away).</summary>
    public IReadOnlyList<string> RolesToAdd { get; init; } = [];
    /// <summary>How many managers stand above the row within the file: managers are written before their teams.</summary>
    public int Depth { get; init; }
}

public sealed record PlannedOrgUnit(Guid Id, OrgUnitKind Kind, string Name);

/// <summary>
/// The rows in the order they are written (managers before their teams, then file order), the
/// departments and locations to create, and the notices. Computing it twice from the same file
/// gives the same order, which lets a retried import continue after its last committed batch.
/// </summary>
public sealed record ImportPlan(IReadOnlyList<PlannedRow> Rows, IReadOnlyList<PlannedOrgUnit> NewOrgUnits, IReadOnlyList<ImportProblem> Notices);

/// <summary>
/// The checks across rows and against the people already in Guild (duplicates, matching, managers,
/// cycles in the management line), and then the plan. Pure: the database is read beforehand into an
/// <see cref="ImportSnapshot"/>.
/// </summary>
public static class ImportPlanner
{
    /// <summary>Adds every problem to <paramref name="problems"/>; answers a plan only when there is no error.</summary>
    public static ImportPlan? Plan(IReadOnlyList<ImportRow> rows, ImportSnapshot snapshot, List<ImportProblem> problems)
    {
        var errorsBefore = problems.Count(p => p.Severity == ImportProblemSeverity.Error);
        var notices = new List<ImportProblem>();
        var usable = rows.Where(r => !r.IsMalformed).ToList();

        var byEmail = Group(usable, r => r.Email);
        var byNumber = Group(usable, r => r.EmployeeNumber);
        ReportDuplicates(byEmail, ImportProblemCode.DuplicateEmail, ImportColumn.Email, problems);
        ReportDuplicates(byNumber, ImportProblemCode.DuplicateEmployeeNumber, ImportColumn.EmployeeNumber, problems);

        // Who each row is: a match by employee number first, else by email.
        var matches = new Dictionary<ImportRow, ExistingPerson>();
        foreach (var row in usable.Where(r => r.Email is not null))
        {
            var byNumberMatch = row.EmployeeNumber is null ? null : snapshot.ByEmployeeNumber.GetValueOrDefault(row.EmployeeNumber);
            var byEmailMatch = snapshot.ByEmail.GetValueOrDefault(row.Email!);
            ExistingPerson? match;
            if (byNumberMatch is not null)
            {
                match = byNumberMatch;
                if (byEmailMatch is not null && byEmailMatch.Id != byNumberMatch.Id)
                {
                    problems.Add(new ImportProblem(row.Line, ImportProblemCode.EmailTaken, Name(ImportColumn.Email), row.Email,
                        ImportProblem.Details(byEmailMatch.DisplayName, byNumberMatch.DisplayName)));
                }
            }
            else
            {
                match = byEmailMatch;
                if (match is not null && row.EmployeeNumber is not null && match.EmployeeNumber is not null)
                {
                    problems.Add(new ImportProblem(row.Line, ImportProblemCode.EmployeeNumberMismatch, Name(ImportColumn.EmployeeNumber),
                        row.EmployeeNumber, ImportProblem.Details(match.DisplayName, match.EmployeeNumber)));
                }
            }
            if (match is null)
            {
                continue;
            }
            matches[row] = match;
            if (match.PartnerOrganisation is not null)
            {
                problems.Add(new ImportProblem(row.Line, ImportProblemCode.GuestAccount, Name(ImportColumn.Email), row.Email,
                    ImportProblem.Details(match.DisplayName, match.PartnerOrganisation)));
            }
            else if (match.IsDeactivated)
            {
                notices.Add(new ImportProblem(row.Line, ImportProblemCode.FormerColleague, Name(ImportColumn.Email), row.Email, match.DisplayName));
            }
        }

        // Two rows that are one person under different keys (say one by employee number, one by email).
        foreach (var group in matches.GroupBy(pair => pair.Value.Id).Where(g => g.Count() > 1))
        {
            foreach (var (row, person) in group)
            {
                var others = group.Select(pair => pair.Key)
                    .Where(other => other != row && !SameKey(other.Email, row.Email) && !SameKey(other.EmployeeNumber, row.EmployeeNumber))
                    .Select(other => other.Line).ToList();
                if (others.Count > 0)
                {
                    problems.Add(new ImportProblem(row.Line, ImportProblemCode.SamePerson, null, person.DisplayName, Lines(others)));
                }
            }
        }

        // Each row's person id: the match's, or a new one.
        var personIds = new Dictionary<ImportRow, Guid>();
        var rowOfPerson = new Dictionary<Guid, ImportRow>();
        foreach (var row in usable)
        {
            var id = matches.TryGetValue(row, out var match) ? match.Id : Guid.CreateVersion7();
            personIds[row] = id;
            rowOfPerson.TryAdd(id, row);
        }

        // Managers: another row of the file (by its email in the file), or someone already in Guild.
        var managerOf = new Dictionary<ImportRow, Guid>();
        var managerRowOf = new Dictionary<ImportRow, ImportRow>();
        foreach (var row in usable.Where(r => r.ManagerEmail is not null))
        {
            if (byEmail.TryGetValue(row.ManagerEmail!, out var managerRows))
            {
                managerRowOf[row] = managerRows[0];
                managerOf[row] = personIds[managerRows[0]];
            }
            else if (snapshot.ByEmail.TryGetValue(row.ManagerEmail!, out var existing))
            {
                if (rowOfPerson.TryGetValue(existing.Id, out var managerRow) && managerRow.Email is not null)
                {
                    // The file gives that person a new address; naming them by the old one would not survive a retry.
                    problems.Add(new ImportProblem(row.Line, ImportProblemCode.ManagerEmailChanged, Name(ImportColumn.ManagerEmail), row.ManagerEmail,
                        ImportProblem.Details(managerRow.Email, managerRow.Line.ToString(CultureInfo.InvariantCulture))));
                    continue;
                }
                managerOf[row] = existing.Id;
            }
            else
            {
                problems.Add(new ImportProblem(row.Line, ImportProblemCode.UnknownManager, Name(ImportColumn.ManagerEmail), row.ManagerEmail));
            }
        }

        ReportCycles(usable, personIds, rowOfPerson, managerOf, snapshot, problems);

        if (problems.Count(p => p.Severity == ImportProblemSeverity.Error) > errorsBefore || rows.Any(r => !r.IsValid))
        {
            return null;
        }

        // Departments and locations the file names that Guild does not have yet.
        var newUnits = new List<PlannedOrgUnit>();
        var departments = new Dictionary<string, Guid>(snapshot.Departments, StringComparer.OrdinalIgnoreCase);
        var locations = new Dictionary<string, Guid>(snapshot.Locations, StringComparer.OrdinalIgnoreCase);
        Guid? UnitFor(string? name, OrgUnitKind kind, Dictionary<string, Guid> known)
        {
            if (name is null)
            {
                return null;
            }
            if (!known.TryGetValue(name, out var id))
            {
                id = Guid.CreateVersion7();
                known[name] = id;
                newUnits.Add(new PlannedOrgUnit(id, kind, name));
            }
            return id;
        }

        var depths = Depths(usable, managerRowOf);
        var planned = new List<PlannedRow>(usable.Count);
        foreach (var row in usable)
        {
            var existing = matches.GetValueOrDefault(row);
            var departmentId = UnitFor(row.Department, OrgUnitKind.Department, departments);
            var locationId = UnitFor(row.Location, OrgUnitKind.Location, locations);
            var managerId = managerOf.TryGetValue(row, out var manager) ? manager : (Guid?)null;
            var wanted = row.Roles.Append(Roles.Employee).Distinct(StringComparer.Ordinal);
            var rolesToAdd = existing is null ? wanted.ToList() : wanted.Where(role => !existing.Roles.Contains(role)).ToList();
            var action = existing is null ? PlannedAction.Create
                : existing.IsDeactivated ? PlannedAction.Skip
                : HasChanges(row, existing, departmentId, locationId, managerId) || rolesToAdd.Count > 0 ? PlannedAction.Update
                : PlannedAction.Unchanged;
            planned.Add(new PlannedRow
            {
                Row = row, Action = action, PersonId = personIds[row], Existing = existing, ManagerId = managerId,
                DepartmentId = departmentId, LocationId = locationId,
                RolesToAdd = action == PlannedAction.Skip ? [] : rolesToAdd, Depth = depths[row],
            });
        }
        var ordered = planned.OrderBy(p => p.Depth).ThenBy(p => p.Row.Line).ToList();
        return new ImportPlan(ordered, newUnits, notices.OrderBy(n => n.Line).ToList());
    }

    private static bool HasChanges(ImportRow row, ExistingPerson existing, Guid? departmentId, Guid? locationId, Guid? managerId) =>
        !string.Equals(row.GivenName, existing.GivenName, StringComparison.Ordinal)
        || !string.Equals(row.FamilyName, existing.FamilyName, StringComparison.Ordinal)
        || !string.Equals(row.Email, existing.Email, StringComparison.OrdinalIgnoreCase)
        || (row.JobTitle is not null && !string.Equals(row.JobTitle, existing.JobTitle, StringComparison.Ordinal))
        || (departmentId is not null && departmentId != existing.DepartmentId)
        || (locationId is not null && locationId != existing.LocationId)
        || (managerId is not null && managerId != existing.ManagerId)
        || (row.Languages is not null && !row.Languages.ToHashSet(StringComparer.Ordinal).SetEquals(existing.Languages))
        || (row.EmployeeNumber is not null && existing.EmployeeNumber is null);

    /// <summary>Walks every row's management line (the file's managers where it names them, Guild's otherwise) and reports each loop once per row in it.</summary>
    private static void ReportCycles(List<ImportRow> rows, Dictionary<ImportRow, Guid> personIds, Dictionary<Guid, ImportRow> rowOfPerson,
        Dictionary<ImportRow, Guid> managerOf, ImportSnapshot snapshot, List<ImportProblem> problems)
    {
        Guid? Parent(Guid person)
        {
            if (rowOfPerson.TryGetValue(person, out var row))
            {
                if (managerOf.TryGetValue(row, out var manager))
                {
                    return manager;
                }
                if (row.ManagerEmail is not null)
                {
                    return null; // an unknown manager, reported already
                }
            }
            return snapshot.ById.TryGetValue(person, out var existing) ? existing.ManagerId : null;
        }

        string Label(Guid person) => rowOfPerson.TryGetValue(person, out var row) && row.Email is not null ? row.Email
            : snapshot.ById.TryGetValue(person, out var existing) ? existing.Email : person.ToString();

        var done = new HashSet<Guid>();
        var onPath = new Dictionary<Guid, int>();
        var path = new List<Guid>();
        foreach (var row in rows)
        {
            Guid? current = personIds[row];
            path.Clear();
            onPath.Clear();
            while (current is { } node && !done.Contains(node))
            {
                if (onPath.TryGetValue(node, out var start))
                {
                    var loop = path.Skip(start).ToList();
                    var chain = string.Join(" → ", loop.Append(node).Select(Label));
                    foreach (var member in loop.Where(rowOfPerson.ContainsKey))
                    {
                        var memberRow = rowOfPerson[member];
                        problems.Add(new ImportProblem(memberRow.Line, ImportProblemCode.ManagerCycle, Name(ImportColumn.ManagerEmail),
                            memberRow.ManagerEmail, Shorten(chain, PeopleImportProblemLimits.DetailLength)));
                    }
                    break;
                }
                onPath[node] = path.Count;
                path.Add(node);
                current = Parent(node);
            }
            done.UnionWith(path);
        }
    }

    /// <summary>
    /// How many managers stand above a row within the file. Writing in this order puts a new manager
    /// before their team. It depends on the file alone, not on who is in Guild already, so a retry
    /// that finds the first batches written computes the same order and skips exactly those rows.
    /// </summary>
    private static Dictionary<ImportRow, int> Depths(List<ImportRow> rows, Dictionary<ImportRow, ImportRow> managerRowOf)
    {
        var depths = new Dictionary<ImportRow, int>();
        var chain = new List<ImportRow>();
        var inChain = new HashSet<ImportRow>();
        foreach (var row in rows)
        {
            chain.Clear();
            inChain.Clear();
            var current = row;
            var depth = 0;
            while (!depths.TryGetValue(current, out depth))
            {
                chain.Add(current);
                inChain.Add(current);
                // Loops were reported before a plan is made; the check only keeps a bug from hanging the job.
                if (managerRowOf.TryGetValue(current, out var manager) && !inChain.Contains(manager))
                {
                    current = manager;
                    continue;
                }
                depth = -1;
                break;
            }
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                depths[chain[i]] = ++depth;
            }
        }
        return depths;
    }

    private static Dictionary<string, List<ImportRow>> Group(IEnumerable<ImportRow> rows, Func<ImportRow, string?> key)
    {
        var groups = new Dictionary<string, List<ImportRow>>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            if (key(row) is { } value)
            {
                if (!groups.TryGetValue(value, out var list))
                {
                    groups[value] = list = [];
                }
                list.Add(row);
            }
        }
        return groups;
    }

    private static void ReportDuplicates(Dictionary<string, List<ImportRow>> groups, ImportProblemCode code, ImportColumn column, List<ImportProblem> problems)
    {
        foreach (var (value, group) in groups.Where(g => g.Value.Count > 1))
        {
            foreach (var row in group)
            {
                problems.Add(new ImportProblem(row.Line, code, Name(column), value, Lines(group.Where(other => other != row).Select(other => other.Line).Take(11))));
            }
        }
    }

    private static bool SameKey(string? a, string? b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>"3, 7, 12" — at most ten, then "…", so one value repeated 10,000 times stays readable.</summary>
    private static string Lines(IEnumerable<int> lines)
    {
        var list = lines.ToList();
        var shown = string.Join(", ", list.Take(10).Select(line => line.ToString(CultureInfo.InvariantCulture)));
        return list.Count > 10 ? shown + ", …" : shown;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Name(ImportColumn column) => PeopleCsvFormat.Spec(column).Name;
}
