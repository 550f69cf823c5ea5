using System.Text;
using CsvHelper;

namespace Guild.Web.Features.People.Import;

public enum ImportColumn { Email, GivenName, FamilyName, JobTitle, Department, Location, ManagerEmail, Languages, EmployeeNumber, Roles }

/// <summary>One column of the import file: its name in the template, the other names HR exports use for it, and its limits.</summary>
public sealed record ImportColumnSpec(ImportColumn Column, string Name, bool Required, int MaxLength, string Example, IReadOnlyList<string> Aliases);

/// <summary>
/// The employee CSV: which columns exist, what they may hold, and the template offered for download.
/// The page that documents the format and the validator both read these definitions.
/// </summary>
public static class PeopleCsvFormat
{
    /// <summary>Beyond this a file is refused before any row is read; the import is built for 100,000 rows.</summary>
    public const int MaxRows = 200_000;
    public const long MaxFileBytes = 64L * 1024 * 1024;
    public const int MaxLanguages = 10;

    public static readonly IReadOnlyList<ImportColumnSpec> Columns =
    [
        new(ImportColumn.Email, "email", true, 256, "sanne.devries@example.com", ["e_mail", "email_address", "mail", "work_email", "e_mailadres", "emailadres"]),
        new(ImportColumn.GivenName, "given_name", true, 100, "Sanne", ["first_name", "firstname", "givenname", "voornaam", "roepnaam"]),
        new(ImportColumn.FamilyName, "family_name", true, 100, "de Vries", ["last_name", "lastname", "surname", "familyname", "achternaam"]),
        new(ImportColumn.JobTitle, "job_title", false, 150, "Account Manager", ["title", "jobtitle", "position", "functie", "functietitel"]),
        new(ImportColumn.Department, "department", false, 150, "Sales", ["dept", "team", "afdeling"]),
        new(ImportColumn.Location, "location", false, 150, "Amsterdam", ["office", "site", "locatie", "vestiging"]),
        new(ImportColumn.ManagerEmail, "manager_email", false, 256, "daan.bakker@example.com", ["manager", "manager_e_mail", "manager_mail", "leidinggevende", "leidinggevende_email"]),
        new(ImportColumn.Languages, "languages", false, 100, "nl en", ["language", "talen", "taal"]),
        new(ImportColumn.EmployeeNumber, "employee_number", false, 50, "NW000123", ["employee_id", "employee_no", "employeenumber", "personnel_number", "personeelsnummer"]),
        new(ImportColumn.Roles, "roles", false, 200, "Champion", ["role", "rollen", "rol"]),
    ];

    public static ImportColumnSpec Spec(ImportColumn column) => Columns[(int)column];

    private static readonly Dictionary<string, ImportColumn> ByName = Columns
        .SelectMany(spec => spec.Aliases.Prepend(spec.Name).Select(name => (Key: NormalizeHeader(name), spec.Column)))
        .ToDictionary(pair => pair.Key, pair => pair.Column);

    /// <summary>"E-mail ", "Given Name" and "given_name" are the same column.</summary>
    public static string NormalizeHeader(string header)
    {
        var builder = new StringBuilder(header.Length);
        foreach (var c in header.Trim().Trim('\uFEFF'))
        {
            builder.Append(c is ' ' or '-' or '.' ? '_' : char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    public static ImportColumn? ColumnFor(string header) =>
        ByName.TryGetValue(NormalizeHeader(header), out var column) ? column : null;

    /// <summary>The roles a file may give. Everyone imported is an Employee; partner guests are invited, not imported.</summary>
    public static readonly IReadOnlyList<string> ImportableRoles =
        [Platform.Identity.Roles.Employee, Platform.Identity.Roles.Champion, Platform.Identity.Roles.Moderator, Platform.Identity.Roles.LearningAdmin];

    /// <summary>Separators inside the languages and roles cells: "nl en", "nl,en", "nl/en" all work.</summary>
    public static readonly char[] ListSeparators = [' ', ',', ';', '/', '|', '\t'];

    /// <summary>
    /// The downloadable template: the header and two example rows, with a byte order mark so that
    /// Excel opens it as UTF-8 (names such as "Öztürk" stay intact).
    /// </summary>
    public static byte[] Template()
    {
        using var output = new MemoryStream();
        using (var writer = CsvWriter.Create(output, CsvWriterOptions.Default with { WriteByteOrderMark = true }, leaveOpen: true))
        {
            writer.WriteHeader(Columns.Select(c => c.Name).ToArray());
            writer.WriteRecord(["daan.bakker@example.com", "Daan", "Bakker", "Head of Sales", "Sales", "Amsterdam", "", "nl en", "NW000100", ""]);
            writer.WriteRecord(Columns.Select(c => c.Example).ToArray());
        }
        return output.ToArray();
    }
}

/// <summary>What can be wrong with an import file. Each has a message <c>ImportProblem.{Code}</c> in <c>PeopleText</c>.</summary>
public enum ImportProblemCode
{
    // The file as a whole (reported on line 1).
    EmptyFile,
    MissingColumn,
    UnknownColumn,
    DuplicateColumn,
    NoRows,
    TooManyRows,
    // One row.
    BadQuotes,
    FieldCount,
    NotUtf8,
    Required,
    TooLong,
    InvalidCharacters,
    InvalidEmail,
    OwnManager,
    InvalidLanguage,
    TooManyLanguages,
    UnknownRole,
    GuestRole,
    // Rows against each other and against the people already in Guild.
    DuplicateEmail,
    DuplicateEmployeeNumber,
    SamePerson,
    EmailTaken,
    EmployeeNumberMismatch,
    GuestAccount,
    UnknownManager,
    ManagerEmailChanged,
    ManagerCycle,
    // Notices: the row is skipped, the rest is imported.
    FormerColleague,
}

/// <summary>One problem as the validator finds it, before it is stored.</summary>
public sealed record ImportProblem(int Line, ImportProblemCode Code, string? Column = null, string? Value = null, string? Detail = null)
{
    public ImportProblemSeverity Severity => Code == ImportProblemCode.FormerColleague ? ImportProblemSeverity.Notice : ImportProblemSeverity.Error;

    /// <summary>Several values for one message travel in <see cref="Detail"/> separated by this character.</summary>
    public const char DetailSeparator = '\u001f';

    public static string Details(params string[] parts) => string.Join(DetailSeparator, parts);
}
