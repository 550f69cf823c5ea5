using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Organisation;
using Guild.Web.Platform.Security;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Guild.Web.Features.Administration;

/// <summary>
/// The administration pages that belong to no other feature (organisation settings, system status,
/// audit log, API tokens) and their API. The services they manage stay in Platform.
/// </summary>
public static class AdministrationFeature
{
    public static WebApplicationBuilder AddAdministration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<OrganisationSettingsService>();
        builder.Services.AddScoped<SystemStatus>();
        builder.Services.AddScoped<AuditLogSearch>();
        builder.Services.AddScoped<AuditWords>();
        builder.Services.AddScoped<AttentionCounter>();
        builder.Services.AddNavigation(new NavigationItem("/admin", "Nav.Admin", 900, Policies.LearningAdmin, NavigationArea.Main, typeof(AdministrationText)));
        builder.Services.AddAttentionCheck(new AttentionCheck("tokens.expiring", typeof(AdministrationText), "/admin/api-tokens", AttentionLevel.Warning,
            (db, now) => db.Set<ApiToken>().Where(t => t.RevokedAt == null && t.ExpiresAt > now && t.ExpiresAt <= now.AddDays(14)).Select(_ => true)));
        builder.Services.AddNavigation(new NavigationItem("/admin/organisation", "Nav.Organisation", 910, Policies.LearningAdmin, NavigationArea.Administration, typeof(AdministrationText)));
        builder.Services.AddNavigation(new NavigationItem("/admin/audit", "Nav.AuditLog", 920, Policies.LearningAdmin, NavigationArea.Administration, typeof(AdministrationText)));
        builder.Services.AddNavigation(new NavigationItem("/admin/api-tokens", "Nav.ApiTokens", 930, Policies.LearningAdmin, NavigationArea.Administration, typeof(AdministrationText)));
        builder.Services.AddNavigation(new NavigationItem("/admin/system", "Nav.System", 940, Policies.LearningAdmin, NavigationArea.Administration, typeof(AdministrationText)));
        return builder;
    }

    public static WebApplication MapAdministration(this WebApplication app)
    {
        // Anonymous: the sign-in page shows the logo too.
        app.MapGet("/organisation/logo", LogoAsync).AllowAnonymous();
        // One revoke action for the personal and the admin token pages; the service decides whose token it is.
        app.MapPost("/account/api-tokens/{id:guid}/revoke", RevokeFromPageAsync).RequireAntiforgery();

        var organisation = app.MapApiGroup("/organisation", "Organisation");
        organisation.MapGet("/", GetOrganisationAsync).WithName("GetOrganisation")
            .WithSummary("The organisation's settings: name, logo, default language, time zone, working hours, the base IRI of learning records " +
                         "and the longest validity of an API token.");
        organisation.MapPut("/", UpdateOrganisationAsync).WithName("UpdateOrganisation")
            .WithSummary("Changes the organisation's settings (L&D admins). Times are \"HH:mm\"; the base IRI must be an absolute http(s) IRI ending in \"/\"; " +
                         "apiTokenMaxDays (1 to 3650, left out: unchanged) is the longest an API token may be valid.")
            .RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        organisation.MapPut("/logo", ReplaceLogoAsync).WithName("ReplaceOrganisationLogo")
            .WithSummary("Replaces the logo with the PNG or JPEG image in the request body (at most 1 MB; L&D admins).")
            .Accepts<byte[]>("image/png", "image/jpeg")
            .RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        organisation.MapDelete("/logo", RemoveLogoAsync).WithName("RemoveOrganisationLogo")
            .WithSummary("Removes the logo; the header then shows the name only (L&D admins).")
            .RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var audit = app.MapApiGroup("/audit", "Audit log").RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        audit.MapGet("/", SearchAuditAsync).WithName("SearchAuditLog")
            .WithSummary("Audit entries, newest first, filtered by action, actor (name or id), object and time (from inclusive, to exclusive). " +
                         "totalCount stops at 10,000; totalIsLowerBound then says there are more (L&D admins).");

        // Tokens are managed from a signed-in session only (the service answers 403 to any API token), so a token
        // that leaks cannot mint a longer-lived one.
        var tokens = app.MapApiGroup("/tokens", "API tokens");
        tokens.MapGet("/", ListTokensAsync).WithName("ListApiTokens")
            .WithSummary("Your API tokens, newest first; L&D admins may ask for everyone's with everyone=true. Never includes secrets. " +
                         "Signed-in sessions only: an API token gets 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        tokens.MapPost("/", CreateTokenAsync).WithName("CreateApiToken")
            .WithSummary("Creates a personal token (acts as you, with your roles) or, for L&D admins, a service token with one role. " +
                         "expiresInDays is at most the organisation's maximum (left out: the maximum). " +
                         "The response holds the secret: it is shown this once and never stored. Signed-in sessions only: an API token gets 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        tokens.MapDelete("/{id:guid}", RevokeTokenAsync).WithName("RevokeApiToken")
            .WithSummary("Revokes a token of yours (L&D admins: any token). It stops working at once. Signed-in sessions only: an API token gets 403.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> LogoAsync(HttpContext context, OrganisationProfile profile, IFileStore files, string? v, CancellationToken cancellationToken)
    {
        var organisation = await profile.GetAsync(cancellationToken);
        var stream = organisation.LogoKey is { } key ? await files.OpenReadAsync(key, cancellationToken) : null;
        if (stream is null)
        {
            return Results.NotFound();
        }
        // The versioned link from the layout may be cached long; the bare address is checked each time.
        var current = v == organisation.UpdatedAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = current ? "public, max-age=604800" : "no-cache";
        return Results.Stream(stream, ImageKinds.ContentTypeOfKey(organisation.LogoKey!));
    }

    private static async Task<IResult> RevokeFromPageAsync(Guid id, [FromForm] string? returnUrl, ApiTokenService tokens, FlashMessages flash,
        Microsoft.Extensions.Localization.IStringLocalizer<AdministrationText> text, CancellationToken cancellationToken)
    {
        var result = await tokens.RevokeAsync(id, cancellationToken);
        if (!result.IsOk)
        {
            return Results.NotFound();
        }
        flash.Success(text["Tokens.Revoked", result.Value!.Name]);
        return Results.LocalRedirect(Accounts.IsLocal(returnUrl) ? returnUrl! : "/account/api-tokens");
    }

    private static async Task<Ok<OrganisationSettingsView>> GetOrganisationAsync(OrganisationSettingsService settings, CancellationToken cancellationToken) =>
        TypedResults.Ok(await settings.GetAsync(cancellationToken));

    private static async Task<Results<Ok<OrganisationSettingsView>, ValidationProblem, ProblemHttpResult>> UpdateOrganisationAsync(
        OrganisationSettingsInput input, OrganisationSettingsService settings, CancellationToken cancellationToken) =>
        (await settings.UpdateAsync(input, cancellationToken)).ToHttpChecked(saved => TypedResults.Ok(saved.Settings));

    private static async Task<Results<Ok<OrganisationSettingsView>, ValidationProblem, ProblemHttpResult>> ReplaceLogoAsync(
        HttpRequest request, OrganisationSettingsService settings, CancellationToken cancellationToken)
    {
        if (request.ContentLength > OrganisationSettingsService.MaxLogoBytes)
        {
            return (await settings.ReplaceLogoAsync(Stream.Null, request.ContentLength.Value, cancellationToken)).ToHttpChecked(TypedResults.Ok);
        }
        // A logo is at most a megabyte: a bounded copy in memory is safe, and makes the body seekable for sniffing.
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > OrganisationSettingsService.MaxLogoBytes)
            {
                return (await settings.ReplaceLogoAsync(Stream.Null, copy.Length + read, cancellationToken)).ToHttpChecked(TypedResults.Ok);
            }
            copy.Write(buffer, 0, read);
        }
        copy.Position = 0;
        return (await settings.ReplaceLogoAsync(copy, copy.Length, cancellationToken)).ToHttpChecked(TypedResults.Ok);
    }

    private static async Task<Results<Ok<OrganisationSettingsView>, ProblemHttpResult>> RemoveLogoAsync(OrganisationSettingsService settings, CancellationToken cancellationToken) =>
        (await settings.RemoveLogoAsync(cancellationToken)).ToHttp(TypedResults.Ok);

    /// <param name="action">Only this action, such as <c>people.deactivated</c>.</param>
    /// <param name="actor">Only entries of people whose name matches this (or of a service token or "system" by that name).</param>
    /// <param name="actorId">Only entries of this person.</param>
    /// <param name="objectType">Only entries about this kind of object, such as <c>person</c>.</param>
    /// <param name="objectId">Only entries about this object (with <c>objectType</c>).</param>
    /// <param name="from">Only entries at or after this instant (ISO 8601).</param>
    /// <param name="to">Only entries before this instant (ISO 8601).</param>
    internal static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> SearchAuditAsync(
        AuditLogSearch search, string? action, string? actor, Guid? actorId, string? objectType, string? objectId,
        DateTimeOffset? from, DateTimeOffset? to, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        (await search.SearchAsync(new AuditFilter(action, actor, actorId, objectType, objectId, from, to), page, cancellationToken))
            .ToHttp(TypedResults.Ok);

    /// <param name="everyone">Learning admins: true lists everyone's tokens, not only yours.</param>
    /// <param name="kind">Only personal or only service tokens.</param>
    internal static async Task<Results<Ok<Paged<ApiTokenView>>, ProblemHttpResult>> ListTokensAsync(
        ApiTokenService tokens, bool? everyone, ApiTokenKind? kind, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        (await tokens.ListAsync(everyone == true ? ApiTokenScope.Everyone : ApiTokenScope.Mine, kind, page, cancellationToken))
            .ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<CreatedApiToken>, ValidationProblem, ProblemHttpResult>> CreateTokenAsync(
        ApiTokenRequest request, ApiTokenService tokens, CancellationToken cancellationToken) =>
        (await tokens.CreateAsync(request, cancellationToken))
            .ToHttpChecked(created => TypedResults.Created($"{GuildApi.Prefix}/tokens/{created.Token.Id}", created));

    private static async Task<Results<Ok<ApiTokenView>, ProblemHttpResult>> RevokeTokenAsync(Guid id, ApiTokenService tokens, CancellationToken cancellationToken) =>
        (await tokens.RevokeAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);
}
