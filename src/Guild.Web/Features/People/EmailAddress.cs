namespace Guild.Web.Features.People;

/// <summary>
/// The email addresses Guild accepts for people: what mail servers deliver in practice, not every
/// form RFC 5322 allows (no quoted local parts, no IP literals, no comments). Checked the same way
/// by the import, the invitation form and the profile editor.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength)
        {
            return false;
        }
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != address.LastIndexOf('@') || at > 64)
        {
            return false;
        }
        var local = address.AsSpan(0, at);
        var domain = address.AsSpan(at + 1);
        return IsValidLocalPart(local) && IsValidDomain(domain);
    }

    /// <summary>Trimmed, and compared without regard to case everywhere in Guild.</summary>
    public static string Normalize(string address) => address.Trim();

    private static bool IsValidLocalPart(ReadOnlySpan<char> local)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in local)
        {
            if (!(char.IsLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length is 0 or > 253)
        {
            return false;
        }
        var labels = 0;
        var lastLabelAllDigits = false;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
            lastLabelAllDigits = true;
            foreach (var c in label)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
                lastLabelAllDigits &= char.IsAsciiDigit(c);
            }
            labels++;
        }
        // A host name alone ("localhost") or a numeric top-level domain is a typo, not a mailbox.
        return labels >= 2 && !lastLabelAllDigits;
    }
}
