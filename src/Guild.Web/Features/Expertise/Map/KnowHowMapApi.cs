using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>The multipart form of <c>POST /api/v1/map/import</c>.</summary>
/// <remarks>Properties, not a positional record: form binding wants a value for every constructor parameter.</remarks>
public sealed class MapImportUpload
{
    /// <summary>The map CSV (UTF-8; columns capability, component, parent, description, owner_email, skills; see docs/know-how-map.md).</summary>
    [System.Text.Json.Serialization.JsonRequired]
    public IFormFile? File { get; init; }
}

/// <summary>An import that was refused: every problem of the file with its line. Nothing changed.</summary>
/// <param name="Title">What happened.</param>
/// <param name="Status">400.</param>
/// <param name="Problems">Every problem found, in line order.</param>
public sealed record MapImportRejection(string Title, int Status, IReadOnlyList<MapImportProblem> Problems);

/// <summary>The know-how map's REST API: everyone in the organisation reads it, L&amp;D admins shape it.</summary>
internal static class KnowHowMapApi
{
    public static void MapKnowHowMapApi(this IEndpointRouteBuilder app)
    {
        var capabilities = app.MapApiGroup("/capabilities", "Know-how map").ProducesProblem(StatusCodes.Status403Forbidden);
        capabilities.MapGet("/", ListAsync)
            .WithName("ListCapabilities").WithSummary("The capabilities on the map, in order, with how many components each has.")
            .WithDescription("Partner guests do not browse the map (403). includeArchived=true is for L&D admins.");
        capabilities.MapPost("/", CreateCapabilityAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateCapability").WithSummary("Name a new priority capability (L&D admins).");
        capabilities.MapGet("/{id:guid}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetCapability").WithSummary("One capability with its component tree, owners and skills.");
        capabilities.MapPut("/{id:guid}", UpdateCapabilityAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateCapability").WithSummary("Rename a capability, describe it or change its owner (L&D admins).");
        capabilities.MapPost("/{id:guid}/move", MoveCapabilityAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("MoveCapability").WithSummary("Put a capability at another place on the map (L&D admins).");
        capabilities.MapPost("/{id:guid}/archive", ArchiveCapabilityAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ArchiveCapability").WithSummary("Take a capability off the map; its components and their history stay (L&D admins).");
        capabilities.MapPost("/{id:guid}/unarchive", UnarchiveCapabilityAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UnarchiveCapability").WithSummary("Bring an archived capability back onto the map (L&D admins).");
        capabilities.MapPost("/{id:guid}/components", CreateComponentAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateComponent").WithSummary("Add a component to a capability, directly or under another component, up to three levels (L&D admins).");
        capabilities.MapGet("/{id:guid}/components/live", LiveComponentsAsync)
            .WithName("ListLiveComponents").WithSummary("The capability's live components in tree order, for pickers: archived ones never appear.");
        capabilities.MapGet("/{id:guid}/export.csv", ExportAsync).Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ExportCapabilityMap").WithSummary("The capability's map as CSV, in the format the import reads (L&D admins).");

        var components = app.MapApiGroup("/components", "Know-how map").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        components.MapGet("/{id:guid}", GetComponentAsync)
            .WithName("GetComponent").WithSummary("One component with its path, owner and skills.");
        components.MapPut("/{id:guid}", UpdateComponentAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateComponent").WithSummary("Rename a component, describe it, change its owner or its skills (L&D admins).");
        components.MapPost("/{id:guid}/move", MoveComponentAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("MoveComponent").WithSummary("Move a component (with what is under it) to another parent or place among its siblings (L&D admins).");
        components.MapPost("/{id:guid}/merge", MergeComponentAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("MergeComponent").WithSummary("Merge a component into another: champions, offers, calls, teams, skills and children move to it (L&D admins).");
        components.MapPost("/{id:guid}/archive", ArchiveComponentAsync).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ArchiveComponent").WithSummary("Archive a component and what is under it; its history stays (L&D admins).");

        app.MapApiGroup("/map", "Know-how map")
            .MapPost("/import", ImportAsync)
            // No form token: integrations post with a bearer token, and a browser's cookie needs the antiforgery header
            // (Platform/Security/ApiAntiforgery), checked before the body is read.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MapCsvFormat.MaxFileBytes + 64 * 1024))
            .Accepts<MapImportUpload>("multipart/form-data")
            .Produces<MapImportRejection>(StatusCodes.Status400BadRequest, "application/problem+json")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("ImportMap").WithSummary("Import capabilities and components from a CSV (multipart field 'file'; L&D admins).")
            .WithDescription("The whole file is checked first: any problem refuses it (400 with every problem and its line) and nothing changes. " +
                             "Otherwise everything is created or updated in one transaction; importing an export again changes nothing.");
    }

    /// <param name="includeArchived">Also archived capabilities (L&amp;D admins only); default false.</param>
    internal static async Task<Results<Ok<IReadOnlyList<CapabilitySummary>>, ProblemHttpResult>> ListAsync(
        KnowHowMap map, bool? includeArchived, CancellationToken cancellationToken) =>
        (await map.ListAsync(includeArchived ?? false, cancellationToken)).ToHttp(TypedResults.Ok);

    /// <param name="includeArchived">Also archived components (L&amp;D admins only); default false.</param>
    internal static async Task<Results<Ok<CapabilityView>, ProblemHttpResult>> GetAsync(Guid id, KnowHowMap map, bool? includeArchived, CancellationToken cancellationToken) =>
        (await map.GetAsync(id, includeArchived ?? false, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<CapabilityView>, ValidationProblem, ProblemHttpResult>> CreateCapabilityAsync(
        CapabilityRequest request, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.CreateCapabilityAsync(request, cancellationToken)).ToHttpChecked(c => TypedResults.Created($"{GuildApi.Prefix}/capabilities/{c.Id}", c));

    private static async Task<Results<Ok<CapabilityView>, ValidationProblem, ProblemHttpResult>> UpdateCapabilityAsync(
        Guid id, CapabilityRequest request, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.UpdateCapabilityAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<CapabilityView>, ProblemHttpResult>> MoveCapabilityAsync(
        Guid id, CapabilityMoveRequest request, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.MoveCapabilityAsync(id, request.Position, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CapabilityView>, ProblemHttpResult>> ArchiveCapabilityAsync(Guid id, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.ArchiveCapabilityAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<CapabilityView>, ProblemHttpResult>> UnarchiveCapabilityAsync(Guid id, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.UnarchiveCapabilityAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Created<ComponentView>, ValidationProblem, ProblemHttpResult>> CreateComponentAsync(
        Guid id, NewComponentRequest request, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.CreateComponentAsync(id, request, cancellationToken)).ToHttpChecked(c => TypedResults.Created($"{GuildApi.Prefix}/components/{c.Id}", c));

    private static async Task<Results<Ok<IReadOnlyList<LiveComponent>>, ProblemHttpResult>> LiveComponentsAsync(Guid id, KnowHowMap map, CancellationToken cancellationToken)
    {
        // The capability's own read decides 403 and 404, so the list answers the same as the capability does.
        var capability = await map.GetAsync(id, includeArchived: false, cancellationToken);
        return capability.IsOk
            ? TypedResults.Ok(await map.LiveComponentsAsync(id, cancellationToken))
            : ResultHttp.Problem(capability);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.ExportAsync(id, cancellationToken)).ToHttp(file => TypedResults.File(file.Content, "text/csv; charset=utf-8", file.FileName));

    private static async Task<Results<Ok<ComponentView>, ProblemHttpResult>> GetComponentAsync(Guid id, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.GetComponentAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<ComponentView>, ValidationProblem, ProblemHttpResult>> UpdateComponentAsync(
        Guid id, ComponentRequest request, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.UpdateComponentAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ComponentView>, ValidationProblem, ProblemHttpResult>> MoveComponentAsync(
        Guid id, ComponentMoveRequest request, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.MoveComponentAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ComponentMergeOutcome>, ValidationProblem, ProblemHttpResult>> MergeComponentAsync(
        Guid id, ComponentMergeRequest request, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.MergeComponentAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<ComponentView>, ProblemHttpResult>> ArchiveComponentAsync(Guid id, KnowHowMap map, CancellationToken cancellationToken) =>
        (await map.ArchiveComponentAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    // The form is bound before this runs, so a body that cannot be read as one is a 400, never a 500.
    private static async Task<Results<Ok<MapImportOutcome>, JsonHttpResult<MapImportRejection>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        [FromForm] MapImportUpload? upload, KnowHowMap map, CancellationToken cancellationToken)
    {
        // A multipart body without any field this form knows binds no upload at all.
        if (upload?.File is not { Length: > 0 } file)
        {
            return ResultHttp.Invalid("file", "Send a CSV file in the multipart field 'file'.");
        }
        var problems = new List<MapImportProblem>();
        await using var content = file.OpenReadStream();
        var result = await map.ImportAsync(content, file.FileName, problems, cancellationToken);
        return result.Status switch
        {
            ResultStatus.Ok => TypedResults.Ok(result.Value!),
            ResultStatus.Invalid => TypedResults.Json(new MapImportRejection(result.Errors["file"][0], StatusCodes.Status400BadRequest, problems),
                statusCode: StatusCodes.Status400BadRequest, contentType: "application/problem+json"),
            _ => ResultHttp.Problem(result),
        };
    }
}
