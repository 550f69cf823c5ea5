using System.Text;
using System.Text.Json;
using Guild.Web.Features.Lrs.Validation;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// A statement that passed <see cref="StatementValidator"/>: the JSON as it was submitted and the
/// facts the store indexes. The only way to make one is <see cref="Parse(JsonElement)"/>, so
/// everything that reaches <see cref="StatementStore"/> is valid xAPI 1.0.3.
/// </summary>
public sealed class Statement
{
    private Statement(JsonElement json, StatementFacts facts)
    {
        Json = json;
        Facts = facts;
    }

    /// <summary>The statement exactly as submitted (an element of a document the caller keeps alive).</summary>
    public JsonElement Json { get; }

    public StatementFacts Facts { get; }

    public static (Statement? Statement, ValidationError? Error) Parse(JsonElement json)
    {
        if (HasNulCharacter(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(json)))
        {
            return (null, new ValidationError("", "The statement holds the character U+0000 (\\u0000), which Guild cannot store."));
        }
        var (facts, error) = StatementValidator.Validate(json);
        return error is null ? (new Statement(json, facts!), null) : (null, error);
    }

    /// <summary>
    /// Whether JSON text holds the escape <c>\u0000</c> (raw NUL bytes are not valid JSON). PostgreSQL stores neither
    /// jsonb nor text with it, so such a statement is refused, not failed at the commit. One pass over the bytes, no copy.
    /// </summary>
    internal static bool HasNulCharacter(ReadOnlySpan<byte> json)
    {
        for (var i = json.IndexOf((byte)'\\'); i >= 0 && i < json.Length - 1; )
        {
            if (json[i + 1] == (byte)'u' && json[(i + 2)..].StartsWith("0000"u8))
            {
                return true;
            }
            // Skip the escaped character (an escaped backslash must not start another escape).
            var next = json[(i + 2)..].IndexOf((byte)'\\');
            i = next < 0 ? -1 : i + 2 + next;
        }
        return false;
    }

    /// <summary>
    /// The body of a POST: one statement or an array of them (Communication 2.1.2). Errors in a batch
    /// name the position (<c>[2].verb.id must be an IRI</c>); two statements with one id refuse the batch.
    /// </summary>
    public static (IReadOnlyList<Statement> Statements, ValidationError? Error) ParseBatch(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            var (one, error) = Parse(root);
            return error is null ? ([one!], null) : ([], error);
        }
        if (root.ValueKind != JsonValueKind.Array)
        {
            return ([], new ValidationError("", "The content must be a Statement object or an array of Statements."));
        }
        var list = new List<Statement>(root.GetArrayLength());
        HashSet<Guid>? ids = null;
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var (statement, error) = Parse(element);
            if (error is not null)
            {
                return ([], error with { Path = $"[{index}]" + (error.Path.Length > 0 && error.Path[0] != '[' ? "." : "") + error.Path });
            }
            if (statement!.Facts.Id is { } id && !(ids ??= []).Add(id))
            {
                return ([], new ValidationError($"[{index}].id", $"repeats {id}: a batch must not hold two statements with one id"));
            }
            list.Add(statement);
            index++;
        }
        return (list, null);
    }

    /// <summary>Parses and validates JSON text (for the platform writer and tests).</summary>
    public static (IReadOnlyList<Statement> Statements, ValidationError? Error) ParseBatch(string json)
    {
        try
        {
            var document = JsonDocument.Parse(json, LrsJson.DocumentOptions);
            return ParseBatch(document.RootElement);
        }
        catch (JsonException exception)
        {
            return ([], new ValidationError("", "The content is not valid JSON: " + exception.Message));
        }
    }
}

/// <summary>The authority a caller asserts statements with (Data 2.4.9): JSON of an Agent or Group, and its identifier keys.</summary>
public sealed class StatementAuthority
{
    private StatementAuthority(string json, IReadOnlyList<string> keys)
    {
        Json = json;
        Keys = keys;
    }

    public string Json { get; }

    /// <summary>The identifier of the Agent, or of each member of an OAuth Group: for the related_agents filter.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The authority of an LRS client without a fixed one: an account on the organisation's base IRI.</summary>
    public static StatementAuthority ForAccount(string homePage, string name)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("objectType", "Agent");
            writer.WriteStartObject("account");
            writer.WriteString("homePage", homePage);
            writer.WriteString("name", name);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return FromJson(Encoding.UTF8.GetString(buffer.WrittenSpan)) ?? throw new InvalidOperationException("The account authority is not valid.");
    }

    /// <summary>An Agent, or a Group of two Agents, given as JSON; null when it is not a valid authority.</summary>
    public static StatementAuthority? FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var isGroup = root.TryGetProperty("objectType", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("Group");
            if (isGroup)
            {
                if (!root.TryGetProperty("member", out var members) || members.ValueKind != JsonValueKind.Array || members.GetArrayLength() != 2)
                {
                    return null;
                }
                var keys = new List<string>();
                foreach (var member in members.EnumerateArray())
                {
                    var (key, error) = StatementValidator.ValidateAgentParameter(member, "authority.member", allowGroup: false);
                    if (error is not null)
                    {
                        return null;
                    }
                    keys.Add(key!);
                }
                return new StatementAuthority(root.GetRawText(), keys);
            }
            var (agentKey, agentError) = StatementValidator.ValidateAgentParameter(root, "authority", allowGroup: false);
            return agentError is null ? new StatementAuthority(root.GetRawText(), [agentKey!]) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>JSON settings the LRS shares: strict reading (no comments, no trailing commas), deep enough for real statements.</summary>
public static class LrsJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
