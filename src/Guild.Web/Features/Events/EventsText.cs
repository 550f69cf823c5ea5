namespace Guild.Web.Features.Events;

/// <summary>Marker for the events' strings (EventsText.resx, EventsText.nl.resx).</summary>
public sealed class EventsText;
