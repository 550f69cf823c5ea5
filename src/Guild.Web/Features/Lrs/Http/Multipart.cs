using System.Security.Cryptography;
using System.Text;

namespace Guild.Web.Features.Lrs.Http;

/// <summary>One part of a multipart/mixed body: its headers (names case-insensitive) and raw octets.</summary>
public sealed record MultipartPart(IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Content)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// multipart/mixed as RFC 2046 defines it and xAPI uses it for attachments (Communication 1.5.2):
/// reading a request body into parts, and writing the statements-plus-attachments response.
/// </summary>
public static class Multipart
{
    /// <summary>The boundary parameter of a Content-Type, unquoted; null when there is none.</summary>
    public static string? Boundary(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }
        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var equals = parameter.IndexOf('=');
            if (equals > 0 && parameter[..equals].Trim().Equals("boundary", StringComparison.OrdinalIgnoreCase))
            {
                var value = parameter[(equals + 1)..].Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = value[1..^1];
                }
                return value.Length is > 0 and <= 70 ? value : null;
            }
        }
        return null;
    }

    /// <summary>Splits a body into parts; null when it does not follow RFC 2046 (no delimiter, no closing delimiter).</summary>
    public static List<MultipartPart>? Parse(byte[] body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var span = body.AsSpan();
        // The first delimiter starts the body or follows a line break (after an ignored preamble).
        var position = span.StartsWith(delimiter) ? 0 : IndexOfLineDelimiter(span, delimiter, 0);
        if (position < 0)
        {
            return null;
        }
        if (position > 0 || !span.StartsWith(delimiter))
        {
            position += 2;
        }
        var parts = new List<MultipartPart>();
        while (true)
        {
            var after = position + delimiter.Length;
            if (after + 2 <= span.Length && span[after] == '-' && span[after + 1] == '-')
            {
                return parts; // close delimiter
            }
            // Transport padding, then the line break that ends the delimiter line.
            var lineEnd = span[after..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return null;
            }
            var partStart = after + lineEnd + 2;
            var next = IndexOfLineDelimiter(span, delimiter, partStart - 2);
            if (next < 0)
            {
                return null;
            }
            var part = ParsePart(body, partStart, next);
            if (part is null)
            {
                return null;
            }
            parts.Add(part);
            position = next + 2;
        }
    }

    /// <summary>The index of CRLF followed by the delimiter, searching from <paramref name="from"/>.</summary>
    private static int IndexOfLineDelimiter(ReadOnlySpan<byte> span, byte[] delimiter, int from)
    {
        Span<byte> needle = stackalloc byte[delimiter.Length + 2];
        needle[0] = (byte)'\r';
        needle[1] = (byte)'\n';
        delimiter.CopyTo(needle[2..]);
        if (from < 0)
        {
            from = 0;
        }
        var index = span[from..].IndexOf(needle);
        return index < 0 ? -1 : from + index;
    }

    private static MultipartPart? ParsePart(byte[] body, int start, int end)
    {
        var span = body.AsSpan(start, end - start);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int contentStart;
        if (span.StartsWith("\r\n"u8))
        {
            contentStart = 2;
        }
        else
        {
            var headerEnd = span.IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                return null;
            }
            foreach (var line in Encoding.UTF8.GetString(span[..headerEnd]).Split("\r\n"))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    return null;
                }
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
            contentStart = headerEnd + 4;
        }
        return new MultipartPart(headers, body.AsMemory(start + contentStart, end - start - contentStart));
    }

    /// <summary>The SHA-2 of data in the variant the declared hash's length names (224, 256, 384 or 512 bits).</summary>
    public static string? Sha2(ReadOnlySpan<byte> data, string declared) => declared.Length switch
    {
        64 => Convert.ToHexStringLower(SHA256.HashData(data)),
        96 => Convert.ToHexStringLower(SHA384.HashData(data)),
        128 => Convert.ToHexStringLower(SHA512.HashData(data)),
        _ => null,
    };

    /// <summary>Writes a multipart/mixed response: the JSON first, then each attachment with its hash.</summary>
    public static async Task WriteAsync(Stream output, string boundary, byte[] json, IEnumerable<LrsAttachment> attachments, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/json\r\n\r\n"), cancellationToken);
        await output.WriteAsync(json, cancellationToken);
        foreach (var attachment in attachments)
        {
            await output.WriteAsync(Encoding.ASCII.GetBytes(
                $"\r\n--{boundary}\r\nContent-Type: {attachment.ContentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {attachment.Sha2}\r\n\r\n"), cancellationToken);
            await output.WriteAsync(attachment.Content, cancellationToken);
        }
        await output.WriteAsync(Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n"), cancellationToken);
    }
}
