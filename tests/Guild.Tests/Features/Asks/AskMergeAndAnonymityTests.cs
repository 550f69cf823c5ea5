using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Asks;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Asks;

/// <summary>Me too, follow and merging; and an anonymous ask that no colleague can trace to its author.</summary>
public abstract class AskMergeAndAnonymityTests(GuildApp app)
{
    [Fact]
    public async Task Merging_keeps_every_follower_and_me_too_once_and_points_the_merged_ask_to_the_kept_one()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("Video", "Subtitles");
        var subtitles = capability.Components[0].Id;
        var (first, firstPerson) = await app.SignedInAsync(Roles.Employee);
        var (second, secondPerson) = await app.SignedInAsync(Roles.Employee);
        var (both, bothPerson) = await app.SignedInAsync(Roles.Employee);
        var (onlyFollows, onlyFollowsPerson) = await app.SignedInAsync(Roles.Employee);
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        var kept = await first.AskAsync(new { title = "How do I add subtitles to a short video clip?", componentId = subtitles });
        var duplicate = await second.AskAsync(new { title = "How can I put subtitles on a short video?", componentId = subtitles });
        foreach (var id in new[] { kept.Id, duplicate.Id })
        {
            await AsksTestKit.ReadAsync<AskView>(await both.Http.PutAsJsonAsync($"/api/v1/asks/{id}/support", new { meToo = true }), HttpStatusCode.OK);
        }
        await AsksTestKit.ReadAsync<AskView>(await onlyFollows.Http.PutAsJsonAsync($"/api/v1/asks/{duplicate.Id}/support", new { following = true }), HttpStatusCode.OK);

        // Suggested to moderators (not to employees); merging is theirs.
        var similar = await AsksTestKit.ReadAsync<List<SimilarAsk>>(await moderator.GetAsync($"/api/v1/asks/{duplicate.Id}/similar"), HttpStatusCode.OK);
        Assert.Contains(similar, s => s.Id == kept.Id);
        using var notAllowed = await employee.Http.PostAsJsonAsync($"/api/v1/asks/{duplicate.Id}/merge", new { intoId = kept.Id });
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        var merged = await AsksTestKit.ReadAsync<AskView>(await moderator.Http.PostAsJsonAsync($"/api/v1/asks/{duplicate.Id}/merge", new { intoId = kept.Id }), HttpStatusCode.OK);

        Assert.Equal(kept.Id, merged.Id);
        // "both" once, the second asker now says "me too", the follower follows.
        Assert.Equal(2, merged.MeTooCount);
        var rows = await app.WithDbAsync(db => db.Set<AskSupporter>().Where(s => s.AskId == kept.Id).ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, r => r.PersonId == bothPerson.Id && r.MeToo && r.Following);
        Assert.Contains(rows, r => r.PersonId == secondPerson.Id && r.MeToo);
        Assert.Contains(rows, r => r.PersonId == onlyFollowsPerson.Id && r.Following && !r.MeToo);
        var old = await first.GetAskAsync(duplicate.Id);
        Assert.Equal(AskStatus.Merged, old.Status);
        Assert.Equal(kept.Id, old.MergedIntoId);
        Assert.Empty(await app.WithDbAsync(db => db.Set<AskSupporter>().Where(s => s.AskId == duplicate.Id).ToListAsync()));
        _ = firstPerson;
    }

    [Fact]
    public async Task An_employee_never_sees_who_asked_an_anonymous_ask_through_page_api_notification_mail_or_learning_record()
    {
        app.MoveToMonday(9);
        var capability = await app.CreateCapabilityAsync("People", "Feedback");
        var feedback = capability.Components[0].Id;
        var champion = await app.CreatePersonAsync("Chris", "Champion", [Roles.Employee, Roles.Champion]);
        await app.MakeChampionAsync(champion.Id, feedback);
        var (asker, askerPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, _) = await app.SignedInAsync(Roles.Employee);
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var ask = await asker.AskAsync(new { title = "How do I tell my manager the plan will not work?", componentId = feedback, anonymous = true });
        var championClient = app.CreateGuildClient();
        await championClient.SignInAsync(champion.Email, GuildApp.Password);

        foreach (var reader in new[] { colleague, championClient, moderator })
        {
            var view = await reader.GetAskAsync(ask.Id);
            Assert.Null(view.AuthorId);
            Assert.Null(view.AuthorName);
            var json = await (await reader.GetAsync($"/api/v1/asks/{ask.Id}")).Content.ReadAsStringAsync();
            Assert.DoesNotContain(askerPerson.Id.ToString(), json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(askerPerson.Name, json, StringComparison.Ordinal);
            var page = System.Net.WebUtility.HtmlDecode(await reader.GetPageAsync($"/asks/{ask.Id}"));
            Assert.DoesNotContain(askerPerson.Name, page, StringComparison.Ordinal);
            Assert.Contains("Asked anonymously", page, StringComparison.Ordinal);
        }
        // The asker sees it is theirs.
        Assert.Equal(askerPerson.Id, (await asker.GetAskAsync(ask.Id)).AuthorId);
        // The champion's notification and mail name nobody.
        var notification = await app.WithDbAsync(db => db.Set<Notification>().SingleAsync(n => n.RecipientId == champion.Id && n.SubjectKey == $"ask:{ask.Id}"));
        Assert.Empty(notification.RecentActors);
        var centre = await championClient.GetPageAsync("/notifications");
        Assert.DoesNotContain(askerPerson.Name, System.Net.WebUtility.HtmlDecode(centre), StringComparison.Ordinal);
        await app.RunDueJobsAsync();
        var mail = Assert.Single(app.MailTo(champion.Email));
        Assert.DoesNotContain(askerPerson.Name, mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(askerPerson.Name, mail.TextBody, StringComparison.Ordinal);
        // The "asked" statement's actor is a stand-in, not the person.
        var statements = await app.WithDbAsync(db => db.Set<LearningActOutboxEntry>().Where(e => e.Statement.Contains(ask.Id.ToString())).Select(e => e.Statement).ToListAsync());
        var asked = Assert.Single(statements, s => s.Contains(LearningVerbs.Asked.Iri, StringComparison.Ordinal));
        Assert.DoesNotContain(askerPerson.Id.ToString(), asked, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(askerPerson.Name, asked, StringComparison.Ordinal);

        // An employee may not reveal; a moderator may, and the look is audited.
        using var refused = await colleague.Http.PostAsync($"/api/v1/asks/{ask.Id}/author-reveal", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var revealed = await AsksTestKit.ReadAsync<RevealedAuthor>(await moderator.Http.PostAsync($"/api/v1/asks/{ask.Id}/author-reveal", null), HttpStatusCode.OK);
        Assert.Equal(askerPerson.Id, revealed.PersonId);
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.AskAuthorRevealed && e.ObjectId == ask.Id.ToString())));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AskMergeAndAnonymityTestsOnSqlite(SqliteApp app) : AskMergeAndAnonymityTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AskMergeAndAnonymityTestsOnPostgres(PostgresApp app) : AskMergeAndAnonymityTests(app);
