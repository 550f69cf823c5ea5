using System.Text.Json;
using Guild.Web.Features.Lrs;
using Guild.Web.Features.Lrs.Validation;

namespace Guild.Tests.Features.Lrs.Validation;

/// <summary>
/// The data-model requirements of xAPI 1.0.3 (Part Two), one by one, against the pure validator.
/// Each test names the requirement; the section number is in the comment.
/// </summary>
public sealed class StatementValidatorTests
{
    private const string Actor = "\"actor\":{\"mbox\":\"mailto:a@example.com\"}";
    private const string Verb = "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/experienced\",\"display\":{\"en-US\":\"experienced\"}}";
    private const string Object = "\"object\":{\"id\":\"http://example.com/activity\"}";
    private const string Minimal = "{" + Actor + "," + Verb + "," + Object + "}";

    private static StatementFacts Accept(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (facts, error) = StatementValidator.Validate(document.RootElement);
        Assert.True(error is null, $"Refused: {error}");
        return facts!;
    }

    private static ValidationError Reject(string json, string path)
    {
        using var document = JsonDocument.Parse(json);
        var (_, error) = StatementValidator.Validate(document.RootElement);
        Assert.True(error is not null, "Accepted a statement that breaks the rule.");
        Assert.Equal(path, error.Path);
        return error;
    }

    private static string With(string property) => "{" + Actor + "," + Verb + "," + Object + "," + property + "}";

    private static string WithObject(string @object) => "{" + Actor + "," + Verb + ",\"object\":" + @object + "}";

    private static string WithActor(string actor) => "{\"actor\":" + actor + "," + Verb + "," + Object + "}";

    // 2.2 Formatting requirements

    [Fact]
    public void A_statement_must_use_actor_verb_and_object()
    {
        Accept(Minimal);
        Reject("{" + Verb + "," + Object + "}", "actor");
        Reject("{" + Actor + "," + Object + "}", "verb");
        Reject("{" + Actor + "," + Verb + "}", "object");
    }

    [Fact]
    public void Null_values_are_rejected_except_inside_extensions()
    {
        Reject(With("\"result\":null"), "result");
        Reject(With("\"result\":{\"response\":null}"), "result.response");
        Accept(With("\"result\":{\"extensions\":{\"http://example.com/ext\":null}}"));
    }

    [Fact]
    public void Strings_where_numbers_or_booleans_are_required_are_rejected()
    {
        Reject(With("\"result\":{\"score\":{\"scaled\":\"0.5\"}}"), "result.score.scaled");
        Reject(With("\"result\":{\"success\":\"true\"}"), "result.success");
        Reject(With("\"result\":{\"completion\":1}"), "result.completion");
    }

    [Fact]
    public void Keys_whose_case_differs_from_the_specification_are_rejected()
    {
        Reject("{\"Actor\":{\"mbox\":\"mailto:a@example.com\"}," + Verb + "," + Object + "}", "Actor");
        Reject(WithActor("{\"Mbox\":\"mailto:a@example.com\"}"), "actor.Mbox");
    }

    [Fact]
    public void Enumerated_values_must_match_in_case()
    {
        Reject(WithActor("{\"objectType\":\"agent\",\"mbox\":\"mailto:a@example.com\"}"), "actor.objectType");
        Reject(WithObject("{\"objectType\":\"activity\",\"id\":\"http://example.com/a\"}"), "object.objectType");
    }

    [Fact]
    public void Unknown_properties_are_rejected_anywhere()
    {
        Reject(With("\"extra\":1"), "extra");
        Reject(With("\"result\":{\"grade\":\"A\"}"), "result.grade");
        Reject(With("\"context\":{\"location\":\"Utrecht\"}"), "context.location");
        Reject(WithObject("{\"id\":\"http://example.com/a\",\"definition\":{\"title\":{\"en\":\"x\"}}}"), "object.definition.title");
    }

    [Fact]
    public void A_property_used_twice_is_rejected()
    {
        Reject("{" + Actor + "," + Verb + "," + Object + "," + Verb + "}", "verb");
    }

