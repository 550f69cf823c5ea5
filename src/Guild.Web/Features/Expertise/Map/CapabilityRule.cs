using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>What one may do to a capability and the components it is broken into.</summary>
public static class MapOperations
{
    /// <summary>Read the capability, its components, owners and skills.</summary>
    internal const string BrowseName = "Map.Browse";
    internal const string EditName = "Map.Edit";

    public static readonly OperationAuthorizationRequirement Browse = ResourceAuthorization.Operation(BrowseName);

    /// <summary>Create, rename, describe, reorder, move, merge, archive, import and export.</summary>
    public static readonly OperationAuthorizationRequirement Edit = ResourceAuthorization.Operation(EditName);

    /// <summary>
    /// The map as a whole, for what concerns no capability yet (listing them, creating one, importing a file).
    /// The rule does not depend on which capability it is, so asking about this one asks about them all.
    /// </summary>
    public static readonly Capability WholeMap = new() { Id = Guid.Empty, Name = "", NameKey = "" };
}

/// <summary>
/// The one rule for capabilities and their components (the component's capability is the resource). People of the
/// organisation browse the map: it says what the business needs and who shares it, and every page that names a
/// component (calls, profiles, the library) shows it. Partner guests come for festival workshops (PRODUCT.md) and do
/// not browse the organisation's map, as they do not browse its people. Only L&amp;D admins shape it.
/// </summary>
internal sealed class CapabilityRule : AuthorizationHandler<OperationAuthorizationRequirement, Capability>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, Capability resource)
    {
        var user = context.User;
        var allowed = requirement.Name switch
        {
            MapOperations.BrowseName => user.IsInRole(Roles.Employee),
            MapOperations.EditName => user.IsInRole(Roles.LearningAdmin),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
