using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Guild.Web.Features.Lrs.Validation;

namespace Guild.Tests.Features.Lrs.Validation;

/// <summary>
/// Property-based checks: every statement the generators build from the specification's rules is
/// accepted, and every mutation that breaks exactly one rule is refused with the broken property named.
/// </summary>
public sealed class StatementValidatorProperties
{
    private static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<string> Word = Gen.String[Gen.Char['a', 'z'], 1, 10];
    private static readonly Gen<string> Iri = Gen.Select(Pick("http", "https", "urn", "tag"), Word, Word,
        (scheme, host, path) => scheme is "http" or "https" ? $"{scheme}://{host}.example.com/{path}" : $"{scheme}:{host}:{path}");
    private static readonly Gen<string> LanguageTag = Pick("en", "en-US", "nl", "nl-BE", "zh-Hant-TW", "es-419", "de-CH-1901", "x-klingon", "tlh");
    private static readonly Gen<JsonObject> LanguageMap = Gen.Select(LanguageTag.Array[1, 3], Word,
        (tags, text) => Object(tags.Distinct().Select(tag => (tag, (JsonNode?)text)).ToArray()));
    // RFC 4122 UUIDs: any version, the variant nibble 8, 9, a or b.
    private static readonly Gen<string> Uuid = Gen.Guid.Select(g =>
    {
        var text = g.ToString("D");
        return text[..19] + "89ab"[text[20] % 4] + text[20..];
    });
    private static readonly Gen<string> Timestamp = Gen.Select(Gen.DateTime[new DateTime(2000, 1, 1), new DateTime(2030, 1, 1)],
        Pick("Z", "+00:00", "+01:00", "-05:30", "+14:00", ""), Gen.Int[0, 2],
        (instant, zone, style) => style switch
        {
            0 => instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + zone,
            1 => instant.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + zone,
            _ => instant.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture) + zone.Replace(":", "", StringComparison.Ordinal),
        });
    private static readonly Gen<string> Duration = Gen.OneOf(
        Gen.Int[1, 99].Select(weeks => $"P{weeks}W"),
        Gen.Select(Gen.Int[0, 5].Array[7], Gen.Bool, (parts, fraction) =>
        {
            var date = (parts[0] > 0 ? $"{parts[0]}Y" : "") + (parts[1] > 0 ? $"{parts[1]}M" : "") + (parts[2] > 0 ? $"{parts[2]}D" : "");
            var time = (parts[3] > 0 ? $"{parts[3]}H" : "") + (parts[4] > 0 ? $"{parts[4]}M" : "") + (parts[5] > 0 || date.Length == 0 ? $"{parts[5]}{(fraction ? ".25" : "")}S" : "");
            return "P" + date + (time.Length > 0 ? "T" + time : "");
        }));

    private static readonly Gen<JsonObject> Agent = Gen.Select(Gen.Int[0, 3], Word, Iri, Gen.Bool, Gen.Bool, (kind, name, iri, named, typed) =>
    {
        var agent = new JsonObject();
        if (typed) { agent["objectType"] = "Agent"; }
        if (named) { agent["name"] = name; }
        switch (kind)
        {
            case 0: agent["mbox"] = $"mailto:{name}@example.com"; break;
            case 1: agent["mbox_sha1sum"] = Sha1Hex(name); break;
            case 2: agent["openid"] = iri; break;
            default: agent["account"] = Object(("homePage", "http://lms.example.com"), ("name", name)); break;
        }
        return agent;
    });

    private static readonly Gen<JsonObject> Group = Gen.Select(Agent.Array[1, 3], Gen.Bool, Word, (members, identified, name) =>
    {
        var group = new JsonObject { ["objectType"] = "Group", ["member"] = new JsonArray(members.Select(m => (JsonNode)m).ToArray()) };
        if (identified) { group["mbox"] = $"mailto:{name}.team@example.com"; }
        return group;
    });

    private static readonly Gen<JsonObject> Actor = Gen.Frequency((4, Agent), (1, Group));

    private static readonly Gen<JsonObject> Verb = Gen.Select(Iri, LanguageMap, Gen.Bool,
        (id, display, withDisplay) => withDisplay ? Object(("id", id), ("display", display)) : Object(("id", id)));

    private static readonly Gen<JsonObject> Definition = Gen.Select(LanguageMap, LanguageMap, Iri, Gen.Int[0, 4], Word.Array[1, 4],
        (name, description, type, interaction, ids) =>
        {
            var definition = Object(("name", name), ("description", description), ("type", type));
            var components = new JsonArray(ids.Distinct().Select(id => (JsonNode)Object(("id", id))).ToArray());
            switch (interaction)
            {
                case 1: definition["interactionType"] = "choice"; definition["choices"] = components; definition["correctResponsesPattern"] = new JsonArray(ids[0]); break;
                case 2: definition["interactionType"] = "likert"; definition["scale"] = components; break;
                case 3: definition["interactionType"] = "performance"; definition["steps"] = components; break;
                case 4: definition["interactionType"] = "numeric"; definition["correctResponsesPattern"] = new JsonArray("4[:]"); break;
            }
            return definition;
        });

    private static readonly Gen<JsonObject> Activity = Gen.Select(Iri, Definition, Gen.Bool, Gen.Bool, (id, definition, typed, defined) =>
    {
        var activity = Object(("id", id));
        if (typed) { activity["objectType"] = "Activity"; }
        if (defined) { activity["definition"] = definition; }
        return activity;
    });

    private static readonly Gen<JsonObject> Score = Gen.Select(Gen.Double[-1, 1], Gen.Double[-100, 100], Gen.Double[0.01, 100], Gen.Double[0, 1],
        (scaled, min, span, at) => Object(("scaled", scaled), ("min", min), ("max", min + span), ("raw", min + span * at)));

    private static readonly Gen<JsonObject> Result = Gen.Select(Score, Gen.Bool, Gen.Bool, Duration, Word,
        (score, success, completion, duration, response) => Object(("score", score), ("success", success), ("completion", completion),
            ("duration", duration), ("response", response), ("extensions", Object(("http://example.com/ext", null)))));

    private static readonly Gen<JsonObject> Context = Gen.Select(Uuid, Agent, Activity.Array[0, 3], LanguageTag, Group, (registration, instructor, parents, language, team) =>
    {
        var identifiedTeam = team.DeepClone().AsObject();
        identifiedTeam["mbox"] ??= "mailto:team@example.com";
        return Object(("registration", registration), ("instructor", instructor), ("team", identifiedTeam), ("language", language),
            ("contextActivities", Object(("parent", new JsonArray(parents.Select(p => (JsonNode)p).ToArray())))),
            ("revision", "1.0"), ("platform", "Guild"));
    });

    private static readonly Gen<JsonObject> SubStatement = Gen.Select(Actor, Verb, Activity, Timestamp,
        (actor, verb, activity, timestamp) => Object(("objectType", "SubStatement"), ("actor", actor), ("verb", verb), ("object", activity), ("timestamp", timestamp)));

    private static readonly Gen<JsonObject> Statement = Gen.Select(Gen.Select(Uuid, Actor, Verb, Gen.Int[0, 9], Activity), Gen.Select(Agent, SubStatement, Uuid),
        Gen.Select(Result, Context, Timestamp, Gen.Int[0, 7]),
        (core, objects, extras) =>
        {
            var (id, actor, verb, objectKind, activity) = core;
            var (agentObject, sub, reference) = objects;
            var (result, context, timestamp, optional) = extras;
            var statement = Object(("id", id), ("actor", actor), ("verb", verb));
            var isActivity = objectKind < 6;
            statement["object"] = objectKind switch
            {
                < 6 => activity,
                6 => WithType(agentObject, "Agent"),
                7 => sub,
                _ => Object(("objectType", "StatementRef"), ("id", reference)),
            };
            if ((optional & 1) != 0) { statement["result"] = result; }
            if ((optional & 2) != 0)
            {
                if (!isActivity) { context.Remove("revision"); context.Remove("platform"); }
                statement["context"] = context;
            }
            if ((optional & 4) != 0) { statement["timestamp"] = timestamp; statement["version"] = "1.0.0"; }
            return statement;
        });

