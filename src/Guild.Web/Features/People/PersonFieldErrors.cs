using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.People;

/// <summary>
/// The form errors of one person's details, by field, as invitations and profile editing check them:
/// text fields trimmed, required or not, within a length and free of control characters.
/// </summary>
public sealed class PersonFieldErrors(IStringLocalizer<PeopleText> text)
{
    public Dictionary<string, string[]> Errors { get; } = [];

    public int Count => Errors.Count;

    public bool Has(string field) => Errors.ContainsKey(field);

    public void Add(string field, string message) => Errors[field] = [message];

    /// <summary>The trimmed value, or null when it is empty or wrong (and then the error is noted).</summary>
    public string? Text(string field, string? value, int maxLength, bool required)
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
        if (trimmed.Any(char.IsControl))
        {
            Add(field, text["FieldInvalidCharacters"]);
            return null;
        }
        return trimmed;
    }
}
