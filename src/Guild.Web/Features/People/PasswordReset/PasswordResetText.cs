namespace Guild.Web.Features.People.PasswordReset;

/// <summary>Marker for the password reset strings (PasswordResetText.resx, PasswordResetText.nl.resx): pages and mail.</summary>
public sealed class PasswordResetText;