#pragma warning disable CA5350 // mbox_sha1sum is SHA-1 by definition (Data 2.4.2.3)
    private static string Sha1Hex(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes("mailto:" + text + "@example.com")));
#pragma warning restore CA5350

    private static JsonObject WithType(JsonObject agent, string type)
    {
        var copy = agent.DeepClone().AsObject();
        copy["objectType"] = type;
        return copy;
    }

    private static JsonObject Object(params (string Name, JsonNode? Value)[] properties)
    {
        var result = new JsonObject();
        foreach (var (name, value) in properties)
        {
            result[name] = value?.DeepClone();
        }
        return result;
    }

    private static ValidationError? Validate(JsonObject statement)
    {
        using var document = JsonDocument.Parse(statement.ToJsonString());
        return StatementValidator.Validate(document.RootElement).Error;
    }

    [Fact]
    public void Every_generated_valid_statement_is_accepted() =>
        Statement.Sample(statement =>
        {
            var error = Validate(statement);
            Assert.True(error is null, $"{error} in {statement.ToJsonString()}");
        }, iter: 2000);

    /// <summary>Each mutation breaks one rule of the specification and says which property the validator must name.</summary>
    private static readonly (string Rule, Func<JsonObject, string?> Break)[] Mutations =
    [
        ("scaled score above 1", s => { s["result"] = Object(("score", Object(("scaled", 1.0001)))); return "result.score.scaled"; }),
        ("raw score above max", s => { s["result"] = Object(("score", Object(("raw", 11), ("min", 0), ("max", 10)))); return "result.score.raw"; }),
        ("unknown statement property", s => { s["grade"] = "A"; return "grade"; }),
        ("actor with two identifiers", s => { s["actor"] = Object(("mbox", "mailto:a@example.com"), ("openid", "http://a.example.com/")); return "actor"; }),
        ("verb id without scheme", s => { s["verb"]!["id"] = "experienced"; return "verb.id"; }),
        ("timestamp with -00:00", s => { s["timestamp"] = "2020-01-01T00:00:00-00:00"; return "timestamp"; }),
        ("duration in alternative format", s => { s["result"] = Object(("duration", "P0003-04-05T06:07:08")); return "result.duration"; }),
        ("language map key not a tag", s => { s["verb"]!["display"] = Object(("en US", "x")); return "verb.display"; }),
        ("lower-case object type", s => { s["object"]!["objectType"] = (s["object"]!["objectType"]?.GetValue<string>() ?? "Activity").ToLowerInvariant(); return "object.objectType"; }),
        ("version 1.1.0", s => { s["version"] = "1.1.0"; return "version"; }),
        ("null property", s => { s["result"] = null; return "result"; }),
        ("registration not a uuid", s => { s["context"] = Object(("registration", "12345")); return "context.registration"; }),
        ("extension key not an IRI", s => { s["result"] = Object(("extensions", Object(("key", 1)))); return "result.extensions"; }),
        ("statement id not a uuid", s => { s["id"] = "12345"; return "id"; }),
        ("mbox without mailto", s => { s["actor"] = Object(("mbox", "a@example.com")); return "actor.mbox"; }),
        ("string for a boolean", s => { s["result"] = Object(("success", "true")); return "result.success"; }),
    ];

    [Fact]
    public void Breaking_exactly_one_rule_is_refused_and_names_the_property() =>
        Gen.Select(Statement, Gen.Int[0, Mutations.Length - 1]).Sample(pair =>
        {
            var (statement, index) = pair;
            var mutated = statement.DeepClone().AsObject();
            var (rule, mutate) = Mutations[index];
            var path = mutate(mutated);
            var error = Validate(mutated);
            Assert.True(error is not null, $"{rule}: accepted {mutated.ToJsonString()}");
            Assert.True(error.Path == path, $"{rule}: expected {path}, got \"{error}\" for {mutated.ToJsonString()}");
        }, iter: 2000);
}
