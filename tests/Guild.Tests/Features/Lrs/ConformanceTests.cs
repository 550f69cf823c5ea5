using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Guild.Tests.Infrastructure;
using static Guild.Tests.Features.Lrs.LrsTesting;

namespace Guild.Tests.Features.Lrs;

/// <summary>
/// The requirements an independent conformance run found Guild did not meet (xAPI 1.0.3), one test each,
/// over HTTP as a third-party client would send them.
/// </summary>
public abstract class ConformanceTests(GuildApp app)
{
    private const string Boundary = "xapi-conformance-boundary";

    private static string Mbox(string name) => $"{{\"mbox\":\"mailto:{name}@example.com\"}}";

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(LrsTestClient lrs, string json)
    {
        using var response = await lrs.PostStatementsAsync(json);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // Data 2.4.9: an authority that is a Group is the OAuth pair, an anonymous Group of exactly two Agents.

    [Fact]
    public async Task An_authority_group_must_be_anonymous_with_exactly_two_agents()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var consumer = "{\"account\":{\"homePage\":\"http://example.com/xAPI/OAuth/Token\",\"name\":\"oauth_consumer_x75db\"}}";
        var user = Mbox(Unique("user"));

        var pair = Statement(extra: $"\"authority\":{{\"objectType\":\"Group\",\"member\":[{consumer},{user}]}}");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(lrs, pair)).Status);

        string[] refused =
        [
            // Identified Groups, with and without members.
            $"{{\"objectType\":\"Group\",\"mbox\":\"mailto:{Unique("team")}@example.com\",\"member\":[{consumer},{user}]}}",
            $"{{\"objectType\":\"Group\",\"mbox_sha1sum\":\"{new string('a', 40)}\"}}",
            "{\"objectType\":\"Group\",\"openid\":\"http://example.com/groups/one\",\"member\":[" + consumer + "," + user + "]}",
            $"{{\"objectType\":\"Group\",\"account\":{{\"homePage\":\"http://example.com\",\"name\":\"{Unique("g")}\"}}}}",
            // Anonymous Groups of one and of three Agents.
            $"{{\"objectType\":\"Group\",\"member\":[{user}]}}",
            $"{{\"objectType\":\"Group\",\"member\":[{consumer},{user},{Mbox(Unique("third"))}]}}",
        ];
        foreach (var authority in refused)
        {
            var id = Guid.NewGuid();
            var (status, body) = await PostAsync(lrs, Statement(id: id.ToString(), extra: $"\"authority\":{authority}"));
            Assert.True(status == HttpStatusCode.BadRequest, $"authority {authority} answered {(int)status}: {body}");
            Assert.Contains("authority", body, StringComparison.Ordinal);
            Assert.Contains("two Agents", body, StringComparison.Ordinal);
            using var get = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }
    }

    // Data 2.4.10: "version" is 1.0 or any 1.0.x.

    [Fact]
    public async Task A_statement_version_of_1_0_or_any_1_0_x_is_stored_and_anything_else_refused()
    {
        using var lrs = await app.CreateLrsClientAsync();
        foreach (var version in new[] { "1.0", "1.0.0", "1.0.3", "1.0.12" })
        {
            var id = Guid.NewGuid();
            var (status, body) = await PostAsync(lrs, Statement(id: id.ToString(), extra: $"\"version\":\"{version}\""));
            Assert.True(status == HttpStatusCode.OK, $"version {version} answered {(int)status}: {body}");
            Assert.Equal(version, (await lrs.GetJsonAsync($"/xapi/statements?statementId={id}"))["version"]!.GetValue<string>());
        }
        foreach (var version in new[] { "1", "1.0.", "1.1", "1.1.0", "0.95", "2.0.0", "1.0.x", "1.0.3-beta", "v1.0.3", " 1.0.3" })
        {
            var (status, body) = await PostAsync(lrs, Statement(extra: $"\"version\":\"{version}\""));
            Assert.True(status == HttpStatusCode.BadRequest, $"version \"{version}\" answered {(int)status}: {body}");
            Assert.Contains("version", body, StringComparison.Ordinal);
        }
    }

    // Data 2.4.11, Communication 1.5.2: attachment parts carry raw octets in whatever content type they have.

    private static (byte[] Data, string Sha2, string ContentType) Raw(byte[] data, string contentType) =>
        (data, Convert.ToHexStringLower(SHA256.HashData(data)), contentType);

    private static ByteArrayContent Multipart(string firstContentType, string statements, params (byte[] Data, string Sha2, string ContentType)[] parts)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{Boundary}\r\nContent-Type: {firstContentType}\r\n\r\n{statements}");
        foreach (var (data, sha2, contentType) in parts)
        {
            Write($"\r\n--{Boundary}\r\nContent-Type: {contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: {sha2}\r\n\r\n");
            body.Write(data);
        }
        Write($"\r\n--{Boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/mixed; boundary={Boundary}");
        return content;
    }

    [Fact]
    public async Task Attachment_parts_of_any_content_type_are_stored_and_returned_with_the_same_bytes()
    {
        using var lrs = await app.CreateLrsClientAsync();
        // Raw data that is not text: NUL, CR LF, high bytes, a PNG signature, and something that looks like a delimiter.
        var octets = new byte[512];
        for (var i = 0; i < octets.Length; i++) { octets[i] = (byte)(i * 7 % 256); }
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xD8, 0x0D, 0x0A, 0x2D, 0x2D };
        // (RFC 2046 forbids only the delimiter itself, CR LF "--" boundary, inside a part.)
        var text = Encoding.UTF8.GetBytes("Plain text, not JSON: {\"not\": json\r\n--\r\n\r\n-- signature\r\n");
        // Past 64 KB the body is read in pooled segments rather than one array.
        var large = new byte[100_000];
        new Random(11).NextBytes(large);
        var parts = new[]
        {
            Raw(octets, "application/octet-stream"), Raw(png, "image/png"), Raw(text, "text/plain; charset=utf-8"), Raw(large, "application/zip"),
        };
        var headers = string.Join(",", parts.Select(p =>
            $"{{\"usageType\":\"http://example.com/attachment-usage/raw\",\"display\":{{\"en-US\":\"raw\"}},\"contentType\":\"{p.ContentType.Split(';')[0]}\",\"length\":{p.Data.Length},\"sha2\":\"{p.Sha2}\"}}"));
        var id = Guid.NewGuid();
        using (var response = await lrs.Http.PostAsync("/xapi/statements",
                   Multipart("application/json", Statement(id: id.ToString(), extra: $"\"attachments\":[{headers}]"), parts)))
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var get = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}&attachments=true");
        Assert.Equal("multipart/mixed", get.Content.Headers.ContentType!.MediaType);
        var boundary = get.Content.Headers.ContentType.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var returned = Guild.Web.Features.Lrs.Http.Multipart.Parse(await get.Content.ReadAsByteArrayAsync(), boundary)!;
        Assert.Equal(1 + parts.Length, returned.Count);
        foreach (var (data, sha2, contentType) in parts)
        {
            var part = Assert.Single(returned, p => p.Header("X-Experience-API-Hash") == sha2);
            Assert.Equal(data, part.Content.ToArray());
            Assert.Equal("binary", part.Header("Content-Transfer-Encoding"));
            Assert.Equal(contentType, part.Header("Content-Type"));
        }
    }

    [Fact]
    public async Task The_first_part_of_a_multipart_request_must_be_the_statements_as_json()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var data = Raw(Encoding.ASCII.GetBytes("raw"), "application/octet-stream");
        var header = $"{{\"usageType\":\"http://example.com/u\",\"display\":{{\"en-US\":\"raw\"}},\"contentType\":\"application/octet-stream\",\"length\":3,\"sha2\":\"{data.Sha2}\"}}";
        var id = Guid.NewGuid();
        foreach (var firstType in new[] { "application/octet-stream", "text/plain" })
        {
            using var response = await lrs.Http.PostAsync("/xapi/statements",
                Multipart(firstType, Statement(id: id.ToString(), extra: $"\"attachments\":[{header}]"), data));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var get = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    // Communication 2.1.3: format=ids keeps the minimum that identifies each Agent, Group, Activity and Verb.

    [Fact]
    public async Task Format_ids_reduces_activities_to_their_id_and_agents_and_groups_to_their_identifier()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var learner = Unique("ids-learner");
        var coach = Unique("ids-coach");
        var member = Unique("ids-member");
        var activity = "http://example.com/activities/" + Unique("ids");
        var parent = "http://example.com/courses/" + Unique("ids");
        var inner = "http://example.com/activities/" + Unique("inner");
        var definition = "\"definition\":{\"name\":{\"en-US\":\"Named\"},\"type\":\"http://adlnet.gov/expapi/activities/lesson\"}";
        var agent = $"{{\"objectType\":\"Agent\",\"name\":\"Learner\",\"mbox\":\"mailto:{learner}@example.com\"}}";
        var team = $"{{\"objectType\":\"Group\",\"name\":\"Team\",\"mbox\":\"mailto:{Unique("team")}@example.com\",\"member\":[{agent}]}}";
        var anonymous = $"{{\"objectType\":\"Group\",\"name\":\"Pair\",\"member\":[{{\"name\":\"Member\",\"mbox\":\"mailto:{member}@example.com\"}},{{\"objectType\":\"Agent\",\"name\":\"Coach\",\"account\":{{\"homePage\":\"http://example.com\",\"name\":\"{coach}\"}}}}]}}";
        var context = $"\"context\":{{\"instructor\":{anonymous},\"team\":{team},\"contextActivities\":{{\"parent\":[{{\"objectType\":\"Activity\",\"id\":\"{parent}\",{definition}}}],\"grouping\":{{\"id\":\"{parent}/g\",{definition}}}}}}}";
        var verb = "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\",\"display\":{\"en-US\":\"experienced\"}}";

        var top = $"{{\"actor\":{agent},{verb},\"object\":{{\"objectType\":\"Activity\",\"id\":\"{activity}\",{definition}}},{context}}}";
        var sub = $"{{\"actor\":{team},{verb},\"object\":{{\"objectType\":\"SubStatement\",\"actor\":{anonymous},{verb},\"object\":{{\"objectType\":\"Activity\",\"id\":\"{inner}\",{definition}}},{context}}}}}";
        var agentObject = $"{{\"actor\":{agent},{verb},\"object\":{agent}}}";
        var ids = await lrs.StoreAsync(top, sub, agentObject);

        var agentIds = new JsonObject { ["mbox"] = $"mailto:{learner}@example.com" };
        var teamIds = new JsonObject { ["objectType"] = "Group", ["mbox"] = team.Split("\"mbox\":\"")[1].Split('"')[0] };
        var anonymousIds = new JsonObject
        {
            ["objectType"] = "Group",
            ["member"] = new JsonArray(
                new JsonObject { ["mbox"] = $"mailto:{member}@example.com" },
                new JsonObject { ["account"] = new JsonObject { ["homePage"] = "http://example.com", ["name"] = coach } }),
        };
        JsonObject Verb() => new() { ["id"] = "http://adlnet.gov/expapi/verbs/experienced" };
        JsonObject Context() => new()
        {
            ["instructor"] = anonymousIds.DeepClone(),
            ["team"] = teamIds.DeepClone(),
            ["contextActivities"] = new JsonObject
            {
                ["parent"] = new JsonArray(new JsonObject { ["id"] = parent }),
                ["grouping"] = new JsonArray(new JsonObject { ["id"] = parent + "/g" }),
            },
        };

        var first = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[0]}&format=ids");
        AssertSame(agentIds, first["actor"]);
        AssertSame(Verb(), first["verb"]);
        AssertSame(new JsonObject { ["id"] = activity }, first["object"]);
        AssertSame(Context(), first["context"]);

        var second = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[1]}&format=ids");
        AssertSame(teamIds, second["actor"]);
        AssertSame(new JsonObject
        {
            ["objectType"] = "SubStatement",
            ["actor"] = anonymousIds.DeepClone(),
            ["verb"] = Verb(),
            ["object"] = new JsonObject { ["id"] = inner },
            ["context"] = Context(),
        }, second["object"]);

        // An Agent as the object keeps objectType: without it the object would read as an Activity (Data 2.4.4.s2).
        var third = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[2]}&format=ids");
        AssertSame(new JsonObject { ["objectType"] = "Agent", ["mbox"] = $"mailto:{learner}@example.com" }, third["object"]);

        // The list answers the same form.
        var list = await lrs.GetJsonAsync($"/xapi/statements?activity={Uri.EscapeDataString(activity)}&format=ids");
        AssertSame(new JsonObject { ["id"] = activity }, Assert.Single(list["statements"]!.AsArray())!["object"]);
    }

    private static void AssertSame(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected.ToJsonString()} but got {actual?.ToJsonString() ?? "nothing"}");

    // Communication 3.1 (and 2.6, 2.7): the profile resources need a precondition on every PUT.

    private static string ActivityProfilePath() =>
        $"/xapi/activities/profile?activityId={Uri.EscapeDataString("http://example.com/" + Unique("cp"))}&profileId=settings";

    private static string AgentProfilePath() =>
        $"/xapi/agents/profile?agent={Uri.EscapeDataString($"{{\"objectType\":\"Agent\",\"mbox\":\"mailto:{Unique("cp")}@example.com\"}}")}&profileId=settings";

    private static async Task<HttpResponseMessage> PutAsync(LrsTestClient lrs, string path, string json, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifNoneMatch is not null) { request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch); }
        return await lrs.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_profile_put_without_if_match_or_if_none_match_is_refused_and_names_the_header_to_send()
    {
        using var lrs = await app.CreateLrsClientAsync();
        foreach (var path in new[] { ActivityProfilePath(), AgentProfilePath() })
        {
            using (var refused = await PutAsync(lrs, path, "{\"v\":1}"))
            {
                var body = await refused.Content.ReadAsStringAsync();
                Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"PUT {path} answered {(int)refused.StatusCode}: {body}");
                Assert.Contains("If-None-Match: *", body, StringComparison.Ordinal);
                Assert.Contains("If-Match", body, StringComparison.Ordinal);
            }
            using (var absent = await lrs.Http.GetAsync(path))
            {
                Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
            }
            using (var created = await PutAsync(lrs, path, "{\"v\":1}", ifNoneMatch: "*"))
            {
                Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
            }
            // POST keeps its merge semantics without a header (Communication 3.1 asks headers of PUT only).
            using (var merged = await lrs.Http.PostAsync(path, new StringContent("{\"w\":2}", Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.NoContent, merged.StatusCode);
            }
            var document = await lrs.GetJsonAsync(path);
            Assert.Equal(1, document["v"]!.GetValue<int>());
            Assert.Equal(2, document["w"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_state_put_without_a_precondition_header_still_creates_the_document()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var agent = Uri.EscapeDataString($"{{\"mbox\":\"mailto:{Unique("st")}@example.com\"}}");
        var path = $"/xapi/activities/state?activityId={Uri.EscapeDataString("http://example.com/course")}&agent={agent}&stateId=bookmark";
        using (var created = await PutAsync(lrs, path, "{\"page\":1}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, created.StatusCode);
        }
        Assert.Equal(1, (await lrs.GetJsonAsync(path))["page"]!.GetValue<int>());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConformanceTestsOnSqlite(SqliteApp app) : ConformanceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ConformanceTestsOnPostgres(PostgresApp app) : ConformanceTests(app);
