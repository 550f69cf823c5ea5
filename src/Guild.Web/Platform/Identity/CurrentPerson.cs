using System.Security.Claims;

namespace Guild.Web.Platform.Identity;

/// <summary>
/// Who is making this request, for services that check ownership and membership themselves
/// (authorisation does not stop at the page).
/// </summary>
public sealed class CurrentPerson(IHttpContextAccessor accessor, Microsoft.AspNetCore.Authorization.IAuthorizationService authorization)
{
    private ClaimsPrincipal? _actingAs;

    private ClaimsPrincipal User => _actingAs ?? accessor.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>Background work started by a person runs on their behalf (audit entries name them).</summary>
    public void ActAs(ClaimsPrincipal principal) => _actingAs = principal;

    public bool IsSignedIn => User.Identity?.IsAuthenticated == true;

    public Guid Id => IdOf(User) ?? throw new InvalidOperationException("No one is signed in.");

    public Guid? IdOrNull => IdOf(User);

    public string DisplayName => User.FindFirstValue(GuildClaims.DisplayName) ?? User.Identity?.Name ?? "";

    public bool IsInRole(string role) => User.IsInRole(role);

    public bool IsLearningAdmin => User.IsInRole(Identity.Roles.LearningAdmin);

    /// <summary>
    /// The caller presented an API token rather than a signed-in session (the cookie). Some things only a
    /// person at Guild's own pages may do: managing API tokens, so that a leaked token cannot mint more.
    /// </summary>
    public bool IsApiTokenCaller => User.Identity?.AuthenticationType == ApiTokenAuthentication.Scheme;

    /// <summary>Whether this person may do <paramref name="operation"/> to <paramref name="resource"/> (the resource's own rule; see <see cref="ResourceAuthorization"/>).</summary>
    public async Task<bool> CanAsync(object resource, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(User, resource, [operation])).Succeeded;

    /// <summary>A claim a feature put in the cookie (see IProfileClaimsSource), or null.</summary>
    public string? FindClaim(string type) => User.FindFirst(type)?.Value;

    public IReadOnlyList<string> Roles => User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();

    public static Guid? IdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
