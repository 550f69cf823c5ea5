using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Platform.Identity;

/// <summary>
/// Permissions as one rule per resource: each kind of resource (a profile, a call, a team…) has one
/// <c>AuthorizationHandler&lt;OperationAuthorizationRequirement, TResource&gt;</c> in its feature folder that says who may
/// do which operation to it, and pages, endpoints and services all ask it through <see cref="CurrentPerson.CanAsync"/>
/// (or <see cref="IAuthorizationService"/>), never with role checks of their own.
/// A feature names its operations as static <see cref="OperationAuthorizationRequirement"/>s beside its handler.
/// </summary>
public static class ResourceAuthorization
{
    public static OperationAuthorizationRequirement Operation(string name) => new() { Name = name };

    /// <summary>Registers a resource's handler (handlers are stateless; one instance serves every request).</summary>
    public static IServiceCollection AddResourceRule<THandler>(this IServiceCollection services)
        where THandler : class, IAuthorizationHandler =>
        services.AddSingleton<IAuthorizationHandler, THandler>();
}
