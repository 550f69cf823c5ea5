namespace Guild.Web.Platform.Uploads;

/// <summary>
/// What a file is, from its first bytes rather than its name or the type its sender declared: a renamed text file is
/// not a video. Each purpose admits a few formats; anything else is refused with a reason people can read.
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes the sniffer looks at.</summary>
    public const int HeadLength = 64;

    /// <summary>The content type of <paramref name="head"/> when it is a format <paramref name="purpose"/> admits; otherwise null.</summary>
    public static string? Sniff(string purpose, ReadOnlySpan<byte> head, string fileName) => purpose switch
    {
        UploadPurposes.Video or UploadPurposes.Recording => Video(head),
        UploadPurposes.File => Document(head, fileName),
        UploadPurposes.Image => Image(head),
        UploadPurposes.Captions => Captions(head),
        _ => null,
    };

    private static string? Video(ReadOnlySpan<byte> head)
    {
        // ISO base media (MP4, MOV, M4V): a box of type "ftyp" first, its major brand telling QuickTime from MPEG-4.
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return head[8..12].SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
        }
        // Matroska and WebM: the EBML magic, then the DocType names which.
        if (head.Length >= 4 && head[..4].SequenceEqual((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return head.IndexOf("webm"u8) >= 0 ? "video/webm" : "video/x-matroska";
        }
        return null;
    }

    private static string? Document(ReadOnlySpan<byte> head, string fileName)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }
        // Office Open XML files are zip archives; the zip magic plus the name's extension say which.
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return Path.GetExtension(fileName).ToLowerInvariant() switch
            {
                ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ".pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _ => null,
            };
        }
        return null;
    }

    private static string? Image(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }
        return null;
    }

    private static string? Captions(ReadOnlySpan<byte> head)
    {
        // WebVTT: optional UTF-8 byte order mark, "WEBVTT", then a space, tab, line break or the end.
        var text = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        if (!text.StartsWith("WEBVTT"u8))
        {
            return null;
        }
        return text.Length == 6 || text[6] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' ? "text/vtt" : null;
    }
}
