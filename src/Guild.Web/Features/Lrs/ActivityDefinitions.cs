using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guild.Web.Features.Lrs;

/// <summary>
/// The LRS's canonical Activity definitions (Data 2.4.4.1.s4, Communication 2.5): merged from the
/// definitions statements carry, and filtered to one language per map for the "canonical" format
/// (Communication 2.1.3.s4).
/// </summary>
public static class ActivityDefinitions
{
    private static readonly string[] LanguageMaps = ["name", "description"];
    private static readonly string[] ComponentLists = ["choices", "scale", "source", "target", "steps"];

    /// <summary>
    /// Language maps gain the languages of the newer definition (a newer text for a language wins);
    /// extensions gain keys; every other property takes the newer value.
    /// </summary>
    public static string? Merge(string? current, IEnumerable<JsonElement> definitions)
    {
        var merged = current is null ? new JsonObject() : JsonNode.Parse(current)!.AsObject();
        foreach (var definition in definitions)
        {
            foreach (var property in definition.EnumerateObject())
            {
                var value = JsonNode.Parse(property.Value.GetRawText());
                if ((Array.IndexOf(LanguageMaps, property.Name) >= 0 || property.Name == "extensions")
                    && merged[property.Name] is JsonObject existing && value is JsonObject incoming)
                {
                    foreach (var (key, text) in incoming)
                    {
                        existing[key] = text?.DeepClone();
                    }
                }
                else
                {
                    merged[property.Name] = value;
                }
            }
        }
        return merged.Count == 0 && current is null ? null : merged.ToJsonString();
    }

    /// <summary>Keeps one language in every language map of a definition, chosen by the Accept-Language list.</summary>
    public static JsonObject Filter(JsonObject definition, IReadOnlyList<string> languages)
    {
        var result = definition.DeepClone().AsObject();
        foreach (var name in LanguageMaps)
        {
            if (result[name] is JsonObject map)
            {
                result[name] = Pick(map, languages);
            }
        }
        foreach (var list in ComponentLists)
        {
            if (result[list] is JsonArray components)
            {
                foreach (var component in components.OfType<JsonObject>())
                {
                    if (component["description"] is JsonObject map)
                    {
                        component["description"] = Pick(map, languages);
                    }
                }
            }
        }
        return result;
    }

    /// <summary>RFC 2616 language choice applied to one map: the first acceptable tag or its prefix, else the first entry.</summary>
    public static JsonObject Pick(JsonObject map, IReadOnlyList<string> languages)
    {
        if (map.Count <= 1)
        {
            return map.DeepClone().AsObject();
        }
        foreach (var wanted in languages)
        {
            if (wanted == "*")
            {
                break;
            }
            foreach (var (tag, text) in map)
            {
                if (tag.Equals(wanted, StringComparison.OrdinalIgnoreCase)
                    || tag.StartsWith(wanted + "-", StringComparison.OrdinalIgnoreCase))
                {
                    return new JsonObject { [tag] = text?.DeepClone() };
                }
            }
        }
        var (firstTag, firstText) = map.First();
        return new JsonObject { [firstTag] = firstText?.DeepClone() };
    }
}
