using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Features.Expertise.Map;
using Guild.Tests.Features.People;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Digests;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Guild.Tests.Features.Community;

/// <summary>The community digest: grouped by thread, answered for you, waiting in your know-how areas, one-click unsubscribe.</summary>
public abstract class CommunityDigestTests(GuildApp app)
{
    private async Task RunDigestAsync(CommunityDigestFrequency frequency)
    {
        Guid jobId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            jobId = scope.ServiceProvider.GetRequiredService<JobQueue>()
                .Enqueue(CommunityDigestJob.JobKind, new CommunityDigestJob.Payload(frequency)).Id;
            await scope.ServiceProvider.GetRequiredService<GuildDb>().SaveChangesAsync();
        }
        Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(jobId)).Status);
        await app.RunDueJobsAsync();
    }

    private static bool IsDigest(MimeMessage mail) => mail.Subject?.Contains("community digest", StringComparison.Ordinal) == true;

    private static string Body(MimeMessage mail) => WebUtility.HtmlDecode(mail.HtmlBody ?? "");

    [Fact]
    public async Task A_weekly_digest_groups_followed_threads_says_what_was_answered_and_what_waits_and_leaves_out_what_the_reader_may_not_read()
    {
        var tag = MapTestKit.Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var capability = await admin.CreateCapabilityAsync($"Video {tag}");
        var component = await admin.CreateComponentAsync(capability.Id, $"Vertical video {tag}");
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (reader, readerPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var open = await AsksTestKit.ReadAsync<SpaceView>(await moderator.Http.PostAsJsonAsync("/api/v1/community/spaces",
            new { name = $"Video makers {tag}", kind = "Open", allowAnonymousQuestions = true, componentIds = new[] { component.Id } }, AsksTestKit.Json),
            HttpStatusCode.Created);
        var secret = await moderator.CreateSpaceAsync(SpaceKind.Secret);
        foreach (var person in new[] { readerPerson, colleaguePerson })
        {
            await moderator.AddMemberAsync(open.Id, person);
        }
        await moderator.AddMemberAsync(secret.Id, colleaguePerson);
        await app.WithDbAsync(async db =>
        {
            db.Add(new ComponentChampion { PersonId = readerPerson.Id, ComponentId = component.Id, Level = ExpertiseLevel.CanTeachIt, Since = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });

        // A thread the reader follows gets two replies; the reader's own question gets an answer, which they mark.
        var followed = await colleague.StartThreadAsync(open.Id, new { kind = "Discussion", title = $"Subtitles that read well {tag}", markdown = "Ideas?" });
        await AsksTestKit.ReadAsync<ThreadView>(await reader.Http.PutAsJsonAsync($"/api/v1/community/threads/{followed.Id}/follow", new { following = true }), HttpStatusCode.OK);
        await moderator.ReplyAsync(followed.Id, "Short lines.");
        await colleague.ReplyAsync(followed.Id, "High contrast.");
        var mine = await reader.StartThreadAsync(open.Id, new { kind = "Question", title = $"Which frame rate for reels {tag}?", markdown = "25 or 30?" });
        var answer = await colleague.ReplyAsync(mine.Id, "30, like the phone records.");
        var answerId = answer.Posts.Single(p => p.Id != mine.Id).Id;
        await AsksTestKit.ReadAsync<ThreadView>(await reader.Http.PostAsJsonAsync($"/api/v1/community/threads/{mine.Id}/answer", new { postId = answerId }), HttpStatusCode.OK);
        // A question waits in the space of the component the reader champions, asked anonymously.
        var waiting = await colleague.StartThreadAsync(open.Id, new { kind = "Question", title = $"Cutting for Instagram {tag}", markdown = "How?", anonymous = true });
        // Activity in a secret space the reader is not in: a stale follow (as after leaving) must not carry it into the mail.
        var hidden = await colleague.StartThreadAsync(secret.Id, new { kind = "Discussion", title = $"Reorganisation plans {tag}", markdown = "Secret" });
        await app.WithDbAsync(async db =>
        {
            db.Add(new ThreadFollower { ThreadId = hidden.Id, PersonId = readerPerson.Id, CreatedAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        await colleague.ReplyAsync(hidden.Id, "Even more secret");
        await app.RunDueJobsAsync();
        var before = app.MailTo(readerPerson.Email).Count;

        await RunDigestAsync(CommunityDigestFrequency.Weekly);

        var mails = app.MailTo(readerPerson.Email);
        Assert.Equal(before + 1, mails.Count);
        var digest = mails.Single(m => IsDigest(m));
        Assert.EndsWith("your community digest of the week", digest.Subject, StringComparison.Ordinal);
        var body = Body(digest);
        Assert.Contains($"Subtitles that read well {tag}", body, StringComparison.Ordinal);
        // Started this week and answered twice: one line for the thread.
        Assert.Contains("new thread, 2 replies", body, StringComparison.Ordinal);
        Assert.Contains("Answered for you", body, StringComparison.Ordinal);
        Assert.Contains($"Which frame rate for reels {tag}?", body, StringComparison.Ordinal);
        Assert.Contains("Unanswered questions in your know-how areas", body, StringComparison.Ordinal);
        Assert.Contains($"Cutting for Instagram {tag}", body, StringComparison.Ordinal);
        Assert.Contains($"/community/threads/{waiting.Id}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Reorganisation plans", body, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain(colleaguePerson.Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain(colleaguePerson.Name, digest.TextBody ?? "", StringComparison.Ordinal);
        // RFC 8058: one https address to POST to, and the one-click marker.
        var unsubscribe = digest.Headers["List-Unsubscribe"];
        Assert.Matches("^<http[^>]+/community/digest/unsubscribe/[A-Za-z0-9_-]+>$", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);

        // A second run finds nothing new: no second mail. A new reply later is the next digest's only thread.
        await RunDigestAsync(CommunityDigestFrequency.Weekly);
        Assert.Equal(before + 1, app.MailTo(readerPerson.Email).Count);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await moderator.ReplyAsync(followed.Id, "And keep them on screen long enough.");
        await RunDigestAsync(CommunityDigestFrequency.Weekly);
        var next = app.MailTo(readerPerson.Email).Where(m => IsDigest(m)).ToList();
        Assert.Equal(2, next.Count);
        var latest = Body(next.Single(m => m.MessageId != digest.MessageId));
        Assert.Contains("1 new reply", latest, StringComparison.Ordinal);
        Assert.DoesNotContain("Answered for you", latest, StringComparison.Ordinal);
        // The daily digest is for those who chose it: the reader did not.
        await RunDigestAsync(CommunityDigestFrequency.Daily);
        Assert.Equal(2, app.MailTo(readerPerson.Email).Count(m => IsDigest(m)));
    }

    [Fact]
    public async Task One_click_unsubscribe_works_without_a_session_opening_the_link_changes_nothing_and_a_forged_link_is_refused()
    {
        var (moderator, _) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (reader, readerPerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Open);
        await moderator.AddMemberAsync(space.Id, readerPerson);
        await AsksTestKit.ReadAsync<SpaceView>(await reader.Http.PutAsJsonAsync($"/api/v1/community/spaces/{space.Id}/follow", new { following = true }), HttpStatusCode.OK);
        var token = app.Services.GetRequiredService<DigestUnsubscribeLinks>().Create(readerPerson.Id);
        using var stranger = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };

        // Opening the link (a mail scanner does) only shows the question.
        var page = await stranger.GetAsync($"/community/digest/unsubscribe/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Unsubscribe", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CommunityDigestFrequency.Weekly, (await reader.Http.GetFromJsonAsync<DigestSetting>("/api/v1/community/digest", AsksTestKit.Json))!.Frequency);

        // A forged or altered link changes nothing.
        var forged = await stranger.PostAsync($"/community/digest/unsubscribe/{token[..^4]}AAAA", OneClick());
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/community/digest/unsubscribe/not-a-link")).StatusCode);
        Assert.Equal(CommunityDigestFrequency.Weekly, (await reader.Http.GetFromJsonAsync<DigestSetting>("/api/v1/community/digest", AsksTestKit.Json))!.Frequency);

        // The mail client's POST: no cookie, no antiforgery token. Twice is fine.
        for (var i = 0; i < 2; i++)
        {
            var done = await stranger.PostAsync($"/community/digest/unsubscribe/{token}", OneClick());
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }
        Assert.Equal(CommunityDigestFrequency.Off, (await reader.Http.GetFromJsonAsync<DigestSetting>("/api/v1/community/digest", AsksTestKit.Json))!.Frequency);

        // Off means off: a new thread in the followed space sends no digest.
        await moderator.StartThreadAsync(space.Id, new { kind = "Discussion", title = "Studio open on Friday", markdown = "Come by." });
        await RunDigestAsync(CommunityDigestFrequency.Weekly);
        Assert.DoesNotContain(app.MailTo(readerPerson.Email), m => IsDigest(m));
    }

    [Fact]
    public async Task A_colleague_chooses_daily_on_the_community_page_and_a_bad_choice_changes_nothing()
    {
        var (reader, _) = await app.SignedInAsync(Roles.Employee);
        var page = await reader.GetPageAsync("/community");
        Assert.Contains("id=\"digest-Weekly\"", page, StringComparison.Ordinal);
        using (var saved = await PeopleTestKit.PostPageFormAsync(reader, "/community", "digest", ("DigestFrequency", "Daily")))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        Assert.Equal(CommunityDigestFrequency.Daily, (await reader.Http.GetFromJsonAsync<DigestSetting>("/api/v1/community/digest", AsksTestKit.Json))!.Frequency);

        var errors = await MapTestKit.FieldErrorsAsync(await reader.Http.PutAsJsonAsync("/api/v1/community/digest", new { frequency = "Hourly" }));
        Assert.Contains("frequency", errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.Http.PutAsJsonAsync("/api/v1/community/digest", new { frequency = "1" })).StatusCode);
        using (var bad = await PeopleTestKit.PostPageFormAsync(reader, "/community", "digest", ("DigestFrequency", "Sometimes")))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Contains("Choose weekly, daily or off.", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        Assert.Equal(CommunityDigestFrequency.Daily, (await reader.Http.GetFromJsonAsync<DigestSetting>("/api/v1/community/digest", AsksTestKit.Json))!.Frequency);
    }

    private static FormUrlEncodedContent OneClick() => new([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]);
}

[Collection(SqliteCollection.Name)]
public sealed class CommunityDigestTestsOnSqlite(SqliteApp app) : CommunityDigestTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CommunityDigestTestsOnPostgres(PostgresApp app) : CommunityDigestTests(app);
