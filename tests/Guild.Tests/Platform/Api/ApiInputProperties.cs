using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Guild.Tests.Features.Administration;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Identity;
using Xunit.Abstractions;

namespace Guild.Tests.Platform.Api;

/// <summary>
/// Whatever a client sends to an API operation — wrong types, bad ids, empty and oversized values, broken JSON,
/// wrong content types, truncated multipart — Guild answers with a 4xx in problem details, never a 5xx. Every
/// operation of the OpenAPI document is tried, as a learning admin with the browser's cookie (and the antiforgery
/// header) and with a bearer token.
/// </summary>
public abstract class ApiInputProperties(GuildApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task No_request_to_any_api_operation_gets_a_server_error_and_every_refusal_is_problem_details()
    {
        using var document = JsonDocument.Parse(await new HttpClient { BaseAddress = app.BaseAddress }.GetStringAsync("/openapi/v1.json"));
        var operations = ApiOperation.All(document.RootElement);
        Assert.True(operations.Count >= 31, $"The document lists {operations.Count} operations.");

        var (cookie, admin) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var token = await app.CreateTokenAsync(admin.Id, new ApiTokenRequest("Fuzzing", ExpiresInDays: 30));
        using var bearer = app.TokenClient(token.Secret);
        var someone = await app.CreatePersonAsync("Fuzzed", "Colleague");
        var ids = new[] { someone.Id.ToString() };
        var tried = new Dictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);

        await using (await app.KeepOrganisationSettingsAsync())
        {
            await Gen.Int[0, operations.Count - 1].SelectMany(i => FuzzRequest.For(operations[i], ids)).SampleAsync(async request =>
            {
                using var message = request.ToMessage();
                using var response = await (request.WithCookie ? cookie.Http : bearer).SendAsync(message);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                lock (tried)
                {
                    var statuses = tried.TryGetValue(request.Operation.Name, out var known) ? known : tried[request.Operation.Name] = [];
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }
                // oEmbed (https://oembed.com, 2.3.4) itself prescribes 501 Not Implemented for a format the provider does not
                // offer: a refusal of the request, not a failure of the server.
                var oEmbedFormatRefused = status == 501 && request.Operation.Name == "GET /api/v1/oembed";
                Assert.True(status < 500 || oEmbedFormatRefused, $"{status} for {request}: {body[..Math.Min(body.Length, 600)]}");
                // A query string beyond Kestrel's request-line limit (8 KB: several oversized filters at once) is refused
                // by the server before any of Guild's code runs, so that 414 cannot carry problem details.
                if (status >= 400 && response.StatusCode != HttpStatusCode.RequestUriTooLong)
                {
                    Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                        $"{status} without problem details ({response.Content.Headers.ContentType}) for {request}: {body[..Math.Min(body.Length, 300)]}");
                }
            }, iter: 4000, threads: 2, print: request => request.ToString());
        }
        // Whatever the fuzzing started (an import, invitation mail) finishes, so later tests find nothing in progress.
        await app.RunDueJobsAsync();
        output.WriteLine($"{tried.Count} of {operations.Count} operations were called; answers by status:");
        foreach (var (name, statuses) in tried.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {name}: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        }
        Assert.Equal(operations.Count, tried.Count);
    }

    [Fact]
    public async Task A_truncated_multipart_upload_to_the_people_import_is_a_400_with_problem_details()
    {
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var multipart = "--guild\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\nemail,givenName\r\nx@example.com,X";
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(multipart));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=guild");

        using var response = await admin.Http.PostAsync("/api/v1/people/imports", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>One operation of the OpenAPI document: its parameters and the kind of body it takes.</summary>
internal sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, string? BodyType, IReadOnlyList<string> BodyProperties)
{
    public string Name => $"{Method} {Path}";

    public static List<ApiOperation> All(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, Kind(p.GetProperty("schema")))).ToList()
                    : [];
                string? bodyType = null;
                var properties = new List<string>();
                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    var content = body.GetProperty("content").EnumerateObject().First();
                    bodyType = content.Name;
                    if (content.Value.TryGetProperty("schema", out var schema))
                    {
                        if (schema.TryGetProperty("$ref", out var reference))
                        {
                            schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
                        }
                        if (schema.TryGetProperty("properties", out var declared))
                        {
                            properties.AddRange(declared.EnumerateObject().Select(p => p.Name));
                        }
                    }
                }
                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name, parameters, bodyType, properties));
            }
        }
        return operations;
    }

    private static string Kind(JsonElement schema) =>
        schema.TryGetProperty("$ref", out _) ? "enum"
        : schema.TryGetProperty("format", out var format) ? format.GetString()!
        : schema.TryGetProperty("type", out var type) ? (type.ValueKind == JsonValueKind.Array ? type[0].GetString()! : type.GetString()!)
        : "string";
}

internal sealed record ApiParameter(string Name, string In, string Kind);

/// <summary>A request made from an operation with generated (mostly wrong) values.</summary>
internal sealed record FuzzRequest(ApiOperation Operation, string Url, string? ContentType, byte[]? Body, bool WithCookie)
{
    private static readonly string[] Nasty =
    [
        "", " ", "null", "-1", "0", "2147483648", "-9223372036854775809", "1e309", "NaN", "true", "abc", "1.5",
        "../../etc/passwd", "%00", "\u0000", "😀", "' OR 1=1 --", "<script>", "00000000-0000-0000-0000-000000000000",
        "[]", "{}", "0001-01-01T00:00:00-14:00", "9999-12-31T23:59:59+14:00", "2026-13-45", "999", "Everyone", "\uD800",
    ];

