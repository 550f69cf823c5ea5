namespace Guild.Web.Platform.Layout;

/// <summary>
/// Field errors of a posted form, keyed by field name; filled by the page's own checks or from a
/// service's <see cref="Result{T}.Errors"/>, and shown next to each field by <c>FieldError</c>.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.OrdinalIgnoreCase);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    public void AddAll(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }
    }

    /// <summary>For <c>aria-invalid</c>: "true" or nothing.</summary>
    public string? Has(string field) => _errors.ContainsKey(field) ? "true" : null;

    public IReadOnlyList<string> For(string field) => _errors.TryGetValue(field, out var list) ? list : [];

    public IEnumerable<(string Field, string Message)> All => _errors.SelectMany(pair => pair.Value.Select(m => (pair.Key, m)));
}
