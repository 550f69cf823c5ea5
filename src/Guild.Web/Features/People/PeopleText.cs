namespace Guild.Web.Features.People;

/// <summary>Marker for the People feature's strings (PeopleText.resx, PeopleText.nl.resx).</summary>
public sealed class PeopleText;
