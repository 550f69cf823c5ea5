using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Features.Lrs.Validation;
using Guild.Web.Features.Lrs.Writing;
using Guild.Web.Platform;
using Microsoft.Net.Http.Headers;

namespace Guild.Web.Features.Lrs.Http;

/// <summary>The Statement resource (Communication 2.1): PUT, POST and GET, with attachments and signatures.</summary>
internal static class StatementsResource
{
    private static readonly HashSet<string> QueryParameters = new(StringComparer.Ordinal)
    {
        "statementId", "voidedStatementId", "agent", "verb", "activity", "registration", "related_activities", "related_agents",
        "since", "until", "limit", "format", "attachments", "ascending",
    };

    public static Task HandleAsync(LrsRequest request, LrsCaller caller) => request.Method switch
    {
        "PUT" => PutAsync(request, caller),
        "POST" => PostAsync(request, caller),
        "GET" or "HEAD" => GetAsync(request),
        _ => LrsResponse.ErrorAsync(request.Context, 405, "The Statement resource answers GET, HEAD, PUT and POST."),
    };

    // ---- PUT and POST -------------------------------------------------------------------------

    private static async Task PutAsync(LrsRequest request, LrsCaller caller)
    {
        var context = request.Context;
        if (Unexpected(request.Parameters, "statementId") is { } unexpected)
        {
            await LrsResponse.ErrorAsync(context, 400, unexpected);
            return;
        }
        if (!request.Parameters.TryGetValue("statementId", out var idText) || !XapiFormats.TryParseUuid(idText, out var statementId))
        {
            await LrsResponse.ErrorAsync(context, 400, "PUT needs the statementId parameter, a UUID.");
            return;
        }
        var read = await ReadStatementsAsync(request, single: true, statementId);
        if (read.Error is not null)
        {
            await LrsResponse.ErrorAsync(context, 400, read.Error);
            return;
        }
        var result = await StoreAsync(request, caller, read);
        if (result.IsOk)
        {
            await LrsResponse.NoContentAsync(context);
        }
        else
        {
            await FailureAsync(context, result);
        }
    }

    private static async Task PostAsync(LrsRequest request, LrsCaller caller)
    {
        var context = request.Context;
        if (request.Parameters.Count > 0)
        {
            await LrsResponse.ErrorAsync(context, 400,
                $"POST to the Statement resource takes no parameters ({string.Join(", ", request.Parameters.Keys)}); to query with POST use the alternate syntax (?method=GET).");
            return;
        }
        var read = await ReadStatementsAsync(request, single: false, null);
        if (read.Error is not null)
        {
            await LrsResponse.ErrorAsync(context, 400, read.Error);
            return;
        }
        var result = await StoreAsync(request, caller, read);
        if (result.IsOk)
        {
            await LrsResponse.JsonAsync(context, result.Value!.Select(id => id.ToString("D")).ToArray());
        }
        else
        {
            await FailureAsync(context, result);
        }
    }

    private static Task<Result<IReadOnlyList<Guid>>> StoreAsync(LrsRequest request, LrsCaller caller, ReadStatements read) =>
        request.Context.RequestServices.GetRequiredService<StatementStore>()
            .StoreAsync(read.Statements!, caller.Authority, caller.ClientId, read.Attachments!, request.Context.RequestAborted);

