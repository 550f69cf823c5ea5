using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Platform;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Security;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Lrs.Admin;

/// <summary>The revoke button of the clients page: a form post per client, then back to the list with a flash message.</summary>
internal static class LrsAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/admin/lrs/clients/{id:guid}/revoke", async (Guid id, LrsClients clients, FlashMessages flash,
                IStringLocalizer<LrsText> text, CancellationToken cancellationToken) =>
            {
                var result = await clients.RevokeAsync(id, cancellationToken);
                if (result.Status == ResultStatus.Ok)
                {
                    flash.Success(text["RevokedFlash", result.Value!.Name]);
                }
                return result.Status switch
                {
                    ResultStatus.Ok => Results.LocalRedirect("/admin/lrs/clients"),
                    ResultStatus.Forbidden => Results.Forbid(),
                    _ => Results.NotFound(),
                };
            })
            .RequireAuthorization(Policies.LearningAdmin)
            .RequireAntiforgery()
            .ExcludeFromDescription();
}
