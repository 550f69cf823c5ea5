using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Localization;
using Guild.Web.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Platform.Identity;

/// <summary>Signing in and out, language choice, and (in Development only) one-click demo sign-in.</summary>
public static class Accounts
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountSettings>();
        return builder;
    }

    /// <summary>Who is calling: the signed-in person, or the owner of the API token.</summary>
    /// <param name="Id">Their id (the same as in <c>/api/v1/people/{id}</c>).</param>
    /// <param name="DisplayName">Their name as people read it.</param>
    /// <param name="Email">Their e-mail address and sign-in name.</param>
    /// <param name="Roles">Their roles (for a token: the roles it acts with).</param>
    /// <param name="PreferredLanguage">The language they chose, <c>en</c> or <c>nl</c>; null when they chose none.</param>
    public sealed record SignedInPerson(Guid Id, string DisplayName, string? Email, IReadOnlyList<string> Roles, string? PreferredLanguage);

    public static WebApplication MapAccounts(this WebApplication app)
    {
        // Who am I: one row through the whole stack (cookie or token, routing, EF, JSON); the
        // benchmarks use it as their baseline.
        app.MapApiGroup("/me", "Account").MapGet("/", MeAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMe").WithSummary("The signed-in person (or the owner of the API token): id, name, email, roles, language.")
            .WithDescription("A service token acts for no person: 404.");

        app.MapPost("/account/sign-out", async (SignInManager<GuildUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/sign-in");
        }).RequireAntiforgery();

        app.MapPost("/account/language", async ([FromForm] string language, [FromForm] string? returnUrl,
            HttpContext context, AccountSettings settings) =>
        {
            if (!GuildLocalization.IsSupported(language))
            {
                return Results.BadRequest();
            }
            context.Response.Cookies.Append(GuildLocalization.CookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language == "nl" ? "nl-NL" : "en-GB", language)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, IsEssential = true });
            if (context.User.Identity?.IsAuthenticated == true)
            {
                await settings.SetLanguageAsync(language, context.RequestAborted);
            }
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();

        if (app.Environment.IsDevelopment())
        {
            app.MapPost("/account/demo-sign-in", async ([FromForm] string email, SignInManager<GuildUser> signIn, UserManager<GuildUser> users) =>
            {
                var user = await users.FindByEmailAsync(email);
                // A demo account that an admin deactivated is refused like any other.
                if (user is null || !DemoAccounts.IsDemo(email) || !await signIn.CanSignInAsync(user))
                {
                    return Results.LocalRedirect("/account/sign-in?error=demo");
                }
                await signIn.SignInAsync(user, isPersistent: false);
                return Results.LocalRedirect("/");
            }).AllowAnonymous().RequireRateLimiting(GuildSecurity.SignInRateLimit);
        }
        return app;
    }

    private static async Task<Results<Ok<SignedInPerson>, ProblemHttpResult>> MeAsync(CurrentPerson me, GuildDb db, CancellationToken cancellationToken)
    {
        if (me.IdOrNull is not { } id)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "A service token is not a person.");
        }
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.Email, u.PreferredLanguage }).FirstOrDefaultAsync(cancellationToken);
        return user is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such account.")
            : TypedResults.Ok(new SignedInPerson(id, me.DisplayName, user.Email, me.Roles, user.PreferredLanguage));
    }

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}

/// <summary>The demo organisation's one-click accounts, one per role (Development only).</summary>
public static class DemoAccounts
{
    public sealed record DemoAccount(string Email, string Role, string Name);

    public static readonly IReadOnlyList<DemoAccount> All =
    [
        new("sanne.devries@noordwind.example", Roles.Employee, "Sanne de Vries"),
        new("daan.bakker@noordwind.example", Roles.Champion, "Daan Bakker"),
        new("fatima.elamrani@noordwind.example", Roles.Moderator, "Fatima El Amrani"),
        new("eva.visser@noordwind.example", Roles.LearningAdmin, "Eva Visser"),
        new("tom.walker@brightside.example", Roles.PartnerGuest, "Tom Walker"),
    ];

    public static bool IsDemo(string email) => All.Any(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));
}