    private static Task FailureAsync(HttpContext context, Result<IReadOnlyList<Guid>> result) => result.Status switch
    {
        ResultStatus.Conflict => LrsResponse.ErrorAsync(context, 409, result.Message ?? "Conflict."),
        ResultStatus.Forbidden => LrsResponse.ErrorAsync(context, 403, "Forbidden."),
        _ => LrsResponse.ErrorAsync(context, 400, string.Join(" ", result.Errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}".Trim()))),
    };

    private sealed record ReadStatements(IReadOnlyList<Statement>? Statements, Dictionary<string, AttachmentData>? Attachments, string? Error)
    {
        public static ReadStatements Fail(string error) => new(null, null, error);
    }

    /// <summary>
    /// The statements of a PUT or POST: application/json (every attachment then needs a fileUrl), or
    /// multipart/mixed with the statements first and each attachment's raw data after, matched by
    /// SHA-2 (Communication 1.5.2). Signature attachments are verified here.
    /// </summary>
    private static async Task<ReadStatements> ReadStatementsAsync(LrsRequest request, bool single, Guid? statementId)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        byte[] json;
        List<MultipartPart>? parts = null;
        if (mediaType == "application/json")
        {
            json = request.Body;
        }
        else if (mediaType == "multipart/mixed")
        {
            var boundary = Multipart.Boundary(request.ContentType);
            if (boundary is null)
            {
                return ReadStatements.Fail("A multipart/mixed request needs a boundary parameter in its Content-Type.");
            }
            parts = Multipart.Parse(request.Body, boundary);
            if (parts is null || parts.Count == 0)
            {
                return ReadStatements.Fail("The multipart/mixed body does not follow RFC 2046: a part or the closing boundary is missing.");
            }
            var first = parts[0].Header("Content-Type")?.Split(';')[0].Trim();
            if (!string.Equals(first, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                return ReadStatements.Fail("The first part of a multipart/mixed request must hold the statements, with Content-Type application/json.");
            }
            json = parts[0].Content.ToArray();
        }
        else
        {
            return ReadStatements.Fail($"Statements must be sent as application/json or multipart/mixed, not {request.ContentType ?? "no content type"}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, LrsJson.DocumentOptions);
        }
        catch (JsonException exception)
        {
            return ReadStatements.Fail("The content is not valid JSON: " + exception.Message);
        }
        request.Context.Response.RegisterForDispose(document);
        var root = document.RootElement;
        IReadOnlyList<Statement> statements;
        if (single)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ReadStatements.Fail("PUT takes one Statement object.");
            }
            if (root.TryGetProperty("id", out var given) && given.ValueKind == JsonValueKind.String
                && XapiFormats.TryParseUuid(given.GetString(), out var givenId) && givenId != statementId)
            {
                return ReadStatements.Fail($"id {givenId} does not match the statementId parameter {statementId}.");
            }
            if (!root.TryGetProperty("id", out _))
            {
                var withId = WithId(root, statementId!.Value);
                request.Context.Response.RegisterForDispose(withId);
                root = withId.RootElement;
            }
            var (statement, error) = Statement.Parse(root);
            if (error is not null)
            {
                return ReadStatements.Fail(error.ToString());
            }
            statements = [statement!];
        }
        else
        {
            var (batch, error) = Statement.ParseBatch(root);
            if (error is not null)
            {
                return ReadStatements.Fail(error.ToString());
            }
            statements = batch;
        }

        // Attachment data: parts after the first, each with its hash and binary transfer encoding.
        var data = new Dictionary<string, AttachmentData>(StringComparer.Ordinal);
        var declared = statements.SelectMany(s => s.Facts.Attachments).ToList();
        if (parts is not null)
        {
            for (var i = 1; i < parts.Count; i++)
            {
                var part = parts[i];
                var hash = part.Header("X-Experience-API-Hash")?.Trim().ToLowerInvariant();
                if (string.IsNullOrEmpty(hash))
                {
                    return ReadStatements.Fail($"Part {i + 1} of the multipart request has no X-Experience-API-Hash header.");
                }
                if (!string.Equals(part.Header("Content-Transfer-Encoding")?.Trim(), "binary", StringComparison.OrdinalIgnoreCase))
                {
                    return ReadStatements.Fail($"Part {i + 1} of the multipart request must have Content-Transfer-Encoding: binary.");
                }
                var header = declared.FirstOrDefault(a => a.Sha2 == hash);
                if (header is null)
                {
                    return ReadStatements.Fail($"Part {i + 1} has X-Experience-API-Hash {hash}, which no attachment of the statements declares as its sha2.");
                }
                if (Multipart.Sha2(part.Content.Span, hash) != hash)
                {
                    return ReadStatements.Fail($"The data of part {i + 1} does not have the SHA-2 hash {hash} its header and the attachment declare.");
                }
                data[hash] = new AttachmentData(part.Header("Content-Type") ?? header.ContentType, part.Content.ToArray());
            }
        }
        for (var s = 0; s < statements.Count; s++)
        {
            var prefix = statements.Count > 1 && !single ? $"[{s}]." : "";
            var statement = statements[s];
            for (var a = 0; a < statement.Facts.Attachments.Count; a++)
            {
                var header = statement.Facts.Attachments[a];
                if (data.TryGetValue(header.Sha2, out var attachment))
                {
                    if (attachment.Content.Length != header.Length)
                    {
                        return ReadStatements.Fail($"{prefix}attachments[{a}].length is {header.Length} but its data has {attachment.Content.Length} octets.");
                    }
                }
                else if (header.FileUrl is null || header.IsSignature)
                {
                    return ReadStatements.Fail(parts is null
                        ? $"{prefix}attachments[{a}] has no fileUrl: send its data as a part of a multipart/mixed request."
                        : $"{prefix}attachments[{a}] has no fileUrl and no part with X-Experience-API-Hash {header.Sha2} was sent.");
                }
                if (header.IsSignature)
                {
                    if (await SignatureVerifier.VerifyAsync(statement, header, data[header.Sha2].Content) is { } problem)
                    {
                        return ReadStatements.Fail($"{prefix.TrimEnd('.')}{(prefix.Length > 0 ? " " : "")}The statement {problem}.".Replace("  ", " ", StringComparison.Ordinal));
                    }
                }
            }
        }
        return new ReadStatements(statements, data, null);
    }

