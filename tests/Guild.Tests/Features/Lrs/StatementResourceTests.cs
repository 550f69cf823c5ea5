using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Lrs.Credentials;
using static Guild.Tests.Features.Lrs.LrsTesting;

namespace Guild.Tests.Features.Lrs;

/// <summary>The Statement resource (Communication 2.1, 3.2, 3.3) and statement lifecycle (Data 2.3, 2.4.7-2.4.10) over HTTP.</summary>
public abstract class StatementResourceTests(GuildApp app)
{
    private static string AgentParameter(string actor) => Uri.EscapeDataString($"{{\"mbox\":\"mailto:{actor}@example.com\"}}");

    private static async Task<string> BodyOf(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    [Fact]
    public async Task Every_response_carries_the_version_header_1_0_3()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var ok = await lrs.Http.GetAsync("/xapi/statements?limit=1");
        using var bad = await lrs.Http.GetAsync("/xapi/statements?statementId=nope");
        Assert.Equal("1.0.3", ok.Headers.GetValues("X-Experience-API-Version").Single());
        Assert.Equal("1.0.3", bad.Headers.GetValues("X-Experience-API-Version").Single());
    }

    [Fact]
    public async Task A_request_without_or_with_a_wrong_version_header_is_rejected_with_400()
    {
        using var lrs = await app.CreateLrsClientAsync();
        lrs.Http.DefaultRequestHeaders.Remove("X-Experience-API-Version");
        using var missing = await lrs.Http.GetAsync("/xapi/statements");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        foreach (var (version, expected) in new[] { ("0.95", HttpStatusCode.BadRequest), ("1.1.0", HttpStatusCode.BadRequest), ("1.0", HttpStatusCode.OK), ("1.0.0", HttpStatusCode.OK), ("1.0.9", HttpStatusCode.OK) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/xapi/statements?limit=1");
            request.Headers.Add("X-Experience-API-Version", version);
            using var response = await lrs.Http.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"version {version} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_about_resource_answers_without_credentials_or_version()
    {
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };
        using var response = await anonymous.GetAsync("/xapi/about");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var about = JsonNode.Parse(await BodyOf(response))!;
        Assert.Contains("1.0.3", about["version"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.All(about["extensions"]!.AsObject(), e => Assert.StartsWith("http", e.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_without_valid_credentials_get_401_with_a_basic_challenge_outside_a_browser()
    {
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };
        anonymous.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        using var none = await anonymous.GetAsync("/xapi/statements");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Basic", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var lrs = await app.CreateLrsClientAsync();
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", LrsTestClient.Basic(lrs.Key, "wrong secret"));
        using var wrong = await anonymous.GetAsync("/xapi/statements");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Put_stores_a_statement_with_the_given_id_and_answers_204()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();
        using var response = await lrs.PutStatementAsync(id, Statement());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var stored = await lrs.GetJsonAsync($"/xapi/statements?statementId={id}");
        Assert.Equal(id.ToString(), stored["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_with_an_id_other_than_statementId_is_rejected()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var response = await lrs.PutStatementAsync(Guid.NewGuid(), Statement(id: Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var noId = await lrs.Http.PutAsync("/xapi/statements", new StringContent(Statement(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
    }

    [Fact]
    public async Task Post_answers_the_ids_in_order_and_fills_id_stored_timestamp_authority_and_version()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var given = Guid.NewGuid();
        var ids = await lrs.StoreAsync(Statement(id: given.ToString()), Statement());
        Assert.Equal(2, ids.Count);
        Assert.Equal(given, ids[0]);
        var second = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[1]}");
        Assert.Equal(ids[1].ToString(), second["id"]!.GetValue<string>());
        Assert.Equal("1.0.0", second["version"]!.GetValue<string>());
        Assert.Equal(second["stored"]!.GetValue<string>(), second["timestamp"]!.GetValue<string>());
        Assert.Equal($"lrs-client/{lrs.Key}", second["authority"]!["account"]!["name"]!.GetValue<string>());
        Assert.Equal("https://guild.example/", second["authority"]!["account"]!["homePage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submitted_stored_and_authority_are_overwritten_and_a_fixed_authority_is_used()
    {
        const string authority = "{\"objectType\":\"Agent\",\"mbox\":\"mailto:tool@example.com\"}";
        using var lrs = await app.CreateLrsClientAsync(authority: authority);
        var ids = await lrs.StoreAsync(Statement(extra: "\"stored\":\"2001-01-01T00:00:00Z\",\"authority\":{\"mbox\":\"mailto:liar@example.com\"}"));
        var stored = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[0]}");
        Assert.NotEqual("2001-01-01T00:00:00Z", stored["stored"]!.GetValue<string>());
        Assert.Equal("mailto:tool@example.com", stored["authority"]!["mbox"]!.GetValue<string>());
    }

    [Fact]
    public async Task Context_activities_are_returned_as_arrays()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var ids = await lrs.StoreAsync(Statement(extra: "\"context\":{\"contextActivities\":{\"parent\":{\"id\":\"http://example.com/parent\"}}}"));
        var stored = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[0]}");
        var parent = stored["context"]!["contextActivities"]!["parent"]!.AsArray();
        Assert.Equal("http://example.com/parent", Assert.Single(parent)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_json_is_rejected_with_400_and_nothing_is_stored()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var response = await lrs.PostStatementsAsync("{\"actor\": ");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await BodyOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_statement_answers_400_naming_the_property()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var response = await lrs.PostStatementsAsync(Statement(extra: "\"result\":{\"score\":{\"scaled\":2}}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("result.score.scaled must be between -1 and 1", await BodyOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_with_one_invalid_statement_stores_none_of_them()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var good = Guid.NewGuid();
        using var response = await lrs.PostStatementsAsync($"[{Statement(id: good.ToString())},{Statement(verb: "not an iri")}]");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("[1].verb.id", await BodyOf(response), StringComparison.Ordinal);
        using var lookup = await lrs.Http.GetAsync($"/xapi/statements?statementId={good}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task The_same_statement_sent_again_is_accepted_and_changes_nothing()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();
        await lrs.StoreAsync(Statement(id: id.ToString(), extra: "\"timestamp\":\"2020-01-01T10:00:00+02:00\""));
        var before = await lrs.GetJsonAsync($"/xapi/statements?statementId={id}");
        // Same statement: other time zone for the same instant, other property order, activity definition added.
        var again = $"{{\"timestamp\":\"2020-01-01T08:00:00Z\",\"object\":{{\"id\":\"http://example.com/activities/one\",\"definition\":{{\"name\":{{\"en\":\"One\"}}}}}}," +
                    $"\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\"}},\"actor\":{{\"mbox\":\"mailto:learner@EXAMPLE.com\",\"name\":\"Learner\"}},\"id\":\"{id}\"}}";
        using var response = await lrs.PostStatementsAsync(again);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var put = await lrs.PutStatementAsync(id, again);
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var after = await lrs.GetJsonAsync($"/xapi/statements?statementId={id}");
        Assert.Equal(before["stored"]!.GetValue<string>(), after["stored"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_statement_sent_again_with_what_the_LRS_filled_in_or_normalised_is_the_same_statement()
    {
        // The LRS keeps only the stored form: a timestamp it filled in, its version, a lower-case id and contextActivities
        // made arrays must not make the same statement look different when it comes back.
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();
        var first = Statement(id: id.ToString().ToUpperInvariant(),
            extra: "\"context\":{\"contextActivities\":{\"parent\":{\"id\":\"http://example.com/activities/course\"}}}");
        await lrs.StoreAsync(first);
        var stored = await lrs.GetJsonAsync($"/xapi/statements?statementId={id}");
        using (var again = await lrs.PostStatementsAsync(first))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        // Sent again with a timestamp of its own and an explicit version: the original had none, so they are not compared.
        var withTimestamp = Statement(id: id.ToString(),
            extra: "\"timestamp\":\"2019-05-05T10:00:00Z\",\"version\":\"1.0.0\"," +
                   "\"context\":{\"contextActivities\":{\"parent\":[{\"id\":\"http://example.com/activities/course\"}]}}");
        using (var put = await lrs.PutStatementAsync(id, withTimestamp))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }
        var after = await lrs.GetJsonAsync($"/xapi/statements?statementId={id}");
        Assert.Equal(stored["timestamp"]!.GetValue<string>(), after["timestamp"]!.GetValue<string>());
        // A different context is a different statement.
        using var other = await lrs.PutStatementAsync(id, Statement(id: id.ToString(),
            extra: "\"context\":{\"contextActivities\":{\"parent\":{\"id\":\"http://example.com/activities/other\"}}}"));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
    }

    [Fact]
    public async Task A_statement_with_its_own_timestamp_sent_again_with_another_answers_409()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();
        await lrs.StoreAsync(Statement(id: id.ToString(), extra: "\"timestamp\":\"2020-01-01T10:00:00Z\""));
        using var post = await lrs.PostStatementsAsync(Statement(id: id.ToString(), extra: "\"timestamp\":\"2020-01-01T10:00:01Z\""));
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
    }

    [Fact]
    public async Task A_different_statement_with_a_stored_id_answers_409_and_changes_nothing()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();
        await lrs.StoreAsync(Statement(id: id.ToString()));
        using var post = await lrs.PostStatementsAsync(Statement(id: id.ToString(), verb: "http://adlnet.gov/expapi/verbs/completed"));
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
        using var put = await lrs.PutStatementAsync(id, Statement(verb: "http://adlnet.gov/expapi/verbs/completed"));
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        var stored = await lrs.GetJsonAsync($"/xapi/statements?statementId={id}");
        Assert.Equal("http://adlnet.gov/expapi/verbs/experienced", stored["verb"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_conflicting_id_fail_alone()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var shared = Guid.NewGuid();
        var tasks = Enumerable.Range(0, 12).Select(i => lrs.PostStatementsAsync(i == 6
            ? Statement(id: shared.ToString(), verb: "http://adlnet.gov/expapi/verbs/completed")
            : Statement(id: i == 0 ? shared.ToString() : null, actor: $"concurrent{i}"))).ToList();
        var responses = await Task.WhenAll(tasks);
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    // On PostgreSQL two writers store batches at once (LrsWriterOptions.Writers); these prove what they must not break.

    [Fact]
    public async Task A_voiding_statement_and_its_target_sent_at_the_same_moment_leave_the_target_voided()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = Unique("race");
        var targets = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        var posts = targets.SelectMany(target => new[]
        {
            lrs.PostStatementsAsync(Statement(id: target.ToString(), actor: actor)),
            lrs.PostStatementsAsync($"{{\"actor\":{{\"mbox\":\"mailto:{actor}@example.com\"}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"}},\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{target}\"}}}}"),
        }).ToList();
        foreach (var response in await Task.WhenAll(posts))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
        foreach (var target in targets)
        {
            using var byId = await lrs.Http.GetAsync($"/xapi/statements?statementId={target}");
            Assert.True(byId.StatusCode == HttpStatusCode.NotFound, $"statement {target} was voided but is still answered");
            using var byVoidedId = await lrs.Http.GetAsync($"/xapi/statements?voidedStatementId={target}");
            Assert.Equal(HttpStatusCode.OK, byVoidedId.StatusCode);
        }
    }

    [Fact]
    public async Task The_same_statement_sent_many_times_at_once_is_accepted_every_time_and_stored_once()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = Unique("twice");
        var id = Guid.NewGuid();
        var statement = Statement(id: id.ToString(), actor: actor);
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => lrs.PostStatementsAsync(statement)));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
        var list = await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(actor)}");
        Assert.Equal([id.ToString()], list["statements"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Definitions_of_one_activity_sent_at_once_in_different_languages_are_all_kept()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var activity = "http://example.com/activities/" + Unique("merge");
        var languages = new[] { "en-GB", "nl-NL", "de-DE", "fr-FR", "es-ES", "it-IT", "pt-PT", "da-DK", "sv-SE", "fi-FI", "pl-PL", "cs-CZ", "hu-HU", "ro-RO", "el-GR", "tr-TR", "ja-JP", "ko-KR", "zh-CN", "nb-NO" };
        var posts = languages.Select(language => lrs.PostStatementsAsync(Statement(actor: Unique("merger"), activity: activity)
            .Replace("\"objectType\":\"Activity\"}", $"\"objectType\":\"Activity\",\"definition\":{{\"name\":{{\"{language}\":\"Name {language}\"}}}}}}", StringComparison.Ordinal)));
        foreach (var response in await Task.WhenAll(posts))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
        var stored = await lrs.GetJsonAsync($"/xapi/activities?activityId={Uri.EscapeDataString(activity)}");
        var names = stored["definition"]!["name"]!.AsObject();
        Assert.All(languages, language => Assert.Equal($"Name {language}", names[language]?.GetValue<string>()));
    }

    [Fact]
    public async Task Get_with_statementId_and_voidedStatementId_or_other_parameters_is_rejected()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var id = Guid.NewGuid();
        using var both = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}&voidedStatementId={id}");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        using var extra = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}&limit=1");
        Assert.Equal(HttpStatusCode.BadRequest, extra.StatusCode);
        using var allowed = await lrs.Http.GetAsync($"/xapi/statements?statementId={id}&format=ids&attachments=false");
        Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
    }

    [Fact]
    public async Task Unknown_parameters_and_parameters_in_the_wrong_case_are_rejected()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var unknown = await lrs.Http.GetAsync("/xapi/statements?color=blue");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var wrongCase = await lrs.Http.GetAsync("/xapi/statements?Limit=1");
        Assert.Equal(HttpStatusCode.BadRequest, wrongCase.StatusCode);
    }

    [Fact]
    public async Task Invalid_query_parameter_values_are_rejected()
    {
        using var lrs = await app.CreateLrsClientAsync();
        foreach (var query in new[] { "agent=notjson", "agent=" + Uri.EscapeDataString("{\"mbox\":\"a@example.com\"}"), "verb=experienced", "activity=one",
                     "registration=123", "since=yesterday", "until=2020-13-01T00:00:00Z", "limit=-1", "limit=ten", "format=full", "ascending=yes",
                     "related_agents=1", "attachments=maybe" })
        {
            using var response = await lrs.Http.GetAsync("/xapi/statements?" + query);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Queries_filter_by_agent_verb_activity_and_registration()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = Unique("filter");
        var activity = "http://example.com/activities/" + Unique("a");
        var registration = Guid.NewGuid();
        await lrs.StoreAsync(
            Statement(actor: actor, activity: activity),
            Statement(actor: actor, verb: "http://adlnet.gov/expapi/verbs/completed", activity: activity,
                extra: $"\"context\":{{\"registration\":\"{registration}\"}}"),
            Statement(actor: Unique("other"), activity: activity));
        var byAgent = await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(actor)}");
        Assert.Equal(2, byAgent["statements"]!.AsArray().Count);
        var byVerb = await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(actor)}&verb={Uri.EscapeDataString("http://adlnet.gov/expapi/verbs/completed")}");
        Assert.Single(byVerb["statements"]!.AsArray());
        var byActivity = await lrs.GetJsonAsync($"/xapi/statements?activity={Uri.EscapeDataString(activity)}");
        Assert.Equal(3, byActivity["statements"]!.AsArray().Count);
        var byRegistration = await lrs.GetJsonAsync($"/xapi/statements?registration={registration}");
        Assert.Single(byRegistration["statements"]!.AsArray());
    }

    [Fact]
    public async Task The_agent_filter_matches_groups_by_member_and_related_agents_widens_it()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var member = Unique("member");
        var instructor = Unique("instructor");
        await lrs.StoreAsync(
            $"{{\"actor\":{{\"objectType\":\"Group\",\"member\":[{{\"mbox\":\"mailto:{member}@example.com\"}}]}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/attended\"}},\"object\":{{\"id\":\"http://example.com/meeting\"}}}}",
            Statement(extra: $"\"context\":{{\"instructor\":{{\"mbox\":\"mailto:{instructor}@example.com\"}}}}"));
        Assert.Single((await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(member)}"))["statements"]!.AsArray());
        Assert.Empty((await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(instructor)}"))["statements"]!.AsArray());
        Assert.Single((await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(instructor)}&related_agents=true"))["statements"]!.AsArray());
    }

    [Fact]
    public async Task Related_activities_includes_context_activities()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var parent = "http://example.com/courses/" + Unique("c");
        await lrs.StoreAsync(Statement(extra: $"\"context\":{{\"contextActivities\":{{\"grouping\":[{{\"id\":\"{parent}\"}}]}}}}"));
        Assert.Empty((await lrs.GetJsonAsync($"/xapi/statements?activity={Uri.EscapeDataString(parent)}"))["statements"]!.AsArray());
        Assert.Single((await lrs.GetJsonAsync($"/xapi/statements?activity={Uri.EscapeDataString(parent)}&related_activities=true"))["statements"]!.AsArray());
    }

    [Fact]
    public async Task Related_filters_find_a_statement_by_its_actor_and_object_as_well_as_by_what_else_it_names()
    {
        // An agent or activity is linked once per statement: the related filters must still find it where it is the actor
        // or the object, alone and combined with another filter.
        using var lrs = await app.CreateLrsClientAsync();
        var learner = Unique("learner");
        var instructor = Unique("instructor");
        var lesson = "http://example.com/lessons/" + Unique("l");
        var course = "http://example.com/courses/" + Unique("c");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await lrs.StoreAsync(Statement(id: first.ToString(), actor: learner, activity: lesson,
            extra: $"\"context\":{{\"instructor\":{{\"mbox\":\"mailto:{instructor}@example.com\"}},\"contextActivities\":{{\"parent\":[{{\"id\":\"{course}\"}}]}}}}"));
        await lrs.StoreAsync(Statement(id: second.ToString(), actor: instructor, activity: lesson));
        async Task<List<Guid>> Ids(string query) =>
            (await lrs.GetJsonAsync("/xapi/statements?" + query))["statements"]!.AsArray().Select(s => Guid.Parse(s!["id"]!.GetValue<string>())).ToList();
        var byLearner = AgentParameter(learner);
        var byInstructor = AgentParameter(instructor);
        var ofLesson = Uri.EscapeDataString(lesson);
        var ofCourse = Uri.EscapeDataString(course);

        Assert.Equal([first], await Ids($"agent={byLearner}&related_agents=true"));
        Assert.Equal([second], await Ids($"agent={byInstructor}"));
        Assert.Equal([second, first], await Ids($"agent={byInstructor}&related_agents=true"));
        Assert.Equal([first, second], await Ids($"agent={byInstructor}&related_agents=true&ascending=true"));
        Assert.Equal([second, first], await Ids($"activity={ofLesson}&related_activities=true"));
        Assert.Empty(await Ids($"activity={ofCourse}"));
        Assert.Equal([first], await Ids($"activity={ofCourse}&related_activities=true"));
        // Agent drives, activity probes the statement's own links.
        Assert.Equal([second, first], await Ids($"agent={byInstructor}&related_agents=true&activity={ofLesson}"));
        Assert.Equal([first], await Ids($"agent={byLearner}&activity={ofCourse}&related_activities=true"));
        Assert.Equal([first], await Ids($"agent={byLearner}&activity={ofLesson}&related_activities=true"));
        Assert.Empty(await Ids($"agent={byLearner}&activity={ofCourse}"));
    }

    [Fact]
    public async Task Pages_follow_more_links_without_repeating_or_losing_statements()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = Unique("paging");
        var ids = await lrs.StoreAsync(Enumerable.Range(0, 7).Select(_ => Statement(actor: actor)).ToArray());
        var seen = new List<string>();
        var path = $"/xapi/statements?agent={AgentParameter(actor)}&limit=3";
        var pages = 0;
        while (path.Length > 0)
        {
            var page = await lrs.GetJsonAsync(path);
            seen.AddRange(page["statements"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
            path = page["more"]!.GetValue<string>();
            pages++;
            Assert.True(path.Length == 0 || path.StartsWith("/xapi/statements?", StringComparison.Ordinal), path);
        }
        Assert.Equal(3, pages);
        Assert.Equal(ids.Select(i => i.ToString()).Reverse(), seen);
    }

    [Fact]
    public async Task Ascending_and_since_until_bound_the_stored_time()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = Unique("window");
        var first = await lrs.StoreAsync(Statement(actor: actor));
        var firstStored = (await lrs.GetJsonAsync($"/xapi/statements?statementId={first[0]}"))["stored"]!.GetValue<string>();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await lrs.StoreAsync(Statement(actor: actor));
        var ascending = await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(actor)}&ascending=true");
        Assert.Equal(first[0].ToString(), ascending["statements"]![0]!["id"]!.GetValue<string>());
        var since = await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(actor)}&since={Uri.EscapeDataString(firstStored)}");
        Assert.Equal(second[0].ToString(), Assert.Single(since["statements"]!.AsArray())!["id"]!.GetValue<string>());
        var until = await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(actor)}&until={Uri.EscapeDataString(firstStored)}");
        Assert.Equal(first[0].ToString(), Assert.Single(until["statements"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Statement_responses_carry_consistent_through_and_last_modified()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var ids = await lrs.StoreAsync(Statement());
        using var single = await lrs.Http.GetAsync($"/xapi/statements?statementId={ids[0]}");
        Assert.True(single.Content.Headers.LastModified.HasValue);
        Assert.True(Guild.Web.Features.Lrs.Validation.XapiFormats.TryParseTimestamp(
            single.Headers.GetValues("X-Experience-API-Consistent-Through").Single(), out _));
        using var list = await lrs.Http.GetAsync("/xapi/statements?limit=1");
        Assert.True(list.Headers.Contains("X-Experience-API-Consistent-Through"));
    }

    [Fact]
    public async Task Voided_statements_are_found_only_by_voidedStatementId_and_drop_out_of_queries()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var actor = Unique("voided");
        var target = (await lrs.StoreAsync(Statement(actor: actor)))[0];
        var voiding = (await lrs.StoreAsync($"{{\"actor\":{{\"mbox\":\"mailto:{actor}@example.com\"}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"}},\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{target}\"}}}}"))[0];
        using var byId = await lrs.Http.GetAsync($"/xapi/statements?statementId={target}");
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
        var byVoidedId = await lrs.GetJsonAsync($"/xapi/statements?voidedStatementId={target}");
        Assert.Equal(target.ToString(), byVoidedId["id"]!.GetValue<string>());
        var list = await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(actor)}");
        Assert.Equal([voiding.ToString()], list["statements"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_voiding_statement_cannot_be_voided()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var target = (await lrs.StoreAsync(Statement()))[0];
        static string Void(Guid id) => $"{{\"actor\":{{\"mbox\":\"mailto:admin@example.com\"}},\"verb\":{{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"}},\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{id}\"}}}}";
        var voiding = (await lrs.StoreAsync(Void(target)))[0];
        using var response = await lrs.PostStatementsAsync(Void(voiding));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cannot be voided", await BodyOf(response), StringComparison.Ordinal);
        using var stillThere = await lrs.Http.GetAsync($"/xapi/statements?statementId={voiding}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Statements_targeting_a_matching_statement_match_the_filter_too()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var ben = Unique("ben");
        var original = (await lrs.StoreAsync(Statement(actor: ben, activity: "http://example.com/explosives-training")))[0];
        var confirmation = (await lrs.StoreAsync($"{{\"actor\":{{\"mbox\":\"mailto:{Unique("andrew")}@example.com\"}},\"verb\":{{\"id\":\"http://example.com/confirmed\"}},\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{original}\"}}}}"))[0];
        var comment = (await lrs.StoreAsync($"{{\"actor\":{{\"mbox\":\"mailto:{Unique("carol")}@example.com\"}},\"verb\":{{\"id\":\"http://example.com/commented\"}},\"object\":{{\"objectType\":\"StatementRef\",\"id\":\"{confirmation}\"}}}}"))[0];
        var forBen = await lrs.GetJsonAsync($"/xapi/statements?agent={AgentParameter(ben)}");
        Assert.Equal([comment.ToString(), confirmation.ToString(), original.ToString()], forBen["statements"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Format_ids_keeps_only_identifiers_and_canonical_uses_one_language()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var activity = "http://example.com/activities/" + Unique("fmt");
        var ids = await lrs.StoreAsync(Statement(activity: activity).Replace($"\"id\":\"{activity}\",\"objectType\":\"Activity\"",
            $"\"id\":\"{activity}\",\"objectType\":\"Activity\",\"definition\":{{\"name\":{{\"en-US\":\"Fire drill\",\"nl-NL\":\"Brandoefening\"}}}}", StringComparison.Ordinal));
        var idsFormat = await lrs.GetJsonAsync($"/xapi/statements?statementId={ids[0]}&format=ids");
        Assert.Null(idsFormat["object"]!["definition"]);
        Assert.Null(idsFormat["verb"]!["display"]);
        Assert.Null(idsFormat["actor"]!["name"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/xapi/statements?statementId={ids[0]}&format=canonical");
        request.Headers.AcceptLanguage.ParseAdd("nl-NL");
        using var response = await lrs.Http.SendAsync(request);
        var canonical = JsonNode.Parse(await BodyOf(response))!;
        var name = canonical["object"]!["definition"]!["name"]!.AsObject();
        Assert.Equal("Brandoefening", Assert.Single(name).Value!.GetValue<string>());
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        using var lrs = await app.CreateLrsClientAsync();
        var ids = await lrs.StoreAsync(Statement());
        using var response = await lrs.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/xapi/statements?statementId={ids[0]}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("1.0.3", response.Headers.GetValues("X-Experience-API-Version").Single());
    }

    [Fact]
    public async Task The_alternate_request_syntax_puts_and_gets_statements()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var plain = new HttpClient { BaseAddress = app.BaseAddress };
        var id = Guid.NewGuid();
        using var put = await plain.PostAsync("/xapi/statements?method=PUT", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["statementId"] = id.ToString(),
            ["Authorization"] = "Basic " + LrsTestClient.Basic(lrs.Key, lrs.Secret),
            ["X-Experience-API-Version"] = "1.0.3",
            ["Content-Type"] = "application/json",
            ["content"] = Statement(),
        }));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        using var get = await plain.PostAsync("/xapi/statements?method=GET", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["statementId"] = id.ToString(),
            ["Authorization"] = "Basic " + LrsTestClient.Basic(lrs.Key, lrs.Secret),
            ["X-Experience-API-Version"] = "1.0.3",
        }));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(id.ToString(), JsonNode.Parse(await BodyOf(get))!["id"]!.GetValue<string>());
        using var extraQuery = await plain.PostAsync($"/xapi/statements?method=GET&statementId={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Authorization"] = "Basic " + LrsTestClient.Basic(lrs.Key, lrs.Secret),
            ["X-Experience-API-Version"] = "1.0.3",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, extraQuery.StatusCode);
    }

    [Fact]
    public async Task A_read_only_client_cannot_write_and_a_write_only_client_cannot_read()
    {
        using var reader = await app.CreateLrsClientAsync(LrsScopes.Read);
        using var write = await reader.PostStatementsAsync(Statement());
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        using var writer = await app.CreateLrsClientAsync(LrsScopes.Write);
        using var read = await writer.Http.GetAsync("/xapi/statements");
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task An_unknown_resource_answers_404_with_the_version_header()
    {
        using var lrs = await app.CreateLrsClientAsync();
        using var response = await lrs.Http.GetAsync("/xapi/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("1.0.3", response.Headers.GetValues("X-Experience-API-Version").Single());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StatementResourceTestsOnSqlite(SqliteApp app) : StatementResourceTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StatementResourceTestsOnPostgres(PostgresApp app) : StatementResourceTests(app);
