using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guild.Web.Features.Lrs.Validation;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// Decides whether two serialisations are the same statement (Data 2.3.1, "Statement Comparison
/// Requirements"): differences the LRS itself may cause are ignored — id, authority, stored,
/// timestamp and version when one side lacks them, timestamp time zones, Activity definitions, Verb
/// displays, attachments, the order of Group members, the case of e-mail domains, how a number is
/// written and the order of object properties. Everything else must match. Used for repeated
/// statement ids (Communication 2.1.1.s2.b3) and signed statements (Data 2.6.s5.b3.b2).
/// </summary>
public static class StatementComparer
{
    public static bool AreSame(JsonElement first, JsonElement second)
    {
        var a = JsonNode.Parse(first.GetRawText())!.AsObject();
        var b = JsonNode.Parse(second.GetRawText())!.AsObject();
        foreach (var name in new[] { "id", "timestamp" })
        {
            if (!a.ContainsKey(name) || !b.ContainsKey(name))
            {
                a.Remove(name);
                b.Remove(name);
            }
        }
        return Canonical(Normalise(a, top: true)) == Canonical(Normalise(b, top: true));
    }

    /// <summary>
    /// Whether <paramref name="submitted"/> is the statement kept in the stored form <paramref name="stored"/>, found under
    /// the same id. The stored form differs from what was first submitted only where <see cref="AreSame"/> looks past it,
    /// except for two things the LRS wrote itself: the id in lower case (the lookup already matched it) and a timestamp it
    /// filled in, which it wrote equal to <c>stored</c> (Data 2.4.7) — then the original had none, and none is compared.
    /// </summary>
    public static bool IsSameAsStored(JsonElement stored, JsonElement submitted)
    {
        var a = JsonNode.Parse(stored.GetRawText())!.AsObject();
        var b = JsonNode.Parse(submitted.GetRawText())!.AsObject();
        a.Remove("id");
        b.Remove("id");
        if (a["timestamp"] is JsonValue timestamp && a["stored"] is JsonValue storedAt
            && timestamp.GetValue<string>() == storedAt.GetValue<string>())
        {
            a.Remove("timestamp");
            b.Remove("timestamp");
        }
        else if (!b.ContainsKey("timestamp"))
        {
            a.Remove("timestamp");
        }
        return Canonical(Normalise(a, top: true)) == Canonical(Normalise(b, top: true));
    }

    private static JsonObject Normalise(JsonObject statement, bool top)
    {
        statement.Remove("stored");
        statement.Remove("authority");
        statement.Remove("attachments");
        if (top)
        {
            statement["version"] ??= "1.0.0";
        }
        if (statement["timestamp"] is JsonValue timestamp && XapiFormats.TryParseTimestamp(timestamp.GetValue<string>(), out var instant))
        {
            statement["timestamp"] = instant.UtcTicks.ToString(CultureInfo.InvariantCulture);
        }
        if (statement["actor"] is JsonObject actor)
        {
            NormaliseActor(actor);
        }
        if (statement["verb"] is JsonObject verb)
        {
            verb.Remove("display");
        }
        if (statement["object"] is JsonObject @object)
        {
            var type = @object["objectType"]?.GetValue<string>() ?? "Activity";
            switch (type)
            {
                case "Activity": NormaliseActivity(@object); break;
                case "Agent":
                case "Group": NormaliseActor(@object); break;
                case "SubStatement": Normalise(@object, top: false); break;
            }
        }
        if (statement["context"] is JsonObject context)
        {
            if (context["instructor"] is JsonObject instructor) { NormaliseActor(instructor); }
            if (context["team"] is JsonObject team) { NormaliseActor(team); }
            if (context["contextActivities"] is JsonObject activities)
            {
                foreach (var name in activities.Select(p => p.Key).ToList())
                {
                    var value = activities[name];
                    var array = value as JsonArray ?? new JsonArray(value!.DeepClone());
                    foreach (var activity in array.OfType<JsonObject>())
                    {
                        NormaliseActivity(activity);
                    }
                    activities[name] = array.DeepClone();
                }
            }
        }
        return statement;
    }

    private static void NormaliseActivity(JsonObject activity)
    {
        activity.Remove("definition");
        activity["objectType"] = "Activity";
    }

    private static void NormaliseActor(JsonObject actor)
    {
        actor["objectType"] ??= "Agent";
        if (actor["mbox"] is JsonValue mbox)
        {
            var text = mbox.GetValue<string>();
            var at = text.LastIndexOf('@');
            actor["mbox"] = at < 0 ? text : text[..at] + text[at..].ToLowerInvariant();
        }
        if (actor["mbox_sha1sum"] is JsonValue sha1)
        {
            actor["mbox_sha1sum"] = sha1.GetValue<string>().ToLowerInvariant();
        }
        if (actor["member"] is JsonArray members)
        {
            foreach (var member in members.OfType<JsonObject>())
            {
                NormaliseActor(member);
            }
            var sorted = members.Select(m => Canonical(m!)).Order(StringComparer.Ordinal).Select(text => JsonNode.Parse(text)).ToArray();
            actor["member"] = new JsonArray(sorted);
        }
    }

    /// <summary>JSON with object keys in ordinal order and numbers in one spelling.</summary>
    public static string Canonical(JsonNode node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) { builder.Append(','); }
                    first = false;
                    builder.Append(JsonSerializer.Serialize(key)).Append(':');
                    Write(builder, value);
                }
                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) { builder.Append(','); }
                    Write(builder, array[i]);
                }
                builder.Append(']');
                break;
            case JsonValue value:
                var element = value.GetValueKind();
                if (element == JsonValueKind.Number)
                {
                    var number = value.ToJsonString();
                    builder.Append(decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
                        ? (exact / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
                        : double.Parse(number, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(value.ToJsonString());
                }
                break;
        }
    }
}
