using System.Globalization;

namespace Guild.Web.Features.Lrs.Validation;

/// <summary>
/// The string formats of xAPI 1.0.3 (Data 4.3-4.6 and 2.4.2.3): IRIs, UUIDs, ISO 8601 timestamps and
/// durations, RFC 5646 language tags, mailto IRIs and SHA-1 sums. Hand-written scanners rather than
/// regular expressions: they run on every property of every statement, allocate nothing, and say
/// exactly what the specification says.
/// </summary>
public static class XapiFormats
{
    /// <summary>
    /// An absolute IRI (RFC 3987), checked best-effort as Data 2.2.s4.b6 allows: a scheme, something
    /// after it, no spaces or characters IRIs exclude, and well-formed percent escapes. Relative IRIs
    /// ("fragments") are not IRIs here (Data 2.4.4.1 note).
    /// </summary>
    public static bool IsIri(ReadOnlySpan<char> value)
    {
        var colon = value.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }
        for (var i = 1; i < colon; i++)
        {
            var c = value[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        var rest = value[(colon + 1)..];
        if (rest.IsEmpty)
        {
            return false;
        }
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (c <= ' ' || c == '\u007f' || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`'
                || (c >= '\u0080' && c <= '\u009f') || char.IsWhiteSpace(c))
            {
                return false;
            }
            if (c == '%' && (i + 2 >= rest.Length || !char.IsAsciiHexDigit(rest[i + 1]) || !char.IsAsciiHexDigit(rest[i + 2])))
            {
                return false;
            }
        }
        // Hierarchical web IRIs need an authority: "http://" alone names nothing.
        var scheme = value[..colon];
        if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            if (!rest.StartsWith("//") || rest.Length == 2 || rest[2] is '/' or '?' or '#')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A UUID in standard string form (8-4-4-4-12 hex digits) of the RFC 4122 variant (Data 2.4.1, 4.4).</summary>
    public static bool IsUuid(ReadOnlySpan<char> value) => TryParseUuid(value, out _);

    public static bool TryParseUuid(ReadOnlySpan<char> value, out Guid uuid)
    {
        uuid = default;
        if (value.Length != 36 || value[8] != '-' || value[13] != '-' || value[18] != '-' || value[23] != '-')
        {
            return false;
        }
        for (var i = 0; i < 36; i++)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                continue;
            }
            if (!char.IsAsciiHexDigit(value[i]))
            {
                return false;
            }
        }
        // "All versions of variant 2 in RFC 4122 are valid": the variant nibble is 8, 9, a or b.
        if (value[19] is not ('8' or '9' or 'a' or 'b' or 'A' or 'B'))
        {
            return false;
        }
        return Guid.TryParseExact(value, "D", out uuid);
    }

    /// <summary>
    /// An ISO 8601 combined date and time, extended (2015-11-18T12:17:00.123+01:00) or basic
    /// (20151118T121700Z) form. A missing zone is read as UTC; the RFC 3339 "unknown offset"
    /// forms -00, -0000 and -00:00 are refused, as the conformance suite expects.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> value, out DateTimeOffset instant)
    {
        instant = default;
        var p = 0;
        if (!Digits(value, ref p, 4, out var year))
        {
            return false;
        }
        var extended = p < value.Length && value[p] == '-';
        if (extended)
        {
            p++;
        }
        if (!Digits(value, ref p, 2, out var month))
        {
            return false;
        }
        if (extended && !Expect(value, ref p, '-'))
        {
            return false;
        }
        if (!Digits(value, ref p, 2, out var day) || !Expect(value, ref p, 'T'))
        {
            return false;
        }
        if (!Digits(value, ref p, 2, out var hour))
        {
            return false;
        }
        if (extended && !Expect(value, ref p, ':'))
        {
            return false;
        }
        if (!Digits(value, ref p, 2, out var minute))
        {
            return false;
        }
        var second = 0;
        long fractionTicks = 0;
        var hasSeconds = extended ? p < value.Length && value[p] == ':' : p < value.Length && char.IsAsciiDigit(value[p]);
        if (hasSeconds)
        {
            if (extended)
            {
                p++;
            }
            if (!Digits(value, ref p, 2, out second))
            {
                return false;
            }
            if (p < value.Length && value[p] is '.' or ',')
            {
                p++;
                var start = p;
                long scale = TimeSpan.TicksPerSecond;
                while (p < value.Length && char.IsAsciiDigit(value[p]))
                {
                    scale /= 10;
                    fractionTicks += (value[p] - '0') * scale;
                    p++;
                }
                if (p == start)
                {
                    return false;
                }
            }
        }
        var offset = TimeSpan.Zero;
        if (p < value.Length)
        {
            var sign = value[p];
            if (sign == 'Z' && p == value.Length - 1)
            {
                p++;
            }
            else if (sign is '+' or '-')
            {
                p++;
                if (!Digits(value, ref p, 2, out var offsetHours))
                {
                    return false;
                }
                var offsetMinutes = 0;
                if (p < value.Length)
                {
                    if (extended && !Expect(value, ref p, ':'))
                    {
                        return false;
                    }
                    if (!Digits(value, ref p, 2, out offsetMinutes))
                    {
                        return false;
                    }
                }
                if (p != value.Length || offsetHours > 14 || offsetMinutes > 59 || (offsetHours == 14 && offsetMinutes > 0))
                {
                    return false;
                }
                if (sign == '-' && offsetHours == 0 && offsetMinutes == 0)
                {
                    return false;
                }
                offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (sign == '-' ? -1 : 1);
            }
            else
            {
                return false;
            }
        }
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        try
        {
            instant = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>How Guild writes instants back: UTC, at least millisecond precision (Data 4.5.s1.b3, b6).</summary>
    public static string FormatTimestamp(DateTimeOffset instant)
    {
        var text = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        var end = text.Length;
        while (end > 23 && text[end - 1] == '0')
        {
            end--;
        }
        return string.Concat(text.AsSpan(0, end), "Z");
    }

    /// <summary>
    /// An ISO 8601:2004 section 4.4.3.2 duration: PnYnMnDTnHnMnS (each part optional, at least one, a
    /// decimal fraction only on the last part) or PnW on its own. The alternative form (P0003-04-...) is refused.
    /// </summary>
    public static bool IsDuration(ReadOnlySpan<char> value)
    {
        if (value.Length < 3 || value[0] != 'P')
        {
            return false;
        }
        var p = 1;
        var order = "YMDTHMS";
        var stage = 0; // index into order of the next designator allowed
        var inTime = false;
        var parts = 0;
        var timeParts = 0;
        var sawFraction = false;
        while (p < value.Length)
        {
            if (value[p] == 'T')
            {
                if (inTime || sawFraction)
                {
                    return false;
                }
                inTime = true;
                stage = 4;
                p++;
                if (p == value.Length)
                {
                    return false;
                }
                continue;
            }
            if (sawFraction)
            {
                return false; // a fraction is only allowed on the last part
            }
            var start = p;
            while (p < value.Length && char.IsAsciiDigit(value[p]))
            {
                p++;
            }
            if (p == start)
            {
                return false;
            }
            if (p < value.Length && value[p] is '.' or ',')
            {
                p++;
                var fractionStart = p;
                while (p < value.Length && char.IsAsciiDigit(value[p]))
                {
                    p++;
                }
                if (p == fractionStart)
                {
                    return false;
                }
                sawFraction = true;
            }
            if (p == value.Length)
            {
                return false;
            }
            var designator = value[p];
            p++;
            if (designator == 'W')
            {
                // Weeks stand alone: P4W, never P4W1D.
                return parts == 0 && !inTime && p == value.Length;
            }
            var index = inTime ? order.IndexOf(designator, 4) : order.IndexOf(designator);
            if (index < stage || index == 3 || (inTime ? index < 4 : index > 2))
            {
                return false;
            }
            stage = index + 1;
            parts++;
            if (inTime)
            {
                timeParts++;
            }
        }
        return parts > 0 && (!inTime || timeParts > 0);
    }

    /// <summary>
    /// An RFC 5646 language tag, checked for well-formedness (the sequence of subtag lengths and
    /// kinds), as Data 2.2.s4.b2 requires: language[-extlang][-script][-region][-variant]*[-extension]*[-x-private].
    /// </summary>
    public static bool IsLanguageTag(ReadOnlySpan<char> tag)
    {
        if (tag.IsEmpty || tag.Length > 100)
        {
            return false;
        }
        if (IsGrandfathered(tag))
        {
            return true;
        }
        Span<Range> ranges = stackalloc Range[40];
        var count = tag.Split(ranges, '-');
        if (count == 0 || count > 39)
        {
            return false;
        }
        var i = 0;
        // Private use only: x-...
        if (tag[ranges[0]].Length == 1 && tag[ranges[0]][0] is 'x' or 'X')
        {
            return PrivateUse(tag, ranges, count, 0);
        }
        var language = tag[ranges[i]];
        if (!AllLetters(language) || language.Length is < 2 or > 8)
        {
            return false;
        }
        i++;
        if (language.Length <= 3)
        {
            // Up to three extlang subtags of three letters.
            var extlangs = 0;
            while (i < count && extlangs < 3 && tag[ranges[i]].Length == 3 && AllLetters(tag[ranges[i]]))
            {
                i++;
                extlangs++;
            }
        }
        if (i < count && tag[ranges[i]].Length == 4 && AllLetters(tag[ranges[i]]))
        {
            i++; // script
        }
        if (i < count && ((tag[ranges[i]].Length == 2 && AllLetters(tag[ranges[i]])) || (tag[ranges[i]].Length == 3 && AllDigits(tag[ranges[i]]))))
        {
            i++; // region
        }
        while (i < count && IsVariant(tag[ranges[i]]))
        {
            i++;
        }
        while (i < count && tag[ranges[i]].Length == 1 && char.IsAsciiLetterOrDigit(tag[ranges[i]][0]) && tag[ranges[i]][0] is not ('x' or 'X'))
        {
            i++;
            var extensionParts = 0;
            while (i < count && tag[ranges[i]].Length is >= 2 and <= 8 && AllAlphanumeric(tag[ranges[i]]))
            {
                i++;
                extensionParts++;
            }
            if (extensionParts == 0)
            {
                return false;
            }
        }
        if (i < count && tag[ranges[i]].Length == 1 && tag[ranges[i]][0] is 'x' or 'X')
        {
            return PrivateUse(tag, ranges, count, i);
        }
        return i == count;
    }

    private static bool PrivateUse(ReadOnlySpan<char> tag, Span<Range> ranges, int count, int at)
    {
        if (at + 1 >= count)
        {
            return false;
        }
        for (var j = at + 1; j < count; j++)
        {
            var sub = tag[ranges[j]];
            if (sub.Length is < 1 or > 8 || !AllAlphanumeric(sub))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsVariant(ReadOnlySpan<char> sub) =>
        AllAlphanumeric(sub) && (sub.Length is >= 5 and <= 8 || (sub.Length == 4 && char.IsAsciiDigit(sub[0])));

    private static readonly string[] Grandfathered =
    [
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo", "i-navajo",
        "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
        "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
    ];

    private static bool IsGrandfathered(ReadOnlySpan<char> tag)
    {
        foreach (var known in Grandfathered)
        {
            if (tag.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A mailto IRI as the mbox property needs it: "mailto:" and an address with one @ and text either side.</summary>
    public static bool IsMailtoIri(ReadOnlySpan<char> value)
    {
        if (!value.StartsWith("mailto:", StringComparison.Ordinal))
        {
            return false;
        }
        var address = value["mailto:".Length..];
        var at = address.IndexOf('@');
        return at > 0 && at == address.LastIndexOf('@') && at < address.Length - 1 && IsIri(value)
               && !address.ContainsAny(' ', ',', ';') && !address.Contains('?');
    }

    /// <summary>The hex-encoded SHA-1 of a mailto IRI: 40 hex digits.</summary>
    public static bool IsSha1Hex(ReadOnlySpan<char> value) => value.Length == 40 && IsHex(value);

    /// <summary>A SHA-2 digest in hex: SHA-224, -256, -384 or -512 lengths (Data 2.4.11).</summary>
    public static bool IsSha2Hex(ReadOnlySpan<char> value) => value.Length is 56 or 64 or 96 or 128 && IsHex(value);

    /// <summary>An Internet media type (RFC 2046): type/subtype with optional parameters.</summary>
    public static bool IsMediaType(ReadOnlySpan<char> value)
    {
        var semicolon = value.IndexOf(';');
        var essence = (semicolon < 0 ? value : value[..semicolon]).Trim();
        var slash = essence.IndexOf('/');
        return slash > 0 && slash < essence.Length - 1 && IsToken(essence[..slash]) && IsToken(essence[(slash + 1)..]);
    }

    private static bool IsToken(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || c >= '\u007f' || c is '(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '=')
            {
                return false;
            }
        }
        return !value.IsEmpty;
    }

    private static bool IsHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool AllLetters(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        return !value.IsEmpty;
    }

    private static bool AllDigits(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return !value.IsEmpty;
    }

    private static bool AllAlphanumeric(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return !value.IsEmpty;
    }

    private static bool Digits(ReadOnlySpan<char> value, ref int p, int count, out int number)
    {
        number = 0;
        if (p + count > value.Length)
        {
            return false;
        }
        for (var i = 0; i < count; i++)
        {
            var c = value[p + i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            number = number * 10 + (c - '0');
        }
        p += count;
        return true;
    }

    private static bool Expect(ReadOnlySpan<char> value, ref int p, char expected)
    {
        if (p < value.Length && value[p] == expected)
        {
            p++;
            return true;
        }
        return false;
    }
}
