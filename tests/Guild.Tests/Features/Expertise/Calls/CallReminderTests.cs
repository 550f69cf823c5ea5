using System.Net;
using Guild.Tests.Features.People;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Expertise.Calls.CallsTestKit;

namespace Guild.Tests.Features.Expertise.Calls;

public abstract class CallReminderTests(GuildApp app)
{
    [Fact]
    public async Task Reminders_go_at_most_twice_and_only_in_working_hours()
    {
        var organisation = await app.Services.GetRequiredService<OrganisationProfile>().GetAsync();
        // Next Monday (local), at least a day ahead; the call closes at the end of that week's Wednesday.
        var today = DateOnly.FromDateTime(organisation.ToLocal(app.Clock.GetUtcNow()).DateTime);
        var monday = today.AddDays(1);
        while (monday.DayOfWeek != DayOfWeek.Monday)
        {
            monday = monday.AddDays(1);
        }
        DateTimeOffset At(DateOnly day, int hour)
        {
            var local = day.ToDateTime(new TimeOnly(hour, 0));
            return new DateTimeOffset(local, organisation.TimeZone.GetUtcOffset(local)).ToUniversalTime();
        }

        var capability = await app.CreateCapabilityAsync("Events", "Hosting");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        // A department of its own: a call to the whole organisation would mail everyone earlier tests created, each run.
        var department = $"Events {Guid.NewGuid():N}"[..20];
        var silent = await app.CreatePersonAsync("Stil", department: department);
        var (answerer, answering) = await SignedInAsync(department);
        var (dismisser, dismissing) = await SignedInAsync(department);
        var departmentId = await app.OrgUnitIdAsync(OrgUnitKind.Department, department);
        var callId = await SendCallAsync(app, admin, Draft(capability, monday.AddDays(2), orgUnitIds: [departmentId]));
        using var answered = await AnswerAsync(answerer, callId, Answer((capability.Components[0].Id, "UsesIt")));
        using var dismissed = await dismisser.Http.PostAsync($"/api/v1/calls/{callId}/dismiss", null);
        Assert.Equal(HttpStatusCode.OK, dismissed.StatusCode);

        async Task<(GuildClient, TestPerson)> SignedInAsync(string inDepartment)
        {
            var person = await app.CreatePersonAsync(department: inDepartment);
            var client = app.CreateGuildClient();
            await client.SignInAsync(person.Email, GuildApp.Password);
            return (client, person);
        }

        async Task<int> RemindAtAsync(DateTimeOffset when)
        {
            app.Clock.SetUtcNow(when);
            var job = await app.AsPersonAsync(silent.Id, services =>
                services.GetRequiredService<JobQueue>().EnqueueNowAsync(CallReminderJob.JobKind, new { }, cancellationToken: CancellationToken.None));
            Assert.Equal(JobStatus.Succeeded, (await app.RunJobAsync(job.Id)).Status);
            return await app.WithDbAsync(db => db.Set<CallRecipient>().Where(r => r.CallId == callId && r.PersonId == silent.Id).Select(r => r.Reminders).SingleAsync());
        }

        // Monday 07:00: inside the last three days, but before the working day starts.
        Assert.Equal(0, await RemindAtAsync(At(monday, 7)));
        Assert.Equal(1, await RemindAtAsync(At(monday, 10)));
        // The same afternoon, and on Tuesday (more than a day before closing): no second one yet.
        Assert.Equal(1, await RemindAtAsync(At(monday, 15)));
        Assert.Equal(1, await RemindAtAsync(At(monday.AddDays(1), 11)));
        // Wednesday evening is after working hours; Wednesday morning is the last day: the second reminder.
        Assert.Equal(2, await RemindAtAsync(At(monday.AddDays(2), 10)));
        Assert.Equal(2, await RemindAtAsync(At(monday.AddDays(2), 16)));

        var mails = await PeopleTestKit.MailToAsync(app, silent.Email);
        Assert.Equal(2, mails.Count(m => (m.Subject ?? "").StartsWith("Reminder:", StringComparison.Ordinal)));
        // Those who answered or dismissed it hear nothing more.
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CallRecipient>()
            .Where(r => r.CallId == callId && (r.PersonId == answering.Id || r.PersonId == dismissing.Id)).SumAsync(r => r.Reminders)));
        Assert.DoesNotContain(await PeopleTestKit.MailToAsync(app, answering.Email), m => (m.Subject ?? "").StartsWith("Reminder:", StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CallReminderTestsOnSqlite(SqliteApp app) : CallReminderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CallReminderTestsOnPostgres(PostgresApp app) : CallReminderTests(app);
