using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Expertise.Profiles;

/// <summary>Colleagues vouch for each other's listed skills: once each, removable, never their own.</summary>
public abstract class EndorsementTests(GuildApp app)
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..6];

    private Task<int> EndorsementsAsync(Guid personId) => app.WithDbAsync(db => db.Set<Endorsement>().CountAsync(e => e.PersonId == personId));

    [Fact]
    public async Task Endorsing_a_skill_twice_keeps_one_endorsement_one_notification_and_one_learning_record()
    {
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee);
        var skillId = (await owner.ListSkillsAsync("Video editing " + Tag()))[0];
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);

        using var first = await colleague.Http.PostAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skillId}/endorsements", null);
        using var second = await colleague.Http.PostAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skillId}/endorsements", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var state = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, true), (state.GetProperty("endorsements").GetInt32(), state.GetProperty("endorsedByYou").GetBoolean()));
        Assert.Equal(1, await EndorsementsAsync(ownerPerson.Id));
        var notification = await app.WithDbAsync(db => db.Set<Notification>().AsNoTracking()
            .SingleAsync(n => n.RecipientId == ownerPerson.Id && n.Kind == ExpertiseProfileEditor.EndorsedKind));
        Assert.Equal(1, notification.Count);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>()
            .CountAsync(e => e.Statement.Contains($"people/{ownerPerson.Id:D}/skills/{skillId:D}") && e.Statement.Contains(colleaguePerson.Id.ToString()))));

        // The owner sees the count; the colleague sees it is theirs.
        var profile = await colleague.GetJsonAsync<JsonElement>($"/api/v1/people/{ownerPerson.Id}");
        var skill = profile.GetProperty("expertise").GetProperty("skills").EnumerateArray().Single();
        Assert.Equal((1, true), (skill.GetProperty("endorsements").GetInt32(), skill.GetProperty("endorsedByYou").GetBoolean()));
        Assert.Contains("endorsed by you", await colleague.GetPageAsync($"/people/{ownerPerson.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_endorser_withdraws_their_endorsement()
    {
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee);
        var skillId = (await owner.ListSkillsAsync("Podcasting " + Tag()))[0];
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var (other, _) = await app.SignedInAsync(Roles.Employee);
        using var _1 = await colleague.Http.PostAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skillId}/endorsements", null);
        using var _2 = await other.Http.PostAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skillId}/endorsements", null);

        using var response = await colleague.Http.DeleteAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skillId}/endorsements");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, false), (state.GetProperty("endorsements").GetInt32(), state.GetProperty("endorsedByYou").GetBoolean()));
        Assert.Equal(1, await EndorsementsAsync(ownerPerson.Id));
    }

    [Fact]
    public async Task A_colleague_endorses_and_withdraws_on_the_profile_page()
    {
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee);
        var skillId = (await owner.ListSkillsAsync("Interviewing " + Tag()))[0];
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);

        using var endorsed = await colleague.PostFormAsync($"/people/{ownerPerson.Id}", $"/people/{ownerPerson.Id}",
            new Dictionary<string, string> { ["_handler"] = "endorsements", ["skill"] = $"endorse:{skillId}" });

        Assert.Equal(HttpStatusCode.Redirect, endorsed.StatusCode);
        Assert.Equal(1, await EndorsementsAsync(ownerPerson.Id));
        using var withdrawn = await colleague.PostFormAsync($"/people/{ownerPerson.Id}", $"/people/{ownerPerson.Id}",
            new Dictionary<string, string> { ["_handler"] = "endorsements", ["skill"] = $"withdraw:{skillId}" });
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(0, await EndorsementsAsync(ownerPerson.Id));
    }

    [Fact]
    public async Task Endorsing_oneself_is_refused_with_a_clear_message()
    {
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee);
        var skillId = (await owner.ListSkillsAsync("Storytelling " + Tag()))[0];

        using var response = await owner.Http.PostAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skillId}/endorsements", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("You cannot endorse your own skills", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await EndorsementsAsync(ownerPerson.Id));
        // The own profile offers no endorse button.
        Assert.DoesNotContain($"endorse:{skillId}", await owner.GetPageAsync($"/people/{ownerPerson.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endorsing_a_skill_the_person_has_not_listed_is_refused()
    {
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee);
        await owner.ListSkillsAsync("Listed " + Tag());
        var unlisted = await app.CreateSkillAsync("Unlisted");
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);

        foreach (var skillId in new[] { unlisted, Guid.CreateVersion7() })
        {
            using var response = await colleague.Http.PostAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skillId}/endorsements", null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("has not listed this skill", problem.GetProperty("errors").GetProperty("skillId")[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, await EndorsementsAsync(ownerPerson.Id));
    }

    [Fact]
    public async Task A_skill_dropped_from_the_profile_loses_its_endorsements()
    {
        var (owner, ownerPerson) = await app.SignedInAsync(Roles.Employee);
        var tag = Tag();
        var skills = await owner.ListSkillsAsync("Kept " + tag, "Dropped " + tag);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        foreach (var skillId in skills)
        {
            using var _ = await colleague.Http.PostAsync($"/api/v1/people/{ownerPerson.Id}/skills/{skillId}/endorsements", null);
        }

        await owner.ListSkillsAsync("Kept " + tag);

        Assert.Equal([skills[0]], await app.WithDbAsync(db => db.Set<Endorsement>().Where(e => e.PersonId == ownerPerson.Id).Select(e => e.SkillId).ToListAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EndorsementTestsOnSqlite(SqliteApp app) : EndorsementTests(app);

[Collection(PostgresCollection.Name)]
public sealed class EndorsementTestsOnPostgres(PostgresApp app) : EndorsementTests(app);