    [Fact]
    public void Iris_without_a_scheme_or_with_spaces_are_rejected()
    {
        Reject("{" + Actor + ",\"verb\":{\"id\":\"experienced\"}," + Object + "}", "verb.id");
        Reject(WithObject("{\"id\":\"http://example.com/a b\"}"), "object.id");
        Reject(WithObject("{\"id\":\"\"}"), "object.id");
        Reject(WithObject("{\"id\":\"http://\"}"), "object.id");
    }

    // 2.4.1 id

    [Fact]
    public void Statement_id_must_be_a_uuid_in_standard_string_form()
    {
        Accept("{\"id\":\"fd41c918-b88b-4b20-a0a5-a4c32391aaa0\"," + Actor + "," + Verb + "," + Object + "}");
        Reject("{\"id\":\"fd41c918b88b4b20a0a5a4c32391aaa0\"," + Actor + "," + Verb + "," + Object + "}", "id");
        Reject("{\"id\":\"not-a-uuid\"," + Actor + "," + Verb + "," + Object + "}", "id");
    }

    // 2.4.2 actor

    [Fact]
    public void An_agent_must_have_exactly_one_inverse_functional_identifier()
    {
        Reject(WithActor("{\"name\":\"Nobody\"}"), "actor");
        var error = Reject(WithActor("{\"mbox\":\"mailto:a@example.com\",\"openid\":\"http://openid.example.com/a\"}"), "actor");
        Assert.Contains("exactly one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mbox_must_be_a_mailto_iri()
    {
        Reject(WithActor("{\"mbox\":\"a@example.com\"}"), "actor.mbox");
        Reject(WithActor("{\"mbox\":\"mailto:\"}"), "actor.mbox");
    }

    [Fact]
    public void Mbox_sha1sum_must_be_hex_sha1()
    {
        Accept(WithActor("{\"mbox_sha1sum\":\"ebd31e95054c018b10727ccffd2ef2ec3a016ee9\"}"));
        Reject(WithActor("{\"mbox_sha1sum\":\"ebd31e95054c018b10727ccffd2ef2ec3a016ee\"}"), "actor.mbox_sha1sum");
        Reject(WithActor("{\"mbox_sha1sum\":\"zbd31e95054c018b10727ccffd2ef2ec3a016ee9\"}"), "actor.mbox_sha1sum");
    }

    [Fact]
    public void Openid_must_be_a_uri()
    {
        Accept(WithActor("{\"openid\":\"http://toby.openid.example.org/\"}"));
        Reject(WithActor("{\"openid\":\"toby\"}"), "actor.openid");
    }

    [Fact]
    public void An_account_needs_home_page_and_name_and_nothing_else()
    {
        Accept(WithActor("{\"account\":{\"homePage\":\"http://www.example.com\",\"name\":\"1625378\"}}"));
        Reject(WithActor("{\"account\":{\"homePage\":\"http://www.example.com\"}}"), "actor.account.name");
        Reject(WithActor("{\"account\":{\"name\":\"1625378\"}}"), "actor.account.homePage");
        Reject(WithActor("{\"account\":{\"homePage\":\"www.example.com\",\"name\":\"x\"}}"), "actor.account.homePage");
        Reject(WithActor("{\"account\":{\"homePage\":\"http://www.example.com\",\"name\":\"x\",\"id\":1}}"), "actor.account.id");
    }

    [Fact]
    public void An_anonymous_group_must_list_its_members()
    {
        Accept(WithActor("{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:a@example.com\"}]}"));
        Reject(WithActor("{\"objectType\":\"Group\",\"name\":\"Team\"}"), "actor");
    }

    [Fact]
    public void An_identified_group_may_have_members_and_needs_one_identifier()
    {
        Accept(WithActor("{\"objectType\":\"Group\",\"mbox\":\"mailto:team@example.com\"}"));
        Accept(WithActor("{\"objectType\":\"Group\",\"mbox\":\"mailto:team@example.com\",\"member\":[{\"openid\":\"http://a.example.com/\"}]}"));
        Reject(WithActor("{\"objectType\":\"Group\",\"mbox\":\"mailto:team@example.com\",\"openid\":\"http://team.example.com/\"}"), "actor");
    }

    [Fact]
    public void Group_members_are_agents_never_groups()
    {
        Reject(WithActor("{\"objectType\":\"Group\",\"member\":[{\"objectType\":\"Group\",\"mbox\":\"mailto:g@example.com\"}]}"), "actor.member[0].objectType");
        Reject(WithActor("{\"objectType\":\"Agent\",\"mbox\":\"mailto:a@example.com\",\"member\":[]}"), "actor.member");
    }

    // 2.4.3 verb

    [Fact]
    public void A_verb_needs_an_iri_id_and_display_must_be_a_language_map()
    {
        Reject("{" + Actor + ",\"verb\":{\"display\":{\"en\":\"x\"}}," + Object + "}", "verb.id");
        Reject("{" + Actor + ",\"verb\":{\"id\":\"http://example.com/v\",\"display\":{\"not a tag\":\"x\"}}," + Object + "}", "verb.display");
        Reject("{" + Actor + ",\"verb\":{\"id\":\"http://example.com/v\",\"display\":\"did\"}," + Object + "}", "verb.display");
    }

    // 2.4.4 object

    [Fact]
    public void An_agent_or_group_as_object_must_have_object_type()
    {
        Accept(WithObject("{\"objectType\":\"Agent\",\"mbox\":\"mailto:b@example.com\"}"));
        Reject(WithObject("{\"mbox\":\"mailto:b@example.com\"}"), "object.mbox");
    }

    [Fact]
    public void A_statement_ref_needs_object_type_and_a_uuid_and_nothing_else()
    {
        Accept(WithObject("{\"objectType\":\"StatementRef\",\"id\":\"8f87ccde-bb56-4c2e-ab83-44982ef22df0\"}"));
        Reject(WithObject("{\"objectType\":\"StatementRef\",\"id\":\"8f87ccde\"}"), "object.id");
        Reject(WithObject("{\"objectType\":\"StatementRef\",\"id\":\"8f87ccde-bb56-4c2e-ab83-44982ef22df0\",\"definition\":{}}"), "object.definition");
    }

    [Fact]
    public void Interaction_activities_need_a_valid_interaction_type()
    {
        Accept(WithObject("{\"id\":\"http://example.com/q\",\"definition\":{\"interactionType\":\"choice\",\"correctResponsesPattern\":[\"golf[,]tetris\"],\"choices\":[{\"id\":\"golf\",\"description\":{\"en-US\":\"Golf\"}},{\"id\":\"tetris\"}]}}"));
        Reject(WithObject("{\"id\":\"http://example.com/q\",\"definition\":{\"interactionType\":\"Choice\"}}"), "object.definition.interactionType");
        Reject(WithObject("{\"id\":\"http://example.com/q\",\"definition\":{\"choices\":[{\"id\":\"a\"}]}}"), "object.definition.choices");
    }

    [Fact]
    public void Interaction_component_lists_belong_to_their_interaction_types()
    {
        Accept(WithObject("{\"id\":\"http://example.com/q\",\"definition\":{\"interactionType\":\"matching\",\"source\":[{\"id\":\"a\"}],\"target\":[{\"id\":\"1\"}]}}"));
        Reject(WithObject("{\"id\":\"http://example.com/q\",\"definition\":{\"interactionType\":\"likert\",\"choices\":[{\"id\":\"a\"}]}}"), "object.definition.choices");
        Reject(WithObject("{\"id\":\"http://example.com/q\",\"definition\":{\"interactionType\":\"true-false\",\"steps\":[{\"id\":\"a\"}]}}"), "object.definition.steps");
    }

    [Fact]
    public void Interaction_component_ids_must_be_distinct()
    {
        Reject(WithObject("{\"id\":\"http://example.com/q\",\"definition\":{\"interactionType\":\"likert\",\"scale\":[{\"id\":\"1\"},{\"id\":\"1\"}]}}"), "object.definition.scale[1].id");
    }

    [Fact]
    public void A_sub_statement_must_not_have_id_stored_version_or_authority()
    {
        const string sub = "\"objectType\":\"SubStatement\"," + Actor + "," + Verb + "," + Object;
        Accept(WithObject("{" + sub + "}"));
        Reject(WithObject("{" + sub + ",\"id\":\"8f87ccde-bb56-4c2e-ab83-44982ef22df0\"}"), "object.id");
        Reject(WithObject("{" + sub + ",\"stored\":\"2013-05-18T05:32:34.804Z\"}"), "object.stored");
        Reject(WithObject("{" + sub + ",\"version\":\"1.0.0\"}"), "object.version");
        Reject(WithObject("{" + sub + ",\"authority\":{\"mbox\":\"mailto:x@example.com\"}}"), "object.authority");
    }

    [Fact]
    public void A_sub_statement_cannot_contain_a_sub_statement()
    {
        const string inner = "{\"objectType\":\"SubStatement\"," + Actor + "," + Verb + "," + Object + "}";
        Reject(WithObject("{\"objectType\":\"SubStatement\"," + Actor + "," + Verb + ",\"object\":" + inner + "}"), "object.object.objectType");
    }

    [Fact]
    public void A_voiding_statement_must_have_a_statement_ref_object()
    {
        const string voided = "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"}";
        var facts = Accept("{" + Actor + "," + voided + ",\"object\":{\"objectType\":\"StatementRef\",\"id\":\"e05aa883-acaf-40ad-bf54-02c8ce485fb0\"}}");
        Assert.True(facts.IsVoiding);
        Reject("{" + Actor + "," + voided + "," + Object + "}", "object");
    }

    // 2.4.5 result

    [Fact]
    public void Scaled_score_must_be_between_minus_one_and_one()
    {
        Accept(With("\"result\":{\"score\":{\"scaled\":-1}}"));
        var error = Reject(With("\"result\":{\"score\":{\"scaled\":1.5}}"), "result.score.scaled");
        Assert.Equal("result.score.scaled must be between -1 and 1", error.ToString());
    }

    [Fact]
    public void Raw_score_must_lie_between_min_and_max_and_min_below_max()
    {
        Accept(With("\"result\":{\"score\":{\"raw\":5,\"min\":0,\"max\":10}}"));
        Reject(With("\"result\":{\"score\":{\"raw\":11,\"min\":0,\"max\":10}}"), "result.score.raw");
        Reject(With("\"result\":{\"score\":{\"raw\":-1,\"min\":0}}"), "result.score.raw");
        Reject(With("\"result\":{\"score\":{\"min\":10,\"max\":10}}"), "result.score.min");
    }

    [Fact]
    public void Duration_must_be_an_iso_8601_duration()
    {
        foreach (var valid in new[] { "PT4H35M59.14S", "P3Y1M29DT4H35M59.14S", "P3Y", "P4W", "PT1H0M0.1S", "PT16559.14S" })
        {
            Accept(With($"\"result\":{{\"duration\":\"{valid}\"}}"));
        }
        foreach (var invalid in new[] { "PA1H0M0S", "should fail", "P4W1D", "PT", "P", "P0003-04-05T06:07:08", "PT1.5H30M", "P1H" })
        {
            Reject(With($"\"result\":{{\"duration\":\"{invalid}\"}}"), "result.duration");
        }
    }

    // 2.4.6 context

    [Fact]
    public void Revision_and_platform_only_when_the_object_is_an_activity()
    {
        Accept(With("\"context\":{\"revision\":\"1\",\"platform\":\"web\"}"));
        const string agentObject = "\"object\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:b@example.com\"}";
        Reject("{" + Actor + "," + Verb + "," + agentObject + ",\"context\":{\"revision\":\"1\"}}", "context.revision");
        Reject("{" + Actor + "," + Verb + "," + agentObject + ",\"context\":{\"platform\":\"web\"}}", "context.platform");
    }

    [Fact]
    public void Context_activities_are_parent_grouping_category_or_other_single_or_array()
    {
        Accept(With("\"context\":{\"contextActivities\":{\"parent\":{\"id\":\"http://example.com/p\"},\"grouping\":[{\"id\":\"http://example.com/g\"}]}}"));
        Reject(With("\"context\":{\"contextActivities\":{\"sibling\":[]}}"), "context.contextActivities.sibling");
        Reject(With("\"context\":{\"contextActivities\":{\"parent\":\"http://example.com/p\"}}"), "context.contextActivities.parent");
    }

    [Fact]
    public void Context_team_must_be_a_group_and_registration_a_uuid()
    {
        Accept(With("\"context\":{\"team\":{\"objectType\":\"Group\",\"mbox\":\"mailto:t@example.com\"},\"registration\":\"ec531277-b57b-4c15-8d91-d292c5b2b8f7\"}"));
        Reject(With("\"context\":{\"team\":{\"mbox\":\"mailto:t@example.com\"}}"), "context.team.objectType");
        Reject(With("\"context\":{\"registration\":\"abc\"}"), "context.registration");
    }

    [Fact]
    public void Context_language_must_be_a_language_tag()
    {
        Accept(With("\"context\":{\"language\":\"tlh\"}"));
        Reject(With("\"context\":{\"language\":\"english please\"}"), "context.language");
    }

    // 2.4.7-2.4.10 timestamp, stored, authority, version

    [Fact]
    public void Timestamps_must_be_iso_8601_and_not_an_unknown_offset()
    {
        foreach (var valid in new[] { "2015-11-18T12:17:00+00:00", "2013-05-18T05:32:34.804Z", "20151118T121700Z", "2015-11-18T12:17:00.123456789+01:00", "2015-11-18T12:17" })
        {
            Accept(With($"\"timestamp\":\"{valid}\""));
        }
        foreach (var invalid in new[] { "01/011/2015", "should fail", "2008-09-15T15:53:00.601-00", "2008-09-15T15:53:00.601-0000", "2008-09-15T15:53:00.601-00:00", "2015-02-30T00:00:00Z", "2015-11-18" })
        {
            Reject(With($"\"timestamp\":\"{invalid}\""), "timestamp");
        }
    }

    [Fact]
    public void Version_must_be_1_0_or_1_0_x()
    {
        Accept(With("\"version\":\"1.0\""));
        Accept(With("\"version\":\"1.0.0\""));
        Accept(With("\"version\":\"1.0.3\""));
        Reject(With("\"version\":\"1.0.\""), "version");
        Reject(With("\"version\":\"1\""), "version");
        Reject(With("\"version\":\"1.1.0\""), "version");
        Reject(With("\"version\":\"0.95\""), "version");
    }

    [Fact]
    public void Authority_must_be_an_agent_or_a_two_agent_group()
    {
        Accept(With("\"authority\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"http://cloud.scorm.com/\",\"name\":\"anonymous\"}}"));
        Accept(With("\"authority\":{\"objectType\":\"Group\",\"member\":[{\"account\":{\"homePage\":\"http://example.com/xAPI/OAuth/Token\",\"name\":\"oauth_consumer_x75db\"}},{\"mbox\":\"mailto:bob@example.com\"}]}"));
        Reject(With("\"authority\":{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:bob@example.com\"}]}"), "authority");
        Reject(With("\"authority\":{\"objectType\":\"Group\",\"mbox\":\"mailto:team@example.com\"}"), "authority");
        Reject(With("\"authority\":{\"objectType\":\"Group\",\"openid\":\"http://example.com/team\",\"member\":[{\"account\":{\"homePage\":\"http://example.com/xAPI/OAuth/Token\",\"name\":\"oauth_consumer_x75db\"}},{\"mbox\":\"mailto:bob@example.com\"}]}"), "authority");
    }

    // 2.4.11 attachments

    [Fact]
    public void Attachments_need_usage_type_display_content_type_length_and_sha2()
    {
        const string good = "{\"usageType\":\"http://example.com/attachment-usage/test\",\"display\":{\"en-US\":\"A test attachment\"},\"contentType\":\"text/plain; charset=ascii\",\"length\":27,\"sha2\":\"495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a\"}";
        var facts = Accept(With($"\"attachments\":[{good}]"));
        Assert.Equal("495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a", Assert.Single(facts.Attachments).Sha2);
        Reject(With("\"attachments\":[{\"display\":{\"en-US\":\"x\"},\"contentType\":\"text/plain\",\"length\":1,\"sha2\":\"495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a\"}]"), "attachments[0].usageType");
        Reject(With($"\"attachments\":[{good.Replace("\"length\":27", "\"length\":\"27\"", StringComparison.Ordinal)}]"), "attachments[0].length");
        Reject(With($"\"attachments\":[{good.Replace("495395e7", "zz", StringComparison.Ordinal)}]"), "attachments[0].sha2");
    }

    // 4.1 extensions, 4.2 language maps

    [Fact]
    public void Extension_keys_must_be_iris_and_values_may_be_anything()
    {
        Accept(With("\"result\":{\"extensions\":{\"http://example.com/ext\":{\"any\":[1,\"two\",null]}}}"));
        Reject(With("\"result\":{\"extensions\":{\"notAnIri\":1}}"), "result.extensions");
    }

    [Fact]
    public void Language_map_keys_must_be_rfc_5646_tags()
    {
        foreach (var tag in new[] { "en", "en-US", "zh-Hant-TW", "sgn-BE-FR", "x-private", "es-419", "de-CH-1901", "en-a-bbb-x-a-ccc" })
        {
            Accept(WithObject($"{{\"id\":\"http://example.com/a\",\"definition\":{{\"name\":{{\"{tag}\":\"x\"}}}}}}"));
        }
        foreach (var tag in new[] { "", "e", "en_US", "en--US", "en-US-", "123" })
        {
            Reject(WithObject($"{{\"id\":\"http://example.com/a\",\"definition\":{{\"name\":{{\"{tag}\":\"x\"}}}}}}"), "object.definition.name");
        }
    }

    // Facts the store indexes

    [Fact]
    public void Facts_gather_the_agents_and_activities_the_filters_need()
    {
        var facts = Accept("{\"actor\":{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"mailto:m@example.com\"}]}," + Verb +
            ",\"object\":{\"id\":\"http://example.com/o\"},\"context\":{\"instructor\":{\"mbox\":\"mailto:i@example.com\"}," +
            "\"contextActivities\":{\"parent\":[{\"id\":\"http://example.com/p\"}]},\"registration\":\"ec531277-b57b-4c15-8d91-d292c5b2b8f7\"}}");
        Assert.Contains("mbox:mailto:m@example.com", facts.Agents);
        Assert.DoesNotContain("mbox:mailto:i@example.com", facts.Agents);
        Assert.Contains("mbox:mailto:i@example.com", facts.RelatedAgents);
        Assert.Equal("http://example.com/o", facts.ObjectActivityId);
        Assert.Contains("http://example.com/p", facts.RelatedActivities);
        Assert.Equal(Guid.Parse("ec531277-b57b-4c15-8d91-d292c5b2b8f7"), facts.Registration);
    }

    [Fact]
    public void A_batch_error_names_the_position_of_the_statement()
    {
        var (_, error) = Statement.ParseBatch("[" + Minimal + "," + With("\"result\":{\"score\":{\"scaled\":2}}") + "]");
        Assert.Equal("[1].result.score.scaled must be between -1 and 1", error!.ToString());
    }

    [Fact]
    public void A_batch_with_one_id_twice_is_rejected()
    {
        var withId = "{\"id\":\"fd41c918-b88b-4b20-a0a5-a4c32391aaa0\"," + Actor + "," + Verb + "," + Object + "}";
        var (_, error) = Statement.ParseBatch("[" + withId + "," + withId + "]");
        Assert.Equal("[1].id", error!.Path);
    }
}

public sealed class XapiFormatsTests
{
    [Theory]
    [InlineData("2026-11-23T09:00:00.0001010Z", "2026-11-23T09:00:00.000101Z")]
    [InlineData("2026-11-23T10:00:00+01:00", "2026-11-23T09:00:00.000Z")]
    [InlineData("2026-11-23T09:00:00.1234567Z", "2026-11-23T09:00:00.1234567Z")]
    public void Timestamps_are_written_in_utc_with_at_least_millisecond_precision_and_read_back_exactly(string input, string expected)
    {
        Assert.True(Guild.Web.Features.Lrs.Validation.XapiFormats.TryParseTimestamp(input, out var instant));
        var written = Guild.Web.Features.Lrs.Validation.XapiFormats.FormatTimestamp(instant);
        Assert.Equal(expected, written);
        Assert.True(Guild.Web.Features.Lrs.Validation.XapiFormats.TryParseTimestamp(written, out var again));
        Assert.Equal(instant, again);
    }
}
