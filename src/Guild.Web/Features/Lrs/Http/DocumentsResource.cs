using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Web.Features.Lrs.Documents;
using Guild.Web.Features.Lrs.Validation;

namespace Guild.Web.Features.Lrs.Http;

/// <summary>The State, Activity Profile and Agent Profile resources (Communication 2.2-2.7), and the Activities and Agents resources.</summary>
internal static class DocumentsResource
{
    public static async Task HandleAsync(LrsRequest request, LrsResource resource)
    {
        var context = request.Context;
        var parameters = request.Parameters;
        var (kind, idName, allowed) = resource switch
        {
            LrsResource.State => (DocumentKind.State, "stateId", new[] { "activityId", "agent", "registration", "stateId", "since" }),
            LrsResource.ActivityProfile => (DocumentKind.ActivityProfile, "profileId", ["activityId", "profileId", "since"]),
            _ => (DocumentKind.AgentProfile, "profileId", new[] { "agent", "profileId", "since" }),
        };
        if (request.Method is not ("GET" or "HEAD" or "PUT" or "POST" or "DELETE"))
        {
            await LrsResponse.ErrorAsync(context, 405, "Document resources answer GET, HEAD, PUT, POST and DELETE.");
            return;
        }
        if (StatementsResource.Unexpected(parameters, allowed) is { } unexpected)
        {
            await LrsResponse.ErrorAsync(context, 400, unexpected);
            return;
        }
        string? activityId = null;
        if (kind is DocumentKind.State or DocumentKind.ActivityProfile)
        {
            if (!parameters.TryGetValue("activityId", out activityId) || !XapiFormats.IsIri(activityId))
            {
                await LrsResponse.ErrorAsync(context, 400, "activityId is required and must be an IRI.");
                return;
            }
        }
        string? agentKey = null;
        if (kind is DocumentKind.State or DocumentKind.AgentProfile)
        {
            (agentKey, var agentError) = Agent(parameters);
            if (agentError is not null)
            {
                await LrsResponse.ErrorAsync(context, 400, agentError);
                return;
            }
        }
        Guid? registration = null;
        if (parameters.TryGetValue("registration", out var registrationText))
        {
            if (!XapiFormats.TryParseUuid(registrationText, out var uuid))
            {
                await LrsResponse.ErrorAsync(context, 400, "registration must be a UUID.");
                return;
            }
            registration = uuid;
        }
        parameters.TryGetValue(idName, out var documentId);
        DateTimeOffset? since = null;
        if (parameters.TryGetValue("since", out var sinceText))
        {
            if (!request.IsRead || documentId is not null)
            {
                await LrsResponse.ErrorAsync(context, 400, $"since is only for listing document ids (GET without {idName}).");
                return;
            }
            if (!XapiFormats.TryParseTimestamp(sinceText, out var instant))
            {
                await LrsResponse.ErrorAsync(context, 400, "since must be an ISO 8601 timestamp.");
                return;
            }
            since = instant;
        }
        var scope = new DocumentScope(kind, activityId, agentKey, registration);
        var store = context.RequestServices.GetRequiredService<DocumentStore>();
        var cancellationToken = context.RequestAborted;
        var preconditions = new DocumentPreconditions(request.Header("If-Match"), request.Header("If-None-Match"));

        if (request.IsRead)
        {
            if (documentId is null)
            {
                var (ids, lastModified) = await store.ListAsync(scope, since, cancellationToken);
                var json = JsonSerializer.SerializeToUtf8Bytes(ids);
                context.Response.Headers.ETag = "\"" + DocumentStore.ETagOf(json) + "\"";
                if (lastModified is { } modified)
                {
                    context.Response.Headers.LastModified = LrsResponse.HttpDate(modified);
                }
                await LrsResponse.JsonAsync(context, 200, json);
                return;
            }
            var document = await store.GetAsync(scope, documentId, cancellationToken);
            if (document is null)
            {
                await LrsResponse.ErrorAsync(context, 404, $"There is no document {documentId} here.");
                return;
            }
            context.Response.Headers.ETag = document.QuotedETag;
            context.Response.Headers.LastModified = LrsResponse.HttpDate(document.UpdatedAt);
            // A document is whatever a client stored, under the content type it chose: text/html included. Opened in
            // a browser it must never render as a page of Guild's origin (script, forms, phishing): a download, in a
            // sandbox (unique origin, no script) even if rendered, and never sniffed into another type.
            // xAPI clients read documents with XHR/fetch, which none of these headers affect.
            context.Response.Headers.ContentDisposition = "attachment";
            context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await LrsResponse.BytesAsync(context, 200, document.ContentType, document.Content);
            return;
        }

        if (request.Method == "DELETE" && documentId is null)
        {
            if (kind != DocumentKind.State)
            {
                await LrsResponse.ErrorAsync(context, 400, $"DELETE needs {idName}.");
                return;
            }
            await store.DeleteAllAsync(scope, cancellationToken);
            await LrsResponse.NoContentAsync(context);
            return;
        }
        if (documentId is null)
        {
            await LrsResponse.ErrorAsync(context, 400, $"{request.Method} needs the {idName} parameter.");
            return;
        }
        var contentType = request.Header("Content-Type") ?? "application/octet-stream";
        var outcome = request.Method switch
        {
            "PUT" => await store.PutAsync(scope, documentId, contentType, request.Body, preconditions, cancellationToken),
            "POST" => await store.PostAsync(scope, documentId, contentType, request.Body, preconditions, cancellationToken),
            _ => await store.DeleteAsync(scope, documentId, preconditions, cancellationToken),
        };
        switch (outcome)
        {
            case DocumentOutcome.Done:
                await LrsResponse.NoContentAsync(context);
                break;
            case DocumentOutcome.NotFound:
                // Deleting what is not there leaves the LRS as the client wanted it.
                await LrsResponse.NoContentAsync(context);
                break;
            case DocumentOutcome.PreconditionFailed:
                await LrsResponse.ErrorAsync(context, 412, "The document's current ETag does not satisfy If-Match / If-None-Match; nothing was changed.");
                break;
            case DocumentOutcome.Conflict:
                await LrsResponse.ErrorAsync(context, 409,
                    "The document already exists. Check its current state (GET) and send If-Match with its current ETag to replace it, " +
                    "or If-None-Match: * to create it only if it does not exist. Nothing was changed.");
                break;
            case DocumentOutcome.PreconditionRequired:
                await LrsResponse.ErrorAsync(context, 400,
                    "A PUT to the profile resources needs a precondition header: If-None-Match: * to create the document, " +
                    "or If-Match: \"<ETag>\" (the ETag of a GET) to replace it. Nothing was changed.");
                break;
            case DocumentOutcome.NotMergeable:
                await LrsResponse.ErrorAsync(context, 400,
                    "POST merges JSON objects: both the posted and the stored document must be application/json objects. Nothing was changed.");
                break;
        }
    }

