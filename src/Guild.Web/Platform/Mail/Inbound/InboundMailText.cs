namespace Guild.Web.Platform.Mail.Inbound;

/// <summary>Marker for the texts of replies by mail (InboundMailText.resx, InboundMailText.nl.resx).</summary>
public sealed class InboundMailText;
