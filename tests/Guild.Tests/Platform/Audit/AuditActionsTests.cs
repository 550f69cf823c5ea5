using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using Guild.Tests.Platform.Localization;
using Guild.Web.Features.Administration;
using Guild.Web.Platform.Audit;

namespace Guild.Tests.Platform.Audit;

/// <summary>
/// Every action the code records has words in English and Dutch, so the audit log never shows a code
/// such as <c>people.imported</c> in place of "Imported people". Reads the source, so an action added
/// anywhere without a text fails here, not in front of an admin.
/// </summary>
public sealed partial class AuditActionsTests
{
    private static readonly ResourceManager Texts = new(typeof(AdministrationText));

    [Fact]
    public void Every_audit_entry_recorded_in_the_code_names_its_action_from_the_central_list()
    {
        var calls = SourceFiles.Code()
            .SelectMany(file => RecordCall().Matches(File.ReadAllText(file)).Select(match => (File: Path.GetFileName(file), Arguments: match.Groups[1].Value)))
            .ToList();
        Assert.True(calls.Count >= 15, $"Only {calls.Count} calls of AuditLog.Record found; the pattern no longer matches the code.");
        var literal = calls.Where(call => call.Arguments.TrimStart().StartsWith('"')).Select(call => $"{call.File}: Record({call.Arguments}").ToList();
        Assert.True(literal.Count == 0, "Record actions through AuditActions, not as text:\n" + string.Join("\n", literal));
        var used = calls.SelectMany(call => ActionConstant().Matches(call.Arguments).Select(match => match.Groups[1].Value))
            .Concat(SourceFiles.Code().SelectMany(file => ActionConstant().Matches(File.ReadAllText(file)).Select(match => match.Groups[1].Value)))
            .ToHashSet(StringComparer.Ordinal);
        var constants = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral).ToDictionary(field => field.Name, field => (string)field.GetRawConstantValue()!);
        Assert.DoesNotContain(used, name => name != "All" && !constants.ContainsKey(name));
        // The list that the test below checks holds every constant, once.
        Assert.Equal(constants.Values.Order(StringComparer.Ordinal), AuditActions.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_audit_action_and_object_type_has_words_in_english_and_in_dutch()
    {
        var missing = new List<string>();
        foreach (var key in AuditActions.All.Select(a => $"Audit.Action.{a}").Concat(AuditObjectTypes.All.Select(t => $"Audit.ObjectType.{t}")))
        {
            foreach (var language in new[] { "en", "nl" })
            {
                if (string.IsNullOrWhiteSpace(TextIn(language, key)))
                {
                    missing.Add($"{key} ({language})");
                }
            }
        }
        Assert.True(missing.Count == 0, "No text for: " + string.Join(", ", missing));
    }

    /// <summary>The text in exactly this language's resources, never a fallback to English.</summary>
    private static string? TextIn(string language, string key) =>
        language == "en"
            ? Texts.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)?.GetString(key)
            : Texts.GetResourceSet(CultureInfo.GetCultureInfo(language), createIfNotExists: true, tryParents: false)?.GetString(key);

    /// <summary>audit.Record(…) / AuditLog.Record(…): the arguments up to the third comma.</summary>
    [GeneratedRegex(@"\baudit\w*\.Record\(([^;]*?),[^,;]*,", RegexOptions.IgnoreCase)]
    private static partial Regex RecordCall();

    [GeneratedRegex(@"\bAuditActions\.(\w+)")]
    private static partial Regex ActionConstant();
}
