using System.ComponentModel.DataAnnotations;
using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Guild.Web.Features.People;

/// <summary>Body of <c>PUT /api/v1/people/{id}/roles</c>: the complete set of roles the person should have.</summary>
public sealed record RolesRequest([property: Required] IReadOnlyList<string>? Roles);

/// <summary>Where to follow an import that was just accepted.</summary>
public sealed record PeopleImportStarted(Guid ImportId, Guid JobId, PeopleImportStatus Status, string Job, string Import);

/// <summary>People's REST API: the directory for everyone inside the organisation; accounts, invitations and imports for learning admins.</summary>
internal static class PeopleApi
{
    public static void MapPeopleApi(this WebApplication app)
    {
        var people = app.MapApiGroup("/people", "People");
        people.MapGet("/", ListAsync).RequireAuthorization(Policies.Member)
            .Produces<Paged<PersonSummary>>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem()
            .WithName("ListPeople").WithSummary("People by name and department, paged.")
            .WithDescription("Partner guests cannot list the organisation's people (403).");
        people.MapGet("/{id:guid}", GetAsync)
            .Produces<PersonProfile>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetPerson").WithSummary("One person's profile.")
            .WithDescription("People of the organisation see every profile; a partner guest only their own.");
        people.MapPut("/{id:guid}", UpdateDetailsAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonProfile>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UpdatePerson").WithSummary("Change a person's HR fields: names, email, job title, department, location, manager.")
            .WithDescription("Empty optional fields are cleared; a department or location that does not exist yet is created.");
        people.MapGet("/{id:guid}/account", AccountAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonAccount>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetPersonAccount").WithSummary("A person's roles, invitation and sign-in state.");
        people.MapPut("/{id:guid}/roles", SetRolesAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonAccount>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetPersonRoles").WithSummary("Replace a person's roles.")
            .WithDescription("Everyone has Employee or PartnerGuest (not both). The last active LearningAdmin keeps that role.");
        people.MapPost("/{id:guid}/deactivate", DeactivateAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonAccount>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeactivatePerson").WithSummary("Someone left: they can no longer sign in; what they shared stays.");
        people.MapPost("/{id:guid}/reactivate", ReactivateAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonAccount>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ReactivatePerson").WithSummary("Someone came back: they can sign in again.");
        people.MapPost("/{id:guid}/unlock", UnlockAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonAccount>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UnlockPerson").WithSummary("Lift a sign-in lockout (too many wrong passwords) so the person can sign in at once.")
            .WithDescription("lockedOutUntil in the account says whether and until when the account is locked out; unlocking one that is not changes nothing.");
        people.MapPost("/invitations", InviteAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonAccount>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("InvitePerson").WithSummary("Create an account for one person and mail them an invitation.");
        people.MapPost("/{id:guid}/invitation", ResendInvitationAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonAccount>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ResendInvitation").WithSummary("Mail a new invitation link to someone who has not accepted yet.");

        var imports = app.MapApiGroup("/people/imports", "People import").RequireAuthorization(Policies.LearningAdmin);
        imports.MapPost("/", StartImportAsync)
            // No form token: integrations post with a bearer token, and a browser's cookie needs the antiforgery header
            // (Platform/Security/ApiAntiforgery), checked before the body is read.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(PeopleCsvFormat.MaxFileBytes + 1024 * 1024))
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<PeopleImportStarted>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("StartPeopleImport").WithSummary("Upload an employee CSV (multipart field 'file'); answers 202 with the job to follow.")
            .WithDescription("Optional form field inviteNewPeople=true mails new people an invitation. The whole file is checked first; " +
                             "any bad row rejects the import and nothing changes. Format: GET /api/v1/people/imports/template.csv.");
        imports.MapGet("/", ListImportsAsync).Produces<Paged<PeopleImportView>>().WithName("ListPeopleImports").WithSummary("Imports, newest first, paged.");
        imports.MapGet("/{id:guid}", GetImportAsync).Produces<PeopleImportView>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetPeopleImport").WithSummary("An import's status and counts.");
        imports.MapGet("/{id:guid}/problems", ProblemsAsync).Produces<Paged<ImportProblemView>>().ProducesProblem(StatusCodes.Status404NotFound).WithName("ListPeopleImportProblems")
            .WithSummary("The problems of a rejected import (or the notices of a finished one), by line, paged.");
        imports.MapGet("/template.csv", Template).WithName("PeopleImportTemplate").WithSummary("The CSV template with every column and an example row.");

        app.MapApiGroup("/org-units", "People")
            .MapGet("/", OrgUnitsAsync).RequireAuthorization(Policies.Member)
            .WithName("ListOrgUnits").WithSummary("Departments and locations.");
    }

    private static async Task<IResult> ListAsync(
        PeopleDirectory directory, string? q, Guid? department, bool? includeFormer, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        (await directory.SearchAsync(q, department, includeFormer ?? false, page, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> GetAsync(Guid id, PeopleDirectory directory, CancellationToken cancellationToken) =>
        (await directory.GetProfileAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> AccountAsync(Guid id, PeopleDirectory directory, CancellationToken cancellationToken) =>
        (await directory.GetAccountAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> UpdateDetailsAsync(Guid id, PersonDetails details, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.UpdateDetailsAsync(id, details, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> SetRolesAsync(Guid id, RolesRequest request, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.SetRolesAsync(id, request.Roles ?? [], cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> DeactivateAsync(Guid id, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.DeactivateAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> UnlockAsync(Guid id, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.UnlockAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> ReactivateAsync(Guid id, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.ReactivateAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> InviteAsync(InvitationRequest request, Invitations invitations, CancellationToken cancellationToken) =>
        (await invitations.InviteAsync(request, cancellationToken))
            .ToHttp(account => TypedResults.Created($"{GuildApi.Prefix}/people/{account.Id}", account));

    private static async Task<IResult> ResendInvitationAsync(Guid id, Invitations invitations, CancellationToken cancellationToken) =>
        (await invitations.ResendAsync(id, cancellationToken)).ToHttp(account => TypedResults.Accepted((string?)null, account));

    private static async Task<IResult> StartImportAsync(HttpRequest request, PeopleImports imports, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send the CSV as multipart/form-data in a field named 'file'."] },
                title: "The request has invalid fields.");
        }
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null || file.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send a CSV file in the multipart field 'file'."] },
                title: "The request has invalid fields.");
        }
        var invite = bool.TryParse(form["inviteNewPeople"], out var flag) && flag;
        await using var content = file.OpenReadStream();
        return (await imports.StartAsync(content, file.FileName, invite, cancellationToken)).ToHttp(import => TypedResults.Accepted(
            $"{GuildApi.Prefix}/jobs/{import.Id}",
            new PeopleImportStarted(import.Id, import.Id, import.Status, $"{GuildApi.Prefix}/jobs/{import.Id}", $"{GuildApi.Prefix}/people/imports/{import.Id}")));
    }

    private static async Task<IResult> ListImportsAsync(PeopleImports imports, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        (await imports.ListAsync(page, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> GetImportAsync(Guid id, PeopleImports imports, CancellationToken cancellationToken) =>
        (await imports.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<IResult> ProblemsAsync(Guid id, PeopleImports imports, ImportProblemSeverity? severity, [AsParameters] PageRequest page,
        CancellationToken cancellationToken) =>
        (await imports.ProblemsAsync(id, severity ?? ImportProblemSeverity.Error, page, cancellationToken)).ToHttp(TypedResults.Ok);

    private static FileContentHttpResult Template() =>
        TypedResults.File(PeopleCsvFormat.Template(), "text/csv; charset=utf-8", "people-template.csv");

    private static async Task<Ok<IReadOnlyList<OrgUnitView>>> OrgUnitsAsync(PeopleDirectory directory, OrgUnitKind? kind, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.OrgUnitsAsync(kind, cancellationToken));

    /// <summary>
    /// A person's photo for whoever may see their profile. The key changes with every upload, so it
    /// serves as the entity tag: browsers revalidate and mostly get 304.
    /// </summary>
    internal static async Task<IResult> PhotoAsync(Guid id, HttpContext context, GuildDb db, IFileStore files, CancellationToken cancellationToken)
    {
        if (!PeopleAccess.CanView(context.User, id))
        {
            return Results.Forbid();
        }
        var key = await db.Set<Person>().Where(p => p.Id == id).Select(p => p.PhotoKey).FirstOrDefaultAsync(cancellationToken);
        if (key is null)
        {
            return Results.NotFound();
        }
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16]}\"");
        context.Response.Headers.CacheControl = "private, no-cache";
        if (context.Request.Headers.IfNoneMatch.ToString() == tag.Tag.Value)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        var stream = await files.OpenReadAsync(key, cancellationToken);
        return stream is null
            ? Results.NotFound()
            : Results.Stream(stream, key.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg", entityTag: tag);
    }
}