    /// <summary>The agent parameter: an Agent in JSON (a Group's identifier may be used in an Agent object, Communication 2.6).</summary>
    private static (string? Key, string? Error) Agent(Dictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("agent", out var text))
        {
            return (null, "agent is required: an Agent in JSON.");
        }
        try
        {
            using var agent = JsonDocument.Parse(text);
            var (key, error) = StatementValidator.ValidateAgentParameter(agent.RootElement, "agent", allowGroup: false);
            return (key, error?.ToString());
        }
        catch (JsonException)
        {
            return (null, "agent must be an Agent object in JSON.");
        }
    }

    /// <summary>The Activities resource: the complete Activity with the LRS's canonical definition (Communication 2.5).</summary>
    public static async Task ActivitiesAsync(LrsRequest request)
    {
        var context = request.Context;
        if (!request.IsRead)
        {
            await LrsResponse.ErrorAsync(context, 405, "The Activities resource only answers GET.");
            return;
        }
        if (StatementsResource.Unexpected(request.Parameters, "activityId") is { } unexpected)
        {
            await LrsResponse.ErrorAsync(context, 400, unexpected);
            return;
        }
        if (!request.Parameters.TryGetValue("activityId", out var activityId) || !XapiFormats.IsIri(activityId))
        {
            await LrsResponse.ErrorAsync(context, 400, "activityId is required and must be an IRI.");
            return;
        }
        var (_, definition) = await context.RequestServices.GetRequiredService<StatementStore>().ActivityAsync(activityId, context.RequestAborted);
        var activity = new JsonObject { ["objectType"] = "Activity", ["id"] = activityId };
        if (definition is not null)
        {
            activity["definition"] = JsonNode.Parse(definition);
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(activity);
        context.Response.Headers.ETag = "\"" + DocumentStore.ETagOf(json) + "\"";
        await LrsResponse.JsonAsync(context, 200, json);
    }

    /// <summary>The Agents resource: a Person object for an Agent (Communication 2.4); Guild knows no more than it was told.</summary>
    public static async Task AgentsAsync(LrsRequest request)
    {
        var context = request.Context;
        if (!request.IsRead)
        {
            await LrsResponse.ErrorAsync(context, 405, "The Agents resource only answers GET.");
            return;
        }
        if (StatementsResource.Unexpected(request.Parameters, "agent") is { } unexpected)
        {
            await LrsResponse.ErrorAsync(context, 400, unexpected);
            return;
        }
        var (_, error) = Agent(request.Parameters);
        if (error is not null)
        {
            await LrsResponse.ErrorAsync(context, 400, error);
            return;
        }
        using var agent = JsonDocument.Parse(request.Parameters["agent"]);
        var person = new JsonObject { ["objectType"] = "Person" };
        foreach (var name in new[] { "name", "mbox", "mbox_sha1sum", "openid", "account" })
        {
            if (agent.RootElement.TryGetProperty(name, out var value))
            {
                person[name] = new JsonArray(JsonNode.Parse(value.GetRawText()));
            }
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(person);
        context.Response.Headers.ETag = "\"" + DocumentStore.ETagOf(json) + "\"";
        await LrsResponse.JsonAsync(context, 200, json);
    }
}
