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
/// <param name="Roles">Employee or PartnerGuest (not both), plus any of Champion, Moderator, LearningAdmin. Roles left out are removed.</param>
public sealed record RolesRequest([property: Required] IReadOnlyList<string>? Roles);

/// <summary>Where to follow an import that was just accepted.</summary>
/// <param name="ImportId">The import's id.</param>
/// <param name="JobId">The id of the job that checks and applies it (the same id).</param>
/// <param name="Status">The import's status: Queued.</param>
/// <param name="Job">Where the job's progress is: <c>/api/v1/jobs/{id}</c>.</param>
/// <param name="Import">Where the import's outcome is: <c>/api/v1/people/imports/{id}</c>.</param>
public sealed record PeopleImportStarted(Guid ImportId, Guid JobId, PeopleImportStatus Status, string Job, string Import);

/// <summary>The multipart form of <c>POST /api/v1/people/imports</c>.</summary>
/// <remarks>
/// Properties, not a positional record: form binding wants a value for every constructor parameter, defaults or not.
/// The file is required in the document (<c>JsonRequired</c>) but checked by the handler, which names the field.
/// </remarks>
public sealed class PeopleImportUpload
{
    /// <summary>The employee CSV (UTF-8, separated by commas, semicolons or tabs; see <c>/api/v1/people/imports/template.csv</c>).</summary>
    [System.Text.Json.Serialization.JsonRequired]
    public IFormFile? File { get; init; }

    /// <summary><c>true</c>: mail an invitation to everyone the import creates. Default <c>false</c>.</summary>
    public bool InviteNewPeople { get; init; }
}

