namespace Guild.Web.Platform.Identity;

/// <summary>Marker for the API token strings (ApiTokenText.resx, ApiTokenText.nl.resx): the service's messages and the settings link.</summary>
public sealed class ApiTokenText;
