using System.Text.Json;
using Guild.Tests.Infrastructure;

namespace Guild.Tests.Platform.Api;

/// <summary>
/// The OpenAPI document follows the code: every operation says what it answers on success (handlers return typed
/// results) and what it does (a summary), and every property of Guild's own schemas says what it means (the /// comments).
/// </summary>
public abstract class ApiDocumentTests(GuildApp app)
{
    /// <summary>The framework's own schemas, which Guild does not describe.</summary>
    private static readonly string[] Compositions = ["oneOf", "anyOf", "allOf"];

    private static readonly HashSet<string> FrameworkSchemas = ["ProblemDetails", "HttpValidationProblemDetails", "IFormFile", "IFormFileCollection"];

    private async Task<JsonDocument> DocumentAsync()
    {
        using var client = app.CreateGuildClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value)));

    [Fact]
    public async Task Every_operation_documents_a_success_response()
    {
        using var document = await DocumentAsync();
        var without = Operations(document)
            .Where(o => !o.Operation.GetProperty("responses").EnumerateObject().Any(response => response.Name.StartsWith('2')))
            .Select(o => o.Name).ToList();
        Assert.True(without.Count == 0, "No success response documented (return Results<Ok<T>, …> from the handler): " + string.Join(", ", without));
        Assert.True(Operations(document).Count() >= 31);
    }

    [Fact]
    public async Task Every_operation_has_a_summary()
    {
        using var document = await DocumentAsync();
        var without = Operations(document)
            .Where(o => !o.Operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            .Select(o => o.Name).ToList();
        Assert.True(without.Count == 0, "No summary (WithSummary): " + string.Join(", ", without));
    }

    [Fact]
    public async Task Every_property_of_guilds_schemas_has_a_description()
    {
        using var document = await DocumentAsync();
        var without = new List<string>();
        foreach (var schema in document.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject()
                     .Where(s => !FrameworkSchemas.Contains(s.Name)))
        {
            if (!schema.Value.TryGetProperty("properties", out var properties))
            {
                continue;
            }
            foreach (var property in properties.EnumerateObject().Where(p => !HasDescription(p.Value)))
            {
                without.Add($"{schema.Name}.{property.Name}");
            }
        }
        Assert.True(without.Count == 0,
            "Schema properties without a description (a /// <param> on the record, or <summary> on the property): " + string.Join(", ", without));
    }

    /// <summary>A description on the property, or on the branch of a nullable reference (<c>oneOf: [null, {$ref}]</c>) that carries it.</summary>
    private static bool HasDescription(JsonElement property) =>
        property.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString())
        || Compositions.Any(key => property.TryGetProperty(key, out var branches) && branches.EnumerateArray().Any(HasDescription));

    [Fact]
    public async Task The_people_import_names_its_multipart_fields()
    {
        using var document = await DocumentAsync();
        var body = document.RootElement.GetProperty("paths").GetProperty("/api/v1/people/imports").GetProperty("post").GetProperty("requestBody");
        var content = body.GetProperty("content");
        Assert.Equal(["multipart/form-data"], content.EnumerateObject().Select(c => c.Name));
        var schema = content.GetProperty("multipart/form-data").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        var fields = schema.GetProperty("properties");
        Assert.True(fields.TryGetProperty("file", out _), "The upload does not name its file field.");
        Assert.True(fields.TryGetProperty("inviteNewPeople", out _), "The upload does not name inviteNewPeople.");
        Assert.Contains("file", schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiDocumentTestsOnSqlite(SqliteApp app) : ApiDocumentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ApiDocumentTestsOnPostgres(PostgresApp app) : ApiDocumentTests(app);
