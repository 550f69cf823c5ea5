namespace Guild.Web.Features.Library.Studio;

/// <summary><c>Library:Recording:*</c> settings; see docs/operations.md.</summary>
public sealed class RecordingOptions
{
    /// <summary>
    /// The longest a browser recording may be, in minutes (resources are short). The recorder stops there, and the
    /// transcode cuts a longer upload at this length and refuses it (the browser's limit is only a courtesy).
    /// </summary>
    public int MaxMinutes { get; set; } = 10;
}
