using Guild.Web.Features.People;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>The field errors of a map form or request: texts trimmed, within their length, free of control characters.</summary>
internal sealed class MapFieldErrors(IStringLocalizer<MapText> text)
{
    public Dictionary<string, string[]> Errors { get; } = [];

    public bool Any => Errors.Count > 0;

    public bool Has(string field) => Errors.ContainsKey(field);

    public void Add(string field, string message) =>
        Errors[field] = Errors.TryGetValue(field, out var messages) ? [.. messages, message] : [message];

    /// <summary>A capability's or component's name: required, trimmed, at most <see cref="KnowHowMap.NameMaxLength"/>.</summary>
    public string? Name(string field, string? value) => Text(field, value, KnowHowMap.NameMaxLength, required: true);

    public string? Description(string field, string? value) => Text(field, value, KnowHowMap.DescriptionMaxLength, required: false, multiline: true);

    /// <summary>The trimmed value, or null when empty or wrong (and then the error is noted).</summary>
    public string? Text(string field, string? value, int maxLength, bool required, bool multiline = false)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                Add(field, text["FieldRequired"]);
            }
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(field, text["FieldTooLong", maxLength]);
            return null;
        }
        if (trimmed.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            Add(field, text["FieldInvalidCharacters"]);
            return null;
        }
        return trimmed;
    }

    /// <summary>Skill names: trimmed, empty ones dropped, one per folded name, each within its length, at most 30.</summary>
    public IReadOnlyList<string> Skills(string field, IEnumerable<string?>? names)
    {
        var result = new List<string>();
        foreach (var name in names ?? [])
        {
            var trimmed = name?.Trim();
            if (string.IsNullOrEmpty(trimmed))
            {
                continue;
            }
            if (trimmed.Length > KnowHowMap.SkillMaxLength || trimmed.Any(char.IsControl))
            {
                Add(field, text["SkillInvalid", Shorten(trimmed), KnowHowMap.SkillMaxLength]);
                continue;
            }
            if (result.All(r => Person.Fold(r) != Person.Fold(trimmed)))
            {
                result.Add(trimmed);
            }
        }
        if (result.Count > KnowHowMap.MaxSkillsPerComponent)
        {
            Add(field, text["TooManySkills", KnowHowMap.MaxSkillsPerComponent]);
        }
        return result;
    }

    /// <summary>A list of skills written in one cell or box: "Video editing; Colour grading" (or one per line).</summary>
    public static IReadOnlyList<string> SplitSkills(string? line) =>
        (line ?? "").Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string Shorten(string value) => value.Length <= 60 ? value : value[..59] + "…";
}
