using Microsoft.AspNetCore.Antiforgery;

namespace Guild.Web.Platform.Security;

public static class AntiforgeryEndpoints
{
    /// <summary>
    /// Form posts to minimal endpoints that bind no form fields are not checked by the framework;
    /// this filter checks the token on every such post.
    /// </summary>
    public static RouteHandlerBuilder RequireAntiforgery(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                    title: "The form has expired or did not come from Guild. Reload the page and try again.");
            }
            return await next(context);
        });
}
