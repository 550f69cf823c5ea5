using System.Globalization;
using System.Text;
using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Administration;

/// <summary>
/// The audit log in words instead of codes, in the reader's language: each action
/// (<c>Audit.Action.people.imported</c> "Imported people"), object type (<c>Audit.ObjectType.Person</c>),
/// detail (<c>Audit.Detail.departmentsCreated</c> "New departments") and the coded values some details
/// hold (roles, statuses, days). A code without a text — an entry from an older version, say — is
/// still shown readably: "departmentsCreated" becomes "Departments created".
/// </summary>
public sealed class AuditWords(IStringLocalizer<AdministrationText> text, IStringLocalizer<SharedText> shared, JobTexts jobs)
{
    /// <summary>Details whose values are codes of a known list, and where those codes' words live.</summary>
    private static readonly Dictionary<string, string> Vocabularies = new(StringComparer.Ordinal)
    {
        ["roles"] = "Role", ["before"] = "Role", ["after"] = "Role", ["added"] = "Role", ["removed"] = "Role", ["serviceRole"] = "Role",
        ["kind"] = "TokenKind", ["previousStatus"] = "JobStatus", ["source"] = "Source", ["scopes"] = "Scope",
        ["defaultLanguage"] = "Language", ["workingDays"] = "Days",
    };

    public string Action(string action) => Word($"Audit.Action.{action}", action);

    public string ObjectType(string objectType) => Word($"Audit.ObjectType.{objectType}", objectType);

    /// <summary>The object's name as recorded; a job's name is its kind, said in words.</summary>
    public string? ObjectName(string objectType, string? objectName) =>
        objectType == AuditObjectTypes.BackgroundJob && objectName is not null ? jobs.KindText(objectName) : objectName;

    public string Detail(string key) => Word($"Audit.Detail.{key}", key);

    /// <summary>A text value of the detail <paramref name="key"/>, in words when it is a code ("Champion" → "Knowledge Champion").</summary>
    public string Value(string key, string value)
    {
        if (!Vocabularies.TryGetValue(key, out var vocabulary))
        {
            return value;
        }
        return vocabulary switch
        {
            "Role" => shared[$"Role.{value}"] is { ResourceNotFound: false } role ? role : value,
            "JobStatus" => Enum.TryParse<JobStatus>(value, out var status) ? jobs.StatusText(status, 0) : value,
            // Stored as "Monday,Tuesday": the days in the reader's language.
            "Days" => string.Join(", ", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(day => Enum.TryParse<DayOfWeek>(day, out var known) ? CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(known) : day)),
            // Recorded as a number (the enum's value) by the LRS client pages.
            "Scope" when Enum.TryParse<LrsScopes>(value, out var scopes) => text[$"Audit.Value.Scope.{scopes}"] is { ResourceNotFound: false } scope ? scope : value,
            _ => text[$"Audit.Value.{vocabulary}.{value}"] is { ResourceNotFound: false } word ? word : value,
        };
    }

    /// <summary>Whether the detail's values are codes (then a number is one too, not an amount).</summary>
    public static bool HasVocabulary(string key) => Vocabularies.ContainsKey(key);

    public string Boolean(bool value) => text[value ? "Audit.Value.True" : "Audit.Value.False"];

    private string Word(string key, string code) => text[key] is { ResourceNotFound: false } word ? word : Humanise(code);

    /// <summary>"departmentsCreated" and "lrs-client.created" as "Departments created" and "Lrs client created".</summary>
    public static string Humanise(string code)
    {
        var words = new StringBuilder(code.Length + 8);
        foreach (var c in code)
        {
            if (c is '.' or '-' or '_')
            {
                words.Append(' ');
            }
            else if (char.IsUpper(c) && words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(c);
            }
        }
        var result = words.ToString().Trim();
        return result.Length == 0 ? code : char.ToUpperInvariant(result[0]) + result[1..];
    }
}
