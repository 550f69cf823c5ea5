using System.Buffers;
using System.Text;
using System.Text.Json;
using Guild.Web.Features.Lrs.Validation;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// Writes the stored form of a statement: the submitted JSON, property for property (numbers and
/// strings keep their original text), with what the LRS fills in (Data 2.4.1, 2.4.7-2.4.10): id,
/// timestamp, stored, authority and version, and with every contextActivities value as an array
/// (Data 2.4.6.2.s4.b3). Also derives the "ids" form, which keeps only what identifies each object.
/// </summary>
public static class StatementDocument
{
    public static string Write(Statement statement, Guid id, DateTimeOffset stored, StatementAuthority authority)
    {
        var buffer = new ArrayBufferWriter<byte>(statement.Json.GetRawText().Length + 400);
        using (var writer = new Utf8JsonWriter(buffer, LrsJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id.ToString("D"));
            foreach (var property in statement.Json.EnumerateObject())
            {
                if (property.NameEquals("id") || property.NameEquals("stored") || property.NameEquals("authority")
                    || property.NameEquals("version") || property.NameEquals("timestamp"))
                {
                    continue;
                }
                if (property.NameEquals("context"))
                {
                    writer.WritePropertyName("context");
                    WriteContext(writer, property.Value);
                }
                else if (property.NameEquals("object") && IsSubStatement(property.Value))
                {
                    writer.WritePropertyName("object");
                    WriteSubStatement(writer, property.Value);
                }
                else
                {
                    property.WriteTo(writer);
                }
            }
            writer.WriteString("timestamp", XapiFormats.FormatTimestamp(statement.Facts.Timestamp ?? stored));
            writer.WriteString("stored", XapiFormats.FormatTimestamp(stored));
            writer.WritePropertyName("authority");
            writer.WriteRawValue(authority.Json, skipInputValidation: true);
            writer.WriteString("version", statement.Facts.Version ?? "1.0.0");
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsSubStatement(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("objectType", out var type)
        && type.ValueKind == JsonValueKind.String && type.ValueEquals("SubStatement");

    private static void WriteSubStatement(Utf8JsonWriter writer, JsonElement sub)
    {
        writer.WriteStartObject();
        foreach (var property in sub.EnumerateObject())
        {
            if (property.NameEquals("context"))
            {
                writer.WritePropertyName("context");
                WriteContext(writer, property.Value);
            }
            else
            {
                property.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter writer, JsonElement context)
    {
        writer.WriteStartObject();
        foreach (var property in context.EnumerateObject())
        {
            if (!property.NameEquals("contextActivities"))
            {
                property.WriteTo(writer);
                continue;
            }
            writer.WriteStartObject("contextActivities");
            foreach (var kind in property.Value.EnumerateObject())
            {
                if (kind.Value.ValueKind == JsonValueKind.Array)
                {
                    kind.WriteTo(writer);
                }
                else
                {
                    writer.WriteStartArray(kind.Name);
                    kind.Value.WriteTo(writer);
                    writer.WriteEndArray();
                }
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// The "ids" format (Communication 2.1.3): only what identifies each object. An Activity is
    /// <c>{"id"}</c>, a Verb its id, an Agent its identifier, an identified Group objectType and its
    /// identifier (no members), an anonymous Group objectType and its members' identifiers. An Agent as a
    /// statement's object keeps objectType, which tells it from an Activity there (Data 2.4.4.s2).
    /// </summary>
    public static void WriteIds(Utf8JsonWriter writer, JsonElement statement)
    {
        writer.WriteStartObject();
        foreach (var property in statement.EnumerateObject())
        {
            if (property.NameEquals("actor") || property.NameEquals("authority"))
            {
                writer.WritePropertyName(property.Name);
                WriteActorIds(writer, property.Value);
            }
            else if (property.NameEquals("verb"))
            {
                writer.WriteStartObject("verb");
                writer.WriteString("id", property.Value.GetProperty("id").GetString());
                writer.WriteEndObject();
            }
            else if (property.NameEquals("object"))
            {
                writer.WritePropertyName("object");
                WriteObjectIds(writer, property.Value);
            }
            else if (property.NameEquals("context"))
            {
                writer.WriteStartObject("context");
                foreach (var item in property.Value.EnumerateObject())
                {
                    if (item.NameEquals("instructor") || item.NameEquals("team"))
                    {
                        writer.WritePropertyName(item.Name);
                        WriteActorIds(writer, item.Value);
                    }
                    else if (item.NameEquals("contextActivities"))
                    {
                        writer.WriteStartObject("contextActivities");
                        foreach (var kind in item.Value.EnumerateObject())
                        {
                            writer.WriteStartArray(kind.Name);
                            foreach (var activity in kind.Value.ValueKind == JsonValueKind.Array ? kind.Value.EnumerateArray() : default)
                            {
                                WriteActivityIds(writer, activity);
                            }
                            if (kind.Value.ValueKind == JsonValueKind.Object)
                            {
                                WriteActivityIds(writer, kind.Value);
                            }
                            writer.WriteEndArray();
                        }
                        writer.WriteEndObject();
                    }
                    else
                    {
                        item.WriteTo(writer);
                    }
                }
                writer.WriteEndObject();
            }
            else
            {
                property.WriteTo(writer);
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteObjectIds(Utf8JsonWriter writer, JsonElement value)
    {
        var type = value.TryGetProperty("objectType", out var objectType) ? objectType.GetString() : "Activity";
        switch (type)
        {
            case "Agent":
            case "Group":
                WriteActorIds(writer, value, asObject: true);
                break;
            case "SubStatement":
                WriteIds(writer, value);
                break;
            case "StatementRef":
                value.WriteTo(writer);
                break;
            default:
                WriteActivityIds(writer, value);
                break;
        }
    }

    private static void WriteActivityIds(Utf8JsonWriter writer, JsonElement activity)
    {
        writer.WriteStartObject();
        writer.WriteString("id", activity.GetProperty("id").GetString());
        writer.WriteEndObject();
    }

    private static void WriteActorIds(Utf8JsonWriter writer, JsonElement actor, bool asObject = false)
    {
        writer.WriteStartObject();
        var isGroup = actor.TryGetProperty("objectType", out var type) && type.ValueEquals("Group");
        if (isGroup || asObject)
        {
            writer.WriteString("objectType", isGroup ? "Group" : "Agent");
        }
        var identified = false;
        foreach (var property in actor.EnumerateObject())
        {
            if (property.NameEquals("mbox") || property.NameEquals("mbox_sha1sum") || property.NameEquals("openid") || property.NameEquals("account"))
            {
                property.WriteTo(writer);
                identified = true;
            }
        }
        if (isGroup && !identified && actor.TryGetProperty("member", out var members))
        {
            writer.WriteStartArray("member");
            foreach (var member in members.EnumerateArray())
            {
                WriteActorIds(writer, member);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }
}