/// <summary>People's REST API: the directory for everyone inside the organisation; accounts, invitations and imports for learning admins.</summary>
internal static class PeopleApi
{
    public static void MapPeopleApi(this WebApplication app)
    {
        var people = app.MapApiGroup("/people", "People");
        people.MapGet("/", ListAsync).RequireAuthorization(Policies.Member)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("ListPeople").WithSummary("People by name and department, paged.")
            .WithDescription("Partner guests cannot list the organisation's people (403).");
        people.MapGet("/{id:guid}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetPerson").WithSummary("One person's profile with their expertise.")
            .WithDescription("People of the organisation see every profile; a partner guest only their own (any other id answers 404, " +
                             "as an unknown one does). The availability note is for the person, their manager and learning admins.");
        people.MapPut("/{id:guid}", UpdateDetailsAsync).RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdatePerson").WithSummary("Change a person's HR fields: names, email, job title, department, location, manager.")
            .WithDescription("Empty optional fields are cleared; a department or location that does not exist yet is created.");
        people.MapGet("/{id:guid}/account", AccountAsync).RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetPersonAccount").WithSummary("A person's roles, invitation and sign-in state.");
        people.MapPut("/{id:guid}/roles", SetRolesAsync).RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("SetPersonRoles").WithSummary("Replace a person's roles.")
            .WithDescription("Everyone has Employee or PartnerGuest (not both). The last active LearningAdmin keeps that role.");
        people.MapPost("/{id:guid}/deactivate", DeactivateAsync).RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeactivatePerson").WithSummary("Someone left: they can no longer sign in; what they shared stays.");
        people.MapPost("/{id:guid}/reactivate", ReactivateAsync).RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ReactivatePerson").WithSummary("Someone came back: they can sign in again.");
        people.MapPost("/{id:guid}/unlock", UnlockAsync).RequireAuthorization(Policies.LearningAdmin)
            .Produces<PersonAccount>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UnlockPerson").WithSummary("Lift a sign-in lockout (too many wrong passwords) so the person can sign in at once.")
            .WithDescription("lockedOutUntil in the account says whether and until when the account is locked out; unlocking one that is not changes nothing.");
        people.MapPost("/invitations", InviteAsync).RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("InvitePerson").WithSummary("Create an account for one person and mail them an invitation.");
        people.MapPost("/{id:guid}/invitation", ResendInvitationAsync).RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ResendInvitation").WithSummary("Mail a new invitation link to someone who has not accepted yet.");

        var imports = app.MapApiGroup("/people/imports", "People import").RequireAuthorization(Policies.LearningAdmin)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        imports.MapPost("/", StartImportAsync)
            // No form token: integrations post with a bearer token, and a browser's cookie needs the antiforgery header
            // (Platform/Security/ApiAntiforgery), checked before the body is read.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(PeopleCsvFormat.MaxFileBytes + 1024 * 1024))
            // A file needs a multipart form (binding would also read a URL-encoded one, which cannot hold a file).
            .Accepts<PeopleImportUpload>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("StartPeopleImport").WithSummary("Upload an employee CSV (multipart field 'file'); answers 202 with the job to follow.")
            .WithDescription("Optional form field inviteNewPeople=true mails new people an invitation. The whole file is checked first; " +
                             "any bad row rejects the import and nothing changes. Format: GET /api/v1/people/imports/template.csv.");
        imports.MapGet("/", ListImportsAsync).WithName("ListPeopleImports").WithSummary("Imports, newest first, paged.");
        imports.MapGet("/{id:guid}", GetImportAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetPeopleImport").WithSummary("An import's status and counts.");
        imports.MapGet("/{id:guid}/problems", ProblemsAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListPeopleImportProblems")
            .WithSummary("The problems of a rejected import (or the notices of a finished one), by line, paged.");
        imports.MapGet("/template.csv", Template).Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithName("PeopleImportTemplate").WithSummary("The CSV template with every column and an example row.");

        app.MapApiGroup("/org-units", "People")
            .MapGet("/", OrgUnitsAsync).RequireAuthorization(Policies.Member).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("ListOrgUnits").WithSummary("Departments and locations.");
    }

    /// <param name="q">Part of a name or e-mail address.</param>
    /// <param name="department">Only people of this department (an id from <c>/api/v1/org-units</c>).</param>
    /// <param name="includeFormer">Also former colleagues (deactivated accounts); default false.</param>
    internal static async Task<Results<Ok<Paged<PersonSummary>>, ProblemHttpResult>> ListAsync(
        PeopleDirectory directory, string? q, Guid? department, bool? includeFormer, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        (await directory.SearchAsync(q, department, includeFormer ?? false, page, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<PersonProfile>, ProblemHttpResult>> GetAsync(
        Guid id, PeopleDirectory directory, Expertise.Profiles.ExpertiseProfileReader expertise, CancellationToken cancellationToken)
    {
        var profile = await directory.GetProfileAsync(id, cancellationToken);
        return profile.IsOk
            ? TypedResults.Ok(profile.Value! with { Expertise = await expertise.GetAsync(profile.Value!, cancellationToken) })
            : profile.ToHttp(TypedResults.Ok);
    }

    private static async Task<Results<Ok<PersonAccount>, ProblemHttpResult>> AccountAsync(Guid id, PeopleDirectory directory, CancellationToken cancellationToken) =>
        (await directory.GetAccountAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<PersonProfile>, ValidationProblem, ProblemHttpResult>> UpdateDetailsAsync(
        Guid id, PersonDetails details, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.UpdateDetailsAsync(id, details, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<PersonAccount>, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        Guid id, RolesRequest request, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.SetRolesAsync(id, request.Roles ?? [], cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<PersonAccount>, ProblemHttpResult>> DeactivateAsync(Guid id, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.DeactivateAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<PersonAccount>, ProblemHttpResult>> UnlockAsync(Guid id, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.UnlockAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<PersonAccount>, ProblemHttpResult>> ReactivateAsync(Guid id, PersonAdministration administration, CancellationToken cancellationToken) =>
        (await administration.ReactivateAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<PersonAccount>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        InvitationRequest request, Invitations invitations, CancellationToken cancellationToken) =>
        (await invitations.InviteAsync(request, cancellationToken))
            .ToHttpChecked(account => TypedResults.Created($"{GuildApi.Prefix}/people/{account.Id}", account));

    private static async Task<Results<Accepted<PersonAccount>, ProblemHttpResult>> ResendInvitationAsync(Guid id, Invitations invitations, CancellationToken cancellationToken) =>
        (await invitations.ResendAsync(id, cancellationToken)).ToHttp(account => TypedResults.Accepted((string?)null, account));

    // The form is bound before this runs, so a body that cannot be read as one is a 400 (problem details), never a 500.
    private static async Task<Results<Accepted<PeopleImportStarted>, ValidationProblem, ProblemHttpResult>> StartImportAsync(
        [FromForm] PeopleImportUpload? upload, PeopleImports imports, CancellationToken cancellationToken)
    {
        // A multipart body without any field this form knows binds no upload at all.
        if (upload?.File is not { Length: > 0 } file)
        {
            return ResultHttp.Invalid("file", "Send a CSV file in the multipart field 'file'.");
        }
        await using var content = file.OpenReadStream();
        return (await imports.StartAsync(content, file.FileName, upload.InviteNewPeople, cancellationToken)).ToHttpChecked(import => TypedResults.Accepted(
            $"{GuildApi.Prefix}/jobs/{import.Id}",
            new PeopleImportStarted(import.Id, import.Id, import.Status, $"{GuildApi.Prefix}/jobs/{import.Id}", $"{GuildApi.Prefix}/people/imports/{import.Id}")));
    }

    private static async Task<Results<Ok<Paged<PeopleImportView>>, ProblemHttpResult>> ListImportsAsync(
        PeopleImports imports, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        (await imports.ListAsync(page, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<PeopleImportView>, ProblemHttpResult>> GetImportAsync(Guid id, PeopleImports imports, CancellationToken cancellationToken) =>
        (await imports.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    /// <param name="severity">Error (default: what rejected the import) or Notice (remarks on rows that were imported or skipped).</param>
    internal static async Task<Results<Ok<Paged<ImportProblemView>>, ProblemHttpResult>> ProblemsAsync(
        Guid id, PeopleImports imports, ImportProblemSeverity? severity, [AsParameters] PageRequest page, CancellationToken cancellationToken) =>
        (await imports.ProblemsAsync(id, severity ?? ImportProblemSeverity.Error, page, cancellationToken)).ToHttp(TypedResults.Ok);

    private static FileContentHttpResult Template() =>
        TypedResults.File(PeopleCsvFormat.Template(), "text/csv; charset=utf-8", "people-template.csv");

    /// <param name="kind">Only departments or only locations; default both.</param>
    internal static async Task<Ok<IReadOnlyList<OrgUnitView>>> OrgUnitsAsync(PeopleDirectory directory, OrgUnitKind? kind, CancellationToken cancellationToken) =>
        TypedResults.Ok(await directory.OrgUnitsAsync(kind, cancellationToken));

    /// <summary>
    /// A person's photo for whoever may see their profile. The key changes with every upload, so it
    /// serves as the entity tag: browsers revalidate and mostly get 304.
    /// </summary>
    internal static async Task<IResult> PhotoAsync(Guid id, HttpContext context, GuildDb db, IFileStore files, CurrentPerson me, CancellationToken cancellationToken)
    {
        // Not theirs to see answers as an id nobody has: a partner guest cannot tell which ids exist.
        if (!await me.CanAsync(PeopleAccess.Subject(id), PeopleAccess.View))
        {
            return Results.NotFound();
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
