using System.Net;
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

/// <summary>
/// A space's facilitation figures count working hours of the organisation's calendar to the first acknowledgement, split into
/// colleagues and moderators: a post answered after the weekend waited two working hours, not three days.
/// </summary>
public abstract class FacilitationFiguresTests(GuildApp app)
{
    [Fact]
    public async Task Figures_give_median_and_p90_working_hours_by_colleagues_and_moderators_the_share_acknowledged_and_the_open_questions_per_week()
    {
        var (moderator, moderatorPerson) = await app.SignedInAsync(Roles.Employee, Roles.Moderator);
        var (_, memberPerson) = await app.SignedInAsync(Roles.Employee);
        var (_, colleaguePerson) = await app.SignedInAsync(Roles.Employee);
        var (_, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var space = await moderator.CreateSpaceAsync(SpaceKind.Closed);
        var secret = await moderator.CreateSpaceAsync(SpaceKind.Secret);
        await moderator.AddMemberAsync(space.Id, memberPerson);
        await moderator.AddMemberAsync(space.Id, colleaguePerson);

        // A Monday at least a week ahead, with two weeks without public holidays.
        var schedule = await app.AsPersonAsync(moderatorPerson.Id, services => services.GetRequiredService<WorkingCalendar>().OrganisationAsync(CancellationToken.None));
        var monday = schedule.LocalDate(app.Clock.GetUtcNow()).AddDays(7);
        while (monday.DayOfWeek != DayOfWeek.Monday || Enumerable.Range(0, 14).Any(d => schedule.Holidays.Contains(monday.AddDays(d))))
        {
            monday = monday.AddDays(1);
        }
        DateTimeOffset At(DateOnly date, int hour)
        {
            var local = date.ToDateTime(new TimeOnly(hour, 0));
            return new DateTimeOffset(local, schedule.TimeZone.GetUtcOffset(local)).ToUniversalTime();
        }
        async Task<Guid> StartAsync(DateTimeOffset at, PostKind kind, string title)
        {
            app.Clock.SetUtcNow(at);
            var started = await app.AsPersonAsync(memberPerson.Id, services => services.GetRequiredService<CommunityThreads>()
                .StartAsync(space.Id, new ThreadRequest(kind, title, "Some words."), CancellationToken.None));
            return started.Value!.Id;
        }
        async Task ReplyAsync(DateTimeOffset at, TestPerson who, Guid threadId)
        {
            app.Clock.SetUtcNow(at);
            Assert.True((await app.AsPersonAsync(who.Id, services => services.GetRequiredService<CommunityThreads>()
                .ReplyAsync(threadId, new PostText("Thanks, tell us more?"), CancellationToken.None))).IsOk);
        }

        var a = await StartAsync(At(monday, 10), PostKind.Discussion, "First week in the team");
        var b = await StartAsync(At(monday, 11), PostKind.Discussion, "Our editing checklist");
        await ReplyAsync(At(monday, 12), colleaguePerson, a);            // a colleague after 2 working hours
        await StartAsync(At(monday, 13), PostKind.Question, "Who owns the studio calendar?");
        await ReplyAsync(At(monday.AddDays(1), 11), moderatorPerson, b); // a moderator the next working day
        var d = await StartAsync(At(monday.AddDays(4), 16), PostKind.Discussion, "Friday afternoon idea");
        // The next Monday at 10:00 the moderator thanks it: a couple of working hours, not 66 on the wall clock.
        app.Clock.SetUtcNow(At(monday.AddDays(7), 10));
        Assert.True((await app.AsPersonAsync(moderatorPerson.Id, services => services.GetRequiredService<CommunityThreads>()
            .ReactAsync(d, new ReactionRequest(ReactionKind.Thanks, true), CancellationToken.None))).IsOk);

        app.Clock.SetUtcNow(At(monday.AddDays(8), 12));
        Task<Result<FacilitationFiguresView>> FiguresFor(TestPerson person, Guid spaceId) =>
            app.AsPersonAsync(person.Id, services => services.GetRequiredService<FacilitationFigures>().GetAsync(spaceId, CancellationToken.None));
        var figures = (await FiguresFor(moderatorPerson, space.Id)).Value!;
        Assert.Equal((4, 3, 0.75), (figures.Contributions, figures.Acknowledged, figures.AcknowledgedShare));
        Assert.Equal(new AcknowledgementTimes(1, 2, 2), figures.ByColleagues);
        // The working day's end and start from the calendar: b waited Monday 11:00 to the end and Tuesday's start to 11:00,
        // d Friday 16:00 to the end and Monday's start to 10:00 (a couple of hours, never the weekend).
        double Hours(TimeOnly from, TimeOnly to) => (to - from).TotalHours;
        var waitedB = Hours(new TimeOnly(11, 0), schedule.End) + Hours(schedule.Start, new TimeOnly(11, 0));
        var waitedD = Hours(new TimeOnly(16, 0), schedule.End) + Hours(schedule.Start, new TimeOnly(10, 0));
        Assert.InRange(waitedD, 1, 4);
        Assert.Equal(new AcknowledgementTimes(2, Math.Min(waitedB, waitedD), Math.Max(waitedB, waitedD)), figures.ByModerators);
        Assert.Equal(1, figures.UnansweredQuestions);
        Assert.Equal(FacilitationFigures.Weeks, figures.Weeks.Count);
        Assert.Equal(new FacilitationWeek(monday, 4, 3, 2, new[] { 2, waitedB, waitedD }.Order().ElementAt(1)), figures.Weeks[^2]);
        Assert.Equal(new FacilitationWeek(monday.AddDays(7), 0, 0, 0, null), figures.Weeks[^1]);

        // An L&D admin reads the figures (counts, no content) of a closed space they are not in; a member does not; a secret space does not exist to the admin.
        Assert.True((await FiguresFor(adminPerson, space.Id)).IsOk);
        Assert.Equal(ResultStatus.Forbidden, (await FiguresFor(memberPerson, space.Id)).Status);
        Assert.Equal(ResultStatus.NotFound, (await FiguresFor(adminPerson, secret.Id)).Status);

        // The page: a summary sentence and the weeks as a table under the chart.
        using var again = app.CreateGuildClient();
        await again.SignInAsync(moderatorPerson.Email, GuildApp.Password);
        var page = WebUtility.HtmlDecode(await again.GetPageAsync($"/community/{space.Slug}/figures"));
        Assert.Contains("3 of 4 contributions were acknowledged (75", page, StringComparison.Ordinal);
        Assert.Contains("id=\"facilitation-weeks\"", page, StringComparison.Ordinal);
        Assert.Contains("data-coverage-chart=\"facilitation-weeks\"", page, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class FacilitationFiguresTestsOnSqlite(SqliteApp app) : FacilitationFiguresTests(app);

[Collection(PostgresCollection.Name)]
public sealed class FacilitationFiguresTestsOnPostgres(PostgresApp app) : FacilitationFiguresTests(app);
