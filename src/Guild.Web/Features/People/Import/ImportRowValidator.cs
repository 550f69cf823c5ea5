using Guild.Web.Platform.Identity;

namespace Guild.Web.Features.People.Import;

/// <summary>
/// One row, checked and cleaned. Null for an optional column means "leave as it is" (the column is
/// missing or the cell is empty); the required ones are set whenever <see cref="IsValid"/> is.
/// </summary>
public sealed class ImportRow
{
    public int Line { get; init; }
    public string? Email { get; init; }
    public string? GivenName { get; init; }
    public string? FamilyName { get; init; }
    public string? JobTitle { get; init; }
    public string? Department { get; init; }
    public string? Location { get; init; }
    public string? ManagerEmail { get; init; }
    public IReadOnlyList<string>? Languages { get; init; }
    public string? EmployeeNumber { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>False when the row has problems of its own; it still takes part in the checks across rows.</summary>
    public bool IsValid { get; init; }
    /// <summary>The record's fields could not be trusted (broken quotes, wrong field count): left out of the checks across rows.</summary>
    public bool IsMalformed { get; init; }
}

/// <summary>
/// The checks on one row on its own: required cells, lengths, email addresses, languages and roles.
/// Pure: no database, so it is property-tested (see PeopleImportRowValidatorProperties).
/// </summary>
public static class ImportRowValidator
{
    public static ImportRow Validate(CsvPersonRecord record, List<ImportProblem> problems)
    {
        var before = problems.Count;
        var line = record.Line;
        if (record.IsMalformed)
        {
            // The reader already reported why; checking shifted or garbled cells would only add noise.
            return new ImportRow { Line = line, IsMalformed = true };
        }

        string? Text(ImportColumn column)
        {
            if (!record.Values.TryGetValue(column, out var raw))
            {
                return null;
            }
            var spec = PeopleCsvFormat.Spec(column);
            var value = raw.Trim();
            if (value.Length == 0)
            {
                if (spec.Required)
                {
                    problems.Add(new ImportProblem(line, ImportProblemCode.Required, spec.Name));
                }
                return null;
            }
            if (value.Length > spec.MaxLength)
            {
                problems.Add(new ImportProblem(line, ImportProblemCode.TooLong, spec.Name, PeopleCsvReader.Shorten(value),
                    spec.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return null;
            }
            if (value.Any(char.IsControl))
            {
                // Line breaks and tabs inside a name or title come from a broken export, not from HR.
                problems.Add(new ImportProblem(line, ImportProblemCode.InvalidCharacters, spec.Name, PeopleCsvReader.Shorten(value.ReplaceLineEndings(" "))));
                return null;
            }
            return value;
        }

        string? Email(ImportColumn column)
        {
            var value = Text(column);
            if (value is not null && !EmailAddress.IsValid(value))
            {
                problems.Add(new ImportProblem(line, ImportProblemCode.InvalidEmail, PeopleCsvFormat.Spec(column).Name, PeopleCsvReader.Shorten(value)));
                return null;
            }
            return value;
        }

        var email = Email(ImportColumn.Email);
        var managerEmail = Email(ImportColumn.ManagerEmail);
        if (email is not null && managerEmail is not null && string.Equals(email, managerEmail, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new ImportProblem(line, ImportProblemCode.OwnManager, PeopleCsvFormat.Spec(ImportColumn.ManagerEmail).Name, managerEmail));
            managerEmail = null;
        }

        var givenName = Text(ImportColumn.GivenName);
        var familyName = Text(ImportColumn.FamilyName);
        var jobTitle = Text(ImportColumn.JobTitle);
        var department = Text(ImportColumn.Department);
        var location = Text(ImportColumn.Location);
        var languages = LanguagesOf(Text(ImportColumn.Languages), line, problems);
        var employeeNumber = Text(ImportColumn.EmployeeNumber);
        var roles = RolesOf(Text(ImportColumn.Roles), line, problems);
        return new ImportRow
        {
            Line = line, Email = email, GivenName = givenName, FamilyName = familyName, JobTitle = jobTitle,
            Department = department, Location = location, ManagerEmail = managerEmail, Languages = languages,
            EmployeeNumber = employeeNumber, Roles = roles, IsValid = problems.Count == before,
        };
    }

    private static IReadOnlyList<string>? LanguagesOf(string? cell, int line, List<ImportProblem> problems)
    {
        if (cell is null)
        {
            return null;
        }
        var codes = SpokenLanguages.Normalize(cell.Split(PeopleCsvFormat.ListSeparators, StringSplitOptions.RemoveEmptyEntries));
        var name = PeopleCsvFormat.Spec(ImportColumn.Languages).Name;
        var ok = true;
        foreach (var code in codes.Where(code => !SpokenLanguages.IsKnown(code)))
        {
            problems.Add(new ImportProblem(line, ImportProblemCode.InvalidLanguage, name, PeopleCsvReader.Shorten(code)));
            ok = false;
        }
        if (codes.Count > PeopleCsvFormat.MaxLanguages)
        {
            problems.Add(new ImportProblem(line, ImportProblemCode.TooManyLanguages, name, PeopleCsvReader.Shorten(cell),
                PeopleCsvFormat.MaxLanguages.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            ok = false;
        }
        return ok && codes.Count > 0 ? codes : null;
    }

    private static List<string> RolesOf(string? cell, int line, List<ImportProblem> problems)
    {
        if (cell is null)
        {
            return [];
        }
        var name = PeopleCsvFormat.Spec(ImportColumn.Roles).Name;
        var roles = new List<string>();
        foreach (var token in cell.Split(PeopleCsvFormat.ListSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var role = Roles.All.FirstOrDefault(r => string.Equals(r, token, StringComparison.OrdinalIgnoreCase));
            if (role == Roles.PartnerGuest)
            {
                problems.Add(new ImportProblem(line, ImportProblemCode.GuestRole, name, PeopleCsvReader.Shorten(token)));
            }
            else if (role is null)
            {
                problems.Add(new ImportProblem(line, ImportProblemCode.UnknownRole, name, PeopleCsvReader.Shorten(token),
                    string.Join(", ", PeopleCsvFormat.ImportableRoles)));
            }
            else if (!roles.Contains(role))
            {
                roles.Add(role);
            }
        }
        return roles;
    }
}
