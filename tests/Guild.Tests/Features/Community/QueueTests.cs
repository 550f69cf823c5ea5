using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.Asks;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Community;
using Guild.Web.Features.Community.Moderation;
using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Platform;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.Extensions.DependencyInjection;

namespace Guild.Tests.Features.Community;

/// <summary>The acknowledgement queue counts working hours of the organisation's calendar: a weekend does not make a post wait.</summary>
public abstract class QueueTests(GuildApp app)
{
    [Fact]
    public async Task A_question_posted_on_friday_afternoon_queues_only_after_24_working_hours_and_leaves_the_queue_when_a_moderator_replies()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (_, secondPerson) = await app.SignedInAsync(Roles.Employee);
        var (member, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (colleague, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        await moderator.AddMemberAsync(space.Id, secondPerson, asModerator: true);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        await moderator.AddMemberAsync(space.Id, colleaguePerson);

        // A Friday, two working hours before the end of the organisation's day (09:00-17:00), in a week without public holidays.
        var schedule = await app.AsPersonAsync(moderatorPerson.Id, services => services.GetRequiredService<WorkingCalendar>().OrganisationAsync(CancellationToken.None));
        var day = schedule.LocalDate(app.Clock.GetUtcNow()).AddDays(7);
        while (day.DayOfWeek != DayOfWeek.Friday || Enumerable.Range(0, 7).Any(d => schedule.Holidays.Contains(day.AddDays(d))))
        {
            day = day.AddDays(1);
        }
        DateTimeOffset At(DateOnly date, int hour)
        {
            var local = date.ToDateTime(new TimeOnly(hour, 0));
            return new DateTimeOffset(local, schedule.TimeZone.GetUtcOffset(local)).ToUniversalTime();
        }
        app.Clock.SetUtcNow(At(day, 15));
        var question = await member.StartThreadAsync(space.Id, new { kind = "Question", title = "Does anyone use spaced repetition?", markdown = "For onboarding." });
        var answered = await member.StartThreadAsync(space.Id, new { kind = "Discussion", title = "My first week", markdown = "Hello all!" });
        await colleague.ReplyAsync(answered.Id, "Welcome!");
        Assert.Contains("Everyone has had a response.", WebUtility.HtmlDecode(await moderator.GetPageAsync($"/community/{space.Slug}/queue")), StringComparison.Ordinal);
        using (var notModerator = await member.GetAsync($"/api/v1/community/spaces/{space.Id}/queue"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notModerator.StatusCode);
        }

        // Days pass on the clock, so sign-ins expire: from here the moderators act through the services, as the pages do.
        Task<QueueView> QueueOf(TestPerson person) =>
            app.AsPersonAsync(person.Id, async services => (await services.GetRequiredService<AcknowledgementQueue>().GetAsync(space.Id, CancellationToken.None)).Value!);

        // Monday 17:00: three days later on the wall clock, but only 10 working hours.
        app.Clock.SetUtcNow(At(day.AddDays(3), 17));
        var monday = await QueueOf(moderatorPerson);
        Assert.Equal(24, monday.WithinWorkingHours);
        Assert.Empty(monday.Items);

        // Wednesday 16:00: over 24 working hours. Only the question nobody answered queues.
        app.Clock.SetUtcNow(At(day.AddDays(5), 16));
        var item = Assert.Single((await QueueOf(moderatorPerson)).Items);
        Assert.Equal(question.Id, item.ThreadId);
        // Fri 15:00 to the end of the day, Monday, Tuesday and Wednesday to 16:00: past 24, never the 120 hours on the wall clock.
        Assert.InRange(item.WaitingWorkingHours, 24, 28);
        var refused = await app.AsPersonAsync(memberPerson.Id, services => services.GetRequiredService<AcknowledgementQueue>().GetAsync(space.Id, CancellationToken.None));
        Assert.Equal(ResultStatus.Forbidden, refused.Status);

        // One moderator claims it; the other sees who and cannot take it over.
        var claim = await app.AsPersonAsync(moderatorPerson.Id, services => services.GetRequiredService<AcknowledgementQueue>().ClaimAsync(question.Id, new ClaimRequest(true), CancellationToken.None));
        Assert.True(claim.IsOk);
        var seen = Assert.Single((await QueueOf(secondPerson)).Items);
        Assert.Equal(moderatorPerson.Name, seen.ClaimedBy);
        Assert.False(seen.ClaimedByMe);
        var taken = await app.AsPersonAsync(secondPerson.Id, services => services.GetRequiredService<AcknowledgementQueue>().ClaimAsync(question.Id, new ClaimRequest(true), CancellationToken.None));
        Assert.Equal(ResultStatus.Conflict, taken.Status);
        var badSetting = await app.AsPersonAsync(moderatorPerson.Id, services => services.GetRequiredService<AcknowledgementQueue>().SetWithinAsync(space.Id, new QueueSettingRequest(0), CancellationToken.None));
        Assert.Equal(ResultStatus.Invalid, badSetting.Status);

        // A reply by the moderator acknowledges it: off the queue.
        var replied = await app.AsPersonAsync(moderatorPerson.Id, services => services.GetRequiredService<CommunityThreads>().ReplyAsync(question.Id,
            new PostText("Yes, we do. Which part of onboarding do you have in mind?"), CancellationToken.None));
        Assert.True(replied.IsOk);
        Assert.Empty((await QueueOf(moderatorPerson)).Items);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class QueueTestsOnSqlite(SqliteApp app) : QueueTests(app);

[Collection(PostgresCollection.Name)]
public sealed class QueueTestsOnPostgres(PostgresApp app) : QueueTests(app);
