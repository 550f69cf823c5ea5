using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.People;

public static class PeopleFeature
{
    public static WebApplicationBuilder AddPeople(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PeopleDirectory>();
        builder.Services.AddScoped<IProfileClaimsSource, PersonClaims>();
        builder.Services.AddScoped<Platform.Demo.IDemoContent, PeopleDemoContent>();
        builder.Services.AddNavigation(new NavigationItem("/people", "Nav.People", 10));
        return builder;
    }

    public static WebApplication MapPeople(this WebApplication app)
    {
        app.MapGet("/people/{id:guid}/photo", PhotoAsync);

        var api = app.MapApiGroup("/people", "People");
        api.MapGet("/", ListAsync).WithName("ListPeople").WithSummary("People by name and department, paged.");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetPerson").WithSummary("One person's profile.");
        app.MapApiGroup("/org-units", "People")
            .MapGet("/", OrgUnitsAsync).WithName("ListOrgUnits").WithSummary("Departments and locations.");
        return app;
    }

    private static async Task<Ok<Paged<PersonSummary>>> ListAsync(
        PeopleDirectory directory, string? q, Guid? department, bool? includeFormer, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.SearchAsync(q, department, includeFormer ?? false, page, cancellationToken));

    private static async Task<Results<Ok<PersonProfile>, ProblemHttpResult>> GetAsync(Guid id, PeopleDirectory directory, CancellationToken cancellationToken) =>
        await directory.GetProfileAsync(id, cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such person.");

    private static async Task<Ok<IReadOnlyList<OrgUnitView>>> OrgUnitsAsync(PeopleDirectory directory, OrgUnitKind? kind, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.OrgUnitsAsync(kind, cancellationToken));

    private static async Task<IResult> PhotoAsync(Guid id, Platform.Data.GuildDb db, IFileStore files, CancellationToken cancellationToken)
    {
        var key = await db.Set<Person>().Where(p => p.Id == id).Select(p => p.PhotoKey).FirstOrDefaultAsync(cancellationToken);
        var stream = key is null ? null : await files.OpenReadAsync(key, cancellationToken);
        return stream is null
            ? Results.NotFound()
            : Results.Stream(stream, key!.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
    }
}
