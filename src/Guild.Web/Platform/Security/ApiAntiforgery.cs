using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Antiforgery;

namespace Guild.Web.Platform.Security;

/// <summary>
/// Cross-site requests cannot use the API with a browser's cookie: an unsafe method (POST, PUT, PATCH,
/// DELETE) under /api that is authenticated by the sign-in cookie must carry Guild's antiforgery token in
/// the <see cref="HeaderName"/> header, which only Guild's own pages can read (the
/// <c>&lt;meta name="guild-antiforgery"&gt;</c> tag; <c>wwwroot/js/api.js</c> sends it). A bearer token is
/// not sent by browsers on their own, so it needs none. <c>SameSite=Lax</c> alone is not enough: a sibling
/// subdomain is the same site.
/// </summary>
public static class ApiAntiforgery
{
    public const string HeaderName = "X-Guild-Antiforgery";

    /// <summary>
    /// After authentication and authorisation (the caller is known and allowed) and before the endpoint reads
    /// its body. Only the header counts here — never a form field — so the check reads no body at all.
    /// </summary>
    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (NeedsToken(context))
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            string? problem = null;
            if (!context.Request.Headers.ContainsKey(HeaderName))
            {
                problem = $"A request from a signed-in browser must carry the {HeaderName} header with the antiforgery token of a Guild page " +
                          "(integrations: use an API token, Authorization: Bearer guild_...).";
            }
            else if (!await antiforgery.IsRequestValidAsync(context))
            {
                problem = "The antiforgery token has expired or did not come from Guild. Reload the page and try again.";
            }
            if (problem is not null)
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token.", detail: problem)
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });

    private static bool NeedsToken(HttpContext context)
    {
        var request = context.Request;
        return context.User.Identity?.IsAuthenticated == true
            && request.Path.StartsWithSegments("/api")
            && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            && !ApiTokenAuthentication.HasBearerToken(request);
    }
}
