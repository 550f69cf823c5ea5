using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Guild.Web.Platform.LearningRecords;

/// <summary>
/// Turns a <see cref="LearningAct"/> into xAPI 1.0.3 statement JSON: the actor is an Agent with an
/// account on the organisation's base IRI (name = the person's id) and their display name; the object
/// is an Activity under the base IRI with its type and English and Dutch names.
/// </summary>
public static class LearningStatements
{
    /// <summary>The account name of the authority that vouches for statements Guild records itself.</summary>
    public const string AuthorityAccount = "guild";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ActivityId(string baseIri, LearningActivity activity) => baseIri + activity.Path;

    /// <summary>The identifier key the LRS indexes an account Agent under (as its agent filter computes it).</summary>
    public static string AgentKey(string baseIri, Guid personId) => "account:" + baseIri + "|" + personId.ToString("D");

    /// <summary>The platform's authority: an Agent with the account "guild" on the base IRI.</summary>
    public static string AuthorityJson(string baseIri)
    {
        var buffer = new ArrayBufferWriter<byte>(200);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteAuthority(writer, baseIri);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The statement as Guild submits it to the LRS (id and timestamp set; stored and authority left to the LRS).</summary>
    public static string Json(LearningAct act, Guid id, string baseIri, DateTimeOffset at)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, act, id, baseIri, at, stored: null);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes the statement; with <paramref name="stored"/> also what the LRS fills in (stored, authority,
    /// version), in the order the LRS's stored form has them (for bulk loads that bypass the LRS writer).
    /// </summary>
    public static void Write(Utf8JsonWriter writer, LearningAct act, Guid id, string baseIri, DateTimeOffset at, DateTimeOffset? stored)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id.ToString("D"));
        writer.WriteStartObject("actor");
        writer.WriteString("objectType", "Agent");
        writer.WriteString("name", act.Actor.DisplayName);
        writer.WriteStartObject("account");
        writer.WriteString("homePage", baseIri);
        writer.WriteString("name", act.Actor.PersonId.ToString("D"));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("verb");
        writer.WriteString("id", act.Verb.Iri);
        WriteLanguageMap(writer, "display", act.Verb.Display);
        writer.WriteEndObject();
        writer.WriteStartObject("object");
        writer.WriteString("objectType", "Activity");
        writer.WriteString("id", ActivityId(baseIri, act.Activity));
        writer.WriteStartObject("definition");
        writer.WriteString("type", act.Activity.Type);
        WriteLanguageMap(writer, "name", act.Activity.Name);
        writer.WriteEndObject();
        writer.WriteEndObject();
        if (act.Result is { } result)
        {
            WriteResult(writer, result);
        }
        writer.WriteStartObject("context");
        writer.WriteString("platform", "Guild");
        if (act.Language is "en" or "nl")
        {
            writer.WriteString("language", act.Language);
        }
        writer.WriteEndObject();
        writer.WriteString("timestamp", Timestamp(act.At ?? at));
        if (stored is { } storedAt)
        {
            writer.WriteString("stored", Timestamp(storedAt));
            writer.WritePropertyName("authority");
            WriteAuthority(writer, baseIri);
            writer.WriteString("version", "1.0.0");
        }
        writer.WriteEndObject();
    }

    /// <summary>UTC with at least milliseconds and no trailing zeros beyond them, as the LRS writes instants.</summary>
    public static string Timestamp(DateTimeOffset instant)
    {
        var text = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        var end = text.Length;
        while (end > 23 && text[end - 1] == '0')
        {
            end--;
        }
        return string.Concat(text.AsSpan(0, end), "Z");
    }

    private static void WriteResult(Utf8JsonWriter writer, LearningResult result)
    {
        writer.WriteStartObject("result");
        if (result.ScaledScore is { } scaled)
        {
            writer.WriteStartObject("score");
            writer.WriteNumber("scaled", scaled);
            writer.WriteEndObject();
        }
        if (result.Success is { } success)
        {
            writer.WriteBoolean("success", success);
        }
        if (result.Response is { } response)
        {
            writer.WriteString("response", response);
        }
        if (result.Progress is { } progress)
        {
            writer.WriteStartObject("extensions");
            writer.WriteNumber(LearningResult.ProgressExtension, (int)Math.Round(progress * 100, MidpointRounding.AwayFromZero));
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteAuthority(Utf8JsonWriter writer, string baseIri)
    {
        writer.WriteStartObject();
        writer.WriteString("objectType", "Agent");
        writer.WriteStartObject("account");
        writer.WriteString("homePage", baseIri);
        writer.WriteString("name", AuthorityAccount);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteLanguageMap(Utf8JsonWriter writer, string name, LocalizedText text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("en", text.English);
        writer.WriteString("nl", text.Dutch);
        writer.WriteEndObject();
    }
}
