namespace Guild.Web.Platform.Layout;

/// <summary>Marker for the strings the shell and the design system share (SharedText.resx, SharedText.nl.resx).</summary>
public sealed class SharedText;