    private static Gen<string> Value(string kind, string[] ids) => Gen.Frequency(
        (6, Gen.OneOf(Nasty)),
        (2, Gen.String[Gen.Char, 0, 40]),
        (1, Gen.Int[200, 3000].Select(n => new string('x', n))),
        (2, kind switch
        {
            "uuid" => Gen.OneOf(Gen.Guid.Select(g => g.ToString()), Gen.OneOf(ids)),
            "int32" or "integer" => Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "date-time" => Gen.DateTime.Select(d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            "boolean" => Gen.OneOf("true", "false", "yes"),
            _ => Gen.String[Gen.Char['a', 'z'], 0, 20],
        }));

    private static readonly Gen<string> JsonValue = Gen.Frequency(
        (3, Gen.OneOf("null", "0", "-1", "1e400", "true", "\"\"", "[]", "{}", "[null]", "\"x\"", "\"00000000-0000-0000-0000-000000000000\"",
            "\"Monday\"", "[\"Employee\"]", "\"9999-12-31T23:59:59+14:00\"", "-9223372036854775809", "\"\\u0000\"", "\"\\ud800\"")),
        (2, Gen.String[Gen.Char, 0, 30].Select(s => JsonSerializer.Serialize(s))),
        (1, Gen.Int[1_000, 200_000].Select(n => "\"" + new string('y', n) + "\"")));

    private static readonly Gen<string> BrokenJson = Gen.OneOf(
        Gen.OneOf("", "{", "[", "{\"a\":", "nul", "\"unterminated", "{\"name\":\"x\",}", "{}{}", "\u00ff\u00fe", "[1,2", "{'a':1}",
            new string('[', 5000) + new string(']', 5000)),
        Gen.String[Gen.Char, 1, 60]);

    private static readonly Gen<string> ContentTypes = Gen.Frequency(
        (6, Gen.Const((string)null!)),
        (1, Gen.OneOf("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
            "multipart/form-data; boundary=", "application/json; charset=utf-7", "image/gif", "application/octet-stream", "*/*", "garbage")));

    public static Gen<FuzzRequest> For(ApiOperation operation, string[] ids)
    {
        // A NUL in the path is refused by Kestrel itself (400, no body) before Guild sees the request.
        var path = operation.Parameters.Where(p => p.In == "path")
            .Aggregate(Gen.Const(operation.Path), (gen, p) => gen.SelectMany(url => Value(p.Kind, ids).Where(value => !value.Contains('\0', StringComparison.Ordinal) && value != "%00")
                .Select(value => url.Replace("{" + p.Name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal))));
        var url = operation.Parameters.Where(p => p.In == "query")
            .Aggregate(path.Select(p => (Url: p, First: true)), (gen, p) => gen.SelectMany(state => Gen.Frequency(
                    (1, Gen.Const(state)),
                    (2, Value(p.Kind, ids).Select(value => (state.Url + (state.First ? "?" : "&") + Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(value), false))))))
            .Select(state => state.Url);
        return Gen.Select(url, BodyOf(operation), ContentTypes, Gen.Bool, (u, body, overrideType, cookie) =>
            new FuzzRequest(operation, u, overrideType ?? body.Type, body.Bytes, cookie));
    }

    private static Gen<(string? Type, byte[]? Bytes)> BodyOf(ApiOperation operation) => operation.BodyType switch
    {
        "application/json" => Gen.Frequency(
            (4, Gen.Select(Gen.OneOf(operation.BodyProperties.Append("unexpected").ToArray()).Array[0, operation.BodyProperties.Count + 1], JsonValue.Array[operation.BodyProperties.Count + 2],
                (names, values) => "{" + string.Join(",", names.Distinct().Select((name, i) => JsonSerializer.Serialize(name) + ":" + values[i])) + "}")),
            (2, BrokenJson),
            (1, JsonValue))
            .Select(text => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(text))),
        "multipart/form-data" => Gen.Select(Gen.OneOf("file", "File", "other", ""), Gen.String[Gen.Char, 0, 200], Gen.Int[0, 400], Gen.OneOf("guild", "", "other"),
            (field, csv, cut, boundary) =>
            {
                var whole = Encoding.UTF8.GetBytes($"--guild\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
                                                   $"email,givenName,familyName\r\n{csv}\r\n--guild\r\nContent-Disposition: form-data; name=\"inviteNewPeople\"\r\n\r\n{csv[..Math.Min(5, csv.Length)]}\r\n--guild--\r\n");
                var bytes = cut < whole.Length ? whole[..cut] : whole;
                return ((string?)("multipart/form-data" + (boundary.Length > 0 ? "; boundary=" + boundary : "")), (byte[]?)bytes);
            }),
        null => Gen.Frequency((5, Gen.Const(((string?)null, (byte[]?)null))), (1, BrokenJson.Select(text => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(text))))),
        _ => Gen.Byte.Array[0, 300].Select(bytes => ((string?)operation.BodyType, (byte[]?)(bytes.Length > 8 ? [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. bytes] : bytes))),
    };

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Operation.Method), Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "no body" : Encoding.UTF8.GetString(Body);
        return $"{Operation.Method} {Url} ({(WithCookie ? "cookie" : "bearer")}, {ContentType ?? "no content type"}): {body[..Math.Min(body.Length, 300)]}";
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ApiInputPropertiesOnSqlite(SqliteApp app, ITestOutputHelper output) : ApiInputProperties(app, output);

[Collection(PostgresCollection.Name)]
public sealed class ApiInputPropertiesOnPostgres(PostgresApp app, ITestOutputHelper output) : ApiInputProperties(app, output);
