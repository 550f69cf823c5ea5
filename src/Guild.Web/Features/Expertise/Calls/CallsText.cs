namespace Guild.Web.Features.Expertise.Calls;

/// <summary>Marker for the call's strings (CallsText.resx, CallsText.nl.resx): pages, mail, notifications and jobs.</summary>
public sealed class CallsText;