    private static JsonDocument WithId(JsonElement statement, Guid id)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id.ToString("D"));
            foreach (var property in statement.EnumerateObject())
            {
                property.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    // ---- GET ----------------------------------------------------------------------------------

    private sealed record Continuation(
        string? Agent, string? Verb, string? Activity, Guid? Registration, bool RelatedActivities, bool RelatedAgents,
        long? Since, long? Until, int Limit, bool Ascending, long AfterStored, Guid AfterId, StatementFormat Format, bool Attachments);

    private static async Task GetAsync(LrsRequest request)
    {
        var context = request.Context;
        var parameters = request.Parameters;
        var store = context.RequestServices.GetRequiredService<StatementStore>();
        var cancellationToken = context.RequestAborted;

        if (parameters.TryGetValue("more", out var more))
        {
            if (parameters.Count > 1)
            {
                await LrsResponse.ErrorAsync(context, 400, "A more link takes no other parameters.");
                return;
            }
            if (Decode(more) is not { } continuation)
            {
                await LrsResponse.ErrorAsync(context, 400, "The more link is not one this LRS made.");
                return;
            }
            var next = new StatementQuery
            {
                AgentKey = continuation.Agent, VerbId = continuation.Verb, ActivityId = continuation.Activity,
                Registration = continuation.Registration, RelatedActivities = continuation.RelatedActivities,
                RelatedAgents = continuation.RelatedAgents,
                Since = continuation.Since is { } since ? new DateTimeOffset(since, TimeSpan.Zero) : null,
                Until = continuation.Until is { } until ? new DateTimeOffset(until, TimeSpan.Zero) : null,
                Limit = continuation.Limit, Ascending = continuation.Ascending,
                After = (new DateTimeOffset(continuation.AfterStored, TimeSpan.Zero), continuation.AfterId),
            };
            await ListAsync(request, store, next, continuation.Format, continuation.Attachments);
            return;
        }
        if (Unexpected(parameters, [.. QueryParameters]) is { } unexpected)
        {
            await LrsResponse.ErrorAsync(context, 400, unexpected);
            return;
        }
        var format = StatementFormat.Exact;
        if (parameters.TryGetValue("format", out var formatText))
        {
            switch (formatText)
            {
                case "exact": format = StatementFormat.Exact; break;
                case "ids": format = StatementFormat.Ids; break;
                case "canonical": format = StatementFormat.Canonical; break;
                default:
                    await LrsResponse.ErrorAsync(context, 400, "format must be ids, exact or canonical.");
                    return;
            }
        }
        var attachments = false;
        if (parameters.TryGetValue("attachments", out var attachmentsText) && !LrsParameters.TryBool(attachmentsText, out attachments))
        {
            await LrsResponse.ErrorAsync(context, 400, "attachments must be true or false.");
            return;
        }

        var hasId = parameters.TryGetValue("statementId", out var statementIdText);
        var hasVoided = parameters.TryGetValue("voidedStatementId", out var voidedIdText);
        if (hasId || hasVoided)
        {
            if (hasId && hasVoided)
            {
                await LrsResponse.ErrorAsync(context, 400, "Use statementId or voidedStatementId, not both.");
                return;
            }
            var others = parameters.Keys.Where(k => k is not ("statementId" or "voidedStatementId" or "format" or "attachments")).ToList();
            if (others.Count > 0)
            {
                await LrsResponse.ErrorAsync(context, 400, $"With statementId or voidedStatementId only format and attachments may be given, not {string.Join(", ", others)}.");
                return;
            }
            var name = hasId ? "statementId" : "voidedStatementId";
            if (!XapiFormats.TryParseUuid(hasId ? statementIdText : voidedIdText, out var id))
            {
                await LrsResponse.ErrorAsync(context, 400, $"{name} must be a UUID.");
                return;
            }
            var found = await store.GetAsync(id, voided: hasVoided, cancellationToken);
            if (found is null)
            {
                await LrsResponse.ErrorAsync(context, 404, hasVoided
                    ? $"There is no voided statement {id}."
                    : $"There is no statement {id}, or it has been voided (ask with voidedStatementId).");
                return;
            }
            context.Response.Headers.LastModified = LrsResponse.HttpDate(found.Stored);
            var json = format == StatementFormat.Exact ? found.Json : Encoding.UTF8.GetBytes((await RenderAsync(request, store, [found], format))[0]);
            await WriteAsync(request, store, json, [found], attachments);
            return;
        }

        var (query, error) = ParseQuery(parameters);
        if (error is not null)
        {
            await LrsResponse.ErrorAsync(context, 400, error);
            return;
        }
        await ListAsync(request, store, query!, format, attachments);
    }

    private static (StatementQuery? Query, string? Error) ParseQuery(Dictionary<string, string> parameters)
    {
        var query = new StatementQuery();
        if (parameters.TryGetValue("agent", out var agentText))
        {
            try
            {
                using var agent = JsonDocument.Parse(agentText);
                var (key, error) = StatementValidator.ValidateAgentParameter(agent.RootElement, "agent", allowGroup: true);
                if (error is not null)
                {
                    return (null, error.ToString());
                }
                query = query with { AgentKey = key };
            }
            catch (JsonException)
            {
                return (null, "agent must be an Agent or identified Group in JSON.");
            }
        }
        if (parameters.TryGetValue("verb", out var verb))
        {
            if (!XapiFormats.IsIri(verb))
            {
                return (null, "verb must be an IRI.");
            }
            query = query with { VerbId = verb };
        }
        if (parameters.TryGetValue("activity", out var activity))
        {
            if (!XapiFormats.IsIri(activity))
            {
                return (null, "activity must be an IRI.");
            }
            query = query with { ActivityId = activity };
        }
        if (parameters.TryGetValue("registration", out var registrationText))
        {
            if (!XapiFormats.TryParseUuid(registrationText, out var registration))
            {
                return (null, "registration must be a UUID.");
            }
            query = query with { Registration = registration };
        }
        foreach (var (name, apply) in new (string, Func<StatementQuery, bool, StatementQuery>)[]
                 {
                     ("related_activities", (q, v) => q with { RelatedActivities = v }),
                     ("related_agents", (q, v) => q with { RelatedAgents = v }),
                     ("ascending", (q, v) => q with { Ascending = v }),
                 })
        {
            if (parameters.TryGetValue(name, out var text))
            {
                if (!LrsParameters.TryBool(text, out var value))
                {
                    return (null, $"{name} must be true or false.");
                }
                query = apply(query, value);
            }
        }
        foreach (var name in new[] { "since", "until" })
        {
            if (parameters.TryGetValue(name, out var text))
            {
                if (!XapiFormats.TryParseTimestamp(text, out var instant))
                {
                    return (null, $"{name} must be an ISO 8601 timestamp.");
                }
                query = name == "since" ? query with { Since = instant } : query with { Until = instant };
            }
        }
        if (parameters.TryGetValue("limit", out var limitText))
        {
            if (!LrsParameters.TryLimit(limitText, out var limit))
            {
                return (null, "limit must be a non-negative integer.");
            }
            query = query with { Limit = limit == 0 ? StatementStore.MaxPageSize : Math.Min(limit, StatementStore.MaxPageSize) };
        }
        return (query, null);
    }

    private static async Task ListAsync(LrsRequest request, StatementStore store, StatementQuery query, StatementFormat format, bool attachments)
    {
        var context = request.Context;
        var page = await store.QueryAsync(query, context.RequestAborted);
        var rendered = format == StatementFormat.Exact ? null : await RenderAsync(request, store, page.Statements, format);
        var more = page.Next is { } next ? MoreLink(request, next, format, attachments) : "";
        if (page.Statements.Count > 0)
        {
            context.Response.Headers.LastModified = LrsResponse.HttpDate(page.Statements.Max(s => s.Stored));
        }
        void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("statements");
            if (format == StatementFormat.Exact)
            {
                // The stored form as the database sent it, byte for byte.
                foreach (var statement in page.Statements)
                {
                    writer.WriteRawValue(statement.Json, skipInputValidation: true);
                }
            }
            else
            {
                foreach (var statement in rendered!)
                {
                    writer.WriteRawValue(statement, skipInputValidation: true);
                }
            }
            writer.WriteEndArray();
            writer.WriteString("more", more);
            writer.WriteEndObject();
        }
        if (!attachments && !HttpMethods.IsHead(request.Method))
        {
            // A page of statements can be a hundred kilobytes: written straight into the response's pipe
            // (pooled segments, sent chunked), never into one large array on the large object heap.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, LrsJson.WriterOptions))
            {
                Write(writer);
            }
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            return;
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, LrsJson.WriterOptions))
        {
            Write(writer);
        }
        await WriteAsync(request, store, buffer.WrittenSpan.ToArray(), page.Statements, attachments);
    }

    /// <summary>JSON, or with attachments=true multipart/mixed: the JSON first, then each attachment's data (Communication 2.1.3.s2.b6).</summary>
    private static async Task WriteAsync(LrsRequest request, StatementStore store, byte[] json, IReadOnlyList<StatementRecord> statements, bool attachments)
    {
        var context = request.Context;
        if (!attachments)
        {
            await LrsResponse.JsonAsync(context, 200, json);
            return;
        }
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in statements.Where(s => s.HasAttachments))
        {
            using var document = JsonDocument.Parse(statement.Json);
            hashes.UnionWith(StatementStore.AttachmentHashes(document.RootElement));
        }
        var data = hashes.Count == 0 ? [] : await store.AttachmentsAsync(hashes, context.RequestAborted);
        var boundary = "guild-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        using var body = new MemoryStream();
        await Multipart.WriteAsync(body, boundary, json, data, context.RequestAborted);
        await LrsResponse.BytesAsync(context, 200, $"multipart/mixed; boundary={boundary}", body.ToArray());
    }

    /// <summary>The statements in the asked format (Communication 2.1.3 "format").</summary>
    private static async Task<List<string>> RenderAsync(LrsRequest request, StatementStore store, IReadOnlyList<StatementRecord> statements, StatementFormat format)
    {
        var result = new List<string>(statements.Count);
        switch (format)
        {
            case StatementFormat.Exact:
                result.AddRange(statements.Select(s => s.Document));
                break;
            case StatementFormat.Ids:
                foreach (var statement in statements)
                {
                    using var document = JsonDocument.Parse(statement.Json);
                    var buffer = new ArrayBufferWriter<byte>();
                    using (var writer = new Utf8JsonWriter(buffer, LrsJson.WriterOptions))
                    {
                        StatementDocument.WriteIds(writer, document.RootElement);
                    }
                    result.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
                }
                break;
            case StatementFormat.Canonical:
                var languages = AcceptLanguages(request.Context);
                var nodes = statements.Select(s => JsonNode.Parse(s.Document)!.AsObject()).ToList();
                var activities = nodes.SelectMany(ActivityObjects).Select(a => a["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                var definitions = await store.DefinitionsAsync(activities, request.Context.RequestAborted);
                foreach (var node in nodes)
                {
                    foreach (var activity in ActivityObjects(node))
                    {
                        var definition = definitions.TryGetValue(activity["id"]!.GetValue<string>(), out var canonical)
                            ? canonical
                            : activity["definition"] as JsonObject;
                        if (definition is not null)
                        {
                            activity["definition"] = ActivityDefinitions.Filter(definition, languages);
                        }
                    }
                    foreach (var verb in Verbs(node))
                    {
                        if (verb["display"] is JsonObject display)
                        {
                            verb["display"] = ActivityDefinitions.Pick(display, languages);
                        }
                    }
                    result.Add(node.ToJsonString());
                }
                break;
        }
        return result;
    }

    private static IEnumerable<JsonObject> Verbs(JsonObject statement)
    {
        if (statement["verb"] is JsonObject verb)
        {
            yield return verb;
        }
        if (statement["object"] is JsonObject sub && sub["objectType"]?.GetValue<string>() == "SubStatement" && sub["verb"] is JsonObject subVerb)
        {
            yield return subVerb;
        }
    }

    private static IEnumerable<JsonObject> ActivityObjects(JsonObject statement)
    {
        if (statement["object"] is JsonObject @object)
        {
            var type = @object["objectType"]?.GetValue<string>() ?? "Activity";
            if (type == "Activity")
            {
                yield return @object;
            }
            else if (type == "SubStatement")
            {
                foreach (var inner in ActivityObjects(@object))
                {
                    yield return inner;
                }
            }
        }
        if (statement["context"]?["contextActivities"] is JsonObject contextActivities)
        {
            foreach (var (_, list) in contextActivities)
            {
                foreach (var activity in (list as JsonArray ?? []).OfType<JsonObject>())
                {
                    yield return activity;
                }
            }
        }
    }

    /// <summary>Accept-Language tags in order of preference (q values), for choosing one language per map.</summary>
    private static List<string> AcceptLanguages(HttpContext context) =>
        (StringWithQualityHeaderValue.TryParseList(context.Request.Headers.AcceptLanguage, out var values) ? values : [])
            .Where(v => v.Quality is null or > 0)
            .OrderByDescending(v => v.Quality ?? 1)
            .Select(v => v.Value.ToString())
            .ToList();

    private static string MoreLink(LrsRequest request, StatementQuery next, StatementFormat format, bool attachments)
    {
        var after = next.After!.Value;
        var continuation = new Continuation(next.AgentKey, next.VerbId, next.ActivityId, next.Registration, next.RelatedActivities,
            next.RelatedAgents, next.Since?.UtcTicks, next.Until?.UtcTicks, next.Limit, next.Ascending, after.Stored.UtcTicks, after.Id, format, attachments);
        var token = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(continuation)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{request.Context.Request.PathBase}/xapi/statements?more={token}";
    }

    private static Continuation? Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            return JsonSerializer.Deserialize<Continuation>(Convert.FromBase64String(base64));
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Communication 3.2.s3.b7-b8: a parameter the resource does not know (or knows in another case) is a 400.</summary>
    internal static string? Unexpected(Dictionary<string, string> parameters, params string[] allowed)
    {
        var unknown = parameters.Keys.Where(k => Array.IndexOf(allowed, k) < 0).ToList();
        return unknown.Count == 0 ? null : $"This request does not take the parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}.";
    }
}
